import { inspect } from "node:util";
import { credentialFingerprint, grantFromResponse, TokenSource, type TokenGrant } from "../../../provider/http/auth";
import { FakeClock, settle } from "./fakeClock";

const SECRET = "client-secret-do-not-leak";

function source(clock: FakeClock, ttlMs = 600_000) {
  let n = 0;
  const exchange = jest.fn(async (): Promise<TokenGrant> => {
    await settle();
    return { accessToken: `token-${++n}`, expiresInMs: ttlMs };
  });
  const tokens = new TokenSource(
    { kind: "oauth", clientId: "cid", clientSecret: SECRET, scope: "user_default" },
    exchange,
    clock,
  );
  return { tokens, exchange };
}

describe("TokenSource", () => {
  it("fetches one token for 50 concurrent callers and reuses it", async () => {
    const clock = new FakeClock();
    const { tokens, exchange } = source(clock);
    const got = await Promise.all(Array.from({ length: 50 }, () => tokens.token()));
    expect(new Set(got)).toEqual(new Set(["token-1"]));
    expect(await tokens.token()).toBe("token-1");
    expect(exchange).toHaveBeenCalledTimes(1);
    expect(exchange).toHaveBeenCalledWith({
      client_id: "cid",
      client_secret: SECRET,
      grant_type: "client_credentials",
      scope: "user_default",
    });
  });

  it("renews in the background before expiry and waits only once the token is too old", async () => {
    const clock = new FakeClock();
    const { tokens, exchange } = source(clock, 10_000);
    expect(await tokens.token()).toBe("token-1");
    await clock.advance(7_999);
    expect(await tokens.token()).toBe("token-1");
    expect(exchange).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    // Past 80 % of the lifetime: still served the current token, a renewal starts.
    expect(await tokens.token()).toBe("token-1");
    await settle();
    expect(exchange).toHaveBeenCalledTimes(2);
    expect(await tokens.token()).toBe("token-2");
    // Past 95 %: callers wait for a new token rather than send one about to expire.
    await clock.advance(9_500);
    expect(await tokens.token()).toBe("token-3");
  });

  it("invalidates only the token that was refused, so a burst of 401s causes one fetch", async () => {
    const clock = new FakeClock();
    const { tokens, exchange } = source(clock);
    const old = await tokens.token();
    tokens.invalidate(old);
    const renewed = await Promise.all(Array.from({ length: 20 }, () => tokens.token()));
    for (let i = 0; i < 20; i++) tokens.invalidate(old);
    expect(new Set(renewed)).toEqual(new Set(["token-2"]));
    expect(await tokens.token()).toBe("token-2");
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it("lets a failed fetch fail its callers, then tries again", async () => {
    const clock = new FakeClock();
    const exchange = jest.fn<Promise<TokenGrant>, []>();
    exchange.mockRejectedValueOnce(new Error("boom")).mockResolvedValueOnce({ accessToken: "t", expiresInMs: 1000 });
    const tokens = new TokenSource({ kind: "oauth", clientId: "c", clientSecret: SECRET }, exchange, clock);
    await expect(Promise.all([tokens.token(), tokens.token()])).rejects.toThrow("boom");
    expect(await tokens.token()).toBe("t");
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it("keeps secrets out of inspect and JSON", async () => {
    const { tokens } = source(new FakeClock());
    await tokens.token();
    const text = inspect(tokens, { depth: 10, showHidden: true }) + JSON.stringify(tokens);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("token-1");
    expect(tokens.secrets()).toEqual([SECRET, "token-1"]);
  });

  it("uses API keys as they are", async () => {
    const tokens = new TokenSource({ kind: "apiKey", apiKey: "k" }, jest.fn());
    expect(await tokens.token()).toBe("k");
    expect(tokens.refreshable).toBe(false);
  });
});

describe("token responses and fingerprints", () => {
  it("reads expires_in, expires_at (ISO or epoch) and assumes an hour otherwise", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(grantFromResponse({ access_token: "a", expires_in: 21600 }, now).expiresInMs).toBe(21_600_000);
    expect(grantFromResponse({ access_token: "a", expires_at: "2025-01-01T00:10:00Z" }, now).expiresInMs).toBe(600_000);
    expect(grantFromResponse({ access_token: "a", expires_at: now / 1000 + 60 }, now).expiresInMs).toBe(60_000);
    expect(grantFromResponse({ access_token: "a" }, now).expiresInMs).toBe(3_600_000);
  });

  it("fingerprints credentials with a hash that differs per secret and never contains it", () => {
    const a = credentialFingerprint({ kind: "oauth", clientId: "c", clientSecret: SECRET });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(credentialFingerprint({ kind: "oauth", clientId: "c", clientSecret: SECRET })).toBe(a);
    expect(credentialFingerprint({ kind: "oauth", clientId: "c", clientSecret: `${SECRET}2` })).not.toBe(a);
    expect(credentialFingerprint({ kind: "apiKey", apiKey: SECRET })).not.toBe(a);
  });
});
