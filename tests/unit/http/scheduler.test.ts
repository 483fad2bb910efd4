import fc from "fast-check";
import { RateScheduler, defaultMarginMs, type Slot } from "../../../provider/http/scheduler";
import type { Tier } from "../../../provider/http/types";
import { FakeClock, settle } from "./fakeClock";

const W = 60_000;

function scheduler(clock: FakeClock, tier2 = 100, marginMs?: number) {
  return new RateScheduler({ limits: { tier1: 1000, tier2, special: 200 }, windowMs: W, marginMs, clock });
}

/** The most events inside any window of length `windowMs`: half-open (t-W, t] or closed [t-W, t]. */
function maxInWindow(times: number[], windowMs: number, closed = false): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (closed ? sorted[start] < sorted[end] - windowMs : sorted[start] <= sorted[end] - windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/**
 * Runs `latencies.length` requests through the scheduler: each is granted, "arrives at the server" somewhere in
 * its latency (fraction `where`), and releases its slot when its response ends.
 */
async function simulate(clock: FakeClock, s: RateScheduler, latencies: number[], where: number[]) {
  const grants: number[] = [];
  const arrivals: number[] = [];
  latencies.forEach((latency, i) => {
    void s.acquire("tier2").then((slot) => {
      grants.push(clock.now());
      arrivals.push(clock.now() + latency * where[i]);
      clock.setTimer(() => slot.release(), latency);
    });
  });
  for (let guard = 0; grants.length < latencies.length && guard < 10_000; guard++) await clock.advance(W / 20);
  return { grants, arrivals };
}

describe("RateScheduler", () => {
  it("1000 acquisitions with limit 100 per window never put more than 100 grants in any window", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock);
    const n = 1000;
    const { grants } = await simulate(
      clock,
      s,
      Array.from({ length: n }, () => 0),
      Array.from({ length: n }, () => 0),
    );
    expect(grants).toHaveLength(n);
    expect(maxInWindow(grants, W, true)).toBeLessThanOrEqual(100);
    // ...and it is not overly cautious: 10 windows' worth of grants take about 9 windows (plus margins).
    const span = Math.max(...grants) - Math.min(...grants);
    expect(span).toBeLessThanOrEqual(9 * (W + s.marginMs));
    expect(span).toBeGreaterThanOrEqual(9 * W);
  });

  /** For any latencies and arrival points: the server's count in any window stays within `limit`. */
  async function serverWindowProperty(options: {
    limit: number;
    marginMs?: number;
    maxLatency: number;
    closed: boolean;
  }) {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            latency: fc.integer({ min: 0, max: options.maxLatency }),
            where: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { minLength: 50, maxLength: 200 },
        ),
        async (requests) => {
          const clock = new FakeClock();
          const s = scheduler(clock, options.limit, options.marginMs);
          const { arrivals } = await simulate(
            clock,
            s,
            requests.map((r) => r.latency),
            requests.map((r) => r.where),
          );
          expect(maxInWindow(arrivals, W, options.closed)).toBeLessThanOrEqual(options.limit);
        },
      ),
      { numRuns: 30 },
    );
  }

  it("keeps a half-open server window (t-W, t] within the limit whatever the latency, even without a margin", () =>
    serverWindowProperty({ limit: 40, marginMs: 0, maxLatency: 20_000, closed: false }));

  it("with the default margin, even a closed server window [t-W, t] never sees more than the limit", () =>
    serverWindowProperty({ limit: 30, maxLatency: 5_000, closed: true }));

  it("serves new requests first come, first served", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock, 10);
    const order: number[] = [];
    for (let i = 0; i < 45; i++) void s.acquire("tier2").then((slot) => (order.push(i), slot.release()));
    for (let i = 0; i < 10; i++) await clock.advance(W);
    expect(order).toEqual(Array.from({ length: 45 }, (_, i) => i));
  });

  it("puts retries ahead of new requests when a slot frees up", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock, 2);
    const held = [await s.acquire("tier2"), await s.acquire("tier2")];
    const order: string[] = [];
    void s.acquire("tier2").then(() => order.push("new-1"));
    void s.acquire("tier2").then(() => order.push("new-2"));
    void s.acquire("tier2", { retry: true }).then(() => order.push("retry"));
    await settle();
    expect(order).toEqual([]);
    held[0].release();
    held[1].release();
    await clock.advance(W + s.marginMs);
    expect(order).toEqual(["retry", "new-1"]);
  });

  it("pauses the whole tier on a 429, and only that tier", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock);
    s.pause("tier2", 2_500);
    const granted: Record<string, number> = {};
    void s.acquire("tier2").then(() => (granted.tier2 = clock.now()));
    void s.acquire("tier1").then(() => (granted.tier1 = clock.now()));
    await clock.advance(1_000);
    expect(granted).toEqual({ tier1: 0 });
    await clock.advance(2_000);
    expect(granted).toEqual({ tier1: 0, tier2: 2_500 });
  });

  it("refunds a rejected attempt at once, so its retry does not spend the budget twice", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock, 2);
    const rejected = await s.acquire("tier2");
    (await s.acquire("tier2")).release();
    const order: string[] = [];
    void s.acquire("tier2").then(() => order.push("new"));
    s.pause("tier2", 1_000);
    rejected.refund();
    void s.acquire("tier2", { retry: true }).then(() => order.push("retry"));
    await clock.advance(999);
    expect(order).toEqual([]);
    await clock.advance(1);
    // One slot was free again after the refund: the retry takes it, ahead of the request that waited longer.
    expect(order).toEqual(["retry"]);
    expect(s.state("tier2")).toMatchObject({ inFlight: 1, cooling: 1, waiting: 1 });
    rejected.release(); // no effect after a refund
    expect(s.state("tier2")).toMatchObject({ inFlight: 1, cooling: 1 });
  });

  it("counts released slots for one window plus the margin", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock, 1);
    (await s.acquire("tier2")).release();
    let at = -1;
    void s.acquire("tier2").then(() => (at = clock.now()));
    await clock.advance(2 * W);
    expect(at).toBe(W + defaultMarginMs(W));
  });

  it("charges redirect hops to the window", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock, 5);
    const slot: Slot = await s.acquire("tier2");
    slot.addHop();
    expect(s.state("tier2").inFlight).toBe(2);
    slot.release();
    slot.release(); // idempotent
    expect(s.state("tier2")).toMatchObject({ inFlight: 0, cooling: 2 });
  });

  it("trusts Ratelimit-Remaining when the server allows fewer requests than we think", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock, 100);
    s.observe("tier2", { remaining: 3, resetMs: 5_000 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) void s.acquire("tier2").then((slot) => (times.push(clock.now()), slot.release()));
    await clock.advance(10_000);
    expect(times.slice(0, 3)).toEqual([0, 0, 0]);
    expect(times.slice(3)).toEqual([5_000 + s.marginMs, 5_000 + s.marginMs]);
    // A larger remaining count than our own view changes nothing.
    s.observe("tier2", { remaining: 1_000, resetMs: 5_000 });
    expect(s.state("tier2").cooling).toBe(5);
  });

  it("adopts a lower Ratelimit-Limit than configured, never a higher one", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock, 100);
    s.observe("tier2", { limit: 10, resetMs: 0 });
    expect(s.limit("tier2")).toBe(10);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) void s.acquire("tier2").then((slot) => (times.push(clock.now()), slot.release()));
    await clock.advance(W + s.marginMs);
    expect(times.filter((t) => t === 0)).toHaveLength(10);
    expect(times).toHaveLength(20);
    s.observe("tier2", { limit: 500, resetMs: 0 });
    expect(s.limit("tier2")).toBe(100);
  });

  it("keeps tiers independent", async () => {
    const clock = new FakeClock();
    const s = scheduler(clock, 1);
    await s.acquire("tier2");
    const got: Tier[] = [];
    for (const tier of ["tier2", "special", "tier1"] as Tier[]) void s.acquire(tier).then(() => got.push(tier));
    await settle();
    expect(got).toEqual(["special", "tier1"]);
  });
});
