/**
 * Writes at Qlik's limit, counted in the emulator's log: many concurrent Create/Update/Delete calls in one process
 * share the tenant's Tier 2 scheduler, draw no 429s when the client knows the limit, lose nothing when it does not,
 * and tenants do not share budgets. Each CRUD call costs exactly the requests the design promises. The emulator's
 * "minute" lasts 100 ms; assertions are on counts only.
 */
import { forgetRoleCatalog } from "../../../provider/roles/catalog";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { resetSharedClients } from "../../../provider/http";
import { implementation as users, type UserInputs, type UserOutputs } from "../../../provider/users";
import { implementation as groups, type GroupInputs, type GroupOutputs } from "../../../provider/groups";
import {
  ENGINE_PARALLELISM,
  inParallel,
  maxPerWindow,
  primeSharedClient,
  requestsOf,
  tally,
  TIME_SCALE,
  WINDOW_MS,
} from "./support";

let emu: EmulatorHandle;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emu = await startEmulator({ timeScale: TIME_SCALE });
});

afterAll(async () => {
  process.env = savedEnv;
  resetSharedClients();
  await emu.stop();
});

beforeEach(() => {
  emu.reset();
  resetSharedClients();
  for (const key of Object.keys(process.env)) if (key.startsWith("QLIK_")) delete process.env[key];
  process.env.QLIK_API_KEY = emu.tenants[0].apiKey;
});

const apiKey = (tenant = 0) => ({ kind: "apiKey" as const, apiKey: emu.tenants[tenant].apiKey });
const accepted = (path: string) =>
  emu.log.filter((entry) => entry.path === path && entry.method === "POST" && !entry.rateLimited && entry.status > 0);

function userInputs(i: number, tenantUrl = emu.tenantUrl): UserInputs {
  return { subject: `perf|${i}`, email: `u${i}@perf.example`, name: `User ${i}`, tenantUrl };
}

async function createUsers(n: number, parallel: number, tenantUrl = emu.tenantUrl) {
  const inputs = Array.from({ length: n }, (_, i) => userInputs(i, tenantUrl));
  const checked = await inParallel(inputs, async (input) => (await users.check({}, { ...input })).inputs!);
  return inParallel(checked, (input) => users.create(input), parallel);
}

describe("the requests of each operation", () => {
  beforeEach(() => primeSharedClient(emu.tenantUrl, apiKey()));

  it("User: check reads the roles once per tenant, diff makes none; create one POST; update one PATCH; delete one DELETE", async () => {
    forgetRoleCatalog(new URL(emu.tenantUrl).origin);
    const inputs = (await users.check({}, { ...userInputs(1), assignedRoles: ["Developer"] })).inputs!;
    const same = (await users.check(inputs, { ...inputs })).inputs!;
    expect(await users.diff("x", inputs as UserOutputs, same)).toEqual({ changes: false });
    // Role names are checked against the tenant's roles, read once per tenant per provider process.
    expect(requestsOf(emu)).toEqual(["GET /api/v1/roles"]);
    emu.clearLog();

    const created = await users.create(inputs);
    expect(requestsOf(emu)).toEqual(["POST /api/v1/users"]);

    emu.clearLog();
    const news = (await users.check(inputs, { ...inputs, name: "Renamed", assignedRoles: ["TenantAdmin"] })).inputs!;
    expect(await users.diff(created.id, created.outs!, news)).toEqual({ changes: true });
    expect(emu.log).toEqual([]);
    const updated = await users.update(created.id, created.outs!, news);
    expect(requestsOf(emu)).toEqual([`PATCH /api/v1/users/${created.id}`]);

    emu.clearLog();
    await users.delete(created.id, updated.outs!);
    expect(requestsOf(emu)).toEqual([`DELETE /api/v1/users/${created.id}`]);
  });

  it("Group: check and diff make none; create one POST; update one PATCH; delete one DELETE", async () => {
    const inputs = (await groups.check({}, { name: "Perf", providerType: "custom", tenantUrl: emu.tenantUrl })).inputs!;
    expect(await groups.diff("x", inputs as GroupOutputs, inputs)).toEqual({ changes: false });
    expect(emu.log).toEqual([]);

    const created = await groups.create(inputs);
    expect(requestsOf(emu)).toEqual(["POST /api/v1/groups"]);

    emu.clearLog();
    const news: GroupInputs = { ...inputs, description: "Now described", assignedRoles: ["Developer"] };
    expect(await groups.diff(created.id, created.outs!, news)).toEqual({ changes: true });
    expect(emu.log).toEqual([]);
    const updated = await groups.update(created.id, created.outs!, news);
    expect(requestsOf(emu)).toEqual([`PATCH /api/v1/groups/${created.id}`]);

    emu.clearLog();
    await groups.delete(created.id, updated.outs!);
    expect(requestsOf(emu)).toEqual([`DELETE /api/v1/groups/${created.id}`]);
  });
});

