/**
 * The GC settings pulumi-qlik gives Pulumi's dynamic-provider host when the host configures it (provider/hostGc.ts)
 * are ones this Node.js's V8 knows: an unknown flag would not fail, but V8 would print an error on the host's
 * stderr, which the CLI shows the user. Runs on every supported Node.js (the oldest combination runs tests/protocol
 * too). Requires `npm run build`.
 */
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { hostEnv, ProviderHost, urnOf } from "./host";
import { serializedProviders } from "./serialized";

const programDir = path.resolve(__dirname, "../../examples/quickstart");

let emulator: EmulatorHandle;
let host: ProviderHost;

beforeAll(async () => {
  emulator = await startEmulator();
  const env = hostEnv();
  delete env.PULUMI_QLIK_HOST_GC;
  host = await ProviderHost.start({ programDir, env });
});

afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

it("configures the host's garbage collector without a word on its stderr", async () => {
  await host.configure({ "qlik:tenantUrl": emulator.tenantUrl, "qlik:apiKey": emulator.tenants[0].apiKey });
  const { User } = await serializedProviders();
  const checked = await host.check(urnOf("User", "gc"), {}, { subject: "gc|user", __provider: User });
  expect(checked.failures).toEqual([]);
  expect(host.stderr.join("")).toBe("");
});
