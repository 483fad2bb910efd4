/**
 * The contract between the Qlik HTTP client (provider/http) and everything that uses it (resources, data
 * sources, tests, benchmarks). Implementations live beside this file; callers import only these names.
 */
import type { z } from "zod";
import type { Clock } from "./scheduler";

/** Qlik's rate-limit tiers: budgets are per tenant (origin), per user (credential), per tier. */
export type Tier = "tier1" | "tier2" | "special";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Requests per minute for each tier. Defaults: tier1 1000, tier2 100, special 200. */
export type RateLimits = Record<Tier, number>;

export type Credentials =
  { kind: "apiKey"; apiKey: string } | { kind: "oauth"; clientId: string; clientSecret: string; scope?: string };

export interface RetryPolicy {
  /** How long one logical request may keep retrying (429s, 5xx, resets) before it fails. Default 15 minutes. */
  deadlineMs: number;
  /** First backoff delay for 5xx / network errors; doubles each attempt, with full jitter. Default 250 ms. */
  baseDelayMs: number;
  /** Upper bound for one backoff delay. Default 20 s. */
  maxDelayMs: number;
  /**
   * The shortest wait before any retry, whatever the server's hint (`Retry-After: 0`) or the jitter says, so a
   * misbehaving server cannot cause a retry storm. Default 250 ms; at least 10 ms.
   */
  minDelayMs: number;
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
  /**
   * Length of the rate-limit window the `rateLimits` apply to. Default 60 000 (Qlik's per-minute budgets); a
   * time-scaled emulator with `timeScale: n` needs `60_000 / n` with the same limits.
   */
  rateWindowMs?: number;
  /** Extra time a finished request keeps counting against its window. Default: 1 % of the window + 5 ms, ≤ 1 s. */
  rateMarginMs?: number;
  /** Called after every attempt that went on the wire (retries included), for tests and benchmarks. */
  onRequest?: (event: RequestEvent) => void;
  /**
   * Time source for retry waits, deadlines, request timeouts, the rate-limit window and token lifetimes.
   * Default: the system clock. Tests pass a virtual clock so timing does not depend on the machine's load.
   */
  clock?: Clock;
}

/** One attempt, as reported to `ClientOptions.onRequest`. Never carries credentials or bodies. */
export interface RequestEvent {
  method: HttpMethod;
  /** Path and query as sent (before redirects). */
  path: string;
  /** `undefined` for the untiered token endpoint. */
  tier: Tier | undefined;
  /** 1 for the first attempt of a logical request, 2 for its first retry, … */
  attempt: number;
  /** HTTP status, or `undefined` when the attempt failed without a response. */
  status?: number;
  /** For attempts without a response: `network`, `not-sent` or `timeout`, and the transport error code. */
  failure?: { kind: "network" | "not-sent" | "timeout"; code?: string };
  durationMs: number;
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
  /**
   * True when an ambiguous POST failure was resolved by `recover()`: `body` is what it returned, `status` is
   * 200 and `headers` is empty.
   */
  recovered?: boolean;
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
