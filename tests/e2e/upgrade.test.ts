/**
 * Upgrading pulumi-qlik keeps existing stacks working: a stack written by 0.1.0 (the fixture in
 * fixtures/upgrade-0.1.0, every resource kind, some with an explicit `tenantUrl`; see upgrade-fixture.ts) is
 * imported into a fresh workspace against an emulator that holds the same objects, then refreshed and previewed
 * with this version through the real CLI: no replacement, no change, no write.
 *
 * 0.1.0 recorded the resolved tenant as `tenantOrigin` on User and Group and as `tenantUrl` on TenantSettings and
 * Tenant; this version records `tenantUrl` everywhere, and reads either.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expectSuccess, type PulumiWorkspace, type StackExport } from "./harness";
import {
  describeRequests,
  ProgramCopy,
  startEmulatorProcess,
  stepLines,
  tenantStack,
  transcript,
  writes,
  type EmulatorProcess,
} from "./support";
import { FIXTURE_PASSPHRASE, FIXTURE_STACK, stateFor } from "./upgrade-fixture";

const FIXTURE = path.join(__dirname, "fixtures", "upgrade-0.1.0");

let emulator: EmulatorProcess;
let program: ProgramCopy;
let ws: PulumiWorkspace;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ seed: path.join(FIXTURE, "seed.json") });
  program = await ProgramCopy.ofDirectory(FIXTURE);
  const tenant = emulator.info.tenants[0];
  ws = await tenantStack(program.dir, tenant, { stackName: FIXTURE_STACK, passphrase: FIXTURE_PASSPHRASE });
  expectSuccess(await ws.setConfig("explicitTenantUrl", `${tenant.url}/`));
});

afterAll(async () => {
  await ws?.dispose();
  await program?.dispose();
  await emulator?.stop();
});

const qlikResources = (state: StackExport) =>
  (state.deployment.resources ?? []).filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/qlik:"));

test("a stack written by 0.1.0 refreshes and previews with no replacement and no change", async () => {
  const tenantUrl = emulator.info.tenants[0].url;
  const file = path.join(ws.dir, "upgrade-state.json");
  fs.writeFileSync(file, stateFor(FIXTURE, tenantUrl));
  expectSuccess(await ws.run(["stack", "import", "--file", file, "--stack", FIXTURE_STACK]));
  const imported = expectSuccess(await ws.exportStack()).deployment as StackExport;
  expect(
    qlikResources(imported)
      .map((resource) => resource.type.split(":").pop())
      .sort(),
  ).toEqual(["Group", "Group", "Tenant", "TenantSettings", "User", "User", "User"]);
  expect(JSON.stringify(imported)).toContain('"tenantOrigin"');

  const since = await emulator.lastSeq();
  const refresh = await ws.refresh();
  transcript("refresh of a 0.1.0 stack", refresh);
  expectSuccess(refresh);
  // A refresh may rewrite outputs (the tenant under its one name), never replace or delete anything.
  expect(stepLines(refresh.stdout).filter((line) => !/^\s*~\s/.test(line))).toEqual([]);
  const refreshed = expectSuccess(await ws.exportStack()).deployment as StackExport;
  for (const resource of qlikResources(refreshed)) {
    const before = qlikResources(imported).find((old) => old.urn === resource.urn)!;
    // The emulator's seed cannot give a settings document its id, and read follows the document the tenant has.
    if (resource.type !== "pulumi-nodejs:dynamic/qlik:TenantSettings") expect(resource.id).toBe(before.id);
    expect(resource.outputs?.tenantUrl).toBe(tenantUrl);
    expect(resource.outputs).not.toHaveProperty("tenantOrigin");
  }

  const preview = await ws.preview({ expectNoChanges: true, diff: true });
  transcript("preview after the upgrade", preview);
  expectSuccess(preview);
  expect(stepLines(preview.stdout)).toEqual([]);
  expect(describeRequests(writes(await emulator.log(since)))).toEqual([]);
});

test("up after the upgrade writes nothing, and records every kind in the new format", async () => {
  const since = await emulator.lastSeq();
  expectSuccess(await ws.up());
  expect(describeRequests(writes(await emulator.log(since)))).toEqual([]);
  expectSuccess(await ws.preview({ expectNoChanges: true }));
});

test("destroy of the 0.1.0 singletons (no record of what they found) leaves the tenant's settings and fields alone", async () => {
  const before = await emulator.state();
  expectSuccess(await ws.destroy());
  const after = await emulator.state();
  expect(after.tenantSettings).toEqual(before.tenantSettings);
  expect(after.tenant).toEqual(before.tenant);
  const subjects = after.users.map((user) => user.subject);
  expect(subjects).not.toContain("auth0|upgrade-ada");
  expect(subjects).not.toContain("auth0|upgrade-grace");
});