describe("many concurrent writes in one process", () => {
  it("300 creates at the engine's parallelism: one POST each, no 429, never over the limit in a window", async () => {
    const client = primeSharedClient(emu.tenantUrl, apiKey());
    const created = await createUsers(300, ENGINE_PARALLELISM);
    expect(new Set(created.map((result) => result.id)).size).toBe(300);
    expect(tally(emu.log)).toEqual({ "POST /api/v1/users": 300 });
    expect(emu.log.filter((entry) => entry.rateLimited)).toEqual([]);
    expect(maxPerWindow(emu.log, WINDOW_MS)).toBeLessThanOrEqual(100);
    expect(client.stats).toMatchObject({ requests: 300, rateLimited: 0, retries: 0 });
  });

  it("300 creates all at once (no engine limit): still no 429 and one POST each", async () => {
    primeSharedClient(emu.tenantUrl, apiKey());
    await createUsers(300, 300);
    expect(tally(emu.log)).toEqual({ "POST /api/v1/users": 300 });
    expect(emu.log.filter((entry) => entry.rateLimited)).toEqual([]);
  });

  it("updates and deletes of 200 users: one PATCH and one DELETE each, no 429", async () => {
    primeSharedClient(emu.tenantUrl, apiKey());
    const created = await createUsers(200, ENGINE_PARALLELISM);
    emu.clearLog();
    const updated = await inParallel(created, ({ id, outs }) =>
      users.update(id, outs!, { ...(outs as UserInputs), name: `${outs!.name} (renamed)` }),
    );
    await inParallel(created, ({ id }, i) => users.delete(id, updated[i].outs!));
    expect(tally(emu.log)).toEqual({ "PATCH /api/v1/users/{id}": 200, "DELETE /api/v1/users/{id}": 200 });
    expect(emu.log.filter((entry) => entry.rateLimited)).toEqual([]);
  });

  it("users and groups created together share Tier 2 first come, first served", async () => {
    primeSharedClient(emu.tenantUrl, apiKey());
    const groupInputs = Array.from({ length: 150 }, (_, i) => ({
      name: `Perf ${i}`,
      providerType: "custom" as const,
      tenantUrl: emu.tenantUrl,
    }));
    await Promise.all([
      createUsers(150, ENGINE_PARALLELISM),
      inParallel(groupInputs, (input) => groups.create(input), ENGINE_PARALLELISM),
    ]);
    const writes = emu.log.filter((entry) => entry.tier === "tier2");
    expect(writes).toHaveLength(300);
    expect(emu.log.filter((entry) => entry.rateLimited)).toEqual([]);
    // With 8 callers of each kind waiting in one queue, every budget's worth of grants goes to both kinds alike.
    for (let start = 0; start + 100 <= 200; start += 100) {
      const slice = writes.slice(start, start + 100);
      const userWrites = slice.filter((entry) => entry.path === "/api/v1/users").length;
      expect(userWrites).toBeGreaterThanOrEqual(40);
      expect(userWrites).toBeLessThanOrEqual(60);
    }
  });
});

/**
 * Where a count depends on how many requests the emulator can take in one window (a 429 needs more than the
 * limit to arrive inside one window; two budgets in use at once need more than one budget to arrive inside one),
 * a one-second window keeps the counts independent of how loaded the machine is.
 */
describe("with a one-second window", () => {
  const SLOW_WINDOW_MS = 1000;
  let slow: EmulatorHandle;
  let fast: EmulatorHandle;

  // The helpers and the file's beforeEach use `emu`: in this block it is the one-second emulator.
  beforeAll(async () => {
    fast = emu;
    slow = await startEmulator({ timeScale: 60_000 / SLOW_WINDOW_MS });
    emu = slow;
  });
  afterAll(async () => {
    emu = fast;
    await slow.stop();
  });

  it("a 429 storm of 300 concurrent creates (the client believes Tier 2 allows 1000/min) loses no operation", async () => {
    const client = primeSharedClient(emu.tenantUrl, apiKey(), {
      rateLimits: { tier2: 1000 },
      rateWindowMs: SLOW_WINDOW_MS,
    });
    const created = await createUsers(300, 300);
    const limited = emu.log.filter((entry) => entry.rateLimited).length;
    expect(limited).toBeGreaterThan(0);
    expect(client.stats.rateLimited).toBe(limited);
    expect(accepted("/api/v1/users")).toHaveLength(300);
    const subjects = emu.state().users.map((user) => user.subject);
    expect(subjects.filter((subject) => subject.startsWith("perf|")).sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => `perf|${i}`).sort(),
    );
    expect(new Set(created.map((result) => result.id)).size).toBe(300);
  });

  it("two tenants run in parallel, each at its own limit: together they exceed one tenant's budget per window, each keeps to it", async () => {
    // The organization's OAuth client works on every tenant of its subscription: one credential, two budgets.
    for (const key of Object.keys(process.env)) if (key.startsWith("QLIK_")) delete process.env[key];
    process.env.QLIK_CLIENT_ID = emu.orgClient.clientId;
    process.env.QLIK_CLIENT_SECRET = emu.orgClient.clientSecret;
    const oauth = { kind: "oauth" as const, ...emu.orgClient };
    const [a, b] = [emu.tenants[0].url, emu.tenants[1].url];
    primeSharedClient(a, oauth, { rateWindowMs: SLOW_WINDOW_MS });
    primeSharedClient(b, oauth, { rateWindowMs: SLOW_WINDOW_MS });
    await Promise.all([createUsers(200, ENGINE_PARALLELISM, a), createUsers(200, ENGINE_PARALLELISM, b)]);
    const posts = emu.log.filter((entry) => entry.method === "POST" && entry.path === "/api/v1/users");
    expect(posts.filter((entry) => entry.rateLimited)).toEqual([]);
    const byTenant = (id: string) => posts.filter((entry) => entry.origin === id);
    expect(byTenant(emu.tenants[0].id)).toHaveLength(200);
    expect(byTenant(emu.tenants[1].id)).toHaveLength(200);
    expect(maxPerWindow(byTenant(emu.tenants[0].id), SLOW_WINDOW_MS)).toBeLessThanOrEqual(100);
    expect(maxPerWindow(byTenant(emu.tenants[1].id), SLOW_WINDOW_MS)).toBeLessThanOrEqual(100);
    // A shared budget could never accept more than 100 in one window.
    expect(maxPerWindow(posts, SLOW_WINDOW_MS)).toBeGreaterThan(100);
  });
});
