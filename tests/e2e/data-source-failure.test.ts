/**
 * A failing data source through the real CLI. Before, a failed `getTenants`/`getTenant` surfaced after 60–100 s:
 * Pulumi's runtime formats unhandled errors with `util.inspect`, which in Node.js 20.20 loops on the stack frame
 * `node_modules/@pulumi/resource.ts` (from Pulumi's own source maps) until it runs out of string length. The data
 * sources now reject with a frame-free `RunError`, which the CLI prints as its message alone, at once.
 *
 * Timing is not asserted (tests assert what happened, not how long it took); what is asserted is the shape that
 * keeps it fast: the message alone, no stack frames, no `.ts` paths the package does not ship.
 */
import { describe as describeResult, expectSuccess, type PulumiWorkspace } from "./harness";
import { ProgramCopy, startEmulatorProcess, tenantStack, transcript, type EmulatorProcess } from "./support";

let emulator: EmulatorProcess;
let program: ProgramCopy;
let ws: PulumiWorkspace;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  program = await ProgramCopy.of("organization");
  program.write(`import * as pulumi from "pulumi-qlik";
export = async () => {
  const { tenants } = await pulumi.getTenants({ subscriptionId: "sub-acme" });
  const me = await pulumi.getTenant();
  return { count: tenants.length, me: me.name };
};
`);
  ws = await tenantStack(program.dir, emulator.info.tenants[0]);
});

afterAll(async () => {
  await ws?.dispose();
  await program?.dispose();
  await emulator?.stop();
});

function expectMessageOnly(output: string, message: RegExp): void {
  expect(output).toMatch(message);
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/\.ts:\d+/);
  expect(output).not.toContain("unhandled exception");
}

test("missing organization credentials: the message alone, naming what to set", async () => {
  const result = await ws.preview();
  transcript("data source: no org client", result);
  expect(result.code).not.toBe(0);
  expectMessageOnly(
    `${result.stdout}\n${result.stderr}`,
    /error: getTenants: The organization API needs an organization OAuth client: set qlik:orgClientId/,
  );
});

test("a refused organization client: the API's error alone, never the secret", async () => {
  expectSuccess(await ws.setConfig("qlik:consoleUrl", emulator.info.consoleUrl));
  expectSuccess(await ws.setConfig("qlik:orgClientId", emulator.info.orgClient.clientId));
  expectSuccess(await ws.setConfig("qlik:orgClientSecret", "not-the-secret-0000", { secret: true }));
  const result = await ws.preview();
  transcript("data source: wrong org secret", result);
  expect(result.code).not.toBe(0);
  const output = `${result.stdout}\n${result.stderr}`;
  expectMessageOnly(output, /error: getTenants: POST \/oauth\/token → 401 Unauthorized/);
  expect(output).not.toContain("not-the-secret-0000");
});

test("getTenant's failure too (a tenant id the tenant API does not know)", async () => {
  expectSuccess(await ws.setConfig("qlik:orgClientSecret", emulator.info.orgClient.clientSecret, { secret: true }));
  program.write(`import * as qlik from "pulumi-qlik";
export = async () => ({ name: (await qlik.getTenant({ tenantId: "no-such-tenant" })).name });
`);
  const result = await ws.preview();
  transcript("data source: unknown tenant", result);
  if (result.code === 0) throw new Error(describeResult(result));
  expectMessageOnly(`${result.stdout}\n${result.stderr}`, /error: getTenant: tenant "no-such-tenant" was not found/);
});
