import { startEmulator, type EmulatorHandle } from "../../emulator";
import { client, oauthToken, type Api } from "./support/http";

describe("rate limits (time-scaled)", () => {
  let emu: EmulatorHandle;
  let api: Api;
  // The emulator's clock, moved by the tests: a window ends when the test says so, however busy the machine.
  let clock = Date.now();

  beforeAll(async () => {
    // 120× faster: the 60-second window lasts 500 ms.
    emu = await startEmulator({ timeScale: 120, rateLimits: { tier2: 5, special: 3 }, now: () => clock });
    api = client(emu.tenantUrl, emu.tenants[0].apiKey);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  test("an exhausted tier answers 429 with Retry-After on every endpoint of the tier; other tiers keep working", async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await api.post("/api/v1/groups", { name: `Burst ${i}`, providerType: "custom" });
      statuses.push(last.status);
      if (i === 0) {
        expect(last.headers.get("ratelimit-limit")).toBe("5");
        expect(last.headers.get("ratelimit-remaining")).toBe("4");
        expect(Number(last.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const retryAfter = last?.headers.get("retry-after") as string;
    expect(retryAfter).toMatch(/^\d+\.\d{3}$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(0.5);
    expect(last?.body.errors[0]).toMatchObject({ code: "HTTP-429", title: "API rate limit reached." });
    expect(last?.body.errors[0].detail).toMatch(/wait/);

    // Every Tier 2 endpoint shares the budget…
    expect((await api.delete("/api/v1/users/000000000000000000000bad")).status).toBe(429);
    expect((await api.patch("/api/v1/tenant-settings", [])).status).toBe(429);
    // …while Tier 1 and Special are independent.
    expect((await api.get("/api/v1/users")).status).toBe(200);
    expect((await api.post("/api/v1/users/actions/filter", { filter: 'name co "a"' })).status).toBe(200);

    const limited = emu.log.filter((e) => e.rateLimited);
    expect(limited.map((e) => e.status)).toEqual([429, 429, 429]);
    expect(limited.every((e) => e.tier === "tier2")).toBe(true);

    clock += Number(retryAfter) * 1000 + 20;
    expect((await api.post("/api/v1/groups", { name: "After the wait", providerType: "custom" })).status).toBe(201);
  });

  test("budgets are per principal: an OAuth client is not slowed by the API key", async () => {
    for (let i = 0; i < 5; i++) await api.post("/api/v1/groups", { name: `Key ${i}`, providerType: "custom" });
    expect((await api.post("/api/v1/groups", { name: "Key 5", providerType: "custom" })).status).toBe(429);
    const { clientId, clientSecret } = emu.tenants[0].oauthClient;
    const oauth = client(emu.tenantUrl, await oauthToken(emu.tenantUrl, clientId, clientSecret));
    expect((await oauth.post("/api/v1/groups", { name: "Client 0", providerType: "custom" })).status).toBe(201);
    // …and per tenant.
    const other = client(emu.tenants[1].url, emu.tenants[1].apiKey);
    expect((await other.post("/api/v1/groups", { name: "Elsewhere", providerType: "custom" })).status).toBe(201);
  });

  test("the Special tier has its own budget; /oauth/token is never limited", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await api.post("/api/v1/groups/actions/filter", { filter: 'name co "a"' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const { clientId, clientSecret } = emu.tenants[0].oauthClient;
    for (let i = 0; i < 10; i++) await oauthToken(emu.tenantUrl, clientId, clientSecret);
  });
});

describe("rate limits at real speed", () => {
  test("Retry-After is whole seconds when timeScale is 1", async () => {
    const emu = await startEmulator({ rateLimits: { tier2: 1 } });
    try {
      const api = client(emu.tenantUrl, emu.tenants[0].apiKey);
      expect((await api.post("/api/v1/groups", { name: "One", providerType: "custom" })).status).toBe(201);
      const limited = await api.post("/api/v1/groups", { name: "Two", providerType: "custom" });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toMatch(/^(59|60)$/);
      expect(limited.body.errors[0].detail).toMatch(/You need to wait (59|60) seconds/);
    } finally {
      await emu.stop();
    }
  });

  test("rateLimits: false disables limits and their headers", async () => {
    const emu = await startEmulator({ rateLimits: false });
    try {
      const res = await client(emu.tenantUrl, emu.tenants[0].apiKey).get("/api/v1/users");
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
    } finally {
      await emu.stop();
    }
  });
});
