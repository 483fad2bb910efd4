/**
 * The Qlik Cloud HTTP client: one logical request = wait for a rate-limit slot, attach the token, send, and
 * decide — return, retry (429, 503, 5xx/resets for idempotent calls, one 401 with a fresh token), ask the
 * caller's `recover()` (ambiguous POST), or throw one of the errors in `errors.ts`.
 *
 * One client per (origin, credential) owns the scheduler for that budget. `getSharedClient` hands every caller
 * in the process the same instance, because a provider host runs many operations at once and they all spend
 * the same per-user budget; `createClient` makes an isolated one (own scheduler, token cache and connections).
 */
import { setMaxListeners } from "node:events";
import type { Dispatcher } from "undici";
import type {
  ClientOptions,
  ClientStats,
  HttpMethod,
  PageOptions,
  QlikClient,
  QlikResponse,
  RequestEvent,
  RequestOptions,
  RetryPolicy,
  Tier,
} from "./types";
import {
  credentialFingerprint,
  grantFromResponse,
  TokenSource,
  tokenResponseSchema,
  validateCredentials,
} from "./auth";
import { QlikConfigError, QlikHaltedError, QlikRequestError, redact, sanitizeCause, statusLine } from "./errors";
import { rateLimitHint, refusedRedirectHint, statusHint, unknownOutcomeHint, unreachableHint } from "./hints";
import { normalizeOrigin } from "./origin";
import { paginate, withQuery } from "./pagination";
import {
  classifyStatus,
  DEFAULT_RETRY_AFTER_MS,
  isIdempotent,
  parseRateLimitReset,
  parseRetryAfter,
  resolveRetryPolicy,
  retryWait,
} from "./retry";
import { decodeApiError, decodeSuccess } from "./response";
import { MAX_TIMER_MS, RateScheduler, SlotWaitTimeout, systemClock, type Clock, type Slot } from "./scheduler";
import { resolveRateLimits, tierOf } from "./tiers";
import { createDispatcher, send, sharedDispatcher, TransportFailure, type WireResponse } from "./transport";

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;
const USER_AGENT = "pulumi-qlik";

/** `ClientStats` plus the counters only this implementation keeps. */
export interface HttpClientStats extends ClientStats {
  /** Requests to `/oauth/token` (included in `requests`, not in `byTier`). */
  tokenRequests: number;
  rateLimitedByTier: Record<Tier, number>;
  /** Ambiguous POSTs resolved by the caller's `recover()` returning the object. */
  recoveries: number;
}

/** One logical request, after defaults are applied. */
interface Call<T> {
  method: HttpMethod;
  path: string;
  tier: Tier | undefined;
  body?: string;
  headers: Record<string, string>;
  schema?: RequestOptions<T>["schema"];
  allowStatus?: number[];
  recover?: () => Promise<T | undefined>;
  /** Attach the bearer token (false for the token endpoint itself). */
  authenticate: boolean;
  /** May be repeated after an ambiguous failure without asking anyone. */
  idempotent: boolean;
}

export class QlikHttpClient implements QlikClient {
  readonly origin: string;
  /** Credential fingerprint (a keyed hash): the "user" whose budget this client spends. */
  readonly principal: string;
  readonly stats: HttpClientStats;
  readonly #scheduler: RateScheduler;
  readonly #auth: TokenSource;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #log: ((line: string) => void) | undefined;
  readonly #onRequest: ((event: RequestEvent) => void) | undefined;
  readonly #clock: Clock;
  /** Set by `halt`: every call fails with it from then on. */
  #halted: QlikHaltedError | undefined;
  readonly #abandon = new AbortController();

