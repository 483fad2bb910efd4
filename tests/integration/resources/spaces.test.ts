/**
 * Space, SpaceAssignment and getSpace against the emulator, through the provider's shared client and settings
 * (QLIK_API_KEY; tenantUrl as an input). Request lists come from the emulator's log.
 */
import type { EmulatorHandle } from "../../../emulator";
import { createClient } from "../../../provider/http";
import type { HttpMethod } from "../../../provider/http/types";
import { implementation as space, type SpaceInputs, type SpaceOutputs } from "../../../provider/spaces";
import { implementation as assignment, type SpaceAssignmentInputs } from "../../../provider/spaceAssignments";
import { getSpaceData } from "../../../provider/dataSources/space";
import { useEmulator } from "../emulator";

let emu: EmulatorHandle;
useEmulator({ logBodies: true }, (handle) => (emu = handle));

const requests = () => emu.log.map((entry) => `${entry.method} ${entry.path}`);
const userId = (subject: string) => emu.state().users.find((user) => user.subject === subject)!.id;
const groupId = (name: string) => emu.state().groups.find((group) => group.name === name)!.id;

async function checkedSpace(news: Record<string, unknown>): Promise<SpaceInputs> {
  const result = await space.check({}, { tenantUrl: emu.tenantUrl, ...news });
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

async function checkedAssignment(news: Record<string, unknown>): Promise<SpaceAssignmentInputs> {
  const result = await assignment.check({}, { tenantUrl: emu.tenantUrl, ...news });
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

/** A direct change in Qlik, as an administrator would make it in the UI. */
async function inQlik(method: HttpMethod, path: string, body?: unknown): Promise<unknown> {
  const client = createClient({
    origin: emu.tenantUrl,
    credentials: { kind: "apiKey", apiKey: emu.tenants[0].apiKey },
  });
  return (await client.request({ method, path, body })).body;
}

async function newSpace(news: Record<string, unknown>): Promise<{ id: string; outs: SpaceOutputs }> {
  const created = await space.create(await checkedSpace(news));
  return { id: created.id, outs: created.outs! };
}

describe("Space on the emulator", () => {
  it("goes through create → read → update (one PATCH) → drift → delete → read (gone)", async () => {
    const inputs = await checkedSpace({ name: "Finance Analytics", type: "shared", description: "Finance apps" });
    emu.clearLog();
    const created = await space.create(inputs);
    expect(requests()).toEqual(["POST /api/v1/spaces"]);
    expect(emu.log[0].body).toEqual({ name: "Finance Analytics", type: "shared", description: "Finance apps" });
    const admin = userId("auth0|emu-admin");
    expect(created.outs).toEqual({
      ...inputs,
      ownerId: admin,
      spaceId: created.id,
      tenantId: emu.tenants[0].id,
      createdAt: expect.any(String),
      createdBy: admin,
      updatedAt: expect.any(String),
      managedInputs: ["description", "name", "tenantUrl", "type"],
    });

    emu.clearLog();
    const read = await space.read(created.id, created.outs!);
    expect(requests()).toEqual([`GET /api/v1/spaces/${created.id}`]);
    expect(read.props).toEqual(created.outs);
    expect(await space.diff(created.id, read.props!, inputs)).toEqual({ changes: false });

    const alice = userId("auth0|seed-alice");
    const news = await checkedSpace({ ...inputs, name: "Finance", ownerId: alice });
    expect(await space.diff(created.id, read.props!, news)).toEqual({ changes: true });
    emu.clearLog();
    const updated = await space.update(created.id, read.props!, news);
    expect(requests()).toEqual([`PATCH /api/v1/spaces/${created.id}`]);
    expect(emu.log[0].body).toEqual([
      { op: "replace", path: "/name", value: "Finance" },
      { op: "replace", path: "/ownerId", value: alice },
    ]);
    expect(updated.outs).toMatchObject({ name: "Finance", ownerId: alice });

    await inQlik("PATCH", `/api/v1/spaces/${created.id}`, [{ op: "replace", path: "/description", value: "edited" }]);
    const drifted = await space.read(created.id, updated.outs!);
    expect(drifted.inputs).toMatchObject({ description: "edited" });
    expect(await space.diff(created.id, drifted.props!, news)).toEqual({ changes: true });

    emu.clearLog();
    await space.delete(created.id, updated.outs!);
    expect(requests()).toEqual([`DELETE /api/v1/spaces/${created.id}`]);
    expect(await space.read(created.id, updated.outs!)).toEqual({ id: "" });
    await space.delete(created.id, updated.outs!); // 404 counts as deleted
  });

  it("sets the owner at creation with one PATCH after the POST", async () => {
    const alice = userId("auth0|seed-alice");
    emu.clearLog();
    const { id, outs } = await newSpace({ name: "Sales", type: "managed", ownerId: alice });
    expect(requests()).toEqual(["POST /api/v1/spaces", `PATCH /api/v1/spaces/${id}`]);
    expect(outs.ownerId).toBe(alice);
  });

  it("explains a name conflict and adopts by name + type with adoptExisting", async () => {
    const first = await newSpace({ name: "Ops", type: "shared", description: "one" });
    await expect(space.create(await checkedSpace({ name: "Ops", type: "shared" }))).rejects.toThrow(
      new RegExp(`Qlik already has space ${first.id} named "Ops" \\(type "shared"\\).*adoptExisting: true`),
    );
    // Another type may use the same name.
    await newSpace({ name: "Ops", type: "managed" });
    emu.clearLog();
    const adopted = await space.create(
      await checkedSpace({ name: "Ops", type: "shared", description: "two", adoptExisting: true }),
    );
    expect(adopted.id).toBe(first.id);
    expect(requests()).toEqual([`GET /api/v1/spaces`, `PATCH /api/v1/spaces/${first.id}`]);
    expect(emu.log[0].query).toMatchObject({ name: "Ops", type: "shared" });
  });

  it("replaces on a type change and reports an update of a deleted space clearly", async () => {
    const { id, outs } = await newSpace({ name: "Lab", type: "shared" });
    const moved = await checkedSpace({ name: "Lab", type: "data" });
    expect(await space.diff(id, outs, moved)).toEqual({ changes: true, replaces: ["type"], deleteBeforeReplace: true });
    await inQlik("DELETE", `/api/v1/spaces/${id}`);
    await expect(space.update(id, outs, await checkedSpace({ name: "Lab 2", type: "shared" }))).rejects.toThrow(
      /no longer exists.*pulumi refresh/,
    );
  });

  it("refuses bad names at check, naming the property and the fix", async () => {
    const bad = await space.check({}, { name: "a/b", type: "shared" });
    expect(bad.failures).toEqual([{ property: "name", reason: expect.stringMatching(/must not contain any of/) }]);
    const long = await space.check({}, { name: "x".repeat(257), type: "team" });
    expect(long.failures?.map((failure) => failure.property)).toEqual(["name", "type"]);
  });
});

describe("SpaceAssignment on the emulator", () => {
  it("goes through create → read → roles change (one PUT) → drift → delete", async () => {
    const target = await newSpace({ name: "Reports", type: "managed" });
    const finance = groupId("Finance");
    const inputs = await checkedAssignment({
      spaceId: target.id,
      assigneeId: finance,
      type: "group",
      roles: ["consumer"],
    });
    emu.clearLog();
    const created = await assignment.create(inputs);
    expect(requests()).toEqual([`GET /api/v1/spaces/${target.id}`, `POST /api/v1/spaces/${target.id}/assignments`]);
    expect(emu.log[1].body).toEqual({ assigneeId: finance, type: "group", roles: ["consumer"] });
    const [spaceId, assignmentId] = created.id.split("/");
    expect(spaceId).toBe(target.id);
    expect(created.outs).toMatchObject({ ...inputs, assignmentId, tenantId: emu.tenants[0].id });

    emu.clearLog();
    const read = await assignment.read(created.id, created.outs!);
    expect(requests()).toEqual([`GET /api/v1/spaces/${target.id}/assignments/${assignmentId}`]);
    expect(read.props).toEqual(created.outs);

    const news = await checkedAssignment({ ...inputs, roles: ["publisher", "consumer"] });
    expect(await assignment.diff(created.id, read.props!, news)).toEqual({ changes: true });
    expect(await assignment.diff(created.id, read.props!, { ...inputs, roles: ["consumer"] })).toEqual({
      changes: false,
    });
    emu.clearLog();
    const updated = await assignment.update(created.id, read.props!, news);
    expect(requests()).toEqual([
      `GET /api/v1/spaces/${target.id}`,
      `PUT /api/v1/spaces/${target.id}/assignments/${assignmentId}`,
    ]);
    expect(emu.log[1].body).toEqual({ roles: ["consumer", "publisher"] });
    expect(updated.outs).toMatchObject({ roles: ["publisher", "consumer"] });

    await inQlik("PUT", `/api/v1/spaces/${target.id}/assignments/${assignmentId}`, { roles: ["contributor"] });
    const drifted = await assignment.read(created.id, updated.outs!);
    expect(drifted.inputs).toMatchObject({ roles: ["contributor"] });
    expect(await assignment.diff(created.id, drifted.props!, news)).toEqual({ changes: true });

    emu.clearLog();
    await assignment.delete(created.id, drifted.props!);
    expect(requests()).toEqual([`DELETE /api/v1/spaces/${target.id}/assignments/${assignmentId}`]);
    expect(await assignment.read(created.id, drifted.props!)).toEqual({ id: "" });
  });

  it("validates roles against the space's type at check when the space exists, and before any write otherwise", async () => {
    const shared = await newSpace({ name: "Team", type: "shared" });
    const alice = userId("auth0|seed-alice");
    const news = { spaceId: shared.id, assigneeId: alice, type: "user", roles: ["publisher"] };
    emu.clearLog();
    const result = await assignment.check({}, { tenantUrl: emu.tenantUrl, ...news });
    expect(result.failures).toEqual([
      {
        property: "roles",
        reason:
          'roles "publisher" cannot be assigned in the shared space "Team"; a shared space allows codeveloper, ' +
          "consumer, dataconsumer, facilitator, producer.",
      },
    ]);
    expect(requests()).toEqual([`GET /api/v1/spaces/${shared.id}`]);

    // create (as when the space was unknown at preview) refuses before writing anything.
    emu.clearLog();
    await expect(assignment.create({ ...news, tenantUrl: emu.tenantUrl } as SpaceAssignmentInputs)).rejects.toThrow(
      /cannot be assigned in the shared space "Team".*nothing was written/,
    );
    expect(requests()).toEqual([`GET /api/v1/spaces/${shared.id}`]);

    // A space that is not reachable or does not exist yet is no check failure.
    const unknownSpace = await assignment.check({}, { ...news, spaceId: "0123456789abcdef01234567" });
    expect(unknownSpace.failures).toBeUndefined();
  });

  it("explains the one-assignment-per-assignee conflict and adopts with adoptExisting (one PUT)", async () => {
    const target = await newSpace({ name: "Board", type: "shared" });
    const carol = userId("auth0|seed-carol");
    const inputs = await checkedAssignment({
      spaceId: target.id,
      assigneeId: carol,
      type: "user",
      roles: ["consumer"],
    });
    const first = await assignment.create(inputs);
    await expect(assignment.create({ ...inputs, roles: ["producer"] })).rejects.toThrow(
      new RegExp(`Qlik already has space assignment ${first.id} for user ${carol}.*adoptExisting: true`),
    );
    emu.clearLog();
    const adopted = await assignment.create({ ...inputs, roles: ["producer"], adoptExisting: true });
    expect(adopted.id).toBe(first.id);
    expect(requests()).toEqual([
      `GET /api/v1/spaces/${target.id}/assignments`,
      `GET /api/v1/spaces/${target.id}`,
      `PUT /api/v1/spaces/${target.id}/assignments/${first.id.split("/")[1]}`,
    ]);
  });

  it("replaces when the assignee changes, deleting first only when the two would collide", async () => {
    const target = await newSpace({ name: "Field", type: "data" });
    const inputs = await checkedAssignment({
      spaceId: target.id,
      assigneeId: groupId("Sales"),
      type: "group",
      roles: ["operator"],
    });
    const { id, outs } = await assignment.create(inputs);
    expect(await assignment.diff(id, outs!, { ...inputs, assigneeId: groupId("Finance") })).toEqual({
      changes: true,
      replaces: ["assigneeId"],
      deleteBeforeReplace: false,
    });
  });

  it("refuses ids that are not <spaceId>/<assignmentId> before any request", async () => {
    emu.clearLog();
    await expect(assignment.read("abc", {} as never)).rejects.toThrow(/must be 2 Qlik ids/);
    await expect(assignment.delete("a/../b", {} as never)).rejects.toThrow(/must be 2 Qlik ids/);
    expect(emu.log).toEqual([]);
  });
});

describe("getSpace on the emulator", () => {
  const settings = () => ({ tenantUrl: emu.tenantUrl, apiKey: emu.tenants[0].apiKey });

  it("finds a space by id or exact name, and fails clearly on none or several", async () => {
    const ops = await newSpace({ name: "Ops", type: "shared" });
    await newSpace({ name: "Ops Extra", type: "shared" });
    expect(await getSpaceData({ name: "Ops" }, settings())).toMatchObject({
      id: ops.id,
      name: "Ops",
      type: "shared",
      assignableRoles: ["codeveloper", "consumer", "dataconsumer", "facilitator", "producer"],
    });
    expect(await getSpaceData({ id: ops.id }, settings())).toMatchObject({ id: ops.id, name: "Ops" });
    await expect(getSpaceData({ name: "ops" }, settings())).rejects.toThrow(/no space named "ops"/);
    await newSpace({ name: "Ops", type: "managed" });
    await expect(getSpaceData({ name: "Ops" }, settings())).rejects.toThrow(/has 2 spaces named "Ops".*Pass type/);
    expect(await getSpaceData({ name: "Ops", type: "managed" }, settings())).toMatchObject({ type: "managed" });
    await expect(getSpaceData({ id: "0123456789abcdef01234567" }, settings())).rejects.toThrow(/no space with id/);
    await expect(getSpaceData({}, settings())).rejects.toThrow(/exactly one of id or name/);
  });
});
