import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { client, collectPages, type Api, type Json } from "./support/http";

let emu: EmulatorHandle;
let api: Api;

beforeAll(async () => {
  const seed = defaultSeed();
  // A low cap on the second tenant (3 seeded groups + 2) so the limit can be reached quickly.
  seed.tenants[1].limits = { maxGroups: 5 };
  emu = await startEmulator({ seed, rateLimits: false });
  api = client(emu.tenantUrl, emu.tenants[0].apiKey);
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

async function groupNamed(name: string, providerType = "idp"): Promise<Json> {
  const filter = encodeURIComponent(`name eq "${name}" and providerType eq "${providerType}"`);
  return (await api.get(`/api/v1/groups?filter=${filter}`)).body.data[0];
}

describe("groups", () => {
  test("POST creates an IdP group by default, with roles by name", async () => {
    const res = await api.post("/api/v1/groups", { name: "Marketing", assignedRoles: [{ name: "Developer" }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Marketing",
      providerType: "idp",
      status: "active",
      tenantId: emu.tenants[0].id,
    });
    expect(res.body.assignedRoles).toEqual([
      expect.objectContaining({ name: "Developer", type: "default", level: "user" }),
    ]);
    expect(res.body.createdBy).toBe(emu.state().users.find((u) => u.subject === "auth0|emu-admin")?.id);
    expect((await api.get(`/api/v1/groups/${res.body.id}`)).body).toEqual(res.body);
  });

  test("names: at most 256 characters, case-sensitive, unique per providerType", async () => {
    expect((await api.post("/api/v1/groups", { name: "x".repeat(256) })).status).toBe(201);
    const long = await api.post("/api/v1/groups", { name: "y".repeat(257) });
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toMatchObject({ status: 400, source: { pointer: "/name" } });
    expect((await api.post("/api/v1/groups", { name: "" })).status).toBe(400);

    const dup = await api.post("/api/v1/groups", { name: "Finance" });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].code).toMatch(/^GROUPS-/);
    expect((await api.post("/api/v1/groups", { name: "finance" })).status).toBe(201);
    // An IdP group and a custom group may share a name.
    expect((await api.post("/api/v1/groups", { name: "Finance", providerType: "custom" })).status).toBe(201);
  });

  test("IdP groups cannot be seeded unless autoCreateGroups is on; custom groups can", async () => {
    expect(
      (await api.patch("/api/v1/groups/settings", [{ op: "replace", path: "/autoCreateGroups", value: false }])).status,
    ).toBe(204);
    expect((await api.get("/api/v1/groups/settings")).body.autoCreateGroups).toBe(false);
    const idp = await api.post("/api/v1/groups", { name: "Seeded" });
    expect(idp.status).toBe(403);
    expect(idp.body.errors[0].detail).toMatch(/autoCreateGroups/);
    expect((await api.post("/api/v1/groups", { name: "Seeded", providerType: "custom" })).status).toBe(201);
  });

  test("validation: description only on custom groups, ≤ 100 roles, unknown roles, unknown fields", async () => {
    expect((await api.post("/api/v1/groups", { name: "A", description: "nope" })).status).toBe(400);
    expect((await api.post("/api/v1/groups", { name: "A", providerType: "custom", description: "fine" })).status).toBe(
      201,
    );
    const roles = Array.from({ length: 101 }, () => ({ name: "Developer" }));
    expect((await api.post("/api/v1/groups", { name: "B", assignedRoles: roles })).status).toBe(400);
    expect((await api.post("/api/v1/groups", { name: "B", assignedRoles: [{ name: "Nope" }] })).status).toBe(400);
    expect((await api.post("/api/v1/groups", { name: "B", colour: "red" })).status).toBe(400);
    expect((await api.post("/api/v1/groups", { name: "B", providerType: "scim" })).status).toBe(400);
    expect((await api.post("/api/v1/groups", { name: "B", status: "disabled" })).status).toBe(400);
  });

  test("the group cap is enforced", async () => {
    const capped = client(emu.tenants[1].url, emu.tenants[1].apiKey);
    expect((await capped.post("/api/v1/groups", { name: "G4" })).status).toBe(201);
    const g5 = await capped.post("/api/v1/groups", { name: "G5" });
    expect(g5.status).toBe(201);
    const over = await capped.post("/api/v1/groups", { name: "G6" });
    expect(over.status).toBe(400);
    expect(over.body.errors[0].detail).toMatch(/maximum of 5 groups/);
    expect((await capped.delete(`/api/v1/groups/${g5.body.id}`)).status).toBe(204);
    expect((await capped.post("/api/v1/groups", { name: "G6" })).status).toBe(201);
  });

  test("PATCH: replace only; assignedRoles with or without a leading slash", async () => {
    const finance = await groupNamed("Finance");
    for (const path of ["assignedRoles", "/assignedRoles"]) {
      const res = await api.patch(`/api/v1/groups/${finance.id}`, [
        { op: "replace", path, value: [{ name: "DataAdmin" }] },
      ]);
      expect(res.status).toBe(204);
    }
    expect((await groupNamed("Finance")).assignedRoles.map((r: Json) => r.name)).toEqual(["DataAdmin"]);
    expect(
      (await api.patch(`/api/v1/groups/${finance.id}`, [{ op: "add", path: "/assignedRoles", value: [] }])).status,
    ).toBe(400);
    expect(
      (await api.patch(`/api/v1/groups/${finance.id}`, [{ op: "replace", path: "/status", value: "disabled" }])).status,
    ).toBe(400);
  });

  test("PATCH: name and description only on custom groups", async () => {
    const finance = await groupNamed("Finance");
    const idp = await api.patch(`/api/v1/groups/${finance.id}`, [{ op: "replace", path: "/name", value: "Money" }]);
    expect(idp.status).toBe(400);
    expect(idp.body.errors[0].detail).toMatch(/custom groups/);

    const stewards = await groupNamed("Data Stewards", "custom");
    const res = await api.patch(`/api/v1/groups/${stewards.id}`, [
      { op: "replace", path: "name", value: "Data Owners" },
      { op: "replace", path: "/description", value: "Owns data" },
    ]);
    expect(res.status).toBe(204);
    expect(await groupNamed("Data Owners", "custom")).toMatchObject({ id: stewards.id, description: "Owns data" });
    // Users show the new name.
    const carol = emu.state().users.find((u) => u.subject === "auth0|seed-carol");
    expect(carol?.assignedGroups?.map((g) => g.name)).toContain("Data Owners");

    expect((await api.post("/api/v1/groups", { name: "Taken", providerType: "custom" })).status).toBe(201);
    expect(
      (await api.patch(`/api/v1/groups/${stewards.id}`, [{ op: "replace", path: "/name", value: "Taken" }])).status,
    ).toBe(400);
  });

  test("GET/DELETE unknown ids are 404 GROUPS-7", async () => {
    const res = await api.get("/api/v1/groups/000000000000000000000bad");
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ code: "GROUPS-7", status: 404 });
    expect((await api.delete("/api/v1/groups/000000000000000000000bad")).status).toBe(404);
  });

  test("deleting a group removes it from its users", async () => {
    const finance = await groupNamed("Finance");
    expect((await api.delete(`/api/v1/groups/${finance.id}`)).status).toBe(204);
    const alice = emu.state().users.find((u) => u.subject === "auth0|seed-alice");
    expect(alice?.assignedGroups).toEqual([]);
  });

  test("listing: pagination, filters, systemGroups", async () => {
    const groups = await collectPages(api, "/api/v1/groups?limit=1");
    expect(groups.map((g) => g.name)).toEqual(["Finance", "Sales", "Data Stewards"]);
    const custom = await api.get(
      `/api/v1/groups?filter=${encodeURIComponent('providerType eq "custom"')}&totalResults=true`,
    );
    expect(custom.body.totalResults).toBe(1);
    expect((await api.get(`/api/v1/groups?filter=${encodeURIComponent('colour eq "red"')}`)).status).toBe(400);

    const system = await api.get("/api/v1/groups?systemGroups=true");
    expect(system.body.data).toEqual([
      expect.objectContaining({ id: "000000000000000000000001", name: "com.qlik.Everyone" }),
    ]);
    expect((await api.get("/api/v1/groups?systemGroups=true&limit=5")).status).toBe(400);
  });

  test("actions/filter: ≤ 100 ids, Special tier", async () => {
    const finance = await groupNamed("Finance");
    const res = await api.post("/api/v1/groups/actions/filter", { filter: `id eq "${finance.id}"` });
    expect(res.status).toBe(200);
    expect(res.body.data.map((g: Json) => g.name)).toEqual(["Finance"]);
    expect(emu.log[emu.log.length - 1].tier).toBe("special");
    const tooMany = Array.from({ length: 101 }, (_, i) => `id eq "${String(i).padStart(24, "0")}"`).join(" or ");
    expect((await api.post("/api/v1/groups/actions/filter", { filter: tooMany })).status).toBe(400);
  });

  test("group settings: Everyone's roles and unsupported paths", async () => {
    const everyone = "/systemGroups/000000000000000000000001/assignedRoles";
    expect(
      (
        await api.patch("/api/v1/groups/settings", [
          { op: "replace", path: everyone, value: [{ name: "SharedSpaceCreator" }] },
        ])
      ).status,
    ).toBe(204);
    const settings = (await api.get("/api/v1/groups/settings")).body;
    expect(settings.systemGroups["000000000000000000000001"].assignedRoles.map((r: Json) => r.name)).toEqual([
      "SharedSpaceCreator",
    ]);
    expect(settings.links.self.href).toBe(`${emu.tenantUrl}/api/v1/groups/settings`);
    expect((await api.patch("/api/v1/groups/settings", [{ op: "replace", path: "/colour", value: true }])).status).toBe(
      400,
    );
    expect(
      (await api.patch("/api/v1/groups/settings", [{ op: "replace", path: "/autoCreateGroups", value: "yes" }])).status,
    ).toBe(400);
  });
});

describe("roles", () => {
  test("default and custom roles, filter by name, get by id", async () => {
    const all = await collectPages(api, "/api/v1/roles?limit=5");
    const names = all.map((r) => r.name);
    for (const name of [
      "TenantAdmin",
      "Developer",
      "AnalyticsAdmin",
      "DataAdmin",
      "DataSpaceCreator",
      "ManagedSpaceCreator",
      "SharedSpaceCreator",
    ]) {
      expect(names).toContain(name);
    }
    expect(all.find((r) => r.name === "Support Analyst")).toMatchObject({
      type: "custom",
      level: "user",
      canEdit: true,
    });

    const byName = await api.get(`/api/v1/roles?filter=${encodeURIComponent('name eq "TenantAdmin"')}`);
    expect(byName.body.data).toHaveLength(1);
    const role = byName.body.data[0];
    expect(role).toMatchObject({ type: "default", level: "admin", tenantId: emu.tenants[0].id });
    expect((await api.get(`/api/v1/roles/${role.id}`)).body).toEqual(role);
    const missing = await api.get("/api/v1/roles/000000000000000000000bad");
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toEqual({
      code: "IDENTITIES-10402",
      title: "Not Found",
      detail: expect.any(String),
    });
  });
});
