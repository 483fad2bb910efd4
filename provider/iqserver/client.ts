/**
 * The Sonatype IQ Server HTTP client: HTTP basic authentication on the package's shared undici pool, with the
 * same retry policy as the Qlik client (provider/http/retry: 429/503 for every method, 5xx and dropped
 * connections for idempotent ones, full-jitter backoff within a deadline) and the same error discipline (no
 * credential in any message, cause or log line). IQ Server has no rate-limit tiers and no tokens, so none of
 * the Qlik client's scheduler or OAuth machinery applies.
 *
 * POST is retried after an ambiguous failure only when the caller's `recover()` (a lookup by the unique name)
 * says the first attempt did not land.
 */
import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { HttpMethod, RequestEvent, RetryPolicy } from "../http/types";
import { QlikRequestError, redact, sanitizeCause, statusLine } from "../http/errors";
import { secretFingerprint } from "../http/auth";
import { unknownOutcomeHint, unreachableHint } from "../http/hints";
import { withQuery } from "../http/pagination";
import { decodeSuccess } from "../http/response";
import {
  backoffDelay,
  classifyStatus,
  DEFAULT_RETRY_AFTER_MS,
  isIdempotent,
  parseRetryAfter,
  resolveRetryPolicy,
} from "../http/retry";
import { createDispatcher, send, sharedDispatcher, TransportFailure, type WireResponse } from "../http/transport";
import type { IqServerConnection } from "./config";
import { IqServerApiError, parseIqServerBody } from "./errors";

const DEFAULT_TIMEOUT_MS = 60_000;

export interface IqRequest<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  schema?: z.ZodType<T>;
  /** Statuses returned (body unchecked) instead of thrown, e.g. `[404]`. */
  allowStatus?: number[];
  /** For POST: after an ambiguous failure, finds the object if the first attempt landed. */
  recover?: () => Promise<T | undefined>;
}

export interface IqResponse<T> {
  status: number;
  body: T;
  /** True when `recover()` found the object an ambiguous POST had created. */
  recovered?: boolean;
}