  constructor(options: ClientOptions, dispatcher?: Dispatcher) {
    if (!options || typeof options !== "object") throw new QlikConfigError("Client options are required.", "options");
    this.origin = normalizeOrigin(options.origin, "origin");
    validateCredentials(options.credentials);
    this.principal = credentialFingerprint(options.credentials);
    const windowMs = positive(options.rateWindowMs, "rateWindowMs");
    const marginMs = nonNegative(options.rateMarginMs, "rateMarginMs");
    this.#clock = options.clock ?? systemClock;
    this.#scheduler = new RateScheduler({
      limits: resolveRateLimits(options.rateLimits),
      windowMs,
      marginMs,
      clock: this.#clock,
    });
    this.#retry = resolveRetryPolicy(options.retry);
    this.#timeoutMs = positive(options.requestTimeoutMs, "requestTimeoutMs") ?? DEFAULT_TIMEOUT_MS;
    this.#log = options.log;
    this.#onRequest = options.onRequest;
    // Every exchange on the wire listens to it: hundreds at once are normal, not a leak.
    setMaxListeners(Infinity, this.#abandon.signal);
    this.#dispatcher = dispatcher ?? createDispatcher();
    this.#ownsDispatcher = dispatcher === undefined;
    this.#auth = new TokenSource({ ...options.credentials }, (body) => this.#fetchToken(body), this.#clock);
    const perTier = () => ({ tier1: 0, tier2: 0, special: 0 });
    this.stats = {
      requests: 0,
      rateLimited: 0,
      retries: 0,
      byTier: perTier(),
      tokenRequests: 0,
      rateLimitedByTier: perTier(),
      recoveries: 0,
    };
  }

  /** The scheduler of this client's budget (for tests and diagnostics). */
  get scheduler(): RateScheduler {
    return this.#scheduler;
  }

  /** Token fetches made (OAuth); 0 for API keys. */
  get tokenFetches(): number {
    return this.#auth.fetches;
  }

  request<T = unknown>(options: RequestOptions<T>): Promise<QlikResponse<T>> {
    const method = options.method.toUpperCase() as HttpMethod;
    const path = withQuery(options.path.startsWith("/") ? options.path : `/${options.path}`, options.query);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    return this.#execute<T>({
      method,
      path,
      tier: options.tier ?? tierOf(method, path),
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      headers,
      schema: options.schema,
      allowStatus: options.allowStatus,
      recover: options.recover,
      authenticate: true,
      idempotent: isIdempotent(method, options.body),
    });
  }

  paginate<T>(options: PageOptions<T>): AsyncIterable<T> {
    return paginate((o) => this.request(o), options);
  }

  /**
   * Stops this client for good: requests waiting for a slot or a retry are rejected with `reason` without being
   * sent, exchanges on the wire are abandoned, and every later call fails at once. For a provider host whose
   * engine is gone: no result could be recorded any more, so nothing more may reach the API.
   */
  halt(reason: QlikHaltedError): void {
    if (this.#halted) return;
    this.#halted = reason;
    this.#scheduler.close(reason);
    this.#abandon.abort();
  }

  /** Closes this client's own connections (isolated clients only; shared clients share the process pool). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async #fetchToken(body: Record<string, string>) {
    const response = await this.#execute({
      method: "POST",
      path: "/oauth/token",
      tier: undefined,
      body: JSON.stringify(body),
      headers: {},
      schema: tokenResponseSchema,
      authenticate: false,
      // Asking for a token twice is harmless: a lost response is simply asked for again.
      idempotent: true,
    });
    return grantFromResponse(response.body);
  }

  async #execute<T>(call: Call<T>): Promise<QlikResponse<T>> {
    const { method, path, tier } = call;
    const clock = this.#clock;
    // The deadline covers the whole call: waiting for a slot, every attempt and every wait between them.
    const deadline = clock.now() + this.#retry.deadlineMs;
    let attempt = 0;
    let slot: Slot | undefined;
    let refreshedAfter401 = false;
    /** An earlier attempt of this POST may have landed. */
    let maybeLanded = false;
    /** The last 429, reported if the deadline passes while its retry waits for a slot. */
    let lastRateLimited: WireResponse | undefined;

    /** Whether waiting `ms` more still ends before the retry deadline. */
    const mayRetry = (ms: number) => clock.now() + ms <= deadline;
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimer(resolve, ms));

    try {
      for (;;) {
        if (this.#halted) throw this.#halted;
        attempt++;
        if (attempt > 1) this.stats.retries++;
        if (tier) {
          try {
            slot = await this.#scheduler.acquire(tier, { retry: attempt > 1, until: deadline });
          } catch (error) {
            if (!(error instanceof SlotWaitTimeout)) throw error;
            if (lastRateLimited) {
              throw this.#apiError(call, lastRateLimited, attempt - 1, rateLimitHint(this.#retry.deadlineMs));
            }
            throw new QlikRequestError({
              method,
              path,
              reason: "deadline",
              attempts: attempt - 1,
              hint: rateLimitHint(this.#retry.deadlineMs),
            });
          }
        }
        let token: string | undefined;
        try {
          token = call.authenticate ? await this.#auth.token() : undefined;
        } catch (error) {
          slot?.refund(); // nothing was sent
          throw error;
        }
        if (this.#halted) {
          slot?.refund();
          throw this.#halted;
        }
        const outcome = await this.#attempt(call, attempt, slot, token);
        if (this.#halted) throw this.#halted;

        if (outcome instanceof TransportFailure) {
          // A connection that was never made spent nothing on the server.
          if (outcome.kind === "not-sent") slot?.refund();
          else slot?.release();
          const delay = retryWait(attempt, this.#retry);
          if (outcome.kind === "not-sent" || call.idempotent) {
            if (!mayRetry(delay)) throw this.#transportError(call, outcome, attempt, false);
            this.#note(`${method} ${path}: ${describeFailure(outcome)}; retry ${attempt} in ${delay} ms`);
            await sleep(delay);
            continue;
          }
          // A POST that may have been processed.
          if (!call.recover || !mayRetry(delay)) throw this.#transportError(call, outcome, attempt, true);
          const recovered = await this.#recover(call, delay, describeFailure(outcome), sleep);
          if (recovered) return recovered;
          maybeLanded = true;
          continue;
        }

        const { status, headers } = outcome;
        if (status === 429) {
          const hint =
            parseRetryAfter(headers["retry-after"]) ??
            parseRateLimitReset(headers["ratelimit-reset"]) ??
            DEFAULT_RETRY_AFTER_MS;
          const wait = retryWait(attempt, this.#retry, hint);
          this.stats.rateLimited++;
          lastRateLimited = outcome;
          // The server blocks the whole tier: pause all of it (before the refund below frees a slot). The
          // rejected attempt did not count on the server (Qlik's limiter, like the emulator's, counts accepted
          // requests only), so its slot is refunded and the retry spends the budget once.
          if (tier) {
            this.stats.rateLimitedByTier[tier]++;
            this.#scheduler.pause(tier, wait);
            slot?.refund();
            this.#observeRateLimit(tier, headers);
          }
          if (!mayRetry(wait)) throw this.#apiError(call, outcome, attempt, rateLimitHint(this.#retry.deadlineMs));
          this.#note(`${method} ${path}: 429 on ${tier ?? "token endpoint"}; pausing it for ${wait} ms`);
          // Tiered retries wait in the scheduler, ahead of new requests; the token endpoint just waits.
          if (!tier) await sleep(wait);
          continue;
        }
        slot?.release();
        if (tier) this.#observeRateLimit(tier, headers);
        if (outcome.refusedRedirect !== undefined) {
          throw this.#apiError(call, outcome, attempt, refusedRedirectHint(outcome.refusedRedirect, this.origin));
        }

        if ((status >= 200 && status < 300 && status !== 207) || call.allowStatus?.includes(status)) {
          return decodeSuccess(call, outcome, call.schema, this.#auth.secrets());
        }
        if (status === 401 && token !== undefined && this.#auth.refreshable && !refreshedAfter401) {
          // The token may have been revoked or expired early: one fresh token, one more try.
          refreshedAfter401 = true;
          this.#auth.invalidate(token);
          this.#note(`${method} ${path}: 401; fetching a new token and retrying once`);
          continue;
        }
        if (status === 409 && maybeLanded && call.recover) {
          // Our earlier attempt landed after all and now conflicts with this one: it is the object we want.
          const found = await call.recover();
          if (found !== undefined) return this.#recovered(found);
        }

        const verdict = classifyStatus(status);
        const delay = retryWait(
          attempt,
          this.#retry,
          verdict === "not-processed" ? parseRetryAfter(headers["retry-after"]) : undefined,
        );
        if (verdict === "not-processed" || (verdict === "ambiguous" && call.idempotent)) {
          if (!mayRetry(delay)) throw this.#apiError(call, outcome, attempt);
          this.#note(`${method} ${path}: ${status}; retry ${attempt} in ${delay} ms`);
          await sleep(delay);
          continue;
        }
        if (verdict === "ambiguous") {
          if (!call.recover || !mayRetry(delay)) throw this.#apiError(call, outcome, attempt, undefined, true);
          const recovered = await this.#recover(call, delay, statusLine(status), sleep);
          if (recovered) return recovered;
          maybeLanded = true;
          continue;
        }
        throw this.#apiError(call, outcome, attempt, statusHint(status, path, this.#auth.kind));
      }
    } finally {
      slot?.release();
    }
  }

  /** One attempt on the wire; reports it to stats and `onRequest`. */
  async #attempt<T>(
    call: Call<T>,
    attempt: number,
    slot: Slot | undefined,
    token: string | undefined,
  ): Promise<WireResponse | TransportFailure> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": USER_AGENT, ...call.headers };
    if (call.body !== undefined) headers["content-type"] = "application/json";
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let hops = 0;
    const onWire = () => {
      this.stats.requests++;
      if (call.tier) this.stats.byTier[call.tier]++;
      else this.stats.tokenRequests++;
      // Redirect hops are requests the server counts too.
      if (hops++ > 0) slot?.addHop();
    };
    const started = this.#clock.now();
    let outcome: WireResponse | TransportFailure;
    try {
      outcome = await send(
        this.#dispatcher,
        {
          origin: this.origin,
          method: call.method,
          path: call.path,
          headers,
          body: call.body,
          timeoutMs: this.#timeoutMs,
          maxRedirections: call.method === "GET" ? MAX_REDIRECTS : 0,
          onWire,
          signal: this.#abandon.signal,
        },
        this.#clock,
      );
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      outcome = error;
    }
    this.#onRequest?.({
      method: call.method,
      path: call.path,
      tier: call.tier,
      attempt,
      ...(outcome instanceof TransportFailure
        ? { failure: { kind: outcome.kind, code: outcome.errorCode } }
        : { status: outcome.status }),
      durationMs: this.#clock.now() - started,
    });
    return outcome;
  }

  #recovered<T>(body: T): QlikResponse<T> {
    this.stats.recoveries++;
    return { status: 200, headers: {}, body, recovered: true };
  }

  /** After an ambiguous POST failure: give the server a moment, then ask the caller whether it landed. */
  async #recover<T>(
    call: Call<T>,
    delay: number,
    what: string,
    sleep: (ms: number) => Promise<void>,
  ): Promise<QlikResponse<T> | undefined> {
    this.#note(`${call.method} ${call.path}: ${what}; outcome unknown, checking with recover() in ${delay} ms`);
    await sleep(delay);
    const found = await (call.recover as () => Promise<T | undefined>)();
    if (found !== undefined) return this.#recovered(found);
    this.#note(`${call.method} ${call.path}: recover() found nothing; sending again`);
    return undefined;
  }

  #observeRateLimit(tier: Tier, headers: Record<string, string>): void {
    const count = (name: string) => {
      const value = headers[name];
      return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
    };
    const limit = count("ratelimit-limit");
    const remaining = count("ratelimit-remaining");
    if (limit === undefined && remaining === undefined) return;
    const resetMs = parseRateLimitReset(headers["ratelimit-reset"]) ?? this.#scheduler.windowMs;
    this.#scheduler.observe(tier, { limit, remaining, resetMs });
  }

  #apiError<T>(call: Call<T>, response: WireResponse, attempts: number, hint?: string, outcomeUnknown = false) {
    return decodeApiError(call, response, {
      attempts,
      secrets: this.#auth.secrets(),
      hint: outcomeUnknown ? unknownOutcomeHint(call.path) : hint,
      outcomeUnknown,
    });
  }

  #transportError<T>(
    call: Call<T>,
    failure: TransportFailure,
    attempts: number,
    outcomeUnknown: boolean,
  ): QlikRequestError {
    return new QlikRequestError({
      method: call.method,
      path: call.path,
      reason: failure.kind === "timeout" ? "timeout" : "network",
      attempts,
      outcomeUnknown,
      cause: sanitizeCause(failure.original, this.#auth.secrets()),
      hint: outcomeUnknown ? unknownOutcomeHint(call.path) : unreachableHint(this.origin),
    });
  }

  #note(line: string): void {
    if (this.#log) this.#log(redact(`[qlik ${this.origin}] ${line}`, this.#auth.secrets()));
  }
}

