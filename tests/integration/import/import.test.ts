/**
 * `pulumi-qlik import` (runImport, as the command calls it) against the emulator's rich seed: every object is
 * declared with Qlik's values, the program type-checks against the SDK, only reads are sent (pages of 100),
 * and no credential reaches a file. Then the errors a user meets: missing, refused and unreachable, unknown
 * kinds, and a non-empty --out.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { EmulatorHandle } from "../../../emulator";
import { ImportError, runImport } from "../../../cli/import/run";
import { AUDITOR_ROLE } from "../../../emulator/seed/rich-seed";
import { evaluateProgram, typeCheckPrograms } from "../../support/typecheck";
import { useEmulator } from "../emulator";

let emulator: EmulatorHandle;
useEmulator({ seed: "rich" }, (e) => (emulator = e));

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "qlik-import-"));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

const tenant = () => emulator.tenants[0];
const env = () => ({ QLIK_API_KEY: tenant().apiKey });

test("imports the rich tenant: every object declared as Qlik has it, reads only, a program that type-checks", async () => {
  const report = await runImport({ tenantUrl: tenant().url, out, env: env() });
  const state = emulator.state(tenant().id);

  expect(report.files.sort()).toEqual(["Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"]);
  const customRoles = state.roles.filter((role) => role.type === "custom");
  const customGroupsWithMembers = state.groups.filter(
    (group) =>
      group.providerType === "custom" &&
      state.users.some((user) => user.assignedGroups?.some((assigned) => assigned.id === group.id)),
  );
  expect(customRoles.map((role) => role.name).sort()).toEqual([AUDITOR_ROLE, "Support Analyst"]);
  expect(customGroupsWithMembers.length).toBeGreaterThanOrEqual(3);
  expect(report.counts).toEqual([
    { kind: "roles", declared: customRoles.length, skipped: 0 },
    { kind: "users", declared: state.users.length, skipped: 0 },
    { kind: "groups", declared: state.groups.length, skipped: 0 },
    { kind: "group-members", declared: customGroupsWithMembers.length, skipped: 0 },
    { kind: "group-settings", declared: 1, skipped: 0 },
    { kind: "spaces", declared: state.spaces.length, skipped: 0 },
    {
      kind: "space-assignments",
      declared: state.spaces.reduce((n, space) => n + space.assignments.length, 0),
      skipped: 0,
    },
    { kind: "tenant-settings", declared: 1, skipped: 0 },
    { kind: "tenant", declared: 1, skipped: 0 },
  ]);
  expect(report.pending).toEqual([]);

  // Only reads, each listing in pages of 100; the report counts what was sent.
  const log = emulator.log;
  expect(log.filter((entry) => entry.method !== "GET")).toEqual([]);
  expect(report.requests).toBe(log.length);
  for (const entry of log.filter((e) => ["/api/v1/users", "/api/v1/groups", "/api/v1/roles"].includes(e.path))) {
    expect(entry.query.limit).toBe(entry.query.totalResults ? "1" : "100");
  }
  // Group members: one members listing per custom group (a page each here), none for IdP groups.
  const memberReads = log.filter((e) => e.path === "/api/v1/users" && e.query.filter !== undefined);
  expect(memberReads.map((e) => e.query.filter).sort()).toEqual(
    state.groups
      .filter((group) => group.providerType === "custom")
      .map((group) => `assignedGroups.id eq "${group.id}"`)
      .sort(),
  );
  expect(log.filter((e) => e.path === "/api/v1/roles")).toHaveLength(1);
  // Groups listed once (one page here, beside the count): the groups and group-members kinds share the listing.
  expect(log.filter((e) => e.path === "/api/v1/groups" && !e.query.totalResults)).toHaveLength(1);
  // Spaces listed once (both kinds use the one listing), then each space's assignments: one page each here.
  const spaceReads = log.filter((e) => e.path.startsWith("/api/v1/spaces"));
  expect(spaceReads.map((e) => e.path).sort()).toEqual(
    ["/api/v1/spaces", ...state.spaces.map((space) => `/api/v1/spaces/${space.id}/assignments`)].sort(),
  );
  for (const entry of spaceReads) expect(entry.query.limit).toBe("100");

  // The generated README states what destroy does on the engine: collections deleted, singletons put back.
  const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
  expect(readme).toContain("| group-settings | 1 | 0 |");
  expect(readme).toMatch(
    /memberships are declared once, as `groupMembers`[\s\S]*users leave `customGroups`\s+unmanaged/,
  );
  expect(readme).toMatch(/users and groups are \*\*deleted\*\* in Qlik/);
  expect(readme).toMatch(/never deleted: Pulumi \*\*puts\s+back the values it found\*\* when it adopted them/);
  expect(readme).not.toMatch(/removes the settings document/);

  const program = fs.readFileSync(path.join(out, "index.ts"), "utf8");
  for (const file of report.files) {
    expect(fs.readFileSync(path.join(out, file), "utf8")).not.toContain(tenant().apiKey);
  }
  expect(typeCheckPrograms({ richTenant: program }).richTenant).toEqual([]);

  const constructed = evaluateProgram(program);
  const users = new Map(constructed.filter((c) => c.className === "User").map((c) => [c.args.subject, c]));
  expect(users.size).toBe(state.users.length);
  for (const user of state.users) {
    const declared = users.get(user.subject);
    expect(declared?.args).toMatchObject({ name: user.name, status: user.status, adoptExisting: true });
    expect(new Set(declared?.args.assignedRoles as string[])).toEqual(
      new Set((user.assignedRoles ?? []).map((r) => r.name)),
    );
    // Memberships are GroupMembers' here: users leave customGroups unmanaged.
    expect(declared?.args).not.toHaveProperty("customGroups");
  }
  // Custom roles: declared with Qlik's values; named by reference wherever a role list names them.
  const roles = constructed.filter((c) => c.className === "Role");
  expect(roles.map((r) => r.args.name).sort()).toEqual(customRoles.map((role) => role.name).sort());
  for (const role of customRoles) {
    expect(roles.find((r) => r.args.name === role.name)?.args).toEqual({
      name: role.name,
      ...(role.description !== undefined ? { description: role.description } : {}),
      ...(role.assignedScopes !== undefined ? { assignedScopes: role.assignedScopes } : {}),
      adoptExisting: true,
    });
  }
  expect(program).toMatch(
    /assignedRoles: \[roles\["auditor-eu-x"\]\.name, "Developer"\]|assignedRoles: \["Developer", roles\["auditor-eu-x"\]\.name\]/,
  );
  // Every role list naming it refers to the declared role.
  expect(program).not.toMatch(/[aA]ssignedRoles: \[[^\]]*"Support Analyst"/);
  expect(program).toMatch(/everyoneAssignedRoles: \[[^\]]*roles\["support-analyst"\]\.name/);
  expect(program.indexOf("const roles")).toBeLessThan(program.indexOf("const users"));
  const reporting = users.get("auth0|svc-reporting");
  expect(reporting?.args.email).toBeUndefined(); // rejected by the provider's check: left unmanaged, said so
  expect(program).toMatch(/\/\/ email not managed .*\n\s+reporting: new qlik\.User/);

  const groups = constructed.filter((c) => c.className === "Group");
  expect(groups.map((g) => `${g.args.providerType}:${g.args.name}`).sort()).toEqual(
    state.groups.map((g) => `${g.providerType}:${g.name}`).sort(),
  );
  // Group members: each custom group with members, its group and every member as references.
  const userRefs = new Map(state.users.map((user) => [user.id, `User:${users.get(user.subject)?.name}`]));
  const groupRefs = new Map(
    state.groups.map((g) => [
      g.id,
      `Group:${groups.find((c) => c.args.name === g.name && c.args.providerType === g.providerType)?.name}`,
    ]),
  );
  const members = constructed.filter((c) => c.className === "GroupMembers");
  expect(members.map((m) => m.args.groupId).sort()).toEqual(
    customGroupsWithMembers.map((group) => groupRefs.get(group.id)).sort(),
  );
  for (const group of customGroupsWithMembers) {
    const memberIds = state.users
      .filter((user) => user.assignedGroups?.some((assigned) => assigned.id === group.id))
      .map((user) => user.id)
      .sort();
    expect(members.find((m) => m.args.groupId === groupRefs.get(group.id))?.args).toEqual({
      groupId: groupRefs.get(group.id),
      userIds: memberIds.map((id) => userRefs.get(id)),
    });
  }
  for (const group of groups.filter((g) => g.args.providerType === "idp")) {
    expect(group.args).not.toHaveProperty("description");
    expect(group.args.adoptExisting).toBe(true);
  }
  const settings = constructed.find((c) => c.className === "TenantSettings");
  expect(settings?.args).toEqual({
    preferredStartPage: "analytics-creation-hub",
    customizeNoAccess: state.tenantSettings?.customizeNoAccess,
    releaseCadence: "continuous",
    sessionReplayOptOut: false,
    crossRegionInference: { enabled: false },
  });
  const everyone = state.groupSettings.systemGroups?.["000000000000000000000001"]?.assignedRoles ?? [];
  expect(constructed.find((c) => c.className === "GroupSettings")?.args).toEqual({
    autoCreateGroups: state.groupSettings.autoCreateGroups,
    everyoneAssignedRoles: everyone.map((role) => role.name),
  });
  expect(everyone.map((role) => role.name).sort()).toEqual([AUDITOR_ROLE, "Developer", "Support Analyst"].sort());
  expect(program).toMatch(/^const groupSettings = new qlik\.GroupSettings\("group-settings", \{$/m);
  expect(constructed.find((c) => c.className === "Tenant")?.args).toMatchObject({ name: "acme-us" });

  // Spaces: every one, with Qlik's values, owners as references to the declared users (evaluated, a reference
  // reads `<class>:<resource name>`).
  const idOf = new Map<string, string>(
    state.users.map((user) => [user.id, `User:${users.get(user.subject)?.name ?? "?"}`]),
  );
  const groupNames = new Map(groups.map((g) => [`${g.args.providerType}:${g.args.name}`, g.name]));
  for (const group of state.groups)
    idOf.set(group.id, `Group:${groupNames.get(`${group.providerType}:${group.name}`)}`);
  const spaces = constructed.filter((c) => c.className === "Space");
  expect(spaces.map((s) => `${s.args.type}:${s.args.name}`).sort()).toEqual(
    state.spaces.map((s) => `${s.type}:${s.name}`).sort(),
  );
  for (const space of state.spaces) {
    const declared = spaces.find((s) => s.args.name === space.name && s.args.type === space.type);
    expect(declared?.args).toEqual({
      name: space.name,
      type: space.type,
      ...(space.description ? { description: space.description } : {}),
      ownerId: idOf.get(space.ownerId ?? ""),
      adoptExisting: true,
    });
    idOf.set(space.id, `Space:${declared?.name}`);
  }
  const zoe = state.users.find((user) => user.subject === "samlp|acme|zoe.angstrom");
  // "Finance" (shared) and "finance" (managed): one slug, so both get a hash of their type and name.
  expect(program).toMatch(/^ {2}"finance-[0-9a-f]{6}": new qlik\.Space\("finance-[0-9a-f]{6}", \{$/m);
  expect(program).toContain(`ownerId: users["zoe-angstrom"].id,`);
  expect(program).not.toContain(`ownerId: ${JSON.stringify(zoe?.id)}`);

  // Assignments: every one, space and assignee as references, roles as Qlik has them (a set).
  const assignments = constructed.filter((c) => c.className === "SpaceAssignment");
  const expected = state.spaces.flatMap((space) => space.assignments);
  expect(assignments).toHaveLength(expected.length);
  for (const assignment of expected) {
    const declared = assignments.find(
      (a) => a.args.spaceId === idOf.get(assignment.spaceId) && a.args.assigneeId === idOf.get(assignment.assigneeId),
    );
    expect(declared?.args).toMatchObject({ type: assignment.type, adoptExisting: true });
    expect([...(declared?.args.roles as string[])]).toEqual([...assignment.roles].sort());
  }
  expect(program).not.toMatch(/(spaceId|assigneeId|ownerId): "/); // every one a reference: all are declared
  expect(program).toMatch(/spaceId: spaces\["finance-[0-9a-f]{6}"\]\.id,\n\s+assigneeId: users\["zoe-angstrom"\]\.id,/);
  expect(program).toMatch(/assigneeId: groups\.proto\.id,|assigneeId: groups\["[a-z0-9-]*proto[a-z0-9-]*"\]\.id,/);
  // Resource names: unique per kind, valid, readable.
  const names = constructed.filter((c) => c.className === "User").map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names).toEqual(expect.arrayContaining(["alice", "zoe-angstrom", "taro-yamada"]));
  for (const name of constructed.map((c) => c.name)) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test("the same tenant imports to the same program", async () => {
  await runImport({ tenantUrl: tenant().url, out, env: env(), only: "users,groups" });
  const first = fs.readFileSync(path.join(out, "index.ts"), "utf8");
  await runImport({ tenantUrl: tenant().url, out, env: env(), only: "users,groups", force: true });
  expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).toBe(first);
});

test("--only and --skip select kinds; unknown kinds refused", async () => {
  const report = await runImport({
    tenantUrl: tenant().url,
    out,
    env: env(),
    only: "groups,space-assignments,tenant",
    skip: "tenant",
  });
  expect(report.counts.map((c) => c.kind)).toEqual(["groups", "space-assignments"]);
  expect(report.pending).toEqual([]);
  const program = fs.readFileSync(path.join(out, "index.ts"), "utf8");
  expect(program).not.toContain("Not imported");
  // Without the roles in the program, custom roles are named as strings.
  expect(program).toContain(`"Support Analyst"`);
  // Without the spaces and users in the program, their ids are written as they are; groups are still references.
  const state = emulator.state(tenant().id);
  const finance = state.spaces.find((space) => space.name === "Finance");
  expect(program).toContain(`spaceId: ${JSON.stringify(finance?.id)},`);
  expect(program).toMatch(/assigneeId: groups\["finance-[0-9a-f]{6}"\]\.id,/);
  expect(program).toMatch(/^ {2}"?finance-[0-9a-f]{24}"?: new qlik\.SpaceAssignment/m);
  const before = emulator.log.length;
  await expect(
    runImport({ tenantUrl: tenant().url, out: `${out}-x`, env: env(), only: "users,wizards" }),
  ).rejects.toThrow(/--only: unknown kind "wizards". The kinds are: roles, users, groups, group-members/);
  expect(emulator.log.length).toBe(before); // nothing sent
});

test("without group-members, users declare their custom groups (memberships in one place either way)", async () => {
  const skipped = await runImport({ tenantUrl: tenant().url, out, env: env(), skip: "group-members" });
  expect(skipped.counts.map((c) => c.kind)).not.toContain("group-members");
  const state = emulator.state(tenant().id);
  const customOf = (subject: string) =>
    (state.users.find((user) => user.subject === subject)?.assignedGroups ?? [])
      .filter((group) => group.providerType === "custom")
      .map((group) => group.name);
  const constructed = evaluateProgram(fs.readFileSync(path.join(out, "index.ts"), "utf8"));
  expect(constructed.filter((c) => c.className === "GroupMembers")).toEqual([]);
  for (const user of constructed.filter((c) => c.className === "User")) {
    expect(new Set(user.args.customGroups as string[])).toEqual(new Set(customOf(user.args.subject as string)));
  }
  expect(customOf("auth0|picture").sort()).toEqual(["Everyone Else", "Finance"]);
  const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
  expect(readme).toMatch(/declared in each user's `customGroups` \(group-members was not imported\)/);

  const only = await runImport({ tenantUrl: tenant().url, out: `${out}-users`, env: env(), only: "users" });
  expect(only.counts.map((c) => c.kind)).toEqual(["users"]);
  const usersOnly = fs.readFileSync(path.join(`${out}-users`, "index.ts"), "utf8");
  expect(usersOnly).toContain("customGroups:");
  expect(usersOnly).toContain(`"Support Analyst"`); // roles not declared: a plain name
  fs.rmSync(`${out}-users`, { recursive: true, force: true });
});

test("a non-empty --out is refused without --force", async () => {
  fs.writeFileSync(path.join(out, "notes.txt"), "mine");
  await expect(runImport({ tenantUrl: tenant().url, out, env: env() })).rejects.toThrow(/is not empty .* --force/);
  expect(emulator.log).toEqual([]);
  await runImport({ tenantUrl: tenant().url, out, env: env(), force: true, only: "tenant" });
  expect(fs.readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("mine");
});

test("credentials: missing, refused; an unreachable tenant", async () => {
  await expect(runImport({ tenantUrl: tenant().url, out, env: {} })).rejects.toThrow(
    /No Qlik Cloud credentials found[\s\S]*QLIK_API_KEY/,
  );
  await expect(runImport({ out, env: env() })).rejects.toThrow(/No tenant URL: pass --tenant-url/);
  const refused = runImport({ tenantUrl: tenant().url, out, env: { QLIK_API_KEY: "not-a-key" } });
  await expect(refused).rejects.toThrow(ImportError);
  await expect(refused).rejects.toThrow(/refused the credential \(401\)/);
  await expect(refused).rejects.not.toThrow(/not-a-key/);
  // QLIK_TENANT_URL when --tenant-url is absent, OAuth client credentials as the provider takes them.
  const viaEnv = await runImport({
    out: `${out}/oauth`,
    env: {
      QLIK_TENANT_URL: tenant().url,
      QLIK_CLIENT_ID: tenant().oauthClient.clientId,
      QLIK_CLIENT_SECRET: tenant().oauthClient.clientSecret,
    },
    only: "tenant",
  });
  expect(viaEnv.counts).toEqual([{ kind: "tenant", declared: 1, skipped: 0 }]);

  const port = await closedPort();
  await expect(
    runImport({
      tenantUrl: `http://127.0.0.1:${port}`,
      out: path.join(out, "unreachable"),
      env: { ...env(), QLIK_RETRY_DEADLINE_SECONDS: "1" },
    }),
  ).rejects.toThrow(/Cannot reach the tenant at http:\/\/127\.0\.0\.1:\d+/);
  expect(fs.existsSync(path.join(out, "unreachable"))).toBe(false); // a failed import writes nothing
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
