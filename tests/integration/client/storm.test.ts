/**
 * 429 storms against the emulator's rate limiter (time-scaled: a "minute" lasts 60/timeScale seconds). Asserts
 * counts — requests, 429s, failures, the server's per-window count — never wall-clock limits. Elapsed time is
 * printed for the record (the measurement), not asserted.
 */
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { getSharedClient, resetSharedClients, type QlikHttpClient } from "../../../provider/http";
import { accepted, Clients, maxPerWindow, TEST_RETRY } from "./support";
import { VirtualClock } from "../../unit/http/fakeClock";

const USERS = "/api/v1/users";

async function storm(client: QlikHttpClient, n: number, prefix: string) {
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) =>
      client.request({ method: "POST", path: USERS, body: { subject: `${prefix}|${i}`, email: `u${i}@storm.test` } }),
    ),
  );
  return { elapsedMs: performance.now() - started, failed: results.filter((r) => r.status === "rejected") };
}

function report(label: string, emu: EmulatorHandle, n: number, perWindow: number, windowMs: number, elapsedMs: number) {
  const posts = emu.log.filter((e) => e.method === "POST" && e.path === USERS);
  const limited = posts.filter((e) => e.rateLimited).length;
  // Ideal: the first window's budget at once, then `perWindow` per window.
  const ideal = Math.max(0, Math.ceil(n / perWindow) - 1) * windowMs;
  const line =
    `[storm] ${label}: ${n} creates, server limit ${perWindow}/${windowMs} ms (${(perWindow * 60_000) / windowMs}/min): ` +
    `${posts.length} requests sent, ${limited} × 429, ${elapsedMs.toFixed(0)} ms ` +
    `(ideal ≈ ${ideal} ms after the first window's burst; N/rate = ${((n / perWindow) * windowMs).toFixed(0)} ms)`;
  process.stdout.write(`${line}\n`);
}

describe("429 storms", () => {
  const clients60 = new Clients(60);
  let emu: EmulatorHandle;

  beforeAll(async () => {
    emu = await startEmulator({ timeScale: 60 });
  });
  afterAll(async () => {
    await clients60.closeAll();
    await emu.stop();
  });

  it("300 concurrent Tier 2 creates at the client's matching limit: none fails, no window over the limit, no 429", async () => {
    const client = clients60.apiKey(emu);
    const n = 300;
    const { elapsedMs, failed } = await storm(client, n, "storm-a");
    expect(failed).toEqual([]);
    const created = accepted(emu, "tier2");
    expect(created).toHaveLength(n);
    expect(maxPerWindow(created, 1000)).toBeLessThanOrEqual(100);
    expect(emu.log.filter((e) => e.rateLimited)).toHaveLength(0);
    expect(client.stats).toMatchObject({ requests: n, rateLimited: 0, retries: 0, byTier: { tier2: n } });
    report("matching limit", emu, n, 100, 1000, elapsedMs);
  });
});

describe("429 storms with a client that allows more than the server", () => {
  const timeScale = 120; // a "minute" lasts 500 ms
  const clients = new Clients(timeScale);
  let emu: EmulatorHandle;

  beforeAll(async () => {
    emu = await startEmulator({ timeScale });
  });
  afterAll(async () => {
    await clients.closeAll();
    await emu.stop();
    resetSharedClients();
  });
  beforeEach(() => emu.reset());

  it("draws real 429s, pauses the tier, and still completes every create exactly once", async () => {
    // Client and emulator on one virtual clock: the server's windows, Retry-After and the client's pauses are
    // exact, and the client's 250 slots all reach the server within its first window — on a loaded machine
    // too (in real time, slow responses used to let the client learn the limit before drawing any 429).
    const clock = new VirtualClock();
    const start = performance.now();
    const virtual = await startEmulator({ timeScale, now: () => start + clock.now() });
    const client = clients.apiKey(virtual, { rateLimits: { tier2: 250 }, clock }); // the server allows 100
    const n = 300;
    const { elapsedMs, failed } = await storm(client, n, "storm-b").finally(() => virtual.stop());
    const emu = virtual;
    expect(failed).toEqual([]);
    const limited = emu.log.filter((e) => e.rateLimited).length;
    expect(limited).toBeGreaterThan(0);
    expect(client.stats.rateLimited).toBe(limited);
    expect(client.stats.requests).toBe(n + limited);
    expect(accepted(emu, "tier2")).toHaveLength(n);
    expect(new Set(emu.state().users.map((u) => u.subject)).size).toBe(emu.state().users.length);
    // After the first responses announced Ratelimit-Limit: 100, the client keeps to it.
    expect(client.scheduler.limit("tier2")).toBe(100);
    report("client limit 250 > server 100", emu, n, 100, 500, elapsedMs);
  });

  it("shares one scheduler between every caller of getSharedClient in the process", async () => {
    const t = emu.tenants[0];
    const options = {
      origin: t.url,
      credentials: { kind: "apiKey" as const, apiKey: t.apiKey },
      rateWindowMs: 60_000 / timeScale,
      retry: TEST_RETRY,
    };
    // Three "resources" each get the client independently and create 100 users at the same time.
    const callers = [getSharedClient(options), getSharedClient(options), getSharedClient({ ...options })];
    expect(new Set(callers)).toEqual(new Set([callers[0]]));
    const results = await Promise.all(callers.map((client, i) => storm(client, 100, `shared-${i}`)));
    expect(results.flatMap((r) => r.failed)).toEqual([]);
    expect(emu.log.filter((e) => e.rateLimited)).toHaveLength(0);
    expect(maxPerWindow(accepted(emu, "tier2"), 500)).toBeLessThanOrEqual(100);
  });
});
