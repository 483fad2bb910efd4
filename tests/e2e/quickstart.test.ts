/**
 * examples/quickstart through the real Pulumi CLI (3.248.0, local file backend, passphrase secrets) against the
 * emulator running as a child process: preview → up → preview (no changes) → refresh → edits that update in
 * place → edits of the custom role and of a custom group's members → edits that replace → drift made outside
 * Pulumi (a user, a group's members) → cross-region inference without consent → secrets in state → destroy.
 *
 * The program is a working copy of the example (tests/e2e/.work), edited between steps the way a user edits
 * theirs. One stack runs through every step, in order: each test builds on the state the previous one left.
 */
import * as fs from "node:fs";
import { CONSENT_REQUIRED_MESSAGE } from "../../provider/tenantSettings/schema";
import { describe as describeResult, expectSuccess, type PulumiWorkspace, type StackExport } from "./harness";
import {
  describeRequests,
  inputsByName,
  filesUnder,
  ProgramCopy,
  startEmulatorProcess,
  stepLines,
  summarize,
  tenantStack,
  transcript,
  TYPE_CHECK,
  writes,
  type EmulatorProcess,
  type RequestLogEntry,
  type TenantSnapshot,
} from "./support";

const DYNAMIC = "pulumi-nodejs:dynamic/qlik";

let emulator: EmulatorProcess;
let program: ProgramCopy;
let ws: PulumiWorkspace;
let seed: TenantSnapshot;
let destroyed = false;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  seed = await emulator.state();
  program = await ProgramCopy.of("quickstart");
  ws = await tenantStack(program.dir, emulator.info.tenants[0]);
});

afterAll(async () => {
  if (ws && !destroyed) await ws.destroy(); // best effort after a failure half-way
  await ws?.dispose();
  await program?.dispose();
  await emulator?.stop();
});

function patchesTo(entries: RequestLogEntry[], path: string) {
  return entries.filter((entry) => entry.method === "PATCH" && entry.path === path);
}

async function outputs() {
  return (await ws.stackOutputs()) as {
    startPage: string;
    groupIds: Record<"analysts" | "engineers" | "marketing", string>;
    analystMemberIds: string[];
    reviewerRoleId: string;
    users: Record<"ada" | "grace" | "linus", { id: string; status: string; roles: string[] }>;
  };
}

/**
 * A preview that must find no changes (--expect-no-changes), in the CLI's text form. The stack outputs it shows
 * are all known: User and Group outputs hold Qlik's value of every field, also those the program leaves unset.
 * (A value missing from the recorded outputs would show as `[unknown]`: during a preview Pulumi's Node.js SDK
 * treats an output a resource does not report as not yet known.)
 */
async function expectNoChangesPreview(title: string): Promise<void> {
  const result = await ws.preview({ expectNoChanges: true });
  transcript(title, result);
  expectSuccess(result);
  expect(result.stdout).not.toContain("[unknown]");
  expect(result.stdout).not.toContain("Outputs:");
}

async function exported(): Promise<StackExport> {
  const result = expectSuccess(await ws.exportStack());
  return result.deployment as StackExport;
}

test("preview of a fresh stack plans every create and sends no write to Qlik", async () => {
  let result!: Awaited<ReturnType<PulumiWorkspace["preview"]>>;
  // The first run type-checks the program with ts-node, as `pulumi` does for users by default.
  const requests = await emulator.during(async () => (result = await ws.preview(TYPE_CHECK)));
  transcript("fresh preview", result);
  expectSuccess(result);
  expect(stepLines(result.stdout).sort()).toEqual(
    [
      ` +  ${DYNAMIC}:Group analysts create`,
      ` +  ${DYNAMIC}:Group marketing create`,
      ` +  ${DYNAMIC}:Group platform-engineers create`,
      ` +  ${DYNAMIC}:GroupMembers analyst-members create`,
      ` +  ${DYNAMIC}:Role report-reviewer create`,
      ` +  ${DYNAMIC}:TenantSettings settings create`,
      ` +  ${DYNAMIC}:User ada create`,
      ` +  ${DYNAMIC}:User grace create`,
      ` +  ${DYNAMIC}:User linus create`,
    ].sort(),
  );
  expect(result.stdout).toMatch(/\+ 10 to create/);
  expect(describeRequests(writes(requests))).toEqual([]);
  // Check reads the tenant's roles once, to validate the role names the program gives (the custom role's name is
  // valid: its Role is checked first); Diff makes no HTTP call at all.
  expect(describeRequests(requests)).toEqual(["GET /api/v1/roles 200"]);
});

