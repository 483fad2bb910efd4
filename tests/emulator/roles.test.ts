/**
 * The emulator's `/api/v1/roles`: custom roles' CRUD as Qlik documents it (unique names, 500 custom roles at most,
 * only custom roles change, a role still assigned cannot be deleted), pagination and filters; and the same
 * endpoints driven by Qlik's own generated client (`@qlik/api/roles`'s functions), a client nobody here wrote.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { client, collectPages, type Api } from "./support/http";

let emu: EmulatorHandle;
let api: Api;

beforeAll(async () => {
  const seed = defaultSeed();
  seed.tenants[1].limits = { maxCustomRoles: 2 };
  emu = await startEmulator({ seed, rateLimits: false });
  api = client(emu.tenantUrl, emu.tenants[0].apiKey);
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

async function roleNamed(name: string) {
  const filter = encodeURIComponent(`name eq "${name}"`);
  return (await api.get(`/api/v1/roles?filter=${filter}`)).body.data[0];
}

describe("roles", () => {
  test("POST creates a custom role; names are unique; default roles cannot change or go", async () => {
    const created = await api.post("/api/v1/roles", {
      name: "Report Reviewer",
      description: "Reviews reports",
      assignedScopes: ["user_default"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Report Reviewer",
      description: "Reviews reports",
      type: "custom",
      assignedScopes: ["user_default"],
      canDelete: true,
    });
    const again = await api.post("/api/v1/roles", { name: "Report Reviewer" });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toContain("already exists");
    expect((await api.post("/api/v1/roles", { name: "" })).status).toBe(400);
    expect((await api.post("/api/v1/roles", { name: "X", color: "red" })).status).toBe(400);
    const admin = await roleNamed("TenantAdmin");
    expect((await api.patch(`/api/v1/roles/${admin.id}`, [{ op: "replace", path: "/name", value: "X" }])).status).toBe(
      403,
    );
    expect((await api.delete(`/api/v1/roles/${admin.id}`)).status).toBe(403);
  });

  test("PATCH renames, describes and changes scopes atomically; a taken name is refused", async () => {
    const { body: role } = await api.post("/api/v1/roles", { name: "A", assignedScopes: ["s1"] });
    const ok = await api.patch(`/api/v1/roles/${role.id}`, [
      { op: "replace", path: "/name", value: "B" },
      { op: "replace", path: "/description", value: "bee" },
      { op: "add", path: "/assignedScopes/-", value: "s2" },
      { op: "remove-value", path: "/assignedScopes", value: ["s1"] },
    ]);
    expect(ok.status).toBe(204);
    expect((await api.get(`/api/v1/roles/${role.id}`)).body).toMatchObject({
      name: "B",
      description: "bee",
      assignedScopes: ["s2"],
    });
    const taken = await api.patch(`/api/v1/roles/${role.id}`, [
      { op: "replace", path: "/description", value: "changed" },
      { op: "replace", path: "/name", value: "Developer" },
    ]);
    expect(taken.status).toBe(400);
    expect((await api.get(`/api/v1/roles/${role.id}`)).body.description).toBe("bee");
    expect((await api.patch(`/api/v1/roles/${role.id}`, [{ op: "move", path: "/name", value: "C" }])).status).toBe(400);
    expect(
      (await api.patch("/api/v1/roles/000000000000000000000000", [{ op: "replace", path: "/name", value: "C" }]))
        .status,
    ).toBe(404);
  });

  test("DELETE is refused while a user, a group or the Everyone group holds the role", async () => {
    const { body: role } = await api.post("/api/v1/roles", { name: "Held" });
    const { body: user } = await api.post("/api/v1/users", {
      subject: "auth0|held",
      email: "held@example.com",
      assignedRoles: [{ name: "Held" }],
    });
    const refused = await api.delete(`/api/v1/roles/${role.id}`);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("assigned to 1 user(s)");
    await api.patch(`/api/v1/users/${user.id}`, [{ op: "replace", path: "/assignedRoles", value: [] }]);
    const { body: group } = await api.post("/api/v1/groups", {
      name: "G",
      providerType: "custom",
      assignedRoles: [{ name: "Held" }],
    });
    expect((await api.delete(`/api/v1/roles/${role.id}`)).status).toBe(400);
    await api.delete(`/api/v1/groups/${group.id}`);
    await api.patch("/api/v1/groups/settings", [
      { op: "replace", path: "/systemGroups/000000000000000000000001/assignedRoles", value: [{ name: "Held" }] },
    ]);
    expect(JSON.stringify((await api.delete(`/api/v1/roles/${role.id}`)).body)).toContain("the Everyone group");
    await api.patch("/api/v1/groups/settings", [
      { op: "replace", path: "/systemGroups/000000000000000000000001/assignedRoles", value: [] },
    ]);
    expect((await api.delete(`/api/v1/roles/${role.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/roles/${role.id}`)).status).toBe(404);
  });

  test("at most maxCustomRoles custom roles (500 by default; 2 on the second tenant here)", async () => {
    const second = client(emu.tenants[1].url, emu.tenants[1].apiKey);
    const existing = (await collectPages(second, "/api/v1/roles?filter=type%20eq%20%22custom%22")).length;
    for (let i = existing; i < 2; i++) expect((await second.post("/api/v1/roles", { name: `R${i}` })).status).toBe(201);
    const over = await second.post("/api/v1/roles", { name: "One too many" });
    expect(over.status).toBe(400);
    expect(JSON.stringify(over.body)).toContain("maximum of 2 custom roles");
  });

  test("listing pages with cursors and filters by type and name", async () => {
    for (let i = 0; i < 5; i++) await api.post("/api/v1/roles", { name: `Paged ${i}` });
    const all = await collectPages(api, "/api/v1/roles?limit=3");
    expect(new Set(all.map((role) => role.id)).size).toBe(all.length);
    expect(all.filter((role) => role.name.startsWith("Paged "))).toHaveLength(5);
    const custom = await collectPages(api, `/api/v1/roles?limit=2&filter=${encodeURIComponent('type eq "custom"')}`);
    expect(custom.every((role) => role.type === "custom")).toBe(true);
    expect(custom.map((role) => role.name)).toEqual(expect.arrayContaining(["Paged 0", "Paged 4"]));
    const starts = await collectPages(api, `/api/v1/roles?filter=${encodeURIComponent('name sw "Paged"')}`);
    expect(starts).toHaveLength(5);
  });
});

const run = promisify(execFile);

/** Qlik's generated client is an ES module: it runs in a child `node` with the emulator's URL and key. */
const QLIK_API_SCRIPT = `
const auth = await import("@qlik/api/auth");
const roles = await import("@qlik/api/roles");
auth.setDefaultHostConfig({ host: process.env.HOST, authType: "apikey", apiKey: process.env.API_KEY });
const out = {};
const created = await roles.createRole({ name: "Via qlik-api", description: "d", assignedScopes: ["user_default"] });
out.created = { status: created.status, name: created.data.name, type: created.data.type };
const listed = await roles.getRoles({ filter: 'name eq "Via qlik-api"' });
out.listed = listed.data.data.map((role) => role.id);
out.patched = (await roles.patchRole(created.data.id, [{ op: "replace", path: "/description", value: "e" }])).status;
out.read = (await roles.getRole(created.data.id)).data.description;
try { await roles.createRole({ name: "Via qlik-api" }); } catch (error) { out.duplicate = error.status; }
out.deleted = (await roles.deleteRole(created.data.id)).status;
try { await roles.getRole(created.data.id); } catch (error) { out.gone = error.status; }
console.log(JSON.stringify(out));
`;

test("@qlik/api's own roles functions work against the emulator (create, list, patch, get, delete)", async () => {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", QLIK_API_SCRIPT], {
    cwd: join(__dirname, "..", ".."),
    env: { ...process.env, HOST: emu.tenantUrl, API_KEY: emu.tenants[0].apiKey },
  });
  const out = JSON.parse(stdout.trim().split("\n").pop()!);
  expect(out.created).toEqual({ status: 201, name: "Via qlik-api", type: "custom" });
  expect(out.listed).toHaveLength(1);
  expect(out).toMatchObject({ patched: 204, read: "e", duplicate: 400, deleted: 204, gone: 404 });
});
