/**
 * Qlik's rate limits: per tenant, per principal (API key or OAuth client), per tier, over a sliding 60-second
 * window. Each budget is a ring buffer of the accepted requests' timestamps, so a check is O(1) whatever the
 * load. Rejected requests do not consume budget. The window is divided by `timeScale` so tests and benchmarks
 * can live through "minutes" in seconds.
 */
import type { RateLimitOptions, Tier } from "../types";

export const DEFAULT_RATE_LIMITS: RateLimitOptions = { tier1: 1000, tier2: 100, special: 200 };

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the oldest counted request leaves the window (0 when none is counted). */
  resetMs: number;
}

class SlidingWindow {
  private readonly stamps: Float64Array;
  private head = 0; // index of the oldest stamp
  private count = 0;

  constructor(private readonly limit: number) {
    this.stamps = new Float64Array(Math.max(1, limit));
  }

  take(now: number, windowMs: number): RateDecision {
    while (this.count > 0 && this.stamps[this.head] <= now - windowMs) {
      this.head = (this.head + 1) % this.stamps.length;
      this.count--;
    }
    const oldestExpiry = () => (this.count > 0 ? this.stamps[this.head] + windowMs - now : 0);
    if (this.limit <= 0 || this.count >= this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, resetMs: this.limit <= 0 ? windowMs : oldestExpiry() };
    }
    this.stamps[(this.head + this.count) % this.stamps.length] = now;
    this.count++;
    return { allowed: true, limit: this.limit, remaining: this.limit - this.count, resetMs: oldestExpiry() };
  }
}

export class RateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();
  private readonly windowMs: number;

  constructor(
    private readonly limits: RateLimitOptions | false,
    readonly timeScale: number,
    /** Milliseconds on any steady clock (injectable so tests run the windows on virtual time). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowMs = 60_000 / timeScale;
  }

  get enabled(): boolean {
    return this.limits !== false;
  }

  /** Counts the request if the budget allows it; `undefined` when rate limiting is disabled. */
  take(scope: string, principal: string, tier: Tier, now: number = this.now()): RateDecision | undefined {
    if (this.limits === false) return undefined;
    const key = `${scope}\u0000${principal}\u0000${tier}`;
    let window = this.windows.get(key);
    if (!window) {
      window = new SlidingWindow(this.limits[tier]);
      this.windows.set(key, window);
    }
    return window.take(now, this.windowMs);
  }

  reset(): void {
    this.windows.clear();
  }

  /**
   * Seconds as Qlik sends them: whole seconds (at least 1) at real speed; with a time scale the scaled value
   * as a decimal (e.g. "0.217"), since rounding up to a whole second would defeat the scaling.
   */
  formatSeconds(ms: number): string {
    if (this.timeScale === 1) return String(Math.max(1, Math.ceil(ms / 1000)));
    return Math.max(0.001, ms / 1000).toFixed(3);
  }
}
