/**
 * examples/adopt-existing through the real CLI against acme-eu, the emulated tenant whose seed already holds
 * everything the program declares: the user auth0|seed-alice, the groups Finance (IdP) and Data Stewards
 * (custom), a tenant-settings document, and the tenant itself. `up` must take them over — find each by its
 * natural key and patch only what differs — without a single POST of a user or group, and so without a 409.
 *
 * The example runs unmodified (from examples/adopt-existing), so no working copy is needed.
 */
import * as path from "node:path";
import { describe as describeResult, expectSuccess, type PulumiWorkspace } from "./harness";
import {
  describeRequests,
  inputsByName,
  REPO_ROOT,
  startEmulatorProcess,
  summarize,
  tenantStack,
  transcript,
  TYPE_CHECK,
  writes,
  type EmulatorProcess,
  type RequestLogEntry,
  type TenantSnapshot,
} from "./support";

let emulator: EmulatorProcess;
let ws: PulumiWorkspace;
let seed: TenantSnapshot;
let destroyed = false;
const tenant = () => emulator.info.tenants[1]; // acme-eu

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  expect(tenant().name).toBe("acme-eu");
  seed = await emulator.state(tenant().id);
  ws = await tenantStack(path.join(REPO_ROOT, "examples", "adopt-existing"), tenant());
});

afterAll(async () => {
  if (ws && !destroyed) await ws.destroy();
  await ws?.dispose();
  await emulator?.stop();
});

const seeded = () => summarize(seed);

test("the seed holds every object the program declares", () => {
  expect(seeded().users["auth0|seed-alice"]).toMatchObject({ name: "Alice Seed", roles: ["Developer"] });
  expect(seeded().groups.Finance).toMatchObject({ providerType: "idp", roles: ["SharedSpaceCreator"] });
  expect(seeded().groups["Data Stewards"]).toMatchObject({ providerType: "custom", roles: ["DataAdmin"] });
  expect(seeded().settings).toMatchObject({ preferredStartPage: "analytics-hub", releaseCadence: "monthly" });
});

test("preview plans to create (adopt) the five resources and only reads the tenant's roles", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.preview({ json: true, ...TYPE_CHECK });
  transcript("adopt-existing: fresh preview", result);
  expectSuccess(result);
  expect(result.json?.changeSummary).toEqual({ create: 6 });
  // Check validates the role names the program gives against the tenant's roles: one read per deployment.
  expect(describeRequests(await emulator.log(since))).toEqual(["GET /api/v1/roles 200"]);
});

test("up adopts the existing objects: lookups by natural key, PATCHes of what differs, no POST, no 409", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.up();
  transcript("adopt-existing: up", result);
  expectSuccess(result);
  expect(result.stdout).toMatch(/\+ 6 created/);
  const requests: RequestLogEntry[] = await emulator.log(since);
  expect(requests.filter((entry) => entry.status >= 400)).toEqual([]);

  const ids = {
    alice: seeded().users["auth0|seed-alice"].id,
    finance: seeded().groups.Finance.id,
    stewards: seeded().groups["Data Stewards"].id,
    settings: seeded().settings!.id,
  };
  // Only what differs from the program is sent: alice gains SharedSpaceCreator, Finance gains DataSpaceCreator,
  // the start page changes. Data Stewards and the tenant already match (autoAssign… is already true): no PATCH.
  const sent = writes(requests);
  expect(describeRequests(sent).sort()).toEqual(
    [
      `PATCH /api/v1/users/${ids.alice} 204`,
      `PATCH /api/v1/groups/${ids.finance} 204`,
      "PATCH /api/v1/tenant-settings 200",
    ].sort(),
  );
  expect(sent.find((entry) => entry.path === `/api/v1/users/${ids.alice}`)?.body).toEqual([
    { op: "replace", path: "/assignedRoles", value: [{ name: "Developer" }, { name: "SharedSpaceCreator" }] },
  ]);
  expect(sent.find((entry) => entry.path === "/api/v1/tenant-settings")?.body).toEqual([
    { op: "replace", path: "/preferredStartPage", value: "analytics-creation-hub" },
  ]);
  // The lookups: users by subject, groups by name (both exact matches are confirmed client-side).
  const lookups = requests
    .filter((entry) => entry.method === "GET" && (entry.path === "/api/v1/users" || entry.path === "/api/v1/groups"))
    .map((entry) => `${entry.path} ${entry.query.filter}`);
  expect(lookups.sort()).toEqual(
    [
      '/api/v1/groups name eq "Data Stewards"',
      '/api/v1/groups name eq "Finance"',
      '/api/v1/users subject eq "auth0|seed-alice"',
    ].sort(),
  );

  const outputs = await ws.stackOutputs();
  expect(outputs).toMatchObject({
    aliceId: ids.alice,
    groupIds: { finance: ids.finance, stewards: ids.stewards },
    settingsId: ids.settings,
    tenantHostnames: ["acme-eu.eu.qlikcloud.com", "acme-europe.eu.qlikcloud.com"],
  });
  const state = summarize(await emulator.state(tenant().id));
  expect(state.users["auth0|seed-alice"]).toEqual({
    ...seeded().users["auth0|seed-alice"],
    roles: ["Developer", "SharedSpaceCreator"],
  });
  expect(state.groups.Finance.roles).toEqual(["DataSpaceCreator", "SharedSpaceCreator"]);
  expect(state.groups["Data Stewards"]).toEqual(seeded().groups["Data Stewards"]);
  expect(state.settings).toEqual({ ...seeded().settings, preferredStartPage: "analytics-creation-hub" });
});

