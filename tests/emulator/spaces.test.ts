/**
 * The emulator's spaces and space assignments: name rules, unique names per type, owners, roles per space type,
 * one assignment per assignee (409), filters and pagination of both listings, 404s; and the same endpoints driven
 * by Qlik's own generated client (`@qlik/api/spaces`), which nobody here wrote.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { client, collectPages, type Api, type Json } from "./support/http";

let emu: EmulatorHandle;
let api: Api;

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false });
  api = client(emu.tenantUrl, emu.tenants[0].apiKey);
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const userId = (subject: string) => emu.state().users.find((user) => user.subject === subject)!.id;
const groupId = (name: string) => emu.state().groups.find((group) => group.name === name)!.id;
const put = (path: string, body: unknown) => api.send("PUT", path, { body });

async function createSpace(body: Json): Promise<Json> {
  const res = await api.post("/api/v1/spaces", body);
  expect(res.status).toBe(201);
  return res.body;
}

describe("spaces", () => {
  test("POST creates a space owned by the caller, with Qlik's shape", async () => {
    const space = await createSpace({ name: "Finance", type: "managed", description: "Published apps" });
    const admin = userId("auth0|emu-admin");
    expect(space).toMatchObject({
      name: "Finance",
      type: "managed",
      description: "Published apps",
      ownerId: admin,
      createdBy: admin,
      tenantId: emu.tenants[0].id,
      meta: {
        assignableRoles: ["basicconsumer", "consumer", "contributor", "dataconsumer", "facilitator", "publisher"],
      },
      links: { self: { href: `${emu.tenantUrl}/api/v1/spaces/${space.id}` } },
    });
    expect((await api.get(`/api/v1/spaces/${space.id}`)).body).toEqual(space);
  });

  test('names: required, at most 256 characters, none of "*?<>/|\\:, unique per type (case-insensitively)', async () => {
    for (const name of ["", "x".repeat(257), 'a"b', "a*b", "a?b", "a<b", "a>b", "a/b", "a|b", "a\\b", "a:b"]) {
      const res = await api.post("/api/v1/spaces", { name, type: "shared" });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ code: "SPACES-1", meta: { source: { pointer: "/name" } } });
    }
    expect((await api.post("/api/v1/spaces", { name: "x".repeat(256), type: "shared" })).status).toBe(201);
    await createSpace({ name: "Ops", type: "shared" });
    const duplicate = await api.post("/api/v1/spaces", { name: "OPS", type: "shared" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors[0]).toMatchObject({ code: "SPACES-9", title: "Conflict" });
    expect((await api.post("/api/v1/spaces", { name: "Ops", type: "data" })).status).toBe(201);
    expect((await api.post("/api/v1/spaces", { name: "Ops", type: "personal" })).status).toBe(400);
    expect((await api.post("/api/v1/spaces", { name: "Ops", type: "shared", ownerId: "x" })).status).toBe(400);
  });

  test("PATCH replaces name, description and owner; owners must be users; renames keep names unique", async () => {
    const space = await createSpace({ name: "A", type: "shared" });
    await createSpace({ name: "B", type: "shared" });
    const alice = userId("auth0|seed-alice");
    const patched = await api.patch(`/api/v1/spaces/${space.id}`, [
      { op: "replace", path: "/name", value: "A2" },
      { op: "replace", path: "/description", value: "d" },
      { op: "replace", path: "/ownerId", value: alice },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "A2", description: "d", ownerId: alice });
    const cases: [Json, number][] = [
      [[{ op: "replace", path: "/name", value: "b" }], 409],
      [[{ op: "replace", path: "/ownerId", value: "0123456789abcdef01234567" }], 400],
      [[{ op: "add", path: "/description", value: "d" }], 400],
      [[{ op: "replace", path: "/type", value: "managed" }], 400],
      [[{ op: "replace", path: "/name", value: "a/b" }], 400],
      [[], 400],
    ];
    for (const [body, status] of cases)
      expect((await api.patch(`/api/v1/spaces/${space.id}`, body)).status).toBe(status);
    // All or nothing: a failing owner leaves the name alone.
    await api.patch(`/api/v1/spaces/${space.id}`, [
      { op: "replace", path: "/name", value: "A3" },
      { op: "replace", path: "/ownerId", value: "0123456789abcdef01234567" },
    ]);
    expect((await api.get(`/api/v1/spaces/${space.id}`)).body.name).toBe("A2");
    expect((await put(`/api/v1/spaces/${space.id}`, { description: "e" })).body).toMatchObject({
      name: "A2",
      description: "e",
    });
  });

  test("404s for unknown spaces, and DELETE removes the space with its assignments", async () => {
    for (const path of ["/api/v1/spaces/0123456789abcdef01234567", "/api/v1/spaces/personal"]) {
      const res = await api.get(path);
      expect(res.status).toBe(404);
      expect(res.body.errors[0]).toMatchObject({ code: "SPACES-7" });
    }
    const space = await createSpace({ name: "Gone", type: "shared" });
    await api.post(`/api/v1/spaces/${space.id}/assignments`, {
      assigneeId: groupId("Sales"),
      type: "group",
      roles: ["consumer"],
    });
    expect((await api.delete(`/api/v1/spaces/${space.id}`)).status).toBe(204);
    expect((await api.delete(`/api/v1/spaces/${space.id}`)).status).toBe(404);
    expect((await api.get(`/api/v1/spaces/${space.id}/assignments`)).status).toBe(404);
    expect(emu.state().spaces).toEqual([]);
  });

  test("the listing: filters by type, open name search, SCIM name filter, owner; sorts; pages; never personal spaces", async () => {
    const alice = userId("auth0|seed-alice");
    for (let index = 0; index < 5; index++) await createSpace({ name: `Team ${index}`, type: "shared" });
    await createSpace({ name: "Finance", type: "managed" });
    const griffin = await createSpace({ name: "Griffin", type: "data" });
    await api.patch(`/api/v1/spaces/${griffin.id}`, [{ op: "replace", path: "/ownerId", value: alice }]);

    const first = await api.get("/api/v1/spaces");
    expect(first.body.data).toHaveLength(7);
    expect(first.body.meta).toEqual({ count: 7, personalSpace: expect.objectContaining({ resourceType: "space" }) });
    const names = async (query: string) => (await collectPages(api, `/api/v1/spaces?${query}`)).map((s) => s.name);
    expect(await names("type=managed,data")).toEqual(["Finance", "Griffin"]);
    expect(await names("name=FIN")).toEqual(["Finance", "Griffin"]);
    expect(await names(`filter=${encodeURIComponent('name eq "finance"')}`)).toEqual(["Finance"]);
    expect(await names(`ownerId=${alice}`)).toEqual(["Griffin"]);
    expect(await names("limit=2&sort=-name")).toEqual([
      "Team 4",
      "Team 3",
      "Team 2",
      "Team 1",
      "Team 0",
      "Griffin",
      "Finance",
    ]);
    const page = await api.get("/api/v1/spaces?limit=2&type=shared");
    expect(page.body.data).toHaveLength(2);
    expect(page.body.meta.count).toBe(5);
    expect(page.body.links.next.href).toContain("type=shared");
    for (const query of ["type=personal", "limit=0", "limit=101", "sort=owner", "next=garbage"]) {
      expect((await api.get(`/api/v1/spaces?${query}`)).status).toBe(400);
    }
  });
});

describe("space assignments", () => {
  test("roles must be valid for the space's type; one assignment per assignee (409); assignees must exist", async () => {
    const shared = await createSpace({ name: "Shared", type: "shared" });
    const managed = await createSpace({ name: "Managed", type: "managed" });
    const data = await createSpace({ name: "Data", type: "data" });
    const finance = groupId("Finance");
    const assign = (space: Json, body: Json) => api.post(`/api/v1/spaces/${space.id}/assignments`, body);
    const allowed: [Json, string[], string[]][] = [
      [shared, ["codeveloper", "consumer", "dataconsumer", "facilitator", "producer"], ["publisher", "basicconsumer"]],
      [
        managed,
        ["basicconsumer", "consumer", "contributor", "dataconsumer", "facilitator", "publisher"],
        ["producer", "codeveloper"],
      ],
      [
        data,
        ["consumer", "dataconsumer", "datapreview", "facilitator", "operator", "producer", "publisher"],
        ["contributor"],
      ],
    ];
    for (const [space, good, bad] of allowed) {
      for (const role of bad) {
        const res = await assign(space, { assigneeId: finance, type: "group", roles: ["consumer", role] });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].meta).toEqual({ source: { pointer: "/roles/1" } });
      }
      const res = await assign(space, { assigneeId: finance, type: "group", roles: good });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ spaceId: space.id, assigneeId: finance, type: "group", roles: good });
      const again = await assign(space, { assigneeId: finance, type: "group", roles: ["consumer"] });
      expect(again.status).toBe(409);
    }
    const invalid: Json[] = [
      { assigneeId: finance, type: "group", roles: [] },
      { assigneeId: finance, type: "user", roles: ["consumer"] },
      { assigneeId: "0123456789abcdef01234567", type: "group", roles: ["consumer"] },
      { assigneeId: finance, type: "group", roles: ["owner"] },
      { assigneeId: finance, type: "team", roles: ["consumer"] },
      { assigneeId: finance, type: "group" },
    ];
    const other = await createSpace({ name: "Other", type: "shared" });
    for (const body of invalid) expect((await assign(other, body)).status).toBe(400);
  });

  test("GET, PUT { roles } and DELETE one assignment; 404s; the listing filters and pages", async () => {
    const space = await createSpace({ name: "Team", type: "shared" });
    const base = `/api/v1/spaces/${space.id}/assignments`;
    const subjects = ["auth0|emu-admin", "auth0|seed-alice", "auth0|seed-bob", "auth0|seed-carol"];
    for (const subject of subjects) {
      await api.post(base, { assigneeId: userId(subject), type: "user", roles: ["consumer"] });
    }
    const created = await api.post(base, { assigneeId: groupId("Sales"), type: "group", roles: ["producer"] });
    const one = `${base}/${created.body.id}`;
    expect((await api.get(one)).body).toEqual(created.body);
    const updated = await put(one, { roles: ["consumer", "facilitator"] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ roles: ["consumer", "facilitator"], updatedBy: userId("auth0|emu-admin") });
    expect((await put(one, { roles: ["publisher"] })).status).toBe(400);
    expect((await put(one, { roles: [] })).status).toBe(400);

    expect((await collectPages(api, `${base}?limit=2`)).length).toBe(5);
    const groups = await api.get(`${base}?type=group`);
    expect(groups.body.data.map((a: Json) => a.id)).toEqual([created.body.id]);
    expect(groups.body.meta).toEqual({ count: 1 });
    const alice = await api.get(`${base}?assigneeId=${userId("auth0|seed-alice")}`);
    expect(alice.body.data).toHaveLength(1);
    expect((await api.get(`${base}?type=bot`)).status).toBe(400);

    expect((await api.delete(one)).status).toBe(204);
    expect((await api.get(one)).status).toBe(404);
    expect((await api.delete(one)).status).toBe(404);
    expect((await put(one, { roles: ["consumer"] })).status).toBe(404);
  });
});

describe("spaces through @qlik/api's own client", () => {
  test("every spaces and assignments call answers as the client expects", async () => {
    const script = join(__dirname, "support", "qlik-api-spaces.mjs");
    const alice = userId("auth0|seed-alice");
    const { stdout } = await promisify(execFile)(process.execPath, [
      script,
      emu.tenantUrl,
      emu.tenants[0].apiKey,
      alice,
      groupId("Finance"),
    ]);
    const steps = JSON.parse(stdout);
    const status = (name: string) => steps[name].status;
    expect(status("createManaged")).toBe(201);
    expect(status("createShared")).toBe(201);
    expect(status("createDuplicate")).toBe(409);
    expect(steps.createDuplicate.data.errors[0]).toMatchObject({ code: "SPACES-9", title: "Conflict" });
    expect(steps.types).toEqual({ status: 200, data: { data: ["shared", "managed", "data"] } });
    expect(steps.get.data).toMatchObject({ name: "Sales", type: "managed" });
    expect(status("getMissing")).toBe(404);
    expect(steps.patch.data).toMatchObject({ description: "Published sales apps", ownerId: alice });
    expect(steps.put.data).toMatchObject({ name: "Sales Reports", description: "Published sales apps" });
    expect(steps.filterByType.data.data.map((space: Json) => space.name)).toEqual(["Sales Reports"]);
    expect(steps.searchByName.data.data.map((space: Json) => space.name)).toEqual(["Region 0", "Region 1", "Region 2"]);
    expect(steps.pages).toEqual([["Region 0", "Region 1"], ["Region 2", "Sales"], ["Sales Reports"]]);
    expect(status("assign")).toBe(201);
    expect(status("assignAgain")).toBe(409);
    expect(status("assignBadRole")).toBe(400);
    expect(status("assignUser")).toBe(201);
    expect(steps.listAssignments.data.data).toHaveLength(1);
    expect(steps.getAssignment.data).toEqual(steps.assign.data);
    expect(steps.updateAssignment.data.roles).toEqual(["consumer", "publisher"]);
    expect(status("deleteAssignment")).toBe(204);
    expect(status("getDeletedAssignment")).toBe(404);
    expect(status("delete")).toBe(204);
    expect(status("deleteAgain")).toBe(404);
  });
});

describe("seeded spaces", () => {
  test("a seed can hold spaces with assignments; bad references fail start-up", async () => {
    const seed = defaultSeed();
    seed.tenants[0].spaces = [
      {
        name: "Company Handbook",
        type: "shared",
        description: "Read me",
        assignments: [
          { group: "Finance", roles: ["consumer"] },
          { user: "auth0|seed-alice", roles: ["producer", "facilitator"] },
        ],
      },
    ];
    const seeded = await startEmulator({ seed, rateLimits: false });
    try {
      const [space] = seeded.state().spaces;
      expect(space).toMatchObject({ name: "Company Handbook", type: "shared", description: "Read me" });
      expect(space.assignments.map((a) => [a.type, a.roles])).toEqual([
        ["group", ["consumer"]],
        ["user", ["producer", "facilitator"]],
      ]);
      seeded.reset();
      expect(seeded.state().spaces.map((s) => s.id)).toEqual([space.id]);
    } finally {
      await seeded.stop();
    }
    seed.tenants[0].spaces = [
      { name: "Bad", type: "managed", assignments: [{ group: "Finance", roles: ["producer"] }] },
    ];
    await expect(startEmulator({ seed, rateLimits: false })).rejects.toThrow(/cannot assign producer to Finance/);
  });
});