export interface IqServerClientOptions {
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  /** Called after every attempt that went on the wire (tests). */
  onRequest?: (event: RequestEvent) => void;
  /** Debug lines; never receive the credential. */
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class IqServerClient {
  readonly origin: string;
  /** Prefixed to every API path: IQ Server below a reverse proxy's context path (`/iq`), or `""`. */
  readonly basePath: string;
  readonly stats = { requests: 0, retries: 0, recoveries: 0 };
  readonly #authorization: string;
  readonly #secrets: readonly string[];
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #retry: RetryPolicy;
  readonly #options: IqServerClientOptions;

  constructor(connection: IqServerConnection, options: IqServerClientOptions = {}, dispatcher?: Dispatcher) {
    this.origin = connection.origin;
    this.basePath = connection.basePath;
    const token = Buffer.from(`${connection.username}:${connection.password}`, "utf8").toString("base64");
    this.#authorization = `Basic ${token}`;
    // The password alone, and the header value that carries it, are scrubbed from anything we keep.
    this.#secrets = [connection.password, token];
    this.#retry = resolveRetryPolicy(options.retry);
    this.#options = options;
    this.#dispatcher = dispatcher ?? createDispatcher();
    this.#ownsDispatcher = dispatcher === undefined;
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async request<T = unknown>(request: IqRequest<T>): Promise<IqResponse<T>> {
    const method = request.method;
    const path = withQuery(request.path, request.query);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const idempotent = isIdempotent(method);
    const described = { method, path };
    let attempt = 0;
    let firstSentAt: number | undefined;
    /** An earlier attempt of this POST may have landed. */
    let maybeLanded = false;
    const mayRetry = (ms: number) =>
      performance.now() + ms - (firstSentAt ?? performance.now()) <= this.#retry.deadlineMs;

    for (;;) {
      attempt++;
      if (attempt > 1) this.stats.retries++;
      firstSentAt ??= performance.now();
      const outcome = await this.#attempt(method, path, body, attempt);

      if (outcome instanceof TransportFailure) {
        const delay = backoffDelay(attempt, this.#retry);
        const repeatable = outcome.kind === "not-sent" || idempotent;
        if (!mayRetry(delay) || (!repeatable && !request.recover)) {
          throw new QlikRequestError({
            method,
            path,
            reason: outcome.kind === "timeout" ? "timeout" : "network",
            attempts: attempt,
            outcomeUnknown: !repeatable,
            cause: sanitizeCause(outcome.original, this.#secrets),
            hint: repeatable ? unreachableHint(this.origin + this.basePath) : unknownOutcomeHint(path),
          });
        }
        this.#note(`${method} ${path}: ${outcome.kind}; retry ${attempt} in ${delay} ms`);
        await sleep(delay);
        if (!repeatable) {
          const found = await this.#recover(request);
          if (found) return found;
          maybeLanded = true;
        }
        continue;
      }

      const { status } = outcome;
      if ((status >= 200 && status < 300) || request.allowStatus?.includes(status)) {
        return decodeSuccess(described, outcome, request.schema, this.#secrets, "a Sonatype IQ Server");
      }
      if (maybeLanded && status >= 400 && status < 500 && request.recover) {
        // Our earlier attempt landed after all and this one conflicts with it: it is the object we want.
        const found = await this.#recover(request);
        if (found) return found;
      }
      const verdict = classifyStatus(status);
      const retryAfter = parseRetryAfter(outcome.headers["retry-after"]);
      if (verdict === "rate-limited" || verdict === "not-processed") {
        const wait =
          retryAfter ?? (verdict === "rate-limited" ? DEFAULT_RETRY_AFTER_MS : backoffDelay(attempt, this.#retry));
        if (!mayRetry(wait)) throw this.#apiError(described, outcome, attempt);
        this.#note(`${method} ${path}: ${status}; retry ${attempt} in ${wait} ms`);
        await sleep(wait);
        continue;
      }
      if (verdict === "ambiguous" && (idempotent || request.recover)) {
        const delay = backoffDelay(attempt, this.#retry);
        if (!mayRetry(delay)) throw this.#apiError(described, outcome, attempt, !idempotent);
        this.#note(`${method} ${path}: ${statusLine(status)}; retry ${attempt} in ${delay} ms`);
        await sleep(delay);
        if (!idempotent) {
          const found = await this.#recover(request);
          if (found) return found;
          maybeLanded = true;
        }
        continue;
      }
      throw this.#apiError(described, outcome, attempt, verdict === "ambiguous" && !idempotent);
    }
  }

  async #attempt(
    method: HttpMethod,
    path: string,
    body: string | undefined,
    attempt: number,
  ): Promise<WireResponse | TransportFailure> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "pulumi-qlik",
      authorization: this.#authorization,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const started = performance.now();
    let outcome: WireResponse | TransportFailure;
    try {
      outcome = await send(this.#dispatcher, {
        origin: this.origin,
        method,
        path: this.basePath + path,
        headers,
        body,
        timeoutMs: this.#options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
        // Basic credentials must not follow a redirect anywhere.
        maxRedirections: 0,
        onWire: () => this.stats.requests++,
      });
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      outcome = error;
    }
    this.#options.onRequest?.({
      method,
      path,
      tier: undefined,
      attempt,
      ...(outcome instanceof TransportFailure
        ? { failure: { kind: outcome.kind, code: outcome.errorCode } }
        : { status: outcome.status }),
      durationMs: performance.now() - started,
    });
    return outcome;
  }

  async #recover<T>(request: IqRequest<T>): Promise<IqResponse<T> | undefined> {
    const found = await request.recover?.();
    if (found === undefined) return undefined;
    this.stats.recoveries++;
    return { status: 200, body: found, recovered: true };
  }

  #apiError(described: { method: string; path: string }, response: WireResponse, attempts: number, unknown = false) {
    const { errors, warnings } = parseIqServerBody(response.text, this.#secrets);
    const hints = [
      response.status === 401
        ? "IQ Server refused the user name or password: check iqserver:username and iqserver:password (or IQSERVER_USERNAME / IQSERVER_PASSWORD)."
        : undefined,
      response.status === 403
        ? "The IQ Server user lacks permission: it needs 'Edit IQ Elements' on the organizations involved."
        : undefined,
      unknown ? unknownOutcomeHint(described.path) : undefined,
      attempts > 1 && !unknown ? `(gave up after ${attempts} attempts)` : undefined,
    ];
    return new IqServerApiError({
      ...described,
      status: response.status,
      errors,
      warnings,
      attempts,
      hint: hints.filter(Boolean).join(" ") || undefined,
    });
  }

  #note(line: string): void {
    this.#options.log?.(redact(`[iqserver ${this.origin}${this.basePath}] ${line}`, this.#secrets));
  }
}

const shared = new Map<string, IqServerClient>();

/** The process-wide client for (origin, user, password), on the package's shared keep-alive pool. */
export function getIqServerClient(connection: IqServerConnection): IqServerClient {
  const key = `${connection.origin}${connection.basePath} ${secretFingerprint(`${connection.username}\0${connection.password}`)}`;
  let client = shared.get(key);
  if (!client) {
    client = new IqServerClient(connection, {}, sharedDispatcher());
    shared.set(key, client);
  }
  return client;
}

/** Forgets the shared clients (tests). */
export function resetIqServerClients(): void {
  shared.clear();
}
