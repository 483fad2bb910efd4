import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultSeed, startEmulator, validateSeed, type EmulatorHandle } from "../../emulator";
import { call, client, oauthToken, type Json } from "./support/http";

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 60, rateLimits: { tier1: 2 } });
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const admin = (method: string, path: string, body?: unknown, base = emu.tenantUrl) =>
  call(base, method, `/__emulator${path}`, { body });

describe("admin endpoints", () => {
  test("info lists URLs and credentials, on tenants and on the console", async () => {
    for (const base of [emu.tenantUrl, emu.consoleUrl]) {
      const info = await admin("GET", "/info", undefined, base);
      expect(info.status).toBe(200);
      expect(info.body).toEqual({
        consoleUrl: emu.consoleUrl,
        tenantUrl: emu.tenantUrl,
        tenants: emu.tenants,
        orgClient: emu.orgClient,
        iqServer: { url: emu.iqServer.url, username: "admin", password: "admin123" },
      });
    }
  });

  test("log (with since), clear; admin calls are neither logged nor rate limited", async () => {
    const api = client(emu.tenantUrl, emu.tenants[0].apiKey);
    await api.get("/api/v1/users");
    await api.get("/api/v1/groups");
    for (let i = 0; i < 5; i++) expect((await admin("GET", "/info")).status).toBe(200);
    const log = await admin("GET", "/log");
    expect(log.body.map((e: Json) => e.path)).toEqual(["/api/v1/users", "/api/v1/groups"]);
    expect(log.body[0]).toMatchObject({
      origin: emu.tenants[0].id,
      method: "GET",
      tier: "tier1",
      status: 200,
      rateLimited: false,
      principal: expect.stringMatching(/^apikey:[0-9a-f]{24}$/),
    });
    expect(JSON.stringify(log.body)).not.toContain(emu.tenants[0].apiKey);
    const since = await admin("GET", `/log?since=${log.body[0].seq}`);
    expect(since.body.map((e: Json) => e.path)).toEqual(["/api/v1/groups"]);
    expect((await admin("DELETE", "/log")).status).toBe(204);
    expect((await admin("GET", "/log")).body).toEqual([]);
    expect(emu.log).toEqual([]);
  });

  test("faults can be added and cleared over HTTP, with regex path matches", async () => {
    const api = client(emu.tenantUrl, emu.tenants[0].apiKey);
    expect(
      (await admin("POST", "/faults", { kind: "fail", n: 1, status: 504, match: { path: { regex: "^/api/v1/gro" } } }))
        .status,
    ).toBe(204);
    expect((await api.get("/api/v1/users")).status).toBe(200);
    expect((await api.get("/api/v1/groups")).status).toBe(504);
    expect((await admin("POST", "/faults", { kind: "fail", n: 3 })).status).toBe(204);
    expect((await admin("DELETE", "/faults")).status).toBe(204);
    expect((await client(emu.tenants[1].url, emu.tenants[1].apiKey).get("/api/v1/users")).status).toBe(200);
    expect((await admin("POST", "/faults", { kind: "explode", n: 1 })).status).toBe(400);
    expect((await admin("POST", "/faults", { kind: "delay", n: 1 })).status).toBe(400);
  });

  test("state and reset", async () => {
    const api = client(emu.tenants[1].url, emu.tenants[1].apiKey);
    await api.post("/api/v1/groups", { name: "Temporary", providerType: "custom" });
    const state = await admin("GET", `/state?tenantId=${emu.tenants[1].id}`);
    expect(state.body.groups.map((g: Json) => g.name)).toContain("Temporary");
    expect(state.body.tenantSettings).toMatchObject({ releaseCadence: "monthly" });
    // Without tenantId: the listener's own tenant (the first tenant on the console).
    expect((await admin("GET", "/state", undefined, emu.tenants[1].url)).body.tenant.id).toBe(emu.tenants[1].id);
    expect((await admin("GET", "/state", undefined, emu.consoleUrl)).body.tenant.id).toBe(emu.tenants[0].id);
    expect((await admin("GET", "/state?tenantId=nope")).status).toBe(400);

    expect((await admin("POST", "/reset")).status).toBe(204);
    expect(emu.state(emu.tenants[1].id).groups.map((g) => g.name)).not.toContain("Temporary");
  });

  test("invalidate-tokens", async () => {
    const { clientId, clientSecret } = emu.tenants[0].oauthClient;
    const token = await oauthToken(emu.tenantUrl, clientId, clientSecret);
    expect((await admin("POST", "/invalidate-tokens")).status).toBe(204);
    expect((await client(emu.tenantUrl, token).get("/api/v1/users")).status).toBe(401);
  });

  test("reset also clears rate-limit windows", async () => {
    const api = client(emu.tenantUrl, emu.tenants[0].apiKey);
    await api.get("/api/v1/users");
    await api.get("/api/v1/users");
    expect((await api.get("/api/v1/users")).status).toBe(429);
    emu.reset();
    expect((await api.get("/api/v1/users")).status).toBe(200);
  });
});

describe("documentation", () => {
  test("the example seed in emulator/README.md is a valid seed", async () => {
    const readme = readFileSync(join(__dirname, "..", "..", "emulator", "README.md"), "utf8");
    const example = /## Seed format[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const seeded = await startEmulator({ seed: validateSeed(JSON.parse(example as string)), rateLimits: false });
    try {
      const users = await client(seeded.tenantUrl, "emu-apikey-1").get("/api/v1/users");
      expect(users.body.data.map((u: Json) => u.subject)).toContain("auth0|seed-alice");
    } finally {
      await seeded.stop();
    }
  });
});

describe("seed validation", () => {
  test("bad seeds fail at start-up with a message naming the problem", async () => {
    const duplicateSubject = defaultSeed();
    duplicateSubject.tenants[0].users?.push({ subject: "auth0|seed-alice" });
    await expect(startEmulator({ seed: duplicateSubject })).rejects.toThrow(
      /tenant acme-us: duplicate subject auth0\|seed-alice/,
    );

    const unknownRole = defaultSeed();
    unknownRole.tenants[0].groups?.push({ name: "X", roles: ["NoSuchRole"] });
    await expect(startEmulator({ seed: unknownRole })).rejects.toThrow(/unknown role "NoSuchRole"/);

    const noOwner = defaultSeed();
    noOwner.tenants[0].apiKeyOwner = "nobody";
    await expect(startEmulator({ seed: noOwner })).rejects.toThrow(/no user with subject nobody/);

    await expect(startEmulator({ seed: { organization: {}, tenants: [] } as never })).rejects.toThrow(
      /Invalid emulator seed/,
    );
    await expect(startEmulator({ timeScale: 0 })).rejects.toThrow(/timeScale/);
  });
});
