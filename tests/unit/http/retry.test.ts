import fc from "fast-check";
import {
  backoffDelay,
  classifyStatus,
  DEFAULT_RETRY_POLICY,
  isIdempotent,
  parseRateLimitReset,
  parseRetryAfter,
  resolveRetryPolicy,
  retryWait,
  wasNotSent,
} from "../../../provider/http/retry";
import { QlikConfigError } from "../../../provider/http/errors";

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it.each([
    ["1", 1000],
    ["13", 13_000],
    ["0", 0],
    ["0.217", 217],
    [" 2.5 ", 2500],
    [".5", 500],
  ])("reads delta-seconds %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it("reads HTTP-dates relative to now, past dates as 0", () => {
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now)).toBe(0);
  });

  it.each([undefined, "", "soon", "-1", "1e3", "NaN", "12abc"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("parseRateLimitReset", () => {
  it("reads delta-seconds and epoch seconds", () => {
    expect(parseRateLimitReset("3")).toBe(3000);
    expect(parseRateLimitReset("0.5")).toBe(500);
    expect(parseRateLimitReset(String(1_700_000_010), 1_700_000_000_000)).toBe(10_000);
    expect(parseRateLimitReset("x")).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("stays within [0, min(max, base·2^(n-1))] (full jitter)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (retry, r, base, max) => {
          const policy = { deadlineMs: 1, baseDelayMs: base, maxDelayMs: Math.max(base, max), minDelayMs: 10 };
          const delay = backoffDelay(retry, policy, () => r);
          const cap = Math.min(policy.maxDelayMs, base * 2 ** (retry - 1));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it("grows exponentially until the cap", () => {
    const top = (n: number) => backoffDelay(n, DEFAULT_RETRY_POLICY, () => 0.999999);
    expect(top(1)).toBe(249);
    expect(top(2)).toBe(499);
    expect(top(8)).toBe(19_999);
    expect(top(50)).toBe(19_999);
  });
});

describe("retry classification", () => {
  it("retries 429 and 503 for everything, 500/502/504 only when idempotent or recovered", () => {
    expect(classifyStatus(429)).toBe("rate-limited");
    expect(classifyStatus(503)).toBe("not-processed");
    expect([500, 502, 504].map(classifyStatus)).toEqual(["ambiguous", "ambiguous", "ambiguous"]);
    expect([400, 401, 404, 409, 501].map(classifyStatus)).toEqual(["final", "final", "final", "final", "final"]);
    expect(["GET", "PUT", "DELETE"].every((m) => isIdempotent(m as never))).toBe(true);
    expect(isIdempotent("POST")).toBe(false);
    // A JSON Patch is safe to repeat only when it is all `replace`s: a repeated `remove` fails, `add` may too.
    expect(isIdempotent("PATCH", [{ op: "replace", path: "/name", value: "x" }])).toBe(true);
    expect(
      isIdempotent("PATCH", [
        { op: "replace", path: "/a", value: 1 },
        { op: "remove", path: "/b" },
      ]),
    ).toBe(false);
    expect(isIdempotent("PATCH", [{ op: "add", path: "/a", value: 1 }])).toBe(false);
    expect(wasNotSent("ECONNREFUSED")).toBe(true);
    expect(wasNotSent("UND_ERR_SOCKET")).toBe(false);
    expect(wasNotSent(undefined)).toBe(false);
  });
});

describe("resolveRetryPolicy", () => {
  it("defaults to a 15 minute deadline and rejects nonsense by name", () => {
    expect(resolveRetryPolicy(undefined).deadlineMs).toBe(15 * 60_000);
    expect(resolveRetryPolicy({ deadlineMs: 5 }).deadlineMs).toBe(5);
    expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrow(QlikConfigError);
    expect(() => resolveRetryPolicy({ deadlineMs: Number.POSITIVE_INFINITY })).toThrow(/retry\.deadlineMs/);
  });

  it("caps every field at what a Node timer can wait and keeps a floor between retries", () => {
    expect(() => resolveRetryPolicy({ deadlineMs: 1e12 })).toThrow(/retry\.deadlineMs must be .* to 2147483647/);
    expect(() => resolveRetryPolicy({ minDelayMs: 0 })).toThrow(/retry\.minDelayMs must be .* from 10/);
    expect(resolveRetryPolicy(undefined).minDelayMs).toBe(250);
  });
});

describe("retryWait", () => {
  const policy = resolveRetryPolicy(undefined);

  it.each([
    ["Retry-After: 0", parseRetryAfter("0")],
    ["a past Retry-After date", parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", Date.parse("2025-01-01T00:00:00Z"))],
    ["Ratelimit-Reset: 0", parseRateLimitReset("0")],
    ["no hint", undefined],
  ])("never waits less than 250 ms after %s", (_, hint) => {
    for (const r of [0, 0.5, 0.999]) expect(retryWait(1, policy, hint, () => r)).toBeGreaterThanOrEqual(250);
  });

  it("takes the larger of the server's hint and the backoff, which grows with the attempt", () => {
    expect(retryWait(1, policy, 3000, () => 0.999)).toBe(3000);
    expect(retryWait(8, policy, 0, () => 0.999)).toBe(Math.floor(0.999 * Math.min(20_000, 250 * 2 ** 7)));
  });

  it("caps a huge hint at the longest timer Node honours", () => {
    expect(retryWait(1, policy, 1e12)).toBe(2 ** 31 - 1);
  });

  it("adds up to a bounded number of retries per minute against a server that always says 0", () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < 60_000) {
      attempts++;
      elapsed += retryWait(attempts, policy, 0, () => 0.5);
    }
    expect(attempts).toBeLessThan(30);
  });
});
