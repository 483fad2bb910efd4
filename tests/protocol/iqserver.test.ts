/**
 * iqserver.Organization through Pulumi's real dynamic-provider host, started from examples/iq-server: the
 * serialized shim, Configure with `iqserver:*` stack config (no environment credentials), and check → create →
 * read → diff → move → delete against the emulated IQ Server. Requires `npm run build`.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ProviderHost, type Props } from "./host";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const programDir = path.resolve(__dirname, "../../examples/iq-server");
const urn = (name: string) => `urn:pulumi:test::qlik-protocol::pulumi-nodejs:dynamic/iqserver:Organization::${name}`;

let emulator: EmulatorHandle;
let host: ProviderHost;
let provider: string;

/** The real `__provider` string: the SDK class constructed under Pulumi's mocks. */
async function serializedProvider(): Promise<string> {
  let captured: string | undefined;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        captured = args.inputs.__provider as string;
        return { id: "org-id", state: args.inputs };
      },
      call: () => ({}),
    },
    "qlik-protocol",
    "test",
    false,
  );
  const { iqserver }: typeof import("../../sdk") = require("../../sdk");
  const organization = new iqserver.Organization("o", { name: "n" });
  await new Promise((resolve) => organization.id.apply(resolve));
  if (typeof captured !== "string") throw new Error("no serialized provider captured");
  return captured;
}

beforeAll(async () => {
  provider = await serializedProvider();
  emulator = await startEmulator({ rateLimits: false });
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("IQSERVER_")) env[key] = value;
  host = await ProviderHost.start({ programDir, env });
  await host.configure({
    "iqserver:url": emulator.iqServer.url,
    "iqserver:username": emulator.iqServer.username,
    "iqserver:password": emulator.iqServer.password,
  });
});

afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

const byName = (name: string) =>
  (emulator.iqServer.state().organizations as { id: string; name: string; parentOrganizationId?: string }[]).find(
    (o) => o.name === name,
  );
const iqCalls = (since: number) =>
  emulator.log
    .filter((entry) => entry.seq > since && entry.origin === "iqserver")
    .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
const lastSeq = () => emulator.log.at(-1)?.seq ?? 0;

/**
 * The test's stand-in engine accepts connections but serves no Log call, so warnings fall back to the host's
 * stderr, a pipe: the line may arrive just after the gRPC answer. Waits for it as it arrives, not on a timer.
 */
async function waitForStderr(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
  await host.waitForStderr(pattern, timeoutMs).catch(() => undefined);
  expect(host.stderr.join("")).toMatch(pattern);
}

test("the serialized provider is the one-line reference to the kind's module", () => {
  expect(provider).toBe('exports.handler = () => require("pulumi-qlik/providers/iqserver/Organization");');
});

test("create under a parent, read, no-change diff, move, delete (which leaves it and warns)", async () => {
  const engineering = byName("Engineering")!;
  const checked = await host.check(
    urn("team"),
    {},
    { name: "Protocol Team", parentOrganizationId: engineering.id, __provider: provider },
  );
  expect(checked.failures).toEqual([]);

  let since = lastSeq();
  const created = await host.create(urn("team"), checked.inputs);
  expect(iqCalls(since)).toEqual(["POST /api/v2/organizations 200"]);
  expect(created.properties).toMatchObject({
    organizationId: created.id,
    name: "Protocol Team",
    parentOrganizationId: engineering.id,
    tags: [],
    __provider: provider,
  });

  const read = await host.read(urn("team"), created.id, created.properties, checked.inputs);
  expect(read.id).toBe(created.id);
  expect(read.inputs).toEqual({ name: "Protocol Team", parentOrganizationId: engineering.id, __provider: provider });
  expect(await host.diff(urn("team"), created.id, read.properties, checked.inputs)).toEqual({
    changes: "none",
    replaces: [],
    deleteBeforeReplace: false,
  });

  const moved: Props = { name: "Protocol Team", __provider: provider };
  const rechecked = await host.check(urn("team"), checked.inputs, moved);
  expect(await host.diff(urn("team"), created.id, read.properties, rechecked.inputs)).toEqual({
    changes: "some",
    replaces: [],
    deleteBeforeReplace: false,
  });
  since = lastSeq();
  const updated = await host.update(urn("team"), created.id, read.properties, rechecked.inputs);
  expect(iqCalls(since)).toEqual([`PUT /api/v2/organizations/${created.id}/move/destination/ROOT_ORGANIZATION_ID 200`]);
  expect(updated.properties).toMatchObject({ parentOrganizationId: "ROOT_ORGANIZATION_ID", __provider: provider });

  const renamed = await host.check(urn("team"), rechecked.inputs, { name: "Protocol Team 2", __provider: provider });
  expect((await host.diff(urn("team"), created.id, updated.properties, renamed.inputs)).replaces).toEqual(["name"]);
  await waitForStderr(
    /warning: IQ Server cannot rename organizations: changing name "Protocol Team" to "Protocol Team 2"/,
  );

  // Organization.get: a read with only the id and placeholder inputs.
  const lookup = await host.read(urn("lookup"), created.id, { name: "", __provider: provider });
  expect(lookup.properties).toMatchObject({ organizationId: created.id, name: "Protocol Team" });

  since = lastSeq();
  await host.delete(urn("team"), created.id, updated.properties);
  expect(iqCalls(since)).toEqual([]);
  expect(byName("Protocol Team")).toBeDefined();
  await waitForStderr(/warning: IQ Server organization "Protocol Team" \(\w+\) was not deleted/);
});

test("preview: unknown values pass check and diff without a request; bad input fails check", async () => {
  const since = lastSeq();
  const checked = await host.check(
    urn("preview"),
    {},
    { name: "Preview", parentOrganizationId: UNKNOWN, __provider: provider },
  );
  expect(checked.failures).toEqual([]);
  const olds = {
    organizationId: "x",
    name: "Preview",
    parentOrganizationId: "ROOT_ORGANIZATION_ID",
    tags: [],
    __provider: provider,
  };
  expect((await host.diff(urn("preview"), "x", olds, checked.inputs)).changes).toBe("some");
  const bad = await host.check(urn("bad"), {}, { name: "", tenantUrl: "x", __provider: provider });
  expect(bad.failures.map((failure) => failure.property).sort()).toEqual(["name", "tenantUrl"]);
  expect(iqCalls(since)).toEqual([]);
});

test("a second organization with a taken name fails with how to adopt it; adoptExisting takes it over", async () => {
  const failed = host.create(urn("dup"), { name: "Engineering", __provider: provider });
  await expect(failed).rejects.toThrow(/already has organization \w+ named "Engineering".*adoptExisting: true/);
  const adopted = await host.create(urn("dup"), { name: "Engineering", adoptExisting: true, __provider: provider });
  expect(adopted.id).toBe(byName("Engineering")!.id);
});