test("up creates everything, and the tenant then holds exactly what the program says", async () => {
  let result!: Awaited<ReturnType<PulumiWorkspace["up"]>>;
  const requests = await emulator.during(async () => (result = await ws.up()));
  transcript("first up", result);
  expectSuccess(result);
  expect(result.stdout).toMatch(/\+ 10 created/);
  // Only one request was refused: the look for an existing settings document (acme-us has none yet).
  expect(describeRequests(requests.filter((entry) => entry.status >= 300))).toEqual([
    "GET /api/v1/tenant-settings 404",
  ]);

  // One POST per object; then what POST cannot set: grace's locale and linus's status (one PATCH each),
  // and the inference toggle with its consent header.
  const calls = describeRequests(writes(requests)).map((line) => line.replace(/[0-9a-f]{24}/, "{id}"));
  expect(calls.sort()).toEqual(
    [
      "POST /api/v1/users 201",
      "POST /api/v1/users 201",
      "POST /api/v1/users 201",
      "POST /api/v1/groups 201",
      "POST /api/v1/groups 201",
      "POST /api/v1/groups 201",
      "PATCH /api/v1/users/{id} 204",
      "PATCH /api/v1/users/{id} 204",
      "POST /api/v1/tenant-settings 201",
      "POST /api/v1/tenant-settings/actions/toggle-cross-region-inference 200",
      "POST /api/v1/roles 201",
      // GroupMembers: one users PATCH (`add` to /assignedGroups) per member.
      "PATCH /api/v1/users/{id} 204",
      "PATCH /api/v1/users/{id} 204",
    ].sort(),
  );

  const out = await outputs();
  expect(out.analystMemberIds).toEqual([out.users.ada.id, out.users.grace.id]);
  const state = summarize(await emulator.state());
  const seeded = summarize(seed);
  expect(state.users).toEqual({
    ...seeded.users,
    "auth0|quickstart-ada": {
      id: out.users.ada.id,
      name: "Ada Lovelace",
      email: "ada@example.com",
      status: "invited", // Qlik creates users as invited; the program leaves status unmanaged
      roles: ["TenantAdmin"],
      groups: ["Analysts"],
    },
    "auth0|quickstart-grace": {
      id: out.users.grace.id,
      name: "Grace Hopper",
      email: "grace@example.com",
      status: "invited",
      roles: ["DataAdmin", "Developer"],
      groups: ["Analysts"],
      preferredLocale: "en-US",
    },
    "auth0|quickstart-linus": {
      id: out.users.linus.id,
      name: "Linus Torvalds",
      email: "linus@example.com",
      status: "disabled",
      roles: [],
      groups: [],
    },
  });
  expect(state.groups).toEqual({
    ...seeded.groups,
    Analysts: {
      id: out.groupIds.analysts,
      providerType: "custom",
      description: "Build and share analytics apps",
      roles: ["Developer", "Report Reviewer", "SharedSpaceCreator"],
    },
    "Platform Engineers": {
      id: out.groupIds.engineers,
      providerType: "custom",
      description: "Own data spaces and connections",
      roles: ["DataAdmin", "DataSpaceCreator"],
    },
    Marketing: { id: out.groupIds.marketing, providerType: "idp", roles: ["SharedSpaceCreator"] },
  });
  expect(state.settings).toEqual({
    id: expect.any(String),
    preferredStartPage: "analytics-hub",
    customizeNoAccess: {
      linkEnabled: true,
      linkLabel: "Request access",
      linkUrl: "https://intranet.example.com/qlik-access",
      message: "You do not have access to Qlik Cloud yet. Ask for it on the intranet.",
    },
    crossRegionDataProcessing: true,
  });
  expect(out.startPage).toBe("analytics-hub");
  // The outputs report what Qlik has, also where the program leaves a property unset (ada's and grace's status,
  // linus's roles).
  expect(out.users).toEqual({
    ada: { id: out.users.ada.id, status: "invited", roles: ["TenantAdmin"] },
    grace: { id: out.users.grace.id, status: "invited", roles: ["Developer", "DataAdmin"] },
    linus: { id: out.users.linus.id, status: "disabled", roles: [] },
  });
});

