/**
 * examples/access-model through the real Pulumi CLI against the emulator (child process): groups, a managed and a
 * shared space, group and user assignments, and an assignment in a space found with `getSpaceOutput`. preview
 * (no writes) → up → no-change preview → a role-list edit (one PUT) → a role the space's type refuses (preview
 * fails naming the allowed roles, nothing sent) → drift made in Qlik, seen by refresh and put back by up (one PUT)
 * → `Space.get` / `SpaceAssignment.get` references → destroy (only what the stack created goes; references stay).
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

let emulator: EmulatorProcess;
let program: ProgramCopy;
let ws: PulumiWorkspace;
let handbookId: string;
let destroyed = false;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  const tenant = emulator.info.tenants[0];
  // A space the stack does not manage, made by an administrator before the program runs.
  const handbook = await emulator.tenantApi(tenant, "POST", "/api/v1/spaces", {
    name: "Company Handbook",
    type: "shared",
  });
  expect(handbook.status).toBe(201);
  handbookId = ((await handbook.json()) as { id: string }).id;
  program = await ProgramCopy.of("access-model");
  ws = await tenantStack(program.dir, tenant);
  expectSuccess(await ws.setConfig("handbookSpace", "Company Handbook"));
});

afterAll(async () => {
  if (ws && !destroyed) await ws.destroy(); // best effort after a failure half-way
  await ws?.dispose();
  await program?.dispose();
  await emulator?.stop();
});

const writesDuring = async (step: () => Promise<unknown>) => writes(await emulator.during(step));

const spaceNamed = async (name: string) => (await emulator.state()).spaces.find((space) => space.name === name)!;
const rolesOf = async (spaceName: string, assigneeId: string) =>
  (await spaceNamed(spaceName)).assignments.find((assignment) => assignment.assigneeId === assigneeId)?.roles;
const groupId = async (name: string) => (await emulator.state()).groups.find((group) => group.name === name)!.id;

test("preview plans every object and writes nothing", async () => {
  const sent = await writesDuring(async () => {
    const preview = await ws.preview();
    transcript("access-model: preview", preview);
    expectSuccess(preview);
    expect(preview.stdout).toMatch(/\+ 11 to create/);
  });
  expect(describeRequests(sent)).toEqual([]);
});

test("up creates groups, user, spaces (owner set with one PATCH) and five assignments", async () => {
  const sent = await writesDuring(async () => {
    const up = await ws.up(TYPE_CHECK);
    transcript("access-model: up", up);
    expectSuccess(up);
  });
  const lines = describeRequests(sent).map((line) => line.replace(/[0-9a-f]{24}/g, "<id>"));
  expect(lines.sort()).toEqual(
    [
      "POST /api/v1/groups 201",
      "POST /api/v1/groups 201",
      "POST /api/v1/users 201",
      "POST /api/v1/spaces 201",
      "POST /api/v1/spaces 201",
      "PATCH /api/v1/spaces/<id> 200",
      ...Array(5).fill("POST /api/v1/spaces/<id>/assignments 201"),
    ].sort(),
  );
  const state = await emulator.state();
  const lead = state.users.find((user) => user.subject === "auth0|access-model-lead")!;
  const analysts = await groupId("Sales Analysts");
  const publishers = await groupId("Sales Publishers");
  expect((await spaceNamed("Sales Lab")).ownerId).toBe(lead.id);
  expect(await rolesOf("Sales Reports", analysts)).toEqual(["consumer"]);
  expect(await rolesOf("Sales Reports", publishers)).toEqual(["consumer", "publisher"]);
  expect(await rolesOf("Sales Lab", analysts)).toEqual(["producer"]);
  expect(await rolesOf("Sales Lab", lead.id)).toEqual(["facilitator"]);
  expect(await rolesOf("Company Handbook", analysts)).toEqual(["consumer"]);
  const outputs = await ws.stackOutputs();
  expect(outputs).toMatchObject({
    labOwner: lead.id,
    reportsAssignableRoles: ["basicconsumer", "consumer", "contributor", "dataconsumer", "facilitator", "publisher"],
  });
});

test("a second preview and a refresh find nothing to change", async () => {
  const sent = await writesDuring(async () => {
    const preview = await ws.preview({ expectNoChanges: true });
    transcript("access-model: no-change preview", preview);
    expectSuccess(preview);
    expectSuccess(await ws.refresh({ args: ["--expect-no-changes"] }));
  });
  expect(describeRequests(sent)).toEqual([]);
});

test("editing a role list is one PUT of the assignment", async () => {
  program.edit(
    `  assigneeId: analysts.id,
  type: "group",
  roles: ["consumer"],
});

new qlik.SpaceAssignment("sales-reports-publishers"`,
    `  assigneeId: analysts.id,
  type: "group",
  roles: ["consumer", "dataconsumer"],
});

new qlik.SpaceAssignment("sales-reports-publishers"`,
  );
  const sent = await writesDuring(async () => expectSuccess(await ws.up()));
  expect(describeRequests(sent).map((line) => line.replace(/[0-9a-f]{24}/g, "<id>"))).toEqual([
    "PUT /api/v1/spaces/<id>/assignments/<id> 200",
  ]);
  expect(await rolesOf("Sales Reports", await groupId("Sales Analysts"))).toEqual(["consumer", "dataconsumer"]);
});

test("a role the space's type does not allow fails the preview, naming the allowed roles, before any write", async () => {
  program.edit(`roles: ["facilitator"],`, `roles: ["publisher"],`);
  const sent = await writesDuring(async () => {
    const preview = await ws.preview();
    transcript("access-model: invalid role", preview);
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(
      /roles "publisher" cannot be assigned in the shared space "Sales Lab"; a shared space allows codeveloper, consumer, dataconsumer, facilitator, producer/,
    );
  });
  expect(describeRequests(sent)).toEqual([]);
  program.edit(`roles: ["publisher"],`, `roles: ["facilitator"],`);
});

test("drift made in Qlik shows in refresh, and up puts the roles back with one PUT", async () => {
  const lab = await spaceNamed("Sales Lab");
  const analysts = await groupId("Sales Analysts");
  const assignment = lab.assignments.find((item) => item.assigneeId === analysts)!;
  const changed = await emulator.tenantApi(
    emulator.info.tenants[0],
    "PUT",
    `/api/v1/spaces/${lab.id}/assignments/${assignment.id}`,
    { roles: ["consumer"] },
  );
  expect(changed.status).toBe(200);
  const refresh = await ws.refresh();
  transcript("access-model: refresh after drift", refresh);
  expectSuccess(refresh);
  expect(refresh.stdout).toMatch(/sales-lab-analysts/);
  expect(refresh.stdout).toMatch(/1 updated/);
  const drifted = await ws.preview({ diff: true });
  expectSuccess(drifted);
  expect(drifted.stdout).toMatch(/~ 1 to update/);

  const sent = await writesDuring(async () => expectSuccess(await ws.up()));
  expect(describeRequests(sent)).toEqual([`PUT /api/v1/spaces/${lab.id}/assignments/${assignment.id} 200`]);
  expect(await rolesOf("Sales Lab", analysts)).toEqual(["producer"]);
});

test("Space.get and SpaceAssignment.get read existing objects as external references, writing nothing", async () => {
  const handbook = await spaceNamed("Company Handbook");
  const analysts = await groupId("Sales Analysts");
  const assignment = handbook.assignments.find((item) => item.assigneeId === analysts)!;
  program.append(`
const handbookRef = qlik.Space.get("handbook-ref", "${handbookId}");
const handbookAnalystsRef = qlik.SpaceAssignment.get("handbook-analysts-ref", "${handbookId}/${assignment.id}");
export const references = {
  space: { id: handbookRef.id, name: handbookRef.name, type: handbookRef.type },
  assignment: { id: handbookAnalystsRef.id, roles: handbookAnalystsRef.roles, type: handbookAnalystsRef.type },
};
`);
  const sent = await writesDuring(async () => {
    const up = await ws.up(TYPE_CHECK);
    transcript("access-model: get references", up);
    expectSuccess(up);
  });
  expect(describeRequests(sent)).toEqual([]);
  expect((await ws.stackOutputs()).references).toEqual({
    space: { id: handbookId, name: "Company Handbook", type: "shared" },
    assignment: { id: `${handbookId}/${assignment.id}`, roles: ["consumer"], type: "group" },
  });
});

test("destroy removes what the stack created and leaves the looked-up space alone", async () => {
  const sent = await writesDuring(async () => expectSuccess(await ws.destroy()));
  destroyed = true;
  const lines = describeRequests(sent).map((line) => line.replace(/[0-9a-f]{24}/g, "<id>"));
  expect(lines.filter((line) => line.includes("/assignments/"))).toHaveLength(5);
  expect(lines.filter((line) => /^DELETE \/api\/v1\/spaces\/<id> 204$/.test(line))).toHaveLength(2);
  expect(lines.filter((line) => line.startsWith("DELETE /api/v1/groups/"))).toHaveLength(2);
  expect(lines.filter((line) => line.startsWith("DELETE /api/v1/users/"))).toHaveLength(1);
  expect(lines).toHaveLength(10);
  const state = await emulator.state();
  expect(state.spaces.map((space) => ({ id: space.id, assignments: space.assignments }))).toEqual([
    { id: handbookId, assignments: [] },
  ]);
  expect(state.groups.some((group) => group.name.startsWith("Sales "))).toBe(false);
});
