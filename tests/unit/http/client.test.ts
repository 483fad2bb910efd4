/**
 * Client behaviour against an in-test node:http server, for the cases that need exact control of one response:
 * faults, headers, redirects, odd bodies. The emulator-backed integration tests cover the realistic flows.
 */
import { z } from "zod";
import {
  createClient,
  getSharedClient,
  haltSharedClients,
  QlikApiError,
  QlikHaltedError,
  QlikRequestError,
  QlikResponseError,
  resetSharedClients,
  type QlikHttpClient,
} from "../../../provider/http";
import type { ClientOptions, RequestEvent } from "../../../provider/http/types";
import { drop, json, startFakeServer, type FakeServer } from "./fakeServer";
import { VirtualClock } from "./fakeClock";
import { redirectTarget } from "../../../provider/http/transport";

const API_KEY = "qlik-api-key-0123456789";
const FAST_RETRY = { baseDelayMs: 2, maxDelayMs: 10, deadlineMs: 3_000 };

let server: FakeServer;
let clients: QlikHttpClient[] = [];
/** Every client here runs on virtual time: waits, deadlines and windows are exact whatever the machine's load. */
let clock: VirtualClock;

function client(options: Partial<ClientOptions> = {}): QlikHttpClient {
  const c = createClient({
    origin: server.origin,
    credentials: { kind: "apiKey", apiKey: API_KEY },
    retry: FAST_RETRY,
    clock,
    ...options,
  });
  clients.push(c);
  return c;
}

beforeEach(async () => {
  clock = new VirtualClock();
  server = await startFakeServer(undefined, () => clock.now());
});

