/** Retries and the ambiguous-POST rule against the emulator's fault injection. */
import { inspect } from "node:util";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { QlikApiError, QlikRequestError } from "../../../provider/http";
import { eq } from "../../../provider/http/scim";
import type { QlikClient } from "../../../provider/http/types";
import { Clients, userSchema, type ApiUser } from "./support";
import { VirtualClock } from "../../unit/http/fakeClock";

let emu: EmulatorHandle;
const clients = new Clients();

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await clients.closeAll();
  await emu.stop();
});
beforeEach(() => {
  emu.clearLog();
  emu.faults.clear();
});

const USERS = "/api/v1/users";
const usersWith = (subject: string) => emu.state().users.filter((u) => u.subject === subject);

/** Creates a user the way a resource does: with `recover` looking the user up by its natural key. */
function createWithRecover(client: QlikClient, subject: string) {
  return client.request({
    method: "POST",
    path: USERS,
    body: { subject, email: "d@e.x" },
    schema: userSchema,
    recover: findBySubject(client, subject),
  });
}

/** What a resource's create passes as `recover`: look the user up by its natural key. */
function findBySubject(client: QlikClient, subject: string) {
  return async (): Promise<ApiUser | undefined> => {
    for await (const user of client.paginate({
      path: USERS,
      query: { filter: eq("subject", subject) },
      item: userSchema,
    }))
      return user;
    return undefined;
  };
}

describe("idempotent calls", () => {
  it("retries a GET through 500s and a dropped connection", async () => {
    emu.faults.failNext(2, { status: 500, match: { method: "GET", path: USERS } });
    emu.faults.dropNext(1, { match: { method: "GET", path: USERS } });
    const client = clients.apiKey(emu);
    const response = await client.request({ method: "GET", path: USERS });
    expect(response.status).toBe(200);
    expect(emu.log.map((e) => e.status)).toEqual([500, 500, 0, 200]);
    expect(client.stats).toMatchObject({ requests: 4, retries: 3 });
  });

  it("retries a PATCH through 502 and 504", async () => {
    const client = clients.apiKey(emu);
    const user = (
      await client.request({
        method: "POST",
        path: USERS,
        body: { subject: "patch|me", email: "p@e.x" },
        schema: userSchema,
      })
    ).body;
    emu.clearLog();
    emu.faults.failNext(1, { status: 502, match: { method: "PATCH" } });
    emu.faults.failNext(1, { status: 504, match: { method: "PATCH" } });
    await client.request({
      method: "PATCH",
      path: `${USERS}/${user.id}`,
      body: [{ op: "replace", path: "/name", value: "Patched" }],
    });
    expect(emu.log.map((e) => e.status)).toEqual([502, 504, 204]);
    expect(usersWith("patch|me")[0].name).toBe("Patched");
  });

  it("gives up at the deadline with a clear transport error", async () => {
    emu.faults.dropNext(1000, { match: { method: "GET", path: "/api/v1/roles" } });
    // Virtual time: the waits (250 ms floor) and the deadline are exact, however slow the machine.
    const clock = new VirtualClock();
    const client = clients.apiKey(emu, { retry: { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: 1_000 }, clock });
    const error = (await client
      .request({ method: "GET", path: "/api/v1/roles" })
      .catch((e: unknown) => e)) as QlikRequestError;
    expect(error).toBeInstanceOf(QlikRequestError);
    expect(error.attempts).toBe(5);
    expect(error.attempts).toBe(emu.log.length);
    expect(error.message).toMatch(/^GET \/api\/v1\/roles failed \(.+\) after \d+ attempts\./);
  });
});

