/** Credentials against the emulator: API keys, OAuth tokens (cache, renewal, 401 recovery), organization tokens. */
import { z } from "zod";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { VirtualClock } from "../../unit/http/fakeClock";
import { QlikApiError } from "../../../provider/http";
import { Clients, userSchema } from "./support";

let emu: EmulatorHandle;
const clients = new Clients();

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await clients.closeAll();
  await emu.stop();
});
beforeEach(() => emu.clearLog());

const tokenCalls = () => emu.log.filter((e) => e.path === "/oauth/token");
const tenantSchema = z.object({ id: z.string(), name: z.string(), hostnames: z.array(z.string()) });

describe("API key", () => {
  it("follows the /me redirects (301 and 302) with the key on the same origin", async () => {
    const client = clients.apiKey(emu);
    const me = await client.request({ method: "GET", path: "/api/v1/users/me", schema: userSchema });
    expect(me.status).toBe(200);
    expect(me.body.subject).toBe("auth0|emu-admin");
    const tenant = await client.request({ method: "GET", path: "/api/v1/tenants/me", schema: tenantSchema });
    expect(tenant.body.id).toBe(emu.tenants[0].id);
    expect(emu.log.map((e) => e.status)).toEqual([301, 200, 302, 200]);
    expect(client.stats.requests).toBe(4);
  });

  it("reports a key from another tenant as 401 with advice, without retrying", async () => {
    const wrong = clients.make(emu.tenants[0].url, { kind: "apiKey", apiKey: emu.tenants[1].apiKey });
    const error = (await wrong
      .request({ method: "GET", path: "/api/v1/users" })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error).toBeInstanceOf(QlikApiError);
    expect(error.message).toMatch(
      /^GET \/api\/v1\/users → 401 Unauthorized \(LOGIN-1\): Not logged in: .*check that qlik:apiKey/,
    );
    expect(emu.log).toHaveLength(1);
  });
});

describe("OAuth client credentials", () => {
  it("fetches one token for 50 concurrent requests and reuses it", async () => {
    const client = clients.oauth(emu);
    await Promise.all(Array.from({ length: 50 }, () => client.request({ method: "GET", path: "/api/v1/roles" })));
    await client.request({ method: "GET", path: "/api/v1/roles" });
    expect(tokenCalls()).toHaveLength(1);
    expect(client.stats.tokenRequests).toBe(1);
    expect(emu.log.filter((e) => e.status === 200)).toHaveLength(52);
    expect(new Set(emu.log.filter((e) => e.tier === "tier1").map((e) => e.principal))).toEqual(
      new Set([`client:${emu.tenants[0].oauthClient.clientId}`]),
    );
  });

  it("renews the token before it expires, so no request meets a 401", async () => {
    // One virtual clock for both sides: the client's token bookkeeping and the emulator's token lifetimes.
    const clock = new VirtualClock();
    const start = Date.now();
    const shortLived = await startEmulator({ tokenTtlSeconds: 1, now: () => start + clock.now() });
    try {
      const client = clients.oauth(shortLived, { clock });
      await client.request({ method: "GET", path: "/api/v1/roles" });
      await clock.advance(850); // past 80 % of the lifetime
      await client.request({ method: "GET", path: "/api/v1/roles" }); // old token, renewal starts
      await clock.advance(200); // the first token has now expired
      await client.request({ method: "GET", path: "/api/v1/roles" });
      expect(shortLived.log.filter((e) => e.path === "/oauth/token")).toHaveLength(2);
      expect(shortLived.log.filter((e) => e.status === 401)).toHaveLength(0);
    } finally {
      await shortLived.stop();
    }
  });

  it("after a 401, fetches one new token and retries once", async () => {
    const client = clients.oauth(emu);
    await client.request({ method: "GET", path: "/api/v1/roles" });
    emu.invalidateTokens();
    await Promise.all(Array.from({ length: 10 }, () => client.request({ method: "GET", path: "/api/v1/roles" })));
    expect(tokenCalls()).toHaveLength(2);
    expect(emu.log.filter((e) => e.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(emu.log.filter((e) => e.path === "/api/v1/roles" && e.status === 200)).toHaveLength(11);
  });

  it("reports a wrong client secret from the token endpoint, naming what to check", async () => {
    const client = clients.make(emu.tenantUrl, { kind: "oauth", clientId: "emu-client-1", clientSecret: "nope-nope" });
    const error = (await client
      .request({ method: "GET", path: "/api/v1/roles" })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error.message).toMatch(
      /^POST \/oauth\/token → 401 Unauthorized: invalid_client: Client authentication failed\..*qlik:clientId/,
    );
    expect(tokenCalls()).toHaveLength(1);
  });
});

describe("organization client", () => {
  const consoleTenant = z.object({ id: z.string(), subscriptionId: z.string(), regionCode: z.string() });

  it("gets its token from the console and lists every page of the organization's tenants", async () => {
    const client = clients.make(emu.consoleUrl, { kind: "oauth", ...emu.orgClient });
    const all = [];
    for await (const tenant of client.paginate({
      path: "/api/core/tenants",
      query: { filter: 'subscriptionId eq "sub-acme"', limit: 2 },
      item: consoleTenant,
    })) {
      all.push(tenant);
    }
    const pages = emu.log.filter((e) => e.path === "/api/core/tenants");
    expect(pages.length).toBeGreaterThan(2);
    expect(all.length).toBeGreaterThan(pages.length);
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    expect(all.every((t) => t.subscriptionId === "sub-acme")).toBe(true);
    expect(emu.log.filter((e) => e.path === "/oauth/token")).toHaveLength(1);
  });

  it("also works against a tenant with the same token flow", async () => {
    const client = clients.make(emu.tenantUrl, { kind: "oauth", ...emu.orgClient });
    const me = await client.request({ method: "GET", path: "/api/v1/tenants/me", schema: tenantSchema });
    expect(me.body.id).toBe(emu.tenants[0].id);
  });

  it("turns a foreign subscription into a 403 with the API's explanation", async () => {
    const client = clients.make(emu.consoleUrl, { kind: "oauth", ...emu.orgClient });
    const error = (await client
      .request({ method: "GET", path: "/api/core/tenants", query: { filter: 'subscriptionId eq "sub-other"' } })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error).toBeInstanceOf(QlikApiError);
    expect(error.status).toBe(403);
    expect(error.message).toMatch(
      /^GET \/api\/core\/tenants\?filter=subscriptionId%20eq%20%22sub-other%22 → 403 Forbidden/,
    );
    expect(error.traceId).toBeTruthy();
  });
});