/** Waits (on real events, without a time limit of its own) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  await server.close();
});

const user = z.object({ id: z.string(), email: z.string() });

describe("requests", () => {
  it("sends JSON with the API key and validates the response", async () => {
    server.handle((_, res) => json(res, 201, { id: "u1", email: "a@b.c", extra: true }));
    const response = await client().request({
      method: "POST",
      path: "/api/v1/users",
      query: { filter: 'subject eq "a b"', skip: undefined, limit: 5 },
      body: { subject: "s" },
      schema: user,
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: "u1", email: "a@b.c" });
    const [req] = server.requests;
    expect(req.path).toBe("/api/v1/users?filter=subject%20eq%20%22a%20b%22&limit=5");
    expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body)).toEqual({ subject: "s" });
  });

  it("returns undefined for 204 and allowed statuses instead of throwing", async () => {
    server.handle((req, res) =>
      req.method === "DELETE" ? json(res, 204) : json(res, 404, { errors: [{ code: "USERS-7", title: "Not found" }] }),
    );
    const c = client();
    expect((await c.request({ method: "DELETE", path: "/api/v1/users/x" })).body).toBeUndefined();
    const missing = await c.request({ method: "GET", path: "/api/v1/users/x", schema: user, allowStatus: [404] });
    expect(missing.status).toBe(404);
  });

  it("reports a schema mismatch naming the endpoint and the field", async () => {
    server.handle((_, res) => json(res, 200, { id: "u1", email: 42 }));
    const error = await client()
      .request({ method: "GET", path: "/api/v1/users/u1", schema: user })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QlikResponseError);
    expect((error as Error).message).toMatch(/^GET \/api\/v1\/users\/u1 → 200 OK: unexpected response shape: email: /);
    expect((error as QlikResponseError).issues[0].path).toBe("email");
  });

  it("reports a non-JSON success body", async () => {
    server.handle((_, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>login</html>");
    });
    await expect(client().request({ method: "GET", path: "/api/v1/users/u1" })).rejects.toThrow(
      /not JSON \(text\/html\)/,
    );
  });

  it("counts attempts and reports each one to onRequest", async () => {
    const events: RequestEvent[] = [];
    let n = 0;
    server.handle((_, res) => (n++ === 0 ? json(res, 500) : json(res, 200, {})));
    const c = client({ onRequest: (e) => events.push(e) });
    await c.request({ method: "GET", path: "/api/v1/users" });
    expect(events.map((e) => [e.attempt, e.status, e.tier])).toEqual([
      [1, 500, "tier1"],
      [2, 200, "tier1"],
    ]);
    expect(c.stats).toMatchObject({ requests: 2, retries: 1, rateLimited: 0, byTier: { tier1: 2, tier2: 0 } });
  });
});

describe("API errors", () => {
  it.each([
    [
      404,
      { errors: [{ code: "USERS-7", title: "Not found", status: 404 }], traceId: "t1" },
      /404 Not Found \(USERS-7\): Not found \[traceId t1\]/,
    ],
    [
      409,
      { errors: [{ code: "GROUPS-2", title: "Conflict", detail: "name taken" }] },
      /409 Conflict \(GROUPS-2\): Conflict: name taken/,
    ],
    [
      400,
      { errors: [{ code: "USERS-3", title: "Invalid", source: { pointer: "/email" } }] },
      /400 Bad Request \(USERS-3\): Invalid at \/email/,
    ],
    [
      403,
      { errors: [{ code: "HTTP-403", title: "Forbidden" }] },
      /403 Forbidden \(HTTP-403\): Forbidden\. The credential lacks permission/,
    ],
    [
      207,
      {
        errors: [
          { code: "USERS-13", title: "Bad role" },
          { code: "USERS-14", title: "Bad status" },
        ],
      },
      /207 Multi-Status: partial success, 2 operations failed: \(USERS-13\) Bad role; \(USERS-14\) Bad status/,
    ],
  ])("turns %i into a QlikApiError", async (status, body, message) => {
    server.handle((_, res) => json(res, status, body));
    const error = (await client()
      .request({ method: "PATCH", path: "/api/v1/users/u1", body: [] })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error).toBeInstanceOf(QlikApiError);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
    expect(error.errors).toHaveLength(body.errors.length);
    expect(server.requests).toHaveLength(1);
  });
});

describe("rate limiting", () => {
  it("retries a 429 after a decimal Retry-After and pauses the whole tier meanwhile", async () => {
    let first = true;
    server.handle((req, res) => {
      if (first && req.method === "POST") {
        first = false;
        return json(
          res,
          429,
          { errors: [{ code: "HTTP-429", title: "API rate limit reached." }] },
          { "retry-after": "0.35" },
        );
      }
      json(res, 200, {});
    });
    const c = client();
    const a = c.request({ method: "POST", path: "/api/v1/groups", body: {} });
    await until(() => c.stats.rateLimited === 1); // the 429 has been received and the tier paused
    const b = c.request({ method: "DELETE", path: "/api/v1/groups/x" });
    const g = c.request({ method: "GET", path: "/api/v1/groups" });
    await Promise.all([a, b, g]);
    const [rejected, ...rest] = server.requests;
    const get = rest.find((r) => r.method === "GET")!;
    const tier2 = rest.filter((r) => r.method !== "GET");
    // Tier 1 went straight through; Tier 2 waited for the pause, the retried POST first.
    expect(get.at - rejected.at).toBe(0);
    expect(tier2.map((r) => r.method)).toEqual(["POST", "DELETE"]);
    for (const r of tier2) expect(r.at - rejected.at).toBeGreaterThanOrEqual(350);
    expect(c.stats).toMatchObject({ rateLimited: 1, retries: 1, rateLimitedByTier: { tier2: 1 } });
  });

  it("retries 429 on POST and honours HTTP-date Retry-After", async () => {
    let n = 0;
    server.handle((_, res) =>
      n++ === 0 ? json(res, 429, {}, { "retry-after": new Date(Date.now() - 1000).toUTCString() }) : json(res, 201, {}),
    );
    expect((await client().request({ method: "POST", path: "/api/v1/users", body: {} })).status).toBe(201);
    expect(server.requests).toHaveLength(2);
  });

  it("falls back to Ratelimit-Reset, then to 1 s, when a 429 has no Retry-After", async () => {
    let n = 0;
    server.handle((_, res) => (n++ === 0 ? json(res, 429, {}, { "ratelimit-reset": "0.5" }) : json(res, 200, {})));
    const lines: string[] = [];
    await client({ log: (line) => lines.push(line) }).request({ method: "GET", path: "/api/v1/users" });
    expect(lines.filter((l) => l.includes("429"))).toEqual([
      expect.stringContaining("GET /api/v1/users: 429 on tier1; pausing it for 500 ms"),
    ]);
  });

  it.each([
    ["Retry-After: 0", { "retry-after": "0" }],
    ["a past Retry-After date", { "retry-after": "Thu, 01 Jan 2015 00:00:00 GMT" }],
    ["Ratelimit-Reset: 0", { "ratelimit-reset": "0" }],
  ])("spaces retries at least 250 ms apart after %s (no retry storm)", async (_, headers) => {
    server.handle((_, res) => json(res, 429, {}, headers));
    const error = (await client({ retry: { ...FAST_RETRY, deadlineMs: 3_000 } })
      .request({ method: "GET", path: "/api/v1/users" })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error.status).toBe(429);
    // Before the floor: thousands of requests in 3 s. Now at most one per 250 ms.
    expect(server.requests.length).toBeLessThanOrEqual(13);
    const times = server.requests.map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(250);
  });

  it("counts the wait for a rate-limit slot against the retry deadline", async () => {
    const c = client({ rateLimits: { tier2: 1 }, rateWindowMs: 60_000, retry: { ...FAST_RETRY, deadlineMs: 3_000 } });
    await c.request({ method: "POST", path: "/api/v1/groups", body: {} });
    const started = clock.now();
    const error = (await c
      .request({ method: "POST", path: "/api/v1/groups", body: {} })
      .catch((e: unknown) => e)) as QlikRequestError;
    expect(error).toBeInstanceOf(QlikRequestError);
    expect(error).toMatchObject({ reason: "deadline", attempts: 0 });
    expect(error.message).toMatch(/waited for a rate-limit slot until the retry deadline.*qlik:retryDeadlineSeconds/);
    // It gave up at its 3 s deadline, not when the slot came free a minute later.
    expect(clock.now() - started).toBe(3_000);
    expect(server.requests).toHaveLength(1);
    expect(c.scheduler.state("tier2").waiting).toBe(0);
  });

  it("gives up on 429s only at the deadline, with advice", async () => {
    server.handle((_, res) =>
      json(res, 429, { errors: [{ code: "HTTP-429", title: "API rate limit reached." }] }, { "retry-after": "0.05" }),
    );
    const error = (await client({ retry: { ...FAST_RETRY, deadlineMs: 1_500 } })
      .request({ method: "GET", path: "/api/v1/users" })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error).toBeInstanceOf(QlikApiError);
    expect(error.status).toBe(429);
    // Every 250 ms (the floor over Retry-After 0.05) within 1.5 s.
    expect(error.attempts).toBe(6);
    expect(error.message).toMatch(/Still rate limited after 1500 ms of retrying/);
  });

  it("waits instead of drawing a 429 when Ratelimit-Remaining says the budget is spent", async () => {
    server.handle((_, res) => json(res, 200, {}, { "ratelimit-remaining": "0", "ratelimit-reset": "0.2" }));
    const c = client({ rateWindowMs: 1000 });
    await c.request({ method: "PATCH", path: "/api/v1/users/a", body: [] });
    await c.request({ method: "PATCH", path: "/api/v1/users/b", body: [] });
    const [a, b] = server.requests;
    expect(b.at - a.at).toBeGreaterThanOrEqual(195);
  });

  it("never lets the server see more than the limit in a window", async () => {
    server.handle((_, res) => void setTimeout(() => json(res, 201, {}), Math.random() * 15));
    const c = client({ rateLimits: { tier2: 5 }, rateWindowMs: 150 });
    await Promise.all(
      Array.from({ length: 25 }, () => c.request({ method: "POST", path: "/api/v1/groups", body: {} })),
    );
    const times = server.requests.map((r) => r.at).sort((x, y) => x - y);
    for (let i = 5; i < times.length; i++) expect(times[i] - times[i - 5]).toBeGreaterThan(150);
  });
});

describe("retries and POST recovery", () => {
  it("retries GET and PATCH on 5xx and resets", async () => {
    let n = 0;
    server.handle((_, res) => {
      n++;
      if (n === 1) return json(res, 502, {});
      if (n === 2) return drop(res);
      if (n === 3) return json(res, 504, {});
      json(res, 200, { ok: true });
    });
    const c = client();
    expect((await c.request({ method: "GET", path: "/api/v1/users" })).body).toEqual({ ok: true });
    n = 0;
    expect((await c.request({ method: "PATCH", path: "/api/v1/users/u", body: [] })).status).toBe(200);
    expect(c.stats.retries).toBe(6);
  });

  it("retries a POST after 503 (not processed) without asking recover", async () => {
    let n = 0;
    server.handle((_, res) =>
      n++ === 0 ? json(res, 503, {}, { "retry-after": "0.01" }) : json(res, 201, { id: "g" }),
    );
    const recover = jest.fn();
    const response = await client().request({ method: "POST", path: "/api/v1/groups", body: {}, recover });
    expect(response.status).toBe(201);
    expect(recover).not.toHaveBeenCalled();
  });

  it("never repeats an ambiguous POST without recover, and says how to check", async () => {
    server.handle((_, res) => json(res, 500, { errors: [{ code: "USERS-1", title: "Internal error" }] }));
    const error = (await client()
      .request({ method: "POST", path: "/api/v1/users", body: {} })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/may or may not have been applied.*GET \/api\/v1\/users\?filter=subject eq/);
    expect(server.requests).toHaveLength(1);
  });

  it("throws an unknown-outcome QlikRequestError for a dropped POST without recover", async () => {
    server.handle((_, res) => drop(res));
    const error = (await client()
      .request({ method: "POST", path: "/api/v1/groups", body: {} })
      .catch((e: unknown) => e)) as QlikRequestError;
    expect(error).toBeInstanceOf(QlikRequestError);
    expect(error).toMatchObject({ code: "QLIK_REQUEST_FAILED", outcomeUnknown: true, attempts: 1 });
    expect(error.message).toMatch(/GET \/api\/v1\/groups\?filter=name eq/);
    expect(server.requests).toHaveLength(1);
  });

  it("returns what recover finds when the dropped POST landed", async () => {
    server.handle((_, res) => drop(res));
    const c = client();
    const response = await c.request({
      method: "POST",
      path: "/api/v1/users",
      body: {},
      recover: async () => ({ id: "landed" }),
    });
    expect(response).toMatchObject({ recovered: true, status: 200, body: { id: "landed" } });
    expect(server.requests).toHaveLength(1);
    expect(c.stats.recoveries).toBe(1);
  });

  it("sends again when recover finds nothing, and adopts on a 409 caused by the first attempt", async () => {
    let n = 0;
    server.handle((_, res) => (n++ === 0 ? drop(res) : json(res, 201, { id: "second" })));
    const recover = jest.fn(async () => undefined);
    const response = await client().request({ method: "POST", path: "/api/v1/users", body: {}, recover });
    expect(response.body).toEqual({ id: "second" });
    expect(recover).toHaveBeenCalledTimes(1);

    n = 0;
    server.handle((_, res) => (n++ === 0 ? json(res, 502, {}) : json(res, 409, { errors: [{ code: "USERS-9" }] })));
    const late = jest.fn<Promise<{ id: string } | undefined>, []>();
    late.mockResolvedValueOnce(undefined).mockResolvedValueOnce({ id: "first" });
    const adopted = await client().request({ method: "POST", path: "/api/v1/users", body: {}, recover: late });
    expect(adopted.body).toEqual({ id: "first" });
  });

  it("retries connection refusals for any method until the deadline", async () => {
    const origin = server.origin;
    await server.close();
    const c = createClient({
      origin,
      credentials: { kind: "apiKey", apiKey: API_KEY },
      retry: { ...FAST_RETRY, deadlineMs: 1_500 },
      clock,
    });
    clients.push(c);
    const error = (await c
      .request({ method: "POST", path: "/api/v1/users", body: {} })
      .catch((e: unknown) => e)) as QlikRequestError;
    server = await startFakeServer();
    expect(error).toBeInstanceOf(QlikRequestError);
    expect(error.outcomeUnknown).toBe(false);
    // At 0, 250, …, 1500 ms: the floor spaces them, the deadline ends them.
    expect(error.attempts).toBe(7);
    expect(error.message).toMatch(
      /POST \/api\/v1\/users failed \(.*ECONNREFUSED.*\) after \d+ attempts\. Check that http:\/\/127\.0\.0\.1/,
    );
  });

  it("times out a silent server and retries GETs", async () => {
    server.handle(() => undefined);
    const c = client({ requestTimeoutMs: 500, retry: { ...FAST_RETRY, deadlineMs: 1_200 } });
    // The server holds every request it got: only then may virtual time move, so the timeout can fire.
    clock.advanceWhileBusy = () => server.requests.length === c.stats.requests;
    const error = (await c
      .request({ method: "GET", path: "/api/v1/users" })
      .catch((e: unknown) => e)) as QlikRequestError;
    expect(error).toMatchObject({ reason: "timeout", outcomeUnknown: false });
    // 500 ms timeout, ≥ 250 ms wait, 500 ms timeout: the third would end past the 1.2 s deadline.
    expect(error.attempts).toBe(2);
    expect(error.message).toMatch(/^GET \/api\/v1\/users timed out after \d+ attempts/);
  });
});

describe("redirects", () => {
  it("follows /me redirects, keeping Authorization on the same origin and counting each hop", async () => {
    server.handle((req, res) => {
      if (req.path === "/api/v1/users/me") return json(res, 301, undefined, { location: "/api/v1/users/u1" });
      json(res, 200, { id: "u1", email: "e" });
    });
    const c = client();
    const response = await c.request({ method: "GET", path: "/api/v1/users/me", schema: user });
    expect(response.body.id).toBe("u1");
    expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ["/api/v1/users/me", `Bearer ${API_KEY}`],
      ["/api/v1/users/u1", `Bearer ${API_KEY}`],
    ]);
    expect(c.stats.requests).toBe(2);
    expect(c.scheduler.state("tier1").cooling).toBe(2);
  });

  it.each(["GET", "POST", "PATCH", "DELETE"] as const)(
    "refuses a %s redirect to another origin: nothing is sent there and nothing from there is accepted",
    async (method) => {
      const other = await startFakeServer((_, res) => json(res, 200, { id: "t", email: "from elsewhere" }));
      try {
        server.handle((_, res) => json(res, 302, undefined, { location: `${other.origin}/api/v1/users/u1` }));
        const error = (await client()
          .request({ method, path: "/api/v1/users/me", body: method === "GET" ? undefined : {} })
          .catch((e: unknown) => e)) as QlikApiError;
        expect(error).toBeInstanceOf(QlikApiError);
        expect(error.status).toBe(302);
        expect(error.message).toContain(`redirected to ${other.origin}, which is not ${server.origin}: refused`);
        expect(other.requests).toHaveLength(0);
      } finally {
        await other.close();
      }
    },
  );

  it("refuses a redirect that changes only the scheme (https → http and back)", async () => {
    const host = new URL(server.origin).host;
    server.handle((_, res) => json(res, 301, undefined, { location: `https://${host}/api/v1/users/u1` }));
    const error = (await client()
      .request({ method: "GET", path: "/api/v1/users/me" })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error.message).toContain(`redirected to https://${host}`);
    expect(server.requests).toHaveLength(1);
    expect(
      redirectTarget("https://t.eu.qlikcloud.com", "/a", {
        status: 302,
        headers: { location: "http://t.eu.qlikcloud.com/b" },
      }),
    ).toEqual({
      refused: "http://t.eu.qlikcloud.com",
    });
    expect(
      redirectTarget("https://t.eu.qlikcloud.com", "/a/b", { status: 307, headers: { location: "../c?x=1" } }),
    ).toEqual({
      path: "/c?x=1",
    });
  });
});

describe("pagination", () => {
  it("follows links.next.href on the configured origin, whatever host the link names", async () => {
    server.handle((req, res) => {
      const page = new URL(req.path, "http://x").searchParams.get("next") ?? "0";
      const n = Number(page);
      json(res, 200, {
        data: [
          { id: `u${2 * n}`, email: "e" },
          { id: `u${2 * n + 1}`, email: "e" },
        ],
        links: n < 2 ? { next: { href: `http://elsewhere.example:9/api/v1/users?limit=2&next=${n + 1}` } } : {},
      });
    });
    const ids: string[] = [];
    for await (const u of client().paginate({ path: "/api/v1/users", query: { limit: 2 }, item: user })) ids.push(u.id);
    expect(ids).toEqual(["u0", "u1", "u2", "u3", "u4", "u5"]);
    expect(server.requests.map((r) => r.path)).toEqual([
      "/api/v1/users?limit=2",
      "/api/v1/users?limit=2&next=1",
      "/api/v1/users?limit=2&next=2",
    ]);
  });

  it("POSTs every page of an actions/filter listing on the Special tier, and stops on a looping link", async () => {
    server.handle((_, res) =>
      json(res, 200, {
        data: [{ id: "g", email: "e" }],
        links: { next: { href: "/api/v1/groups/actions/filter?next=a" } },
      }),
    );
    const c = client();
    const seen: string[] = [];
    const listing = (async () => {
      for await (const g of c.paginate({
        path: "/api/v1/groups/actions/filter",
        body: { filter: 'id eq "g"' },
        item: user,
      }))
        seen.push(g.id);
    })();
    await expect(listing).rejects.toThrow(/links\.next\.href: points at a page already read/);
    expect(server.requests.map((r) => [r.method, r.body])).toEqual([
      ["POST", '{"filter":"id eq \\"g\\""}'],
      ["POST", '{"filter":"id eq \\"g\\""}'],
    ]);
    expect(c.stats.byTier.special).toBe(2);
  });

  it("names the item that does not match the schema", async () => {
    server.handle((_, res) => json(res, 200, { data: [{ id: "a", email: "e" }, { id: 7 }] }));
    const all = async () => {
      for await (const _ of client().paginate({ path: "/api/v1/users", item: user })) void _;
    };
    await expect(all()).rejects.toThrow(/data\[1\]\.id: /);
  });
});

describe("shared clients", () => {
  afterEach(() => resetSharedClients());

  it("shares one client per origin and credential", () => {
    const options = { origin: `${server.origin}/`, credentials: { kind: "apiKey" as const, apiKey: API_KEY } };
    const a = getSharedClient(options);
    expect(getSharedClient({ ...options, origin: server.origin })).toBe(a);
    expect(getSharedClient({ ...options, credentials: { kind: "apiKey", apiKey: `${API_KEY}x` } })).not.toBe(a);
    expect(a.principal).toMatch(/^[0-9a-f]{16}$/);
    expect(a.principal).not.toContain(API_KEY.slice(0, 8));
  });

  it("validates options with errors that name the property", () => {
    expect(() =>
      getSharedClient({ origin: "http://example.com", credentials: { kind: "apiKey", apiKey: "k" } }),
    ).toThrow(/origin .* uses http:\/\//);
    expect(() => createClient({ origin: server.origin, credentials: { kind: "apiKey", apiKey: " " } })).toThrow(
      /credentials\.apiKey is empty/,
    );
    expect(() =>
      createClient({ origin: server.origin, credentials: { kind: "oauth", clientId: "c", clientSecret: "a b" } }),
    ).toThrow(/credentials\.clientSecret contains spaces/);
    expect(() =>
      createClient({ origin: server.origin, credentials: { kind: "apiKey", apiKey: API_KEY }, requestTimeoutMs: 0 }),
    ).toThrow(/requestTimeoutMs/);
    for (const short of ["k", "abc", "1234567"]) {
      let message = "";
      try {
        createClient({ origin: server.origin, credentials: { kind: "apiKey", apiKey: short } });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/credentials\.apiKey is only \d characters long.*at least 8/);
      expect(message).not.toContain(`"${short}"`);
    }
  });
});

describe("halt (the provider host's engine is gone)", () => {
  it("drops what waits for a slot without sending it, abandons the exchange on the wire, refuses what comes later", async () => {
    const held: Array<() => void> = [];
    server.handle((_, res) => void held.push(() => json(res, 201, {})));
    const c = client({ rateLimits: { tier2: 1 }, rateWindowMs: 60_000 });
    const onWire = c.request({ method: "POST", path: "/api/v1/users", body: {} }).catch((e: unknown) => e);
    const queued = Array.from({ length: 5 }, () =>
      c.request({ method: "POST", path: "/api/v1/users", body: {} }).catch((e: unknown) => e),
    );
    await until(() => server.requests.length === 1 && c.scheduler.state("tier2").waiting === 5);
    c.halt(new QlikHaltedError("the Pulumi engine at 127.0.0.1:1 is gone"));
    for (const error of [await onWire, ...(await Promise.all(queued))]) {
      expect(error).toBeInstanceOf(QlikHaltedError);
      expect((error as Error).message).toMatch(/^pulumi-qlik stopped sending requests: the Pulumi engine .* is gone/);
    }
    await expect(c.request({ method: "GET", path: "/api/v1/users" })).rejects.toBeInstanceOf(QlikHaltedError);
    expect(server.requests).toHaveLength(1);
    held.forEach((answer) => answer());
  });

  it("halts every shared client, and those asked for afterwards", async () => {
    resetSharedClients();
    try {
      const options = { origin: server.origin, credentials: { kind: "apiKey" as const, apiKey: API_KEY } };
      const before = getSharedClient(options);
      haltSharedClients(new QlikHaltedError("gone"));
      await expect(before.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(QlikHaltedError);
      const after = getSharedClient({ ...options, origin: server.origin.replace("127.0.0.1", "localhost") });
      await expect(after.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(QlikHaltedError);
      expect(server.requests).toHaveLength(0);
    } finally {
      resetSharedClients();
    }
  });
});
