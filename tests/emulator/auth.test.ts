import { startEmulator, type EmulatorHandle } from "../../emulator";
import { call, client, oauthToken } from "./support/http";

let emu: EmulatorHandle;
/** The emulator's wall clock for token lifetimes: moved by the tests, never slept through. */
let now = Date.now();

beforeAll(async () => {
  emu = await startEmulator({ tokenTtlSeconds: 1, now: () => now });
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

describe("authentication", () => {
  test("a tenant API key works on its own tenant", async () => {
    const res = await client(emu.tenantUrl, emu.tenants[0].apiKey).get("/api/v1/users/actions/count");
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
  });

  test("no, malformed or unknown credentials answer 401 with Qlik's error body", async () => {
    const variants: Record<string, string>[] = [{}, { authorization: "Basic abc" }, { authorization: "Bearer nope" }];
    for (const headers of variants) {
      const res = await call(emu.tenantUrl, "GET", "/api/v1/users", { headers });
      expect(res.status).toBe(401);
      expect(res.body.errors[0]).toMatchObject({ code: "LOGIN-1", title: "Not logged in", status: "401" });
      expect(typeof res.body.traceId).toBe("string");
    }
  });

  test("another tenant's API key is rejected", async () => {
    const res = await client(emu.tenants[0].url, emu.tenants[1].apiKey).get("/api/v1/users");
    expect(res.status).toBe(401);
  });

  test("OAuth client credentials: JSON, form-urlencoded and HTTP Basic", async () => {
    const { clientId, clientSecret } = emu.tenants[0].oauthClient;
    const json = await call(emu.tenantUrl, "POST", "/oauth/token", {
      body: {
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: "client_credentials",
        scope: "admin_classic",
      },
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ token_type: "Bearer", expires_in: 1, scope: "admin_classic" });
    expect(Date.parse(json.body.expires_at)).toBeGreaterThan(Date.now());

    const form = await call(emu.tenantUrl, "POST", "/oauth/token", {
      raw: `client_id=${clientId}&client_secret=${clientSecret}&grant_type=client_credentials`,
      contentType: "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(200);

    const basic = await call(emu.tenantUrl, "POST", "/oauth/token", {
      body: { grant_type: "client_credentials" },
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
    });
    expect(basic.status).toBe(200);

    const me = await client(emu.tenantUrl, json.body.access_token).get("/api/v1/users/me");
    expect(me.status).toBe(301);
  });

  test("bad client credentials are 401 invalid_client; bad grants are 400", async () => {
    const bad = await call(emu.tenantUrl, "POST", "/oauth/token", {
      body: { client_id: "emu-client-1", client_secret: "wrong", grant_type: "client_credentials" },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe("invalid_client");

    const grant = await call(emu.tenantUrl, "POST", "/oauth/token", {
      body: { client_id: "emu-client-1", client_secret: "emu-secret-1", grant_type: "password" },
    });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe("unsupported_grant_type");

    const missing = await call(emu.tenantUrl, "POST", "/oauth/token", { body: { grant_type: "client_credentials" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("invalid_request");
  });

  test("a tenant client only gets tokens from its own tenant; tokens are bound to their issuer", async () => {
    const { clientId, clientSecret } = emu.tenants[0].oauthClient;
    const elsewhere = await call(emu.tenants[1].url, "POST", "/oauth/token", {
      body: { client_id: clientId, client_secret: clientSecret, grant_type: "client_credentials" },
    });
    expect(elsewhere.status).toBe(401);

    const token = await oauthToken(emu.tenants[0].url, clientId, clientSecret);
    expect((await client(emu.tenants[1].url, token).get("/api/v1/users")).status).toBe(401);
    expect(
      (await client(emu.consoleUrl, token).get('/api/core/tenants?filter=subscriptionId eq "sub-acme"')).status,
    ).toBe(403);
  });

  test("the org client works on the console and on tenants of its subscription", async () => {
    const { clientId, clientSecret } = emu.orgClient;
    const consoleToken = await oauthToken(emu.consoleUrl, clientId, clientSecret);
    const list = await client(emu.consoleUrl, consoleToken).get(
      '/api/core/tenants?filter=subscriptionId eq "sub-acme"',
    );
    expect(list.status).toBe(200);

    const tenantToken = await oauthToken(emu.tenantUrl, clientId, clientSecret);
    const me = await client(emu.tenantUrl, tenantToken).get("/api/v1/users/me");
    expect(me.status).toBe(301);
    const user = await client(emu.tenantUrl, tenantToken).get(me.headers.get("location") as string);
    expect(user.body.subject).toBe(`qlikbot|${clientId}`);

    // A console token is for the console only.
    expect((await client(emu.tenantUrl, consoleToken).get("/api/v1/users")).status).toBe(401);
  });

  test("tenant credentials cannot call the console; tenant clients cannot log in there", async () => {
    const apiKey = await client(emu.consoleUrl, emu.tenants[0].apiKey).get(
      '/api/core/tenants?filter=subscriptionId eq "sub-acme"',
    );
    expect(apiKey.status).toBe(403);
    const { clientId, clientSecret } = emu.tenants[0].oauthClient;
    const login = await call(emu.consoleUrl, "POST", "/oauth/token", {
      body: { client_id: clientId, client_secret: clientSecret, grant_type: "client_credentials" },
    });
    expect(login.status).toBe(401);
  });

  test("invalidateTokens makes every issued token 401 while API keys keep working", async () => {
    const token = await oauthToken(
      emu.tenantUrl,
      emu.tenants[0].oauthClient.clientId,
      emu.tenants[0].oauthClient.clientSecret,
    );
    expect((await client(emu.tenantUrl, token).get("/api/v1/users")).status).toBe(200);
    emu.invalidateTokens();
    expect((await client(emu.tenantUrl, token).get("/api/v1/users")).status).toBe(401);
    expect((await client(emu.tenantUrl, emu.tenants[0].apiKey).get("/api/v1/users")).status).toBe(200);
    const fresh = await oauthToken(
      emu.tenantUrl,
      emu.tenants[0].oauthClient.clientId,
      emu.tenants[0].oauthClient.clientSecret,
    );
    expect((await client(emu.tenantUrl, fresh).get("/api/v1/users")).status).toBe(200);
  });

  test("tokens expire after tokenTtlSeconds", async () => {
    const token = await oauthToken(
      emu.tenantUrl,
      emu.tenants[0].oauthClient.clientId,
      emu.tenants[0].oauthClient.clientSecret,
    );
    expect((await client(emu.tenantUrl, token).get("/api/v1/users")).status).toBe(200);
    now += 999;
    expect((await client(emu.tenantUrl, token).get("/api/v1/users")).status).toBe(200);
    now += 1;
    const expired = await client(emu.tenantUrl, token).get("/api/v1/users");
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0].detail).toMatch(/expired/);
  });

  test("unknown routes are 404 and wrong methods 405, both after no auth at all", async () => {
    expect((await call(emu.tenantUrl, "GET", "/api/v1/nothing")).status).toBe(404);
    const wrong = await call(emu.tenantUrl, "PUT", "/api/v1/users");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
  });
});
