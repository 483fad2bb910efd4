/**
 * Which Qlik rate-limit tier a call spends from. A pure function of method and path, so the scheduler, the
 * tests and the emulator can agree on it without a table of endpoints.
 */
import type { HttpMethod, RateLimits, Tier } from "./types";
import { QlikConfigError } from "./errors";

export const TIERS: readonly Tier[] = ["tier1", "tier2", "special"];

/** Qlik's published per-user budgets, requests per minute. */
export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({ tier1: 1000, tier2: 100, special: 200 });

/** Far above any real budget; keeps the scheduler's bookkeeping bounded. */
export const MAX_RATE_LIMIT = 1_000_000;

const SPECIAL = /\/(users|groups)\/actions\/filter$/;

/**
 * `undefined` = untiered (the token endpoint is not rate limited like the APIs, and must never wait behind
 * the calls that need its token). Query string and trailing slash are ignored; matching is case-insensitive
 * because the gateway routes case-insensitively.
 */
export function tierOf(method: HttpMethod | string, path: string): Tier | undefined {
  let pathname = path.split(/[?#]/, 1)[0].toLowerCase();
  while (pathname.length > 1 && pathname.endsWith("/")) pathname = pathname.slice(0, -1);
  if (pathname === "/oauth/token") return undefined;
  const verb = method.toUpperCase();
  if (verb === "GET" || verb === "HEAD") return "tier1";
  if (verb === "POST" && SPECIAL.test(pathname)) return "special";
  return "tier2";
}

/** Defaults overlaid with the caller's overrides; every value must be a positive finite number. */
export function resolveRateLimits(overrides: Partial<RateLimits> | undefined, property = "rateLimits"): RateLimits {
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS };
  for (const tier of TIERS) {
    const value = overrides?.[tier];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 1 || value > MAX_RATE_LIMIT) {
      throw new QlikConfigError(
        `${property}.${tier} must be a number of requests per window from 1 to ${MAX_RATE_LIMIT}, got ${String(value)}. ` +
          `Remove it to use Qlik's default (${DEFAULT_RATE_LIMITS[tier]} per minute).`,
        `${property}.${tier}`,
      );
    }
    limits[tier] = Math.floor(value);
  }
  return limits;
}