test("a second preview has no changes (--expect-no-changes) and sends nothing", async () => {
  let result!: Awaited<ReturnType<PulumiWorkspace["preview"]>>;
  const requests = await emulator.during(
    async () => (result = await ws.preview({ expectNoChanges: true, json: true })),
  );
  transcript("second preview", result);
  expectSuccess(result);
  expect(result.json?.changeSummary).toEqual({ same: 10 });
  // Only the role names' check: one read of the tenant's roles per deployment.
  expect(describeRequests(requests)).toEqual(["GET /api/v1/roles 200"]);

  // The same in text, as users see it: no stack output is unknown (Qlik's values of what the program leaves
  // unset are recorded), so none changes and the CLI lists none.
  let text!: Awaited<ReturnType<PulumiWorkspace["preview"]>>;
  const textRequests = await emulator.during(async () => (text = await ws.preview({ expectNoChanges: true })));
  transcript("second preview (text)", text);
  expectSuccess(text);
  expect(text.stdout).not.toContain("[unknown]");
  expect(text.stdout).not.toContain("Outputs:");
  expect(text.stdout).toMatch(/10 unchanged/);
  expect(describeRequests(textRequests)).toEqual(["GET /api/v1/roles 200"]);
});

test("refresh right after up finds nothing to change and leaves the recorded inputs as they were", async () => {
  const before = inputsByName(await exported());
  let result!: Awaited<ReturnType<PulumiWorkspace["refresh"]>>;
  const requests = await emulator.during(async () => (result = await ws.refresh({ args: ["--expect-no-changes"] })));
  transcript("refresh without drift", result);
  expectSuccess(result);
  expect(describeRequests(writes(requests))).toEqual([]);
  // A read that reported inputs the program never set (e.g. the resolved tenant URL) would show up here, and
  // later as `-tenantUrl` in the diff of an unrelated update.
  expect(inputsByName(await exported())).toEqual(before);
  await expectNoChangesPreview("preview after a refresh without drift");
});

test("changing roles, a name and the start page updates in place with one PATCH per changed resource", async () => {
  const before = await outputs();
  program.edit('assignedRoles: ["Developer", "DataAdmin"],', 'assignedRoles: ["DataSpaceCreator", "Developer"],');
  program.edit('name: "Ada Lovelace",', 'name: "Ada King",');
  program.edit('preferredStartPage: "analytics-hub",', 'preferredStartPage: "analytics-creation-hub",');

  const preview = await ws.preview({ diff: true });
  transcript("preview of in-place edits", preview);
  expectSuccess(preview);
  expect(preview.stdout).toContain(`~ ${DYNAMIC}:User: (update)`);
  expect(preview.stdout).toContain(`~ ${DYNAMIC}:TenantSettings: (update)`);
  expect(preview.stdout).toMatch(/~ name\s+: "Ada Lovelace" => "Ada King"/);
  expect(preview.stdout).toMatch(/~ preferredStartPage\s+: "analytics-hub" => "analytics-creation-hub"/);
  expect(preview.stdout).toMatch(/~ 3 to update/);
  expect(preview.stdout).not.toMatch(/replace/);

  let up!: Awaited<ReturnType<PulumiWorkspace["up"]>>;
  const requests = await emulator.during(async () => (up = await ws.up()));
  transcript("up of in-place edits", up);
  expectSuccess(up);
  expect(up.stdout).toMatch(/~ 3 updated/);
  expect(describeRequests(writes(requests)).sort()).toEqual(
    [
      `PATCH /api/v1/users/${before.users.ada.id} 204`,
      `PATCH /api/v1/users/${before.users.grace.id} 204`,
      "PATCH /api/v1/tenant-settings 200",
    ].sort(),
  );
  // Each PATCH holds exactly the changed path.
  expect(patchesTo(requests, `/api/v1/users/${before.users.ada.id}`)[0].body).toEqual([
    { op: "replace", path: "/name", value: "Ada King" },
  ]);
  expect(patchesTo(requests, `/api/v1/users/${before.users.grace.id}`)[0].body).toEqual([
    { op: "replace", path: "/assignedRoles", value: [{ name: "DataSpaceCreator" }, { name: "Developer" }] },
  ]);
  expect(patchesTo(requests, "/api/v1/tenant-settings")[0].body).toEqual([
    { op: "replace", path: "/preferredStartPage", value: "analytics-creation-hub" },
  ]);

  const after = await outputs();
  expect(after.users).toEqual({
    ...before.users,
    grace: { ...before.users.grace, roles: ["DataSpaceCreator", "Developer"] },
  });
  expect(after.startPage).toBe("analytics-creation-hub");
  const state = summarize(await emulator.state());
  expect(state.users["auth0|quickstart-ada"].name).toBe("Ada King");
  expect(state.users["auth0|quickstart-grace"].roles).toEqual(["DataSpaceCreator", "Developer"]);
  expect(state.settings?.preferredStartPage).toBe("analytics-creation-hub");
  await expectNoChangesPreview("preview after in-place edits");
});

