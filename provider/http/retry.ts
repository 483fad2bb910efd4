/**
 * Retry policy pieces, kept pure so they can be tested without a server: how long to wait (Retry-After,
 * exponential backoff with full jitter) and which failures may be repeated for which methods.
 */
import type { HttpMethod, RetryPolicy } from "./types";
import { QlikConfigError } from "./errors";
import { MAX_TIMER_MS } from "./scheduler";

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  deadlineMs: 15 * 60_000,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  minDelayMs: 250,
});

/** Allowed range of each policy field (ms): caps keep Node timers valid; the floor keeps retries spaced. */
const POLICY_RANGES: Record<keyof RetryPolicy, [number, number]> = {
  deadlineMs: [0, MAX_TIMER_MS],
  baseDelayMs: [0, MAX_TIMER_MS],
  maxDelayMs: [0, MAX_TIMER_MS],
  minDelayMs: [10, MAX_TIMER_MS],
};

/** Qlik documents "default 1 s" when a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  for (const key of Object.keys(DEFAULT_RETRY_POLICY) as (keyof RetryPolicy)[]) {
    const value = overrides?.[key];
    if (value === undefined) continue;
    const [min, max] = POLICY_RANGES[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      throw new QlikConfigError(
        `retry.${key} must be a number of milliseconds from ${min} to ${max}, got ${String(value)}. ` +
          `Remove it to use the default (${DEFAULT_RETRY_POLICY[key]} ms).`,
        `retry.${key}`,
      );
    }
    policy[key] = value;
  }
  if (policy.maxDelayMs < policy.baseDelayMs) policy.maxDelayMs = policy.baseDelayMs;
  return policy;
}

/**
 * `Retry-After` in milliseconds: delta-seconds (parsed as a float — time-scaled emulators send `0.217`) or an
 * HTTP-date relative to `nowMs` (wall clock). `undefined` when absent or unreadable; past dates give 0.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\+?\d+(\.\d+)?$/.test(text) || /^\+?\.\d+$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP-date always names a weekday or month; refusing bare numbers with signs etc. avoids Date's guessing.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * `Ratelimit-Reset` in milliseconds from now. The IETF draft sends delta-seconds; some servers send an epoch
 * timestamp instead, which a value beyond a year of seconds reveals.
 */
export function parseRateLimitReset(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const n = Number(value);
  if (n > 365 * 24 * 3600) return Math.max(0, n * 1000 - nowMs);
  return Math.round(n * 1000);
}

/**
 * Exponential backoff with full jitter (AWS architecture blog): uniform in [0, min(max, base · 2^(retry-1))].
 * Full jitter spreads many clients' retries out instead of synchronizing them. `retry` counts from 1.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 30);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * cap);
}

/**
 * How long to wait before retry number `retry`: the server's hint (Retry-After, Ratelimit-Reset) if it gave one,
 * but never less than the backoff for this attempt nor less than `minDelayMs` — a `Retry-After: 0`, a past date
 * or `Ratelimit-Reset: 0` would otherwise retry in a tight loop. Capped to what a timer can wait.
 */
export function retryWait(
  retry: number,
  policy: RetryPolicy,
  hintMs?: number,
  random: () => number = Math.random,
): number {
  const wait = Math.max(policy.minDelayMs, hintMs ?? 0, backoffDelay(retry, policy, random));
  return Math.min(MAX_TIMER_MS, wait);
}

export function isIdempotent(method: HttpMethod, body?: unknown): boolean {
  // A JSON Patch of `replace` operations computed from desired state converges when repeated; one with `add` or
  // `remove` does not (a repeated `remove` fails once the member is gone), so its caller must re-read instead.
  if (method === "PATCH") return Array.isArray(body) && body.every((operation) => operation?.op === "replace");
  return method !== "POST";
}

/**
 * Statuses worth repeating. 429 and 503 are "not processed" (rate limiter, gateway with no healthy backend) and
 * are retried for every method, POST included. 500/502/504 may come after the work was done: repeated for
 * idempotent methods, and for POST only after `recover` says the first attempt did not land.
 */
export type StatusVerdict = "rate-limited" | "not-processed" | "ambiguous" | "final";

export function classifyStatus(status: number): StatusVerdict {
  if (status === 429) return "rate-limited";
  if (status === 503) return "not-processed";
  if (status === 500 || status === 502 || status === 504) return "ambiguous";
  return "final";
}

/** Transport failures that happen before a request byte is sent: safe to repeat for any method. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function wasNotSent(code: string | undefined): boolean {
  return code !== undefined && NOT_SENT_CODES.has(code);
}
