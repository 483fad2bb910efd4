/** The emulated IQ Server's Organizations API at the HTTP level: auth, hierarchy, unique names, moves, seed. */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { defaultSeed } from "../../emulator/seed/default-seed";

let emulator: EmulatorHandle;
beforeAll(async () => (emulator = await startEmulator({ rateLimits: false })));
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const basic = (user = "admin", password = "admin123") =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
async function iq(method: string, path: string, body?: unknown, authorization = basic()) {
  const response = await fetch(`${emulator.iqServer.url}${path}`, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : undefined;
  return { status: response.status, text, json, headers: response.headers };
}
const idOf = (name: string) =>
  (emulator.iqServer.state().organizations as { id: string; name: string }[]).find((o) => o.name === name)!.id;

test("basic authentication: wrong or missing credentials are 401 with a Basic challenge", async () => {
  for (const authorization of [basic("admin", "nope"), ""]) {
    const response = await iq("GET", "/api/v2/organizations", undefined, authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^BASIC realm=/);
  }
  expect(emulator.log.at(-1)).toMatchObject({ origin: "iqserver", status: 401, principal: null });
});

test("lists the root organization (no parent) and the seeded hierarchy with tags; filters by exact name", async () => {
  const { status, json } = await iq("GET", "/api/v2/organizations");
  expect(status).toBe(200);
  expect(json.organizations[0]).toEqual({
    id: "ROOT_ORGANIZATION_ID",
    name: "Root Organization",
    tags: [
      expect.objectContaining({ name: "Distributed", color: "yellow" }),
      expect.objectContaining({ name: "Hosted", color: "grey" }),
      expect.objectContaining({ name: "Internal", color: "green" }),
    ],
  });
  const payments = await iq("GET", "/api/v2/organizations?organizationName=Payments");
  expect(payments.json.organizations).toEqual([
    { id: idOf("Payments"), name: "Payments", parentOrganizationId: idOf("Engineering"), tags: [expect.any(Object)] },
  ]);
  expect((await iq("GET", "/api/v2/organizations?organizationName=payments")).json.organizations).toEqual([]);
  expect((await iq("GET", `/api/v2/organizations/${idOf("Payments")}`)).json.name).toBe("Payments");
  expect(await iq("GET", "/api/v2/organizations/nope")).toMatchObject({
    status: 404,
    text: expect.stringMatching(/not found/),
  });
});

test("POST creates under the root or a parent; names are unique; unknown parents and bad bodies fail", async () => {
  const top = await iq("POST", "/api/v2/organizations", { name: "Top" });
  expect(top.json).toEqual({
    id: expect.stringMatching(/^[0-9a-f]{32}$/),
    name: "Top",
    parentOrganizationId: "ROOT_ORGANIZATION_ID",
    tags: [],
  });
  const child = await iq("POST", "/api/v2/organizations", { name: "Child", parentOrganizationId: top.json.id });
  expect(child.json.parentOrganizationId).toBe(top.json.id);
  expect(await iq("POST", "/api/v2/organizations", { name: "Top" })).toMatchObject({
    status: 400,
    text: expect.stringMatching(/already used/),
  });
  expect((await iq("POST", "/api/v2/organizations", { name: "X", parentOrganizationId: "nope" })).status).toBe(404);
  expect((await iq("POST", "/api/v2/organizations", { title: "X" })).status).toBe(400);
  expect((await iq("DELETE", `/api/v2/organizations/${top.json.id}`)).status).toBe(405);
});

test("moves: 200 with warnings; 409 with the documented {errors, warnings} body for cycles and the root", async () => {
  const engineering = idOf("Engineering");
  const payments = idOf("Payments");
  const move = (id: string, to: string) => iq("PUT", `/api/v2/organizations/${id}/move/destination/${to}`);

  expect(await move(payments, "ROOT_ORGANIZATION_ID")).toMatchObject({
    status: 200,
    json: { errors: [], warnings: [] },
  });
  const legacy = await move(idOf("Legacy Apps"), "ROOT_ORGANIZATION_ID");
  expect(legacy.json.warnings).toEqual([{ type: "POLICY_WAIVER", message: expect.stringMatching(/policy waivers/) }]);

  await move(payments, engineering);
  for (const [id, to] of [
    [engineering, payments],
    [engineering, engineering],
    ["ROOT_ORGANIZATION_ID", engineering],
  ]) {
    const refused = await move(id, to);
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ errors: [{ type: "PARENT_HIERARCHY", message: expect.any(String) }], warnings: [] });
  }
  expect((await move("nope", engineering)).status).toBe(404);
  expect((await move(engineering, "nope")).status).toBe(404);
});

test("reset() goes back to the seed; a seed with an unknown parent is refused", async () => {
  await iq("POST", "/api/v2/organizations", { name: "Temp" });
  emulator.reset();
  expect(emulator.iqServer.state().organizations.map((o) => o.name)).not.toContain("Temp");
  const seed = defaultSeed();
  seed.iqServer!.organizations.push({ name: "Lost", parent: "Nowhere" });
  await expect(startEmulator({ seed })).rejects.toThrow(/"Lost" names parent "Nowhere"/);
});
