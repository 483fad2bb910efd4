import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { hostEngineAddress, probeAddress, watchEngine, type ProbeResult } from "../../../provider/engineWatch";

describe("hostEngineAddress", () => {
  it("finds the engine address only in Pulumi's Node.js dynamic-provider host", () => {
    const host = "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    expect(hostEngineAddress(["node", host, "127.0.0.1:40985"])).toBe("127.0.0.1:40985");
    expect(hostEngineAddress(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider", "[::1]:5"])).toBe(
      "[::1]:5",
    );
    expect(hostEngineAddress(["node", "/p/node_modules/jest/bin/jest.js", "127.0.0.1:40985"])).toBeUndefined();
    expect(hostEngineAddress(["node", host])).toBeUndefined();
    expect(hostEngineAddress(["node", host, "--flag"])).toBeUndefined();
  });
});

describe("probeAddress", () => {
  let server: Server;
  afterEach(() => server?.close());

  it("says up while something listens, gone once the listener is closed", async () => {
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await probeAddress(address)).toBe("up");
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await probeAddress(address)).toBe("gone");
  });
});

describe("watchEngine", () => {
  it("calls onGone when the engine refuses connections, never while it answers or is merely slow", async () => {
    const answers: ProbeResult[] = ["up", "unknown", "up", "gone"];
    let asked = 0;
    const reason = await new Promise<string>((resolve) =>
      watchEngine({
        engineAddress: "127.0.0.1:1",
        intervalMs: 1,
        probe: async () => answers[asked++] ?? "gone",
        onGone: resolve,
      }),
    );
    expect(reason).toMatch(/Pulumi engine at 127\.0\.0\.1:1 is gone/);
    expect(asked).toBe(4);
  });

  it("calls onGone when the parent process changed (re-parented after the CLI died)", async () => {
    let parent = 100;
    const reason = await new Promise<string>((resolve) => {
      const watch = watchEngine({
        engineAddress: "127.0.0.1:1",
        intervalMs: 1,
        parentPid: 100,
        currentParentPid: () => parent,
        probe: async () => {
          parent = 1;
          return "up";
        },
        onGone: (why) => {
          watch.stop();
          resolve(why);
        },
      });
    });
    expect(reason).toMatch(/process that started this provider host has exited/);
  });
});
