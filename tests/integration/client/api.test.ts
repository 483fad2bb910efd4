/** Realistic API flows against the emulator: pagination with foreign links, SCIM filters, every error shape. */
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { QlikApiError } from "../../../provider/http";
import { and, anyOf, eq } from "../../../provider/http/scim";
import { Clients, userSchema, type ApiUser } from "./support";

let emu: EmulatorHandle;
const clients = new Clients();

beforeAll(async () => {
  // Links name a host that does not exist: following them verbatim would fail (and leak the token there).
  emu = await startEmulator({ linkOrigin: "http://qlik-internal.example:8080" });
});
afterAll(async () => {
  await clients.closeAll();
  await emu.stop();
});
beforeEach(() => emu.clearLog());

async function createUser(subject: string, email = "user@example.com"): Promise<ApiUser> {
  const client = clients.apiKey(emu);
  const response = await client.request({
    method: "POST",
    path: "/api/v1/users",
    body: { subject, email, name: subject },
    schema: userSchema,
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("pagination", () => {
  it("reads every page, sending the links' path and query to the configured origin", async () => {
    const created = await Promise.all(Array.from({ length: 7 }, (_, i) => createUser(`page|user-${i}`)));
    emu.clearLog();
    const client = clients.apiKey(emu);
    const users = await collect(
      client.paginate({ path: "/api/v1/users", query: { filter: 'subject sw "page|"', limit: 3 }, item: userSchema }),
    );
    expect(users.map((u) => u.id).sort()).toEqual(created.map((u) => u.id).sort());
    expect(emu.log.map((e) => [e.path, e.status])).toEqual([
      ["/api/v1/users", 200],
      ["/api/v1/users", 200],
      ["/api/v1/users", 200],
    ]);
    expect(emu.log[1].query.next).toBeTruthy();
  });
});

describe("SCIM filters", () => {
  const tricky = ['quote"in|subject', "back\\slash|subject", 'both\\"|" or subject pr or "', "plain|subject"];

  it("finds exactly the user whose subject has quotes and backslashes (no injection)", async () => {
    const created = new Map<string, ApiUser>();
    for (const subject of tricky) created.set(subject, await createUser(subject));
    const client = clients.apiKey(emu);
    for (const subject of tricky) {
      const found = await collect(
        client.paginate({ path: "/api/v1/users", query: { filter: eq("subject", subject) }, item: userSchema }),
      );
      expect(found.map((u) => u.id)).toEqual([created.get(subject)!.id]);
    }
  });

  it("filters by id lists on the Special tier with actions/filter", async () => {
    const users = await Promise.all(["special|a", "special|b", "special|c"].map((s) => createUser(s)));
    emu.clearLog();
    const client = clients.apiKey(emu);
    const wanted = users.slice(0, 2).map((u) => u.id);
    const found = await collect(
      client.paginate({
        path: "/api/v1/users/actions/filter",
        body: { filter: and(anyOf("id", wanted), eq("status", "invited")) },
        item: userSchema,
      }),
    );
    expect(found.map((u) => u.id).sort()).toEqual([...wanted].sort());
    expect(emu.log.map((e) => [e.method, e.tier])).toEqual([["POST", "special"]]);
    expect(client.stats.byTier.special).toBe(1);
  });
});

describe("error shapes", () => {
  async function failure(promise: Promise<unknown>): Promise<QlikApiError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QlikApiError);
    return error as QlikApiError;
  }

  it("404 with the Qlik code and traceId, or returned when allowed", async () => {
    const client = clients.apiKey(emu);
    const error = await failure(client.request({ method: "GET", path: "/api/v1/users/000000000000000000000000" }));
    expect(error).toMatchObject({ status: 404, qlikCode: "USERS-7", title: "Not found" });
    expect(error.traceId).toMatch(/\w+/);
    expect(error.message).toMatch(
      /^GET \/api\/v1\/users\/0+ → 404 Not Found \(USERS-7\): Not found: No user with id 0+\. \[traceId \w+\]$/,
    );
    const allowed = await client.request({
      method: "GET",
      path: "/api/v1/users/000000000000000000000000",
      schema: userSchema,
      allowStatus: [404],
    });
    expect(allowed.status).toBe(404);
  });

  it("409 conflict on a duplicate subject", async () => {
    await createUser("dup|subject");
    const error = await failure(
      clients
        .apiKey(emu)
        .request({ method: "POST", path: "/api/v1/users", body: { subject: "dup|subject", email: "a@b.c" } }),
    );
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/^POST \/api\/v1\/users → 409 Conflict \(\S+\): .*already exists.* at \/subject/);
  });

  it("400 naming the source of the problem", async () => {
    const error = await failure(
      clients.apiKey(emu).request({ method: "POST", path: "/api/v1/users", body: { subject: "no-email" } }),
    );
    expect(error.status).toBe(400);
    expect(error.errors[0].source).toEqual({ pointer: "/email" });
    expect(error.message).toMatch(/email is required when inviting a user\. at \/email/);
  });

  it("207 partial success lists each failed operation", async () => {
    const user = await createUser("partial|user");
    const error = await failure(
      clients.apiKey(emu).request({
        method: "PATCH",
        path: `/api/v1/users/${user.id}`,
        body: [
          { op: "replace", path: "/name", value: "Renamed" },
          { op: "replace", path: "/assignedRoles", value: [{ name: "NoSuchRole" }] },
          { op: "renew", path: "/inviteExpiry" },
          { op: "replace", path: "/assignedGroups", value: [{ name: "nope", providerType: "custom" }] },
        ],
      }),
    );
    expect(error.status).toBe(207);
    expect(error.errors).toHaveLength(2);
    expect(error.message).toMatch(/207 Multi-Status: partial success, 2 operations failed: .*NoSuchRole.*; .*nope/);
    expect(emu.state().users.find((u) => u.id === user.id)?.name).toBe("Renamed");
  });

  it("403 for a tenant API key at the console", async () => {
    const client = clients.make(emu.consoleUrl, { kind: "apiKey", apiKey: emu.tenants[0].apiKey });
    const error = await failure(client.request({ method: "GET", path: "/api/core/tenants" }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/403 Forbidden.*organization OAuth client.*lacks permission/);
  });
});
