import { HOST_GC_ENV, HOST_GC_FLAGS, resetHostGc, tuneHostGc } from "../../../provider/hostGc";

const HOST_ARGV = ["/usr/bin/node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:41234"];

describe("tuneHostGc", () => {
  afterEach(() => resetHostGc());

  it("gives Pulumi's dynamic-provider host the measured GC settings, once", () => {
    const set: string[] = [];
    expect(tuneHostGc({ argv: HOST_ARGV, env: {}, setFlags: (flag) => set.push(flag) })).toEqual(HOST_GC_FLAGS);
    expect(tuneHostGc({ argv: HOST_ARGV, env: {}, setFlags: (flag) => set.push(flag) })).toEqual([]);
    expect(set).toEqual(["--semi-space-growth-factor=1", "--heap-growing-percent=50"]);
  });

  it("leaves any other process alone (a Pulumi program, jest, the CLI)", () => {
    const set: string[] = [];
    const argv = ["/usr/bin/node", "/p/node_modules/jest/bin/jest.js", "127.0.0.1:41234"];
    expect(tuneHostGc({ argv, env: {}, setFlags: (flag) => set.push(flag) })).toEqual([]);
    expect(set).toEqual([]);
  });

  it(`keeps V8's defaults when ${HOST_GC_ENV}=default`, () => {
    const set: string[] = [];
    expect(tuneHostGc({ argv: HOST_ARGV, env: { [HOST_GC_ENV]: "default" }, setFlags: (f) => set.push(f) })).toEqual(
      [],
    );
    expect(set).toEqual([]);
  });
});