test("editing the custom role and the group's members: one PATCH of the role, one users PATCH per member changed", async () => {
  const before = await outputs();
  program.edit('description: "Reviews shared reports before they are published",', 'description: "Reviews reports",');
  program.edit("userIds: [ada.id, grace.id],", "userIds: [grace.id, linus.id],");

  const preview = await ws.preview({ diff: true });
  transcript("preview of role and membership edits", preview);
  expectSuccess(preview);
  expect(preview.stdout).toContain(`~ ${DYNAMIC}:Role: (update)`);
  expect(preview.stdout).toContain(`~ ${DYNAMIC}:GroupMembers: (update)`);
  expect(preview.stdout).toMatch(/~ 2 to update/);
  expect(preview.stdout).not.toMatch(/replace/);

  const requests = await emulator.during(async () => expectSuccess(await ws.up()));
  expect(describeRequests(writes(requests)).sort()).toEqual(
    [
      `PATCH /api/v1/roles/${before.reviewerRoleId} 204`,
      `PATCH /api/v1/users/${before.users.linus.id} 204`,
      `PATCH /api/v1/users/${before.users.ada.id} 204`,
    ].sort(),
  );
  expect(patchesTo(requests, `/api/v1/roles/${before.reviewerRoleId}`)[0].body).toEqual([
    { op: "replace", path: "/description", value: "Reviews reports" },
  ]);
  expect(patchesTo(requests, `/api/v1/users/${before.users.linus.id}`)[0].body).toEqual([
    { op: "add", path: "/assignedGroups", value: [{ id: before.groupIds.analysts }] },
  ]);
  expect(patchesTo(requests, `/api/v1/users/${before.users.ada.id}`)[0].body).toEqual([
    { op: "remove-value", path: "/assignedGroups", value: [{ id: before.groupIds.analysts }] },
  ]);
  const state = summarize(await emulator.state());
  expect(state.users["auth0|quickstart-ada"].groups).toEqual([]);
  expect(state.users["auth0|quickstart-grace"].groups).toEqual(["Analysts"]);
  expect(state.users["auth0|quickstart-linus"].groups).toEqual(["Analysts"]);
  await expectNoChangesPreview("preview after role and membership edits");
});

