/**
 * `pulumi-qlik import` through the real command and the real Pulumi CLI, on the emulator's rich seed (hostile
 * names included): import → `pulumi up` adopts everything (custom roles, users, groups, custom groups' members,
 * group settings, spaces, space assignments, tenant settings, the tenant) without a single POST, PATCH, PUT or
 * DELETE → a
 * no-change preview passes → an edit of one object in the generated program previews as exactly that update.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expectSuccess, type PulumiWorkspace } from "./harness";
import {
  describeRequests,
  ProgramCopy,
  REPO_ROOT,
  startEmulatorProcess,
  tenantStack,
  transcript,
  TYPE_CHECK,
  workDirectory,
  writes,
  type EmulatorProcess,
} from "./support";

const CLI = path.join(REPO_ROOT, "dist", "cli", "index.js");

let emulator: EmulatorProcess;
let program: ProgramCopy;
let ws: PulumiWorkspace;
const tenant = () => emulator.info.tenants[0]; // acme-us, which the rich seed fills

beforeAll(async () => {
  emulator = await startEmulatorProcess({ seed: "rich" });
});

afterAll(async () => {
  await ws?.dispose();
  await program?.dispose();
  await emulator?.stop();
});

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test("pulumi-qlik import writes the project, reading only", async () => {
  const out = workDirectory("import");
  const since = await emulator.lastSeq();
  const result = await runCli(["import", "--tenant-url", tenant().url, "--out", out], {
    QLIK_API_KEY: tenant().apiKey,
  });
  expect(result).toMatchObject({ code: 0 });
  expect(result.stdout).toMatch(/users\s+\d+ declared/);
  expect(result.stdout).toMatch(/spaces\s+\d+ declared/);
  expect(result.stdout).toMatch(/space-assignments\s+\d+ declared/);
  expect(result.stdout).toMatch(/roles\s+2 declared/);
  expect(result.stdout).toMatch(/group-members\s+\d+ declared/);
  expect(result.stdout).not.toMatch(/not imported/);
  expect(result.stdout).toMatch(/\d+ requests in [\d.]+ s\./);
  expect(result.stderr).toMatch(/^Reading users…$/m); // plain lines: not a terminal
  expect((await emulator.log(since)).filter((entry) => entry.method !== "GET")).toEqual([]);
  for (const file of fs.readdirSync(out)) {
    expect(fs.readFileSync(path.join(out, file), "utf8")).not.toContain(tenant().apiKey);
  }
  const index = fs.readFileSync(path.join(out, "index.ts"), "utf8");
  const classes = ["Role", "User", "Group", "GroupMembers", "GroupSettings", "Space", "SpaceAssignment"];
  for (const className of [...classes, "TenantSettings", "Tenant"]) {
    expect(index).toContain(`new qlik.${className}(`);
  }
  expect(index).toMatch(/spaceId: spaces\[?[."a-z0-9-]+\]?\.id,/); // references between declared objects
  expect(index).toMatch(/groupId: groups\[?[."a-z0-9-]+\]?\.id,/);
  expect(index).toMatch(/userIds: \[\s*users\[?[."a-z0-9-]+\]?\.id,/);
  expect(index).toMatch(/everyoneAssignedRoles: \[[^\]]*roles\["support-analyst"\]\.name/);
  expect(index).not.toContain("customGroups:"); // memberships are GroupMembers' only
  program = await ProgramCopy.at(out);
});

test("pulumi up adopts every object and writes nothing (no PATCH, DELETE, PUT; POSTs only to read)", async () => {
  ws = await tenantStack(program.dir, tenant());
  // First a preview, as the generated README says: every role list naming a declared custom role by reference
  // (`roles.x.name`) passes the role check (a Role checked earlier in the deployment counts as valid).
  const previewed = await ws.preview();
  transcript("import: first preview", previewed);
  expect(previewed.code).toBe(0);
  expect(previewed.stdout).not.toMatch(/has no role/);
  const since = await emulator.lastSeq();
  const result = await ws.up(TYPE_CHECK);
  transcript("import: up", result);
  expectSuccess(result);
  const requests = await emulator.log(since);
  // Nothing written; the only POSTs are GroupMembers' batched reads of its groups (`…/actions/filter`).
  expect(describeRequests(writes(requests))).toEqual([]);
  expect(
    requests.filter((entry) => entry.method === "POST").every((entry) => entry.path.endsWith("/actions/filter")),
  ).toBe(true);
  expect(requests.filter((entry) => entry.status >= 400)).toEqual([]);
  // The singletons were adopted by reading them (no POST, PATCH or toggle above).
  for (const singleton of ["/api/v1/groups/settings", "/api/v1/tenant-settings"]) {
    expect(requests.filter((entry) => entry.path === singleton).map((entry) => entry.method)).toEqual(["GET"]);
  }
  // Every user, group, space and assignment, the group settings, the settings, the tenant, and the stack itself.
  const state = await emulator.state(tenant().id);
  const spaces = state.spaces.length + state.spaces.reduce((n, space) => n + space.assignments.length, 0);
  expect(spaces).toBeGreaterThan(10);
  // Adopting a space is one lookup by name and type; an assignment, one lookup by assignee (no PUT: same roles).
  const lookups = (pattern: RegExp) => requests.filter((entry) => pattern.test(entry.path)).length;
  expect(lookups(/^\/api\/v1\/spaces$/)).toBe(state.spaces.length);
  expect(requests.filter((entry) => /^\/api\/v1\/spaces\/[^/]+\/assignments$/.test(entry.path))).toHaveLength(
    spaces - state.spaces.length,
  );
  // Custom roles: one lookup by name each; group members: the group and its members listing per group.
  const customRoles = state.roles.filter((role) => role.type === "custom").length;
  expect(customRoles).toBe(2);
  const customGroupsWithMembers = state.groups.filter(
    (group) =>
      group.providerType === "custom" &&
      state.users.some((user) => user.assignedGroups?.some((assigned) => assigned.id === group.id)),
  ).length;
  expect(customGroupsWithMembers).toBeGreaterThanOrEqual(3);
  expect(requests.filter((entry) => entry.path === "/api/v1/roles" && entry.query.filter)).toHaveLength(customRoles);
  const declared = state.users.length + state.groups.length + spaces + customRoles + customGroupsWithMembers + 4;
  expect(result.stdout).toMatch(new RegExp(`\\+ ${declared} created`));
});

test("the no-change preview passes", async () => {
  const result = await ws.preview({ expectNoChanges: true });
  transcript("import: preview --expect-no-changes", result);
  expect(result.code).toBe(0);
});

test("an edit of one object previews as exactly that update", async () => {
  program.edit('name: "Alice Seed",', 'name: "Alice Renamed",');
  const result = await ws.preview({ json: true });
  transcript("import: preview after an edit", result);
  expect(result.code).toBe(0);
  const changed = (result.json?.steps ?? []).filter((step) => step.op !== "same");
  expect(changed.map((step) => `${step.op} ${step.urn.split("::").pop()}`)).toEqual(["update alice"]);
  expect(result.json?.changeSummary).toMatchObject({ update: 1 });
});
