/**
 * The IQ Server client against a fake server: the basic-auth header, retry policy (which statuses, which methods),
 * redirects never followed, and no credential in any error, even when the server echoes it back.
 */
import { IqServerClient } from "../../../provider/iqserver/client";
import { IqServerApiError } from "../../../provider/iqserver/errors";
import { QlikResponseError } from "../../../provider/http";
import { json, startFakeServer, type FakeServer } from "../http/fakeServer";

const PASSWORD = "s3cret-Pa55word";
let server: FakeServer;
let client: IqServerClient;

beforeEach(async () => {
  server = await startFakeServer();
  client = new IqServerClient(
    { origin: server.origin, basePath: "", username: "ci-bot", password: PASSWORD },
    { retry: { baseDelayMs: 1, maxDelayMs: 2, deadlineMs: 10_000 } },
  );
});
afterEach(async () => {
  await client.close();
  await server.close();
});

const noCredential = (error: unknown) => {
  const text = JSON.stringify({
    message: (error as Error).message,
    stack: (error as Error).stack,
    cause: String((error as Error).cause),
  });
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(Buffer.from(`ci-bot:${PASSWORD}`).toString("base64"));
};

test("sends HTTP basic authentication and JSON", async () => {
  server.handle((_, res) => json(res, 200, { organizations: [] }));
  await client.request({ method: "POST", path: "/api/v2/organizations", body: { name: "A" } });
  expect(server.requests[0].headers.authorization).toBe(
    `Basic ${Buffer.from(`ci-bot:${PASSWORD}`).toString("base64")}`,
  );
  expect(server.requests[0].headers["content-type"]).toBe("application/json");
  expect(server.requests[0].body).toBe('{"name":"A"}');
});

test("below a reverse proxy's path, every request goes to that path", async () => {
  const proxied = new IqServerClient({
    origin: server.origin,
    basePath: "/iq",
    username: "ci-bot",
    password: PASSWORD,
  });
  server.handle((_, res) => json(res, 200, { organizations: [] }));
  try {
    await proxied.request({ method: "GET", path: "/api/v2/organizations", query: { organizationName: "A b" } });
    await proxied.request({ method: "PUT", path: "/api/v2/organizations/a/move/destination/b" });
  } finally {
    await proxied.close();
  }
  expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
    "GET /iq/api/v2/organizations?organizationName=A%20b",
    "PUT /iq/api/v2/organizations/a/move/destination/b",
  ]);
});

test("GET and PUT are retried after 500/502/504; 503 and 429 for every method; 4xx never", async () => {
  let n = 0;
  server.handle((_, res) =>
    ++n < 3 ? json(res, n === 1 ? 502 : 429, undefined, { "retry-after": "0" }) : json(res, 200, {}),
  );
  await client.request({ method: "PUT", path: "/api/v2/organizations/a/move/destination/b" });
  expect(server.requests).toHaveLength(3);
  expect(client.stats.retries).toBe(2);

  server.requests.length = 0;
  server.handle((_, res) => json(res, 409, { errors: [{ type: "PARENT_HIERARCHY", message: "no" }], warnings: [] }));
  const conflict = await client.request({ method: "PUT", path: "/x" }).catch((e: unknown) => e);
  expect(conflict).toBeInstanceOf(IqServerApiError);
  expect((conflict as IqServerApiError).errors).toEqual([{ type: "PARENT_HIERARCHY", message: "no" }]);
  expect(server.requests).toHaveLength(1);
});

test("a POST that got a 500 is resent only after recover() found nothing; found, it is the result", async () => {
  let n = 0;
  server.handle((_, res) => (++n === 1 ? json(res, 500) : json(res, 200, { id: "new" })));
  let lookups = 0;
  const sent = await client.request({ method: "POST", path: "/p", recover: async () => void lookups++ });
  expect([sent.body, lookups, server.requests.length]).toEqual([{ id: "new" }, 1, 2]);

  server.requests.length = 0;
  server.handle((_, res) => json(res, 500));
  const found = await client.request({ method: "POST", path: "/p", recover: async () => ({ id: "landed" }) });
  expect(found).toEqual({ status: 200, body: { id: "landed" }, recovered: true });
  expect(server.requests).toHaveLength(1);

  server.requests.length = 0;
  const unknown = await client.request({ method: "POST", path: "/p" }).catch((e: unknown) => e);
  expect((unknown as Error).message).toMatch(/may or may not have been applied/);
  expect(server.requests).toHaveLength(1);
});

test("a redirect is not followed (the credential stays with the configured origin)", async () => {
  server.handle((_, res) => json(res, 302, undefined, { location: "http://127.0.0.2:1/elsewhere" }));
  const error = await client.request({ method: "GET", path: "/api/v2/organizations" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IqServerApiError);
  expect((error as IqServerApiError).status).toBe(302);
  expect(server.requests).toHaveLength(1);
});

test("no credential in errors, even when the server echoes the Authorization header", async () => {
  server.handle((req, res) => {
    res.writeHead(401, { "content-type": "text/plain" });
    res.end(`Bad credentials: ${req.headers.authorization} (${PASSWORD})`);
  });
  const error = await client.request({ method: "GET", path: "/api/v2/organizations" }).catch((e: unknown) => e);
  expect((error as Error).message).toMatch(/401 Unauthorized: Bad credentials: Basic \[REDACTED\] \(\[REDACTED\]\)/);
  expect((error as Error).message).toMatch(/check iqserver:username and iqserver:password/);
  noCredential(error);
});

test("a 200 that is not IQ Server's JSON says so, naming IQ Server", async () => {
  server.handle((_, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html>login</html>");
  });
  const error = await client.request({ method: "GET", path: "/api/v2/organizations" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(QlikResponseError);
  expect((error as Error).message).toMatch(/not JSON \(text\/html\).*may not point at a Sonatype IQ Server/);
});

test("a refused connection is retried, then reported without the credential", async () => {
  const origin = server.origin;
  await server.close();
  const unreachable = new IqServerClient(
    { origin, basePath: "", username: "ci-bot", password: PASSWORD },
    { retry: { baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 30 } },
  );
  const error = await unreachable.request({ method: "GET", path: "/api/v2/organizations" }).catch((e: unknown) => e);
  await unreachable.close();
  expect((error as Error).message).toMatch(
    /GET \/api\/v2\/organizations failed \(.*\) after \d+ attempts\. Check that http/,
  );
  noCredential(error);
  server = await startFakeServer();
});