test("changing a user's subject and an IdP group's name replaces them", async () => {
  const before = await outputs();
  program.edit('subject: "auth0|quickstart-grace",', 'subject: "auth0|quickstart-grace-hopper",');
  program.edit('name: "Marketing",', 'name: "Marketing EMEA",');

  const preview = await ws.preview();
  transcript("preview of replacing edits", preview);
  expectSuccess(preview);
  expect(stepLines(preview.stdout)).toEqual(
    expect.arrayContaining([
      ` +- ${DYNAMIC}:User grace replace [diff: ~subject]`,
      ` +- ${DYNAMIC}:Group marketing replace [diff: ~name]`,
    ]),
  );
  expect(preview.stdout).toMatch(/\+-2 to replace/);

  let up!: Awaited<ReturnType<PulumiWorkspace["up"]>>;
  const requests = await emulator.during(async () => (up = await ws.up()));
  transcript("up of replacing edits", up);
  expectSuccess(up);
  expect(up.stdout).toMatch(/\+-2 replaced/);
  const after = await outputs();
  expect(after.users.grace.id).not.toBe(before.users.grace.id);
  expect(after.groupIds.marketing).not.toBe(before.groupIds.marketing);
  const calls = describeRequests(writes(requests));
  // The user is deleted first (subjects are unique per tenant); the IdP group is created before the old one
  // goes, so its role assignments stay available throughout.
  expect(calls.indexOf(`DELETE /api/v1/users/${before.users.grace.id} 204`)).toBeLessThan(
    calls.indexOf("POST /api/v1/users 201"),
  );
  expect(calls.indexOf("POST /api/v1/groups 201")).toBeLessThan(
    calls.indexOf(`DELETE /api/v1/groups/${before.groupIds.marketing} 204`),
  );
  expect(calls.sort()).toEqual(
    [
      `DELETE /api/v1/users/${before.users.grace.id} 204`,
      "POST /api/v1/users 201",
      `PATCH /api/v1/users/${after.users.grace.id} 204`, // preferredLocale, which POST does not take
      "POST /api/v1/groups 201",
      `DELETE /api/v1/groups/${before.groupIds.marketing} 204`,
      // GroupMembers follows grace's new id: the new user joins; the old one is gone already (404: no member).
      `PATCH /api/v1/users/${after.users.grace.id} 204`,
      `PATCH /api/v1/users/${before.users.grace.id} 404`,
    ].sort(),
  );
  const state = summarize(await emulator.state());
  expect(state.users["auth0|quickstart-grace"]).toBeUndefined();
  expect(state.users["auth0|quickstart-grace-hopper"]).toMatchObject({
    id: after.users.grace.id,
    roles: ["DataSpaceCreator", "Developer"],
    preferredLocale: "en-US",
    groups: ["Analysts"],
  });
  expect(state.groups.Marketing).toBeUndefined();
  expect(state.groups["Marketing EMEA"]).toEqual({
    id: after.groupIds.marketing,
    providerType: "idp",
    roles: ["SharedSpaceCreator"],
  });
  await expectNoChangesPreview("preview after replacing edits");
});

test("drift made in Qlik shows on refresh, and the next preview proposes to correct it", async () => {
  const { users } = await outputs();
  const tenant = emulator.info.tenants[0];
  const response = await emulator.tenantApi(tenant, "PATCH", `/api/v1/users/${users.ada.id}`, [
    { op: "replace", path: "/name", value: "Ada (renamed in the console)" },
    { op: "replace", path: "/assignedRoles", value: [{ name: "Developer" }] },
  ]);
  expect(response.status).toBe(204);

  const refresh = await ws.refresh({ args: ["--skip-preview"] });
  transcript("refresh with drift", refresh);
  expectSuccess(refresh);
  expect(stepLines(refresh.stdout)).toEqual(
    expect.arrayContaining([expect.stringMatching(/~ {2}\S+:User ada updated .*\[diff: ~assignedRoles,name\]$/)]),
  );
  expect(refresh.stdout).toMatch(/~ 1 updated/);

  const preview = await ws.preview({ diff: true });
  transcript("preview after drift", preview);
  expectSuccess(preview);
  expect(preview.stdout).toMatch(/~ name\s+: "Ada \(renamed in the console\)" => "Ada King"/);
  expect(preview.stdout).toMatch(/~ \[0\]: "Developer" => "TenantAdmin"/);
  expect(preview.stdout).toMatch(/~ 1 to update/);

  const requests = await emulator.during(async () => expectSuccess(await ws.up()));
  const patches = writes(requests);
  expect(describeRequests(patches)).toEqual([`PATCH /api/v1/users/${users.ada.id} 204`]);
  expect(patches[0].body).toEqual([
    { op: "replace", path: "/name", value: "Ada King" },
    { op: "replace", path: "/assignedRoles", value: [{ name: "TenantAdmin" }] },
  ]);
  expect(summarize(await emulator.state()).users["auth0|quickstart-ada"]).toMatchObject({
    name: "Ada King",
    roles: ["TenantAdmin"],
  });
  await expectNoChangesPreview("preview after correcting drift");
});

