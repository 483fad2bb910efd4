/**
 * Credentials must never surface in anything a caller could print: messages, causes, enumerable properties,
 * inspected objects, logs. The server here is hostile on purpose: it echoes what it receives.
 */
import { inspect } from "node:util";
import { createClient, type QlikHttpClient } from "../../../provider/http";
import { redact, redactDeep } from "../../../provider/http/errors";
import { drop, json, startFakeServer, type FakeServer } from "./fakeServer";

const API_KEY = "apikey-SECRET-1111-aaaa";
const CLIENT_SECRET = "clientsecret-SECRET-2222-bbbb";
const ACCESS_TOKEN = "accesstoken-SECRET-3333-cccc";
const SECRETS = [API_KEY, CLIENT_SECRET, ACCESS_TOKEN];

let server: FakeServer;
let logs: string[];
const clients: QlikHttpClient[] = [];

beforeEach(async () => {
  logs = [];
  server = await startFakeServer();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

function everything(value: unknown): string {
  const parts = [
    JSON.stringify(value),
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    String(value),
  ];
  for (let e: unknown = value; e instanceof Error; e = e.cause) parts.push(e.stack ?? "", e.message);
  return parts.join("\n");
}

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/bearer [a-z0-9]/i);
}

function apiKeyClient() {
  const c = createClient({
    origin: server.origin,
    credentials: { kind: "apiKey", apiKey: API_KEY },
    retry: { baseDelayMs: 1, maxDelayMs: 2, deadlineMs: 100 },
    log: (line) => logs.push(line),
  });
  clients.push(c);
  return c;
}

function oauthClient() {
  const c = createClient({
    origin: server.origin,
    credentials: { kind: "oauth", clientId: "client-id", clientSecret: CLIENT_SECRET },
    retry: { baseDelayMs: 1, maxDelayMs: 2, deadlineMs: 100 },
    log: (line) => logs.push(line),
  });
  clients.push(c);
  return c;
}

/** Echoes the request's Authorization header and body back in an error body. */
function echo(status: number) {
  return (req: { headers: Record<string, unknown>; body: string }, res: Parameters<typeof json>[0]) =>
    json(res, status, {
      errors: [{ code: "ECHO", title: `you sent ${String(req.headers.authorization)}`, detail: req.body }],
      error_description: req.body,
      traceId: String(req.headers.authorization),
    });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}

describe("redact", () => {
  it.each([
    ["a slash the server escapes", "abc/def-123456", '{"detail":"key abc\\/def-123456"}'],
    ["a quote inside JSON", 'ab"cd-123456', '{"detail":"key ab\\"cd-123456"}'],
    ["a backslash inside JSON", "ab\\cd-123456", '{"detail":"key ab\\\\cd-123456"}'],
    ["unicode escapes", "abc+def-12345", '{"detail":"key abc\\u002bdef-12345"}'],
    ["URL encoding", "abc+def/12345", "client_secret=abc%2Bdef%2F12345&x=1"],
  ])("finds a secret behind %s", (_, secret, text) => {
    const out = redact(text, [secret]);
    expect(out).toContain("[REDACTED]");
    expect(JSON.stringify(out)).not.toContain(secret);
  });

  it("redacts decoded JSON strings, whatever escapes the text used", () => {
    const secret = "s3cret/value-99";
    const body = JSON.parse('{"errors":[{"title":"\\u0073\\u0033cret\\/value-99"}]}') as unknown;
    expect(JSON.stringify(redactDeep(body, [secret]))).toBe('{"errors":[{"title":"[REDACTED]"}]}');
  });
});

describe("credentials never leak", () => {
  it("from an API error that echoes an escaped secret with a slash and a quote", async () => {
    const key = 'key/with"quote-0123';
    server.handle((req, res) =>
      json(res, 400, { errors: [{ code: "ECHO", title: `you sent ${String(req.headers.authorization)}` }] }),
    );
    const c = createClient({ origin: server.origin, credentials: { kind: "apiKey", apiKey: key } });
    clients.push(c);
    const error = await failure(c.request({ method: "GET", path: "/api/v1/users" }));
    expect((error as Error).message).toContain("[REDACTED]");
    expect(everything(error)).not.toContain(key);
    expect(everything(error)).not.toContain(JSON.stringify(key).slice(1, -1));
  });

  it("from API errors that echo the Authorization header", async () => {
    server.handle(echo(401));
    const error = await failure(apiKeyClient().request({ method: "GET", path: "/api/v1/users/me" }));
    expect((error as Error).message).toContain("401 Unauthorized");
    expectNoSecrets(everything(error));
  });

  it("from a token endpoint that echoes the client secret", async () => {
    server.handle(echo(401));
    const error = await failure(oauthClient().request({ method: "GET", path: "/api/v1/users" }));
    expect((error as Error).message).toMatch(/^POST \/oauth\/token → 401 Unauthorized.*check qlik:clientId/);
    expectNoSecrets(everything(error));
  });

  it("from OAuth 401s after a refresh, from transport failures and from logs", async () => {
    server.handle((req, res) =>
      req.path === "/oauth/token"
        ? json(res, 200, { access_token: ACCESS_TOKEN, expires_in: 3600 })
        : echo(401)(req, res),
    );
    const c = oauthClient();
    const refused = await failure(c.request({ method: "GET", path: "/api/v1/users" }));
    expect(server.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(2);
    expectNoSecrets(everything(refused));

    server.handle((req, res) =>
      req.path === "/oauth/token" ? json(res, 200, { access_token: ACCESS_TOKEN, expires_in: 3600 }) : drop(res),
    );
    const dropped = await failure(c.request({ method: "POST", path: "/api/v1/users", body: { secret: "no" } }));
    expect((dropped as Error).cause).toBeDefined();
    expectNoSecrets(everything(dropped));
    expect(logs.length).toBeGreaterThan(0);
    expectNoSecrets(logs.join("\n"));
    expectNoSecrets(everything(c));
  });

  it("from a client object, before and after it fetched a token", async () => {
    server.handle((req, res) =>
      req.path === "/oauth/token"
        ? json(res, 200, { access_token: ACCESS_TOKEN, expires_in: 3600 })
        : json(res, 200, {}),
    );
    const c = oauthClient();
    expectNoSecrets(everything(c));
    await c.request({ method: "GET", path: "/api/v1/users" });
    expect(server.requests[1].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expectNoSecrets(everything(c));
    expectNoSecrets(everything(apiKeyClient()));
  });
});
