/**
 * examples/organization through the real CLI: `getTenants` lists the subscription's tenants across regions
 * through the emulated Cloud Console (organization OAuth client, every page), and the program manages one
 * TenantSettings per tenant through its `tenantUrl`.
 *
 * Config as a user against the emulator sets it (see the example's README): `tenantFilter` picks the three
 * emulated tenants (the console also lists 42 listing-only branch tenants without a server), `tenantUrls` maps
 * their hostnames to the emulator's local URLs, and the org OAuth client doubles as the tenant-API credential
 * (`qlik:clientId`/`qlik:clientSecret`): the emulator, like Qlik, lets an organization client call the tenant
 * APIs of its subscription's tenants. Secrets are set with --secret. The example runs unmodified.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createWorkspace, describe as describeResult, expectSuccess, type PulumiWorkspace } from "./harness";
import {
  describeRequests,
  E2E_ENV,
  filesUnder,
  inputsByName,
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

const DYNAMIC = "pulumi-nodejs:dynamic/qlik";
const NO_ACCESS = {
  linkEnabled: true,
  linkLabel: "Request access",
  linkUrl: "https://intranet.example.com/qlik-access",
};

let emulator: EmulatorProcess;
let ws: PulumiWorkspace;
const seeds: Record<string, TenantSnapshot> = {};
let destroyed = false;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  for (const tenant of emulator.info.tenants) seeds[tenant.name] = await emulator.state(tenant.id);
  ws = await createWorkspace({ programDir: path.join(REPO_ROOT, "examples", "organization"), env: E2E_ENV });
  expectSuccess(await ws.stackInit());
  expectSuccess(await ws.setConfig("subscriptionId", "sub-acme"));
  const names = emulator.info.tenants.map((tenant) => `name eq "${tenant.name}"`).join(" or ");
  expectSuccess(await ws.setConfig("tenantFilter", `(${names})`));
  for (const tenant of emulator.info.tenants) {
    expectSuccess(await ws.setConfig(`tenantUrls["${tenant.hostnames[0]}"]`, tenant.url, { path: true }));
  }
  const org = emulator.info.orgClient;
  expectSuccess(await ws.setConfig("qlik:consoleUrl", emulator.info.consoleUrl));
  expectSuccess(await ws.setConfig("qlik:orgClientId", org.clientId));
  expectSuccess(await ws.setConfig("qlik:orgClientSecret", org.clientSecret, { secret: true }));
  expectSuccess(await ws.setConfig("qlik:clientId", org.clientId));
  expectSuccess(await ws.setConfig("qlik:clientSecret", org.clientSecret, { secret: true }));
});

afterAll(async () => {
  if (ws && !destroyed) await ws.destroy();
  await ws?.dispose();
  await emulator?.stop();
});

test("the emulator serves three tenants in three regions, each on its own URL", () => {
  expect(emulator.info.tenants.map((tenant) => [tenant.name, tenant.regionCode])).toEqual([
    ["acme-us", "us-east-1"],
    ["acme-eu", "eu-west-1"],
    ["acme-ap", "ap-southeast-2"],
  ]);
  expect(new Set(emulator.info.tenants.map((tenant) => tenant.url)).size).toBe(3);
});

test("preview lists the tenants through the console and plans one TenantSettings per tenant, writing nothing", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.preview(TYPE_CHECK);
  transcript("organization: fresh preview", result);
  expectSuccess(result);
  expect(stepLines(result.stdout).sort()).toEqual([
    ` +  ${DYNAMIC}:TenantSettings settings-acme-ap create`,
    ` +  ${DYNAMIC}:TenantSettings settings-acme-eu create`,
    ` +  ${DYNAMIC}:TenantSettings settings-acme-us create`,
  ]);
  const requests = await emulator.log(since);
  // getTenants ran in the program (the organization API, with a console token); the resources only planned.
  expect(describeRequests(requests.filter((entry) => entry.origin === "console"))).toEqual([
    "POST /oauth/token 200",
    "GET /api/core/tenants 200",
  ]);
  expect(requests.find((entry) => entry.path === "/api/core/tenants")?.query).toMatchObject({
    filter: expect.stringContaining('subscriptionId eq "sub-acme"'),
  });
  expect(requests.every((entry) => entry.origin === "console")).toBe(true);
  expect(describeRequests(writes(requests))).toEqual([]);
});

test("up writes each tenant's settings through its own URL with the org client, and each tenant then matches", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.up();
  transcript("organization: up", result);
  expectSuccess(result);
  expect(result.stdout).toMatch(/\+ 4 created/);
  const requests = await emulator.log(since);
  expect(requests.filter((entry) => entry.status >= 400 && entry.status !== 404)).toEqual([]);

  const outputs = (await ws.stackOutputs()) as { tenants: { name: string; region: string }[]; settingsIds: string[] };
  expect(outputs.tenants.map((tenant) => `${tenant.name} ${tenant.region}`).sort()).toEqual([
    "acme-ap ap-southeast-2",
    "acme-eu eu-west-1",
    "acme-us us-east-1",
  ]);
  for (const tenant of emulator.info.tenants) {
    const sent = writes(requests.filter((entry) => entry.origin === tenant.id));
    // Every call to a tenant is made as the organization client (its tokens come from that tenant).
    expect(new Set(sent.map((entry) => entry.principal))).toEqual(
      new Set([`client:${emulator.info.orgClient.clientId}`]),
    );
    const calls = describeRequests(sent);
    if (tenant.name === "acme-eu") {
      // Seeded settings (start page and cadence already right): adopted with one PATCH of the no-access page.
      expect(calls).toEqual(["PATCH /api/v1/tenant-settings 200"]);
    } else {
      // No document yet: POST takes the start page and no-access page; the release cadence follows by PATCH.
      expect(calls).toEqual(["POST /api/v1/tenant-settings 201", "PATCH /api/v1/tenant-settings 200"]);
    }
    const settings = summarize(await emulator.state(tenant.id)).settings;
    expect(settings).toMatchObject({
      preferredStartPage: "analytics-hub",
      releaseCadence: "monthly",
      customizeNoAccess: NO_ACCESS,
    });
    expect(outputs.settingsIds).toContain(settings?.id);
  }
});

test("the next preview has no changes, nor has a refresh (which keeps each tenantUrl input)", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.preview({ expectNoChanges: true, json: true });
  expectSuccess(result);
  expect(result.json?.changeSummary).toEqual({ same: 4 });
  const before = inputsByName(expectSuccess(await ws.exportStack()).deployment!);
  expect(before["settings-acme-eu"].tenantUrl).toBe(emulator.info.tenants[1].url);
  expectSuccess(await ws.refresh({ args: ["--expect-no-changes"] }));
  expect(inputsByName(expectSuccess(await ws.exportStack()).deployment!)).toEqual(before);
  expect(describeRequests(writes(await emulator.log(since)))).toEqual([]);
});

test("no client secret is stored in plain text", async () => {
  const secrets = [
    emulator.info.orgClient.clientSecret,
    ...emulator.info.tenants.map((t) => t.oauthClient.clientSecret),
  ];
  const exported = expectSuccess(await ws.exportStack());
  const files = [...filesUnder(ws.stateDir), ...filesUnder(ws.homeDir), ws.stackConfigFile];
  for (const secret of secrets) {
    expect(exported.stdout).not.toContain(secret);
    for (const file of files) if (fs.readFileSync(file).includes(secret)) throw new Error(`${file} contains ${secret}`);
  }
});

test("destroy removes the settings documents it created, puts back the one it adopted, and nothing else", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.destroy();
  transcript("organization: destroy", result);
  if (result.code !== 0) throw new Error(describeResult(result));
  destroyed = true;
  expect(result.stdout).toMatch(/- 4 deleted/);
  expect(describeRequests(writes(await emulator.log(since))).sort()).toEqual([
    "DELETE /api/v1/tenant-settings 204",
    "DELETE /api/v1/tenant-settings 204",
    "PATCH /api/v1/tenant-settings 200",
  ]);
  // Back to seed: acme-us and acme-ap had no settings document, so the stack created theirs and deleted them again;
  // acme-eu's existed, so the stack put back the values it found there (only its update stamp moved).
  for (const tenant of emulator.info.tenants) {
    const after = await emulator.state(tenant.id);
    const seeded = seeds[tenant.name].tenantSettings;
    const settings = seeded && {
      ...seeded,
      updatedAt: after.tenantSettings?.updatedAt,
      updatedBy: after.tenantSettings?.updatedBy,
    };
    expect(after).toEqual({ ...seeds[tenant.name], tenantSettings: settings });
  }
  expect(seeds["acme-eu"].tenantSettings).not.toBeNull();
});