test("the next preview and a refresh find nothing to change", async () => {
  const since = await emulator.lastSeq();
  expectSuccess(await ws.preview({ expectNoChanges: true }));
  const before = inputsByName(expectSuccess(await ws.exportStack()).deployment!);
  expectSuccess(await ws.refresh({ args: ["--expect-no-changes"] }));
  expect(inputsByName(expectSuccess(await ws.exportStack()).deployment!)).toEqual(before);
  expectSuccess(await ws.preview({ expectNoChanges: true }));
  expect(describeRequests(writes(await emulator.log(since)))).toEqual([]);
});

test("destroy deletes the users and groups it adopted (Pulumi owned them), puts back the settings it found, and leaves the tenant as it is", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.destroy();
  transcript("adopt-existing: destroy", result);
  if (result.code !== 0) throw new Error(describeResult(result));
  destroyed = true;
  expect(result.stdout).toMatch(/- 6 deleted/);
  const { alice, finance, stewards } = {
    alice: seeded().users["auth0|seed-alice"].id,
    finance: seeded().groups.Finance.id,
    stewards: seeded().groups["Data Stewards"].id,
  };
  expect(describeRequests(writes(await emulator.log(since))).sort()).toEqual(
    [
      `DELETE /api/v1/users/${alice} 204`,
      `DELETE /api/v1/groups/${finance} 204`,
      `DELETE /api/v1/groups/${stewards} 204`,
      "PATCH /api/v1/tenant-settings 200",
    ].sort(),
  );

  // "Back to seed" for a stack that adopted: the seed minus what it adopted. Adopted objects were the stack's
  // to delete (use retainOnDelete to manage without owning); deleting the groups also took them out of carol's
  // memberships. The settings are singletons: destroy puts back the values found at adoption (one PATCH), and the
  // Tenant resource found the value it manages already as wanted, so the tenant record is exactly as seeded.
  const after = await emulator.state(tenant().id);
  const adopted = new Set(["auth0|seed-alice"]);
  const expectedUsers = seed.users
    .filter((user) => !adopted.has(user.subject))
    .map((user) => ({
      ...user,
      assignedGroups: (user.assignedGroups ?? []).filter((group) => group.name !== "Data Stewards"),
    }));
  expect(after.users).toEqual(expectedUsers);
  expect(after.groups).toEqual(seed.groups.filter((group) => group.name === "Sales"));
  expect(after.tenantSettings).toEqual({
    ...seed.tenantSettings,
    updatedAt: after.tenantSettings?.updatedAt,
    updatedBy: after.tenantSettings?.updatedBy,
  });
  expect(after.tenant).toEqual(seed.tenant);
  expect(after.groupSettings).toEqual(seed.groupSettings);
  expect(after.roles).toEqual(seed.roles);
});
