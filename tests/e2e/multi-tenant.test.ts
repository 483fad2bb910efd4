/**
 * examples/multi-tenant through the real CLI: two emulated tenants, each reachable only with its own API key
 * (the emulator, like Qlik, answers another tenant's key with 401), both managed by one stack whose
 * `qlik:tenants` (secret) maps each tenant URL to its key. No default credential is set, so every request has
 * to pick its tenant's own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createWorkspace, describe as describeResult, expectSuccess, type PulumiWorkspace } from "./harness";
import {
  describeRequests,
  E2E_ENV,
  filesUnder,
  REPO_ROOT,
  startEmulatorProcess,
  stepLines,
  summarize,
  transcript,
  TYPE_CHECK,
  writes,
  type EmulatorProcess,
  type TenantSnapshot,
} from "./support";
import type { EmulatedTenant } from "../../emulator";

const DYNAMIC = "pulumi-nodejs:dynamic/qlik";

let emulator: EmulatorProcess;
let ws: PulumiWorkspace;
let tenants: { prod: EmulatedTenant; test: EmulatedTenant };
const seeds: Record<string, TenantSnapshot> = {};
let destroyed = false;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  // acme-us and acme-ap: neither seed holds an "Analysts" group or a settings document.
  tenants = { prod: emulator.info.tenants[0], test: emulator.info.tenants[2] };
  for (const tenant of Object.values(tenants)) seeds[tenant.id] = await emulator.state(tenant.id);
  ws = await createWorkspace({ programDir: path.join(REPO_ROOT, "examples", "multi-tenant"), env: E2E_ENV });
  expectSuccess(await ws.stackInit());
  for (const [name, tenant] of Object.entries(tenants)) {
    expectSuccess(await ws.setConfig(`tenants.${name}`, tenant.url, { path: true }));
  }
  const credentials = Object.fromEntries(Object.values(tenants).map((t) => [t.url, { apiKey: t.apiKey }]));
  expectSuccess(await ws.setConfig("qlik:tenants", JSON.stringify(credentials), { secret: true }));
});

afterAll(async () => {
  if (ws && !destroyed) await ws.destroy();
  await ws?.dispose();
  await emulator?.stop();
});

test("the two tenants' API keys differ and each is refused by the other tenant", async () => {
  expect(tenants.prod.apiKey).not.toBe(tenants.test.apiKey);
  const crossed = await fetch(`${tenants.test.url}/api/v1/groups`, {
    headers: { authorization: `Bearer ${tenants.prod.apiKey}` },
  });
  expect(crossed.status).toBe(401);
  expect(await crossed.text()).toContain("The API key is not valid for this tenant");
});

test("up creates each tenant's objects with that tenant's own key, and no request is refused", async () => {
  const since = await emulator.lastSeq();
  const preview = await ws.preview(TYPE_CHECK);
  expectSuccess(preview);
  expect(stepLines(preview.stdout).sort()).toEqual([
    ` +  ${DYNAMIC}:Group analysts-prod create`,
    ` +  ${DYNAMIC}:Group analysts-test create`,
    ` +  ${DYNAMIC}:TenantSettings settings-prod create`,
    ` +  ${DYNAMIC}:TenantSettings settings-test create`,
  ]);
  const result = await ws.up();
  transcript("multi-tenant: up", result);
  expectSuccess(result);
  expect(result.stdout).toMatch(/\+ 5 created/);
  const requests = await emulator.log(since);
  expect(requests.filter((entry) => entry.status === 401 || entry.status === 403)).toEqual([]);
  const principals = new Set<string>();
  for (const tenant of Object.values(tenants)) {
    const sent = requests.filter((entry) => entry.origin === tenant.id);
    expect(describeRequests(writes(sent)).sort()).toEqual([
      "POST /api/v1/groups 201",
      "POST /api/v1/tenant-settings 201",
    ]);
    // One principal per tenant: its own API key.
    const own = new Set(sent.map((entry) => entry.principal));
    expect(own.size).toBe(1);
    expect([...own][0]).toMatch(/^apikey:/);
    principals.add([...own][0] as string);
    const state = summarize(await emulator.state(tenant.id));
    expect(state.groups.Analysts?.roles).toEqual(["Developer", "SharedSpaceCreator"]);
    expect(state.settings).toMatchObject({ preferredStartPage: "analytics-hub" });
  }
  expect(principals.size).toBe(2);
  const outputs = (await ws.stackOutputs()) as { analystGroupIds: Record<string, string> };
  expect(Object.keys(outputs.analystGroupIds).sort()).toEqual(["prod", "test"]);
});

test("the next preview has no changes", async () => {
  const result = await ws.preview({ expectNoChanges: true, json: true });
  expectSuccess(result);
  expect(result.json?.changeSummary).toEqual({ same: 5 });
});

test("no tenant's API key is stored in plain text", async () => {
  const exported = expectSuccess(await ws.exportStack());
  const files = [...filesUnder(ws.stateDir), ...filesUnder(ws.homeDir), ws.stackConfigFile];
  for (const secret of Object.values(tenants).map((t) => t.apiKey)) {
    expect(exported.stdout).not.toContain(secret);
    for (const file of files) if (fs.readFileSync(file).includes(secret)) throw new Error(`${file} contains ${secret}`);
  }
});

test("a malformed qlik:tenants is reported by preview, naming the entry and the fix", async () => {
  const bad = JSON.stringify({
    [tenants.prod.url]: { apiKey: tenants.prod.apiKey },
    [tenants.test.url]: { clientId: "x" },
  });
  expectSuccess(await ws.setConfig("qlik:tenants", bad, { secret: true }));
  try {
    const result = await ws.preview();
    expect(result.code).not.toBe(0);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toContain(
      `qlik:tenants["${tenants.test.url}"] needs "apiKey", or both "clientId" and "clientSecret"`,
    );
    expect(output).not.toContain(tenants.prod.apiKey);
  } finally {
    const credentials = Object.fromEntries(Object.values(tenants).map((t) => [t.url, { apiKey: t.apiKey }]));
    expectSuccess(await ws.setConfig("qlik:tenants", JSON.stringify(credentials), { secret: true }));
  }
});

test("destroy removes both tenants' objects with their own keys", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.destroy();
  transcript("multi-tenant: destroy", result);
  if (result.code !== 0) throw new Error(describeResult(result));
  destroyed = true;
  const requests = await emulator.log(since);
  expect(requests.filter((entry) => entry.status === 401)).toEqual([]);
  for (const tenant of Object.values(tenants)) {
    const calls = describeRequests(writes(requests.filter((entry) => entry.origin === tenant.id)));
    expect(calls.map((call) => call.replace(/groups\/\w+/, "groups/{id}")).sort()).toEqual([
      "DELETE /api/v1/groups/{id} 204",
      "DELETE /api/v1/tenant-settings 204",
    ]);
    expect(await emulator.state(tenant.id)).toEqual(seeds[tenant.id]);
  }
});
