/**
 * Client-side rate limiting for one (origin, principal): a sliding window per tier, so requests wait for a
 * slot instead of bursting into 429s.
 *
 * Why slots are held until "response end + window": the server counts a request when it *arrives*, which is
 * somewhere between our grant and the end of its response, with jittery latency. If every slot stays counted
 * from its grant until one window after its response ended, then any server-side window of the same length
 * can only contain arrivals whose slots were all held at once — so the server never counts more than the
 * limit, whatever the latency (proof sketch: take the latest-granted of L+1 arrivals in one server window; at
 * its grant the other L were granted earlier and not yet expired). A small margin covers clock rounding.
 *
 * Fairness: new requests are served strictly first-come first-served. Retries go ahead of them (they have
 * waited already, and starving them would make long deployments fail). An attempt the server rejected with a
 * 429 is refunded — Qlik's limiter, like the emulator's, does not count rejected requests — so its retry
 * spends the budget once, not twice.
 *
 * Time comes from an injectable clock so tests are deterministic.
 */
import type { RateLimits, Tier } from "./types";

export type TimerHandle = unknown;

export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  setTimer(callback: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /**
   * Told about every exchange on the wire (the promise settles when it is over). The system clock ignores it;
   * a virtual clock does not move while any is pending, so a response is never "late" in virtual time.
   */
  io?<T>(exchange: Promise<T>): Promise<T>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SchedulerOptions {
  /** Requests per window for each tier. */
  limits: RateLimits;
  /** Window length; Qlik's is one minute. Time-scaled emulators use shorter windows. */
  windowMs?: number;
  /** Extra time a released slot stays counted. Default: 1 % of the window + 5 ms, at most 1 s. */
  marginMs?: number;
  clock?: Clock;
}

export interface Slot {
  readonly tier: Tier;
  /** One more request on the wire under this slot (a redirect hop): counted now, without waiting. */
  addHop(): void;
  /** The attempt is over (response read or failed); the slot stops counting one window (+ margin) later. */
  release(): void;
  /** The server rejected the attempt without counting it (429): the slot is returned at once. */
  refund(): void;
}

export interface LaneState {
  inFlight: number;
  cooling: number;
  waiting: number;
  pausedUntil: number;
}

export const DEFAULT_WINDOW_MS = 60_000;

/**
 * The longest delay Node's timers honour (2^31 − 1 ms, about 24.8 days): a longer one fires after 1 ms, with a
 * warning. Every timer here is clamped to it (a re-armed wake-up simply waits again).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function timerDelay(at: number, now: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(at - now)));
}

export function defaultMarginMs(windowMs: number): number {
  return Math.min(1000, Math.ceil(windowMs * 0.01) + 5);
}

/** A FIFO queue with O(1) shift (arrays shift in O(n), and a storm can queue thousands of waiters). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    const item = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** One waiter: granted a slot, or rejected (deadline passed, scheduler closed) — whichever comes first. */
interface Waiter {
  grant(): void;
  reject(error: Error): void;
  /** Granted or rejected: the pump skips it. */
  done: boolean;
}

/** A waiter gave up: its deadline passed before a slot was free. */
export class SlotWaitTimeout extends Error {
  constructor(readonly tier: Tier) {
    super(`no ${tier} slot became free before the deadline`);
    this.name = "SlotWaitTimeout";
  }
}

/** The state of one tier: what is counted, who waits, and until when the server told us to pause. */
class Lane {
  /** The budget in force: the configured one, or lower when the server announces a lower `Ratelimit-Limit`. */
  limit: number;
  inFlight = 0;
  /** Ascending times at which released slots stop counting. */
  readonly expiries: number[] = [];
  pausedUntil = 0;
  /** Retries go before new requests. */
  readonly retries = new Fifo<Waiter>();
  readonly fresh = new Fifo<Waiter>();
  timer: TimerHandle | undefined;
  timerAt = Infinity;

  constructor(readonly configured: number) {
    this.limit = configured;
  }

  held(): number {
    return this.inFlight + this.expiries.length;
  }

  /** Waiters not yet granted nor given up (those that gave up stay queued until they reach the head). */
  live = 0;

  waiting(): number {
    return this.live;
  }

  prune(now: number): void {
    let n = 0;
    while (n < this.expiries.length && this.expiries[n] <= now) n++;
    if (n > 0) this.expiries.splice(0, n);
  }

  addExpiry(at: number): void {
    // Releases arrive in time order, so this is almost always a push; phantom entries may land earlier.
    let i = this.expiries.length;
    while (i > 0 && this.expiries[i - 1] > at) i--;
    this.expiries.splice(i, 0, at);
  }
}

export class RateScheduler {
  readonly windowMs: number;
  readonly marginMs: number;
  private readonly clock: Clock;
  private readonly lanes: Record<Tier, Lane>;
  /** Everyone still waiting, across lanes, so `close` can reject them. */
  private readonly waiters = new Set<Waiter>();
  private closedWith: Error | undefined;

  constructor(options: SchedulerOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.marginMs = options.marginMs ?? defaultMarginMs(this.windowMs);
    this.clock = options.clock ?? systemClock;
    this.lanes = {
      tier1: new Lane(options.limits.tier1),
      tier2: new Lane(options.limits.tier2),
      special: new Lane(options.limits.special),
    };
  }

  /**
   * Waits for a slot in `tier`. `retry: true` puts the caller ahead of new requests. `until` (clock time) bounds
   * the wait: past it the promise rejects with `SlotWaitTimeout` and the place in the queue is given up.
   */
  acquire(tier: Tier, options: { retry?: boolean; until?: number } = {}): Promise<Slot> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const lane = this.lanes[tier];
    return new Promise<Slot>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const waiter: Waiter = {
        done: false,
        grant: () => {
          waiter.done = true;
          lane.live--;
          if (timer !== undefined) this.clock.clearTimer(timer);
          resolve(this.slot(tier, lane));
        },
        reject: (error) => {
          if (waiter.done) return;
          waiter.done = true;
          lane.live--;
          this.waiters.delete(waiter);
          if (timer !== undefined) this.clock.clearTimer(timer);
          reject(error);
        },
      };
      if (options.until !== undefined) {
        const until = options.until;
        const arm = () => {
          timer = this.clock.setTimer(
            () => {
              timer = undefined;
              if (this.clock.now() < until) arm();
              else waiter.reject(new SlotWaitTimeout(tier));
            },
            timerDelay(until, this.clock.now()),
          );
        };
        arm();
      }
      (options.retry ? lane.retries : lane.fresh).push(waiter);
      lane.live++;
      this.waiters.add(waiter);
      this.pump(lane);
    });
  }

  /**
   * Stops granting for good: every waiter is rejected with `reason`, and so is every later `acquire`. For a
   * host whose engine has gone away — nothing queued may reach the API any more.
   */
  close(reason: Error): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    for (const waiter of this.waiters) waiter.reject(reason);
    this.waiters.clear();
    for (const lane of Object.values(this.lanes)) {
      if (lane.timer !== undefined) this.clock.clearTimer(lane.timer);
      lane.timer = undefined;
      lane.timerAt = Infinity;
    }
  }

  /** Set once `close` was called. */
  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** The server said "slow down" (429 + Retry-After): nothing in this tier is sent for `ms`. */
  pause(tier: Tier, ms: number): void {
    const lane = this.lanes[tier];
    lane.pausedUntil = Math.max(lane.pausedUntil, this.clock.now() + Math.max(0, ms));
    this.pump(lane);
  }

  /**
   * What the server says about its own count (`Ratelimit-*` headers), so the next request waits instead of
   * drawing a 429. A lower `limit` than configured is adopted (never a higher one). When `remaining` is less
   * than what we think is free — someone else spends the same budget — the difference is blocked until
   * `resetMs` from now.
   */
  observe(tier: Tier, server: { limit?: number; remaining?: number; resetMs: number }): void {
    const lane = this.lanes[tier];
    if (server.limit !== undefined && server.limit >= 1)
      lane.limit = Math.min(lane.configured, Math.floor(server.limit));
    if (server.remaining === undefined) return;
    const now = this.clock.now();
    lane.prune(now);
    const excess = lane.limit - lane.held() - Math.max(0, Math.floor(server.remaining));
    const until = now + Math.max(0, server.resetMs) + this.marginMs;
    for (let i = 0; i < excess; i++) lane.addExpiry(until);
  }

  state(tier: Tier): LaneState {
    const lane = this.lanes[tier];
    lane.prune(this.clock.now());
    return {
      inFlight: lane.inFlight,
      cooling: lane.expiries.length,
      waiting: lane.waiting(),
      pausedUntil: lane.pausedUntil,
    };
  }

  limit(tier: Tier): number {
    return this.lanes[tier].limit;
  }

  private slot(tier: Tier, lane: Lane): Slot {
    let weight = 1;
    let released = false;
    return {
      tier,
      addHop: () => {
        if (released) return;
        weight++;
        lane.inFlight++;
      },
      release: () => {
        if (released) return;
        released = true;
        lane.inFlight -= weight;
        const until = this.clock.now() + this.windowMs + this.marginMs;
        for (let i = 0; i < weight; i++) lane.addExpiry(until);
        // Nothing new becomes free now (the slot keeps counting), but a wake-up must be armed for its expiry.
        this.pump(lane);
      },
      refund: () => {
        if (released) return;
        released = true;
        lane.inFlight -= weight;
        this.pump(lane);
      },
    };
  }

  /** Grants as many waiters as the window and the pause allow, then arms one timer for the next chance. */
  private pump(lane: Lane): void {
    const now = this.clock.now();
    lane.prune(now);
    if (this.closedWith) return;
    for (;;) {
      // Waiters that gave up stay in the queue until they reach its head.
      while (lane.retries.peek()?.done) lane.retries.shift();
      while (lane.fresh.peek()?.done) lane.fresh.shift();
      const queue = lane.retries.size > 0 ? lane.retries : lane.fresh.size > 0 ? lane.fresh : undefined;
      if (!queue) return;
      if (now < lane.pausedUntil) return this.wake(lane, lane.pausedUntil);
      if (lane.held() >= lane.limit) {
        // Either a cooling slot expires at a known time, or an in-flight one is released (which pumps).
        if (lane.expiries.length > 0) this.wake(lane, lane.expiries[0]);
        return;
      }
      lane.inFlight++;
      const waiter = queue.shift() as Waiter;
      this.waiters.delete(waiter);
      waiter.grant();
    }
  }

  private wake(lane: Lane, at: number): void {
    if (lane.timer !== undefined && lane.timerAt <= at) return;
    if (lane.timer !== undefined) this.clock.clearTimer(lane.timer);
    lane.timerAt = at;
    lane.timer = this.clock.setTimer(
      () => {
        lane.timer = undefined;
        lane.timerAt = Infinity;
        this.pump(lane);
      },
      timerDelay(at, this.clock.now()),
    );
  }
}
