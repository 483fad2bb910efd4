import { startEmulator, type EmulatorHandle } from "../../emulator";
import { call, client, oauthToken, type Api } from "./support/http";

let emu: EmulatorHandle;
let api: Api;

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false });
  api = client(emu.tenantUrl, emu.tenants[0].apiKey);
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const userCount = () => emu.state().users.length;

describe("fault injection", () => {
  test("failNext answers 5xx (default 503) for the next n matching requests, without processing them", async () => {
    emu.faults.failNext(2, { status: 502, match: { method: "POST", path: "/api/v1/users" } });
    expect((await api.get("/api/v1/users")).status).toBe(200);
    const body = { subject: "auth0|f", email: "f@acme.example" };
    const first = await api.post("/api/v1/users", body);
    expect(first.status).toBe(502);
    expect(first.body.errors[0].code).toBe("HTTP-502");
    expect((await api.post("/api/v1/users", body)).status).toBe(502);
    expect(userCount()).toBe(6);
    expect((await api.post("/api/v1/users", body)).status).toBe(201);
    expect(emu.log.filter((e) => e.fault === "fail").map((e) => e.status)).toEqual([502, 502]);

    emu.faults.failNext(1);
    expect((await api.get("/api/v1/roles")).status).toBe(503);
  });

  test("delayNext holds the response", async () => {
    emu.faults.delayNext(1, 250, { match: { path: /^\/api\/v1\/groups/ } });
    const started = Date.now();
    expect((await api.get("/api/v1/groups")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(emu.log[emu.log.length - 1].fault).toBe("delay");
  });

  test("dropNext closes the connection before processing: nothing happens", async () => {
    emu.faults.dropNext(1, { match: { method: "POST" } });
    await expect(api.post("/api/v1/users", { subject: "auth0|dropped", email: "d@acme.example" })).rejects.toThrow();
    expect(emu.state().users.some((u) => u.subject === "auth0|dropped")).toBe(false);
    expect(emu.log[emu.log.length - 1]).toMatchObject({ status: 0, fault: "drop" });
  });

  test("dropNext afterProcessing applies the request and then drops the answer (the ambiguous POST)", async () => {
    emu.faults.dropNext(1, { afterProcessing: true, match: { method: "POST", path: "/api/v1/users" } });
    await expect(api.post("/api/v1/users", { subject: "auth0|ambiguous", email: "a@acme.example" })).rejects.toThrow();
    expect(emu.state().users.some((u) => u.subject === "auth0|ambiguous")).toBe(true);
    // Retrying blindly now conflicts, which is why clients must look the user up first.
    expect((await api.post("/api/v1/users", { subject: "auth0|ambiguous", email: "a@acme.example" })).status).toBe(409);
  });

  test("matches by tenant: the console or one tenant only", async () => {
    emu.faults.failNext(1, { match: { tenantId: "console" } });
    expect((await api.get("/api/v1/users")).status).toBe(200);
    const { clientId, clientSecret } = emu.orgClient;
    const body = { client_id: clientId, client_secret: clientSecret, grant_type: "client_credentials" };
    expect((await call(emu.consoleUrl, "POST", "/oauth/token", { body })).status).toBe(503);
    expect(await oauthToken(emu.consoleUrl, clientId, clientSecret)).toMatch(/^emu_at_/);

    emu.faults.failNext(1, { match: { tenantId: emu.tenants[1].id } });
    expect((await api.get("/api/v1/users")).status).toBe(200);
    expect((await client(emu.tenants[1].url, emu.tenants[1].apiKey).get("/api/v1/users")).status).toBe(503);
  });

  test("clear() removes pending faults", async () => {
    emu.faults.failNext(5);
    emu.faults.clear();
    expect((await api.get("/api/v1/users")).status).toBe(200);
  });
});