function describeFailure(failure: TransportFailure): string {
  return failure.kind === "timeout" ? "timed out" : `connection failed (${failure.errorCode ?? "network error"})`;
}

function positive(value: number | undefined, property: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new QlikConfigError(
      `${property} must be a positive number of milliseconds up to ${MAX_TIMER_MS} (what a timer can wait), got ${String(value)}.`,
      property,
    );
  }
  return value;
}

function nonNegative(value: number | undefined, property: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new QlikConfigError(`${property} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}.`, property);
  }
  return value;
}

/** An isolated client: its own scheduler, token cache and connections. Call `close()` when done. */
export function createClient(options: ClientOptions): QlikHttpClient {
  return new QlikHttpClient(options);
}

const sharedClients = new Map<string, QlikHttpClient>();
let haltedWith: QlikHaltedError | undefined;

/**
 * Halts every shared client of this process, and every one asked for later (see `QlikHttpClient.halt`). Used when
 * the engine that started the provider host is gone.
 */
export function haltSharedClients(reason: QlikHaltedError): void {
  haltedWith ??= reason;
  for (const client of sharedClients.values()) client.halt(haltedWith);
}

/**
 * The process-wide client for (origin, credential): every caller shares its rate-limit scheduler and token
 * cache, and all shared clients share one keep-alive pool per origin. The first caller's tuning (rateLimits,
 * retry, timeouts) applies; later callers with the same key get the same instance.
 */
export function getSharedClient(options: ClientOptions): QlikHttpClient {
  const origin = normalizeOrigin(options?.origin, "origin");
  validateCredentials(options.credentials);
  const key = `${origin} ${credentialFingerprint(options.credentials)}`;
  let client = sharedClients.get(key);
  if (!client) {
    client = new QlikHttpClient({ ...options, origin }, sharedDispatcher());
    if (haltedWith) client.halt(haltedWith);
    sharedClients.set(key, client);
  }
  return client;
}

/** Forgets the shared clients (tests). In-flight requests of the old instances finish normally. */
export function resetSharedClients(): void {
  sharedClients.clear();
  haltedWith = undefined;
}