describe("POST", () => {
  it("is retried after a 503, which means 'not processed'", async () => {
    emu.faults.failNext(1, { status: 503, match: { method: "POST", path: USERS } });
    const client = clients.apiKey(emu);
    await client.request({ method: "POST", path: USERS, body: { subject: "retry|503", email: "r@e.x" } });
    expect(emu.log.map((e) => e.status)).toEqual([503, 201]);
    expect(usersWith("retry|503")).toHaveLength(1);
  });

  it("dropped after processing, without recover: fails saying the outcome is unknown, never re-sent", async () => {
    emu.faults.dropNext(1, { afterProcessing: true, match: { method: "POST", path: USERS } });
    const client = clients.apiKey(emu);
    const error = (await client
      .request({ method: "POST", path: USERS, body: { subject: "drop|norecover", email: "d@e.x" } })
      .catch((e: unknown) => e)) as QlikRequestError;
    expect(error).toBeInstanceOf(QlikRequestError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/may or may not have been applied.*filter=subject eq/);
    expect(emu.log.filter((e) => e.method === "POST")).toHaveLength(1);
    expect(usersWith("drop|norecover")).toHaveLength(1);
  });

  it("dropped after processing, with recover: returns the user that landed, no duplicate", async () => {
    emu.faults.dropNext(1, { afterProcessing: true, match: { method: "POST", path: USERS } });
    const client = clients.apiKey(emu);
    const subject = "drop|recover";
    const response = await createWithRecover(client, subject);
    expect(response.recovered).toBe(true);
    expect(response.body.subject).toBe(subject);
    expect(usersWith(subject)).toHaveLength(1);
    expect(response.body.id).toBe(usersWith(subject)[0].id);
    expect(emu.log.filter((e) => e.method === "POST")).toHaveLength(1);
    expect(client.stats.recoveries).toBe(1);
  });

  it("dropped before processing, with recover: sends again once recover finds nothing", async () => {
    emu.faults.dropNext(1, { afterProcessing: false, match: { method: "POST", path: USERS } });
    const client = clients.apiKey(emu);
    const subject = "drop|before";
    const response = await createWithRecover(client, subject);
    expect(response.status).toBe(201);
    expect(response.recovered).toBeUndefined();
    expect(usersWith(subject)).toHaveLength(1);
    expect(emu.log.filter((e) => e.method === "POST").map((e) => e.status)).toEqual([0, 201]);
  });

  it("a 500 on POST without recover is an API error that says how to check", async () => {
    emu.faults.failNext(1, { status: 500, match: { method: "POST", path: USERS } });
    const error = (await clients
      .apiKey(emu)
      .request({ method: "POST", path: USERS, body: { subject: "five|hundred", email: "f@e.x" } })
      .catch((e: unknown) => e)) as QlikApiError;
    expect(error).toBeInstanceOf(QlikApiError);
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
    expect(emu.log).toHaveLength(1);
  });
});

describe("redaction", () => {
  it("errors from the emulator carry no credential", async () => {
    const t = emu.tenants[0];
    const oauth = clients.oauth(emu);
    await oauth.request({ method: "GET", path: "/api/v1/roles" });
    emu.invalidateTokens();
    emu.faults.dropNext(1, { afterProcessing: true, match: { method: "POST" } });
    const errors = await Promise.all([
      clients
        .make(t.url, {
          kind: "oauth",
          clientId: t.oauthClient.clientId,
          clientSecret: `${t.oauthClient.clientSecret}x`,
        })
        .request({ method: "GET", path: "/api/v1/roles" })
        .catch((e: unknown) => e),
      clients
        .make(t.url, { kind: "apiKey", apiKey: emu.tenants[1].apiKey })
        .request({ method: "GET", path: "/api/v1/roles" })
        .catch((e: unknown) => e),
      oauth.request({ method: "POST", path: USERS, body: { subject: "x|y", email: "x@y.z" } }).catch((e: unknown) => e),
    ]);
    const text = errors
      .map((e) => [JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true }), (e as Error).stack].join("\n"))
      .join("\n");
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    for (const secret of [t.apiKey, emu.tenants[1].apiKey, t.oauthClient.clientSecret, "emu_at_"]) {
      expect(text).not.toContain(secret);
    }
    expect(inspect(oauth, { depth: Infinity, showHidden: true })).not.toMatch(/emu_at_|emu-secret/);
  });
});