test("a member removed from the custom group in Qlik shows on refresh, and the next up adds it back", async () => {
  const { users, groupIds } = await outputs();
  const tenant = emulator.info.tenants[0];
  const response = await emulator.tenantApi(tenant, "PATCH", `/api/v1/users/${users.grace.id}`, [
    { op: "remove-value", path: "/assignedGroups", value: [{ id: groupIds.analysts }] },
  ]);
  expect(response.status).toBe(204);

  const refresh = await ws.refresh({ args: ["--skip-preview"] });
  transcript("refresh with membership drift", refresh);
  expectSuccess(refresh);
  expect(stepLines(refresh.stdout)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/~ {2}\S+:GroupMembers analyst-members updated .*\[diff: ~userIds\]$/),
    ]),
  );

  const requests = await emulator.during(async () => expectSuccess(await ws.up()));
  expect(writes(requests).map((entry) => [describeRequests([entry])[0], entry.body])).toEqual([
    [
      `PATCH /api/v1/users/${users.grace.id} 204`,
      [{ op: "add", path: "/assignedGroups", value: [{ id: groupIds.analysts }] }],
    ],
  ]);
  expect(summarize(await emulator.state()).users["auth0|quickstart-grace-hopper"].groups).toEqual(["Analysts"]);
  await expectNoChangesPreview("preview after correcting membership drift");
});

test("a user deleted in Qlik leaves the stack on refresh, and the next up creates it again", async () => {
  const { users } = await outputs();
  const tenant = emulator.info.tenants[0];
  expect((await emulator.tenantApi(tenant, "DELETE", `/api/v1/users/${users.linus.id}`)).status).toBe(204);

  const refresh = await ws.refresh({ args: ["--skip-preview"] });
  transcript("refresh after a deletion in Qlik", refresh);
  expectSuccess(refresh);
  expect(stepLines(refresh.stdout)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^ - {2}\S+:User linus deleted/)]),
  );

  const preview = await ws.preview();
  transcript("preview after a deletion in Qlik", preview);
  expectSuccess(preview);
  // linus was a member of Analysts: the new linus joins it once created.
  const steps = stepLines(preview.stdout);
  expect(steps).toHaveLength(2);
  expect(steps).toEqual(
    expect.arrayContaining([
      ` +  ${DYNAMIC}:User linus create`,
      expect.stringMatching(/^ ~ {2}\S+:GroupMembers analyst-members update/),
    ]),
  );

  const requests = await emulator.during(async () => expectSuccess(await ws.up()));
  const after = await outputs();
  expect(after.users.linus.id).not.toBe(users.linus.id);
  expect(describeRequests(writes(requests))).toEqual([
    "POST /api/v1/users 201",
    `PATCH /api/v1/users/${after.users.linus.id} 204`, // status: disabled
    `PATCH /api/v1/users/${after.users.linus.id} 204`, // joins Analysts (GroupMembers)
  ]);
  expect(summarize(await emulator.state()).users["auth0|quickstart-linus"]).toMatchObject({ status: "disabled" });
  await expectNoChangesPreview("preview after re-creating linus");
});

