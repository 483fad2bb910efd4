/**
 * The contract between the Qlik HTTP client (provider/http) and everything that uses it (resources, data
 * sources, tests, benchmarks). Implementations live beside this file; callers import only these names.
 */
import type { z } from "zod";

/** Qlik's rate-limit tiers: budgets are per tenant (origin), per user (credential), per tier. */
export type Tier = "tier1" | "tier2" | "special";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Requests per minute for each tier. Defaults: tier1 1000, tier2 100, special 200. */
export type RateLimits = Record<Tier, number>;

export type Credentials =
  | { kind: "apiKey"; apiKey: string }
  | { kind: "oauth"; clientId: string; clientSecret: string; scope?: string };

export interface RetryPolicy {
  /** How long one logical request may keep retrying (429s, 5xx, resets) before it fails. Default 15 minutes. */
  deadlineMs: number;
  /** First backoff delay for 5xx / network errors; doubles each attempt, with full jitter. Default 250 ms. */
  baseDelayMs: number;
  /** Upper bound for one backoff delay. Default 20 s. */
  maxDelayMs: number;
}

export interface ClientOptions {
  /** `https://tenant.region.qlikcloud.com` or the console origin; `http://` only for loopback hosts. */
  origin: string;
  credentials: Credentials;
  rateLimits?: Partial<RateLimits>;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout (headers + body). Default 60 s. */
  requestTimeoutMs?: number;
  /** Optional sink for debug lines; never receives credentials. */
  log?: (line: string) => void;
}

export interface RequestOptions<T> {
  method: HttpMethod;
  /** Path below the origin, e.g. `/api/v1/users/abc`; may carry a query string. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Serialized as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Defaults to `tierOf(method, path)`. */
  tier?: Tier;
  /** Validates the JSON response body (2xx with a body). Without it the body is returned as `unknown`. */
  schema?: z.ZodType<T>;
  /** Statuses (besides 2xx other than 207) that are returned instead of thrown, e.g. `[404]`. */
  allowStatus?: number[];
  /**
   * For non-idempotent calls (POST): after an ambiguous failure (connection reset, timeout, 5xx) the client
   * calls this before retrying. A value means the first attempt landed and that value is the result; `undefined`
   * means it did not land and the POST is sent again. Without `recover`, an ambiguous POST failure is thrown.
   */
  recover?: () => Promise<T | undefined>;
}

export interface QlikResponse<T> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON (validated by `schema` when given); `undefined` for empty bodies (204). */
  body: T;
}

export interface PageOptions<T> {
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Schema of one item of `data`. */
  item: z.ZodType<T>;
  tier?: Tier;
  /** POST body for `…/actions/filter` style listings; when set the first page is a POST. */
  body?: unknown;
  method?: "GET" | "POST";
}

export interface QlikClient {
  readonly origin: string;
  request<T = unknown>(options: RequestOptions<T>): Promise<QlikResponse<T>>;
  /** Follows `links.next.href` (re-based on `origin`) until there is none, yielding every item. */
  paginate<T>(options: PageOptions<T>): AsyncIterable<T>;
  /** Counters for tests and benchmarks: requests sent (attempts on the wire), 429s received, retries. */
  readonly stats: ClientStats;
}

export interface ClientStats {
  requests: number;
  rateLimited: number;
  retries: number;
  byTier: Record<Tier, number>;
}
