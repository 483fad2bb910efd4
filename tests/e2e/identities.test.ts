/**
 * `User.customGroups` and the identity lookups (`getUserOutput`, `getGroupOutput`, `getRolesOutput`) through the
 * real CLI: up creates two custom groups and a user in one of them, the lookups read back what Qlik has, a
 * membership edit is one user PATCH of `/assignedGroups`, preview and refresh then propose nothing, destroy cleans up.
 */
import { expectSuccess, type PulumiWorkspace } from "./harness";
import {
  describeRequests,
  ProgramCopy,
  startEmulatorProcess,
  tenantStack,
  transcript,
  TYPE_CHECK,
  writes,
  type EmulatorProcess,
} from "./support";

const PROGRAM = `import * as qlik from "pulumi-qlik";

const finance = new qlik.Group("finance", { name: "Finance Team", providerType: "custom" });
const ops = new qlik.Group("ops", { name: "Ops", providerType: "custom" });
const ada = new qlik.User("ada", {
  subject: "auth0|ada-identities",
  email: "ada.identities@example.com",
  name: "Ada",
  customGroups: [finance.name],
});

// Looked up by id: unknown during the first preview, so the lookups run once the objects exist.
const adaInQlik = qlik.getUserOutput({ id: ada.id });
export const adaSubject = adaInQlik.subject;
export const adaCustomGroups = adaInQlik.customGroups;
export const opsProviderType = qlik.getGroupOutput({ id: ops.id }).providerType;
export const defaultRoles = qlik.getRolesOutput({ type: "default" }).roles.apply((roles) => roles.map((role) => role.name));
`;

let emulator: EmulatorProcess;
let program: ProgramCopy;
let ws: PulumiWorkspace;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  program = await ProgramCopy.of("quickstart");
  program.write(PROGRAM);
  ws = await tenantStack(program.dir, emulator.info.tenants[0]);
});

afterAll(async () => {
  await ws?.dispose();
  await program?.dispose();
  await emulator?.stop();
});

test("up creates the groups and the user in Finance Team; the lookups report what Qlik has", async () => {
  const since = await emulator.lastSeq();
  const up = await ws.up(TYPE_CHECK);
  transcript("identities: up", up);
  expectSuccess(up);
  const written = describeRequests(writes(await emulator.log(since)));
  expect(written.filter((line) => line.startsWith("POST /api/v1/groups "))).toHaveLength(2);
  expect(written.filter((line) => line.startsWith("POST /api/v1/users "))).toHaveLength(1);
  const outputs = await ws.stackOutputs();
  expect(outputs.adaSubject).toBe("auth0|ada-identities");
  expect(outputs.adaCustomGroups).toEqual(["Finance Team"]);
  expect(outputs.opsProviderType).toBe("custom");
  expect(outputs.defaultRoles).toEqual(expect.arrayContaining(["TenantAdmin", "Developer"]));
});

test("moving the user into Ops as well is one PATCH of the user; preview and refresh then change nothing", async () => {
  program.edit("customGroups: [finance.name],", "customGroups: [finance.name, ops.name],");
  const since = await emulator.lastSeq();
  const up = await ws.up(TYPE_CHECK);
  transcript("identities: membership edit", up);
  expectSuccess(up);
  const patches = writes(await emulator.log(since));
  expect(describeRequests(patches)).toEqual([expect.stringMatching(/^PATCH \/api\/v1\/users\/\w+ 204$/)]);
  expect(JSON.stringify(patches[0].body)).toContain("/assignedGroups");
  expect(((await ws.stackOutputs()).adaCustomGroups as string[]).slice().sort()).toEqual(["Finance Team", "Ops"]);

  const quiet = await emulator.lastSeq();
  expectSuccess(await ws.preview({ expectNoChanges: true }));
  expectSuccess(await ws.refresh({ args: ["--expect-no-changes"] }));
  expect(describeRequests(writes(await emulator.log(quiet)))).toEqual([]);
});

test("destroy deletes the user and both groups", async () => {
  const since = await emulator.lastSeq();
  expectSuccess(await ws.destroy());
  const deletes = describeRequests(writes(await emulator.log(since))).filter((line) => line.startsWith("DELETE"));
  expect(deletes).toHaveLength(3);
  const after = await emulator.state();
  expect(after.users.some((user) => user.subject === "auth0|ada-identities")).toBe(false);
  expect(after.groups.some((group) => group.name === "Finance Team" || group.name === "Ops")).toBe(false);
});