test("enabling cross-region inference without consent fails in preview with our message; nothing is applied", async () => {
  // Switch inference off first, so that the program's next change really enables it.
  program.edit(
    "crossRegionInference: { enabled: true, consentVerified: true },",
    "crossRegionInference: { enabled: false },",
  );
  const off = await emulator.during(async () => expectSuccess(await ws.up()));
  expect(describeRequests(writes(off))).toEqual([
    "POST /api/v1/tenant-settings/actions/toggle-cross-region-inference 200",
  ]);
  expect(summarize(await emulator.state()).settings?.crossRegionDataProcessing).toBe(false);

  program.edit("crossRegionInference: { enabled: false },", "crossRegionInference: { enabled: true },");
  let preview!: Awaited<ReturnType<PulumiWorkspace["preview"]>>;
  const previewRequests = await emulator.during(async () => (preview = await ws.preview()));
  transcript("preview enabling inference without consent", preview);
  expect(preview.code).not.toBe(0);
  expect(preview.stdout).toContain(
    `error: ${DYNAMIC}:TenantSettings resource 'settings': property crossRegionInference.consentVerified`,
  );
  expect(preview.stdout).toContain(CONSENT_REQUIRED_MESSAGE);
  expect(describeRequests(writes(previewRequests))).toEqual([]);

  let up!: Awaited<ReturnType<PulumiWorkspace["up"]>>;
  const upRequests = await emulator.during(async () => (up = await ws.up()));
  transcript("up enabling inference without consent", up);
  expect(up.code).not.toBe(0);
  expect(up.stdout).toContain(CONSENT_REQUIRED_MESSAGE);
  expect(describeRequests(writes(upRequests))).toEqual([]);
  expect(summarize(await emulator.state()).settings?.crossRegionDataProcessing).toBe(false);

  program.edit("crossRegionInference: { enabled: true },", "crossRegionInference: { enabled: false },");
  await expectNoChangesPreview("preview after switching inference off again");
});

test("neither the exported stack nor any file of the backend holds an API key or client secret", async () => {
  const secrets = emulator.info.tenants
    .flatMap((tenant) => [tenant.apiKey, tenant.oauthClient.clientSecret])
    .concat(emulator.info.orgClient.clientSecret);
  const exportResult = expectSuccess(await ws.exportStack());
  const files = [...filesUnder(ws.stateDir), ...filesUnder(ws.homeDir), ws.stackConfigFile];
  expect(files.length).toBeGreaterThan(3);
  for (const secret of secrets) {
    expect(exportResult.stdout).not.toContain(secret);
    for (const file of files) {
      if (fs.readFileSync(file).includes(secret)) throw new Error(`${file} contains ${secret}`);
    }
  }
  // The key is in the stack's config, encrypted with the passphrase.
  expect(fs.readFileSync(ws.stackConfigFile, "utf8")).toMatch(/qlik:apiKey:\n\s+secure: v1:/);
});

test("destroy deletes every object the stack created: the tenant is back to its seed", async () => {
  const before = await outputs();
  let result!: Awaited<ReturnType<PulumiWorkspace["destroy"]>>;
  const requests = await emulator.during(async () => (result = await ws.destroy()));
  transcript("destroy", result);
  if (result.code !== 0) throw new Error(describeResult(result));
  destroyed = true;
  expect(result.stdout).toMatch(/- 10 deleted/);
  // Eight DELETEs; GroupMembers removes its listed members (one users PATCH each) before the group goes, and the
  // role goes after the group that held it (Qlik refuses to delete a role that is still assigned).
  const deletes = writes(requests).filter((entry) => entry.method === "DELETE");
  expect(deletes).toHaveLength(8);
  expect(describeRequests(writes(requests).filter((entry) => entry.method !== "DELETE"))).toEqual([
    expect.stringMatching(/^PATCH \/api\/v1\/users\/\w+ 204$/),
    expect.stringMatching(/^PATCH \/api\/v1\/users\/\w+ 204$/),
  ]);
  const paths = deletes.map((entry) => entry.path);
  expect(paths.indexOf(`/api/v1/roles/${before.reviewerRoleId}`)).toBeGreaterThan(
    paths.indexOf(`/api/v1/groups/${before.groupIds.analysts}`),
  );
  // The quickstart adopts nothing (acme-us starts without a settings document), so everything it made goes and
  // the tenant's data equals the seed: users, groups, group settings, settings document (none), roles, tenant.
  expect(await emulator.state()).toEqual(seed);
  expect((await exported()).deployment.resources ?? []).toEqual([]);
});
