/**
 * The wire: undici with keep-alive connections (an `Agent` keeps one `Pool` per origin). Redirects are followed
 * here, not by undici, and only on the configured origin: a hop to another origin (another host, or https →
 * http) is refused, so neither the bearer token nor the tenant's trust in the answer ever leaves that origin.
 * Every request put on the wire — each hop included — is reported, so the client can charge it to the
 * rate-limit window.
 */
import { Agent, type Dispatcher } from "undici";
import { wasNotSent } from "./retry";
import { systemClock, type Clock } from "./scheduler";

export interface WireRequest {
  origin: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** 0 = do not follow redirects. */
  maxRedirections: number;
  /** Called once per request put on the wire (first send and each redirect hop). */
  onWire?: () => void;
  /** Aborts the exchange (the client was halted). */
  signal?: AbortSignal;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Set when the response is a redirect to another origin, which was refused: that origin. */
  refusedRedirect?: string;
}

export type FailureKind = "not-sent" | "network" | "timeout";

/**
 * Internal: why there is no response. Holds the raw error for the client to sanitize; never thrown to
 * callers as is.
 */
export class TransportFailure extends Error {
  readonly errorCode: string | undefined;
  constructor(
    readonly kind: FailureKind,
    readonly original: unknown,
  ) {
    super(kind);
    this.errorCode = codeOf(original);
  }
}

/** A keep-alive agent; `close()` it when the client is done. */
export function createDispatcher(): Dispatcher {
  return new Agent({ keepAliveTimeout: 30_000, connections: 32 });
}

let shared: Dispatcher | undefined;

/** The process-wide dispatcher used by shared clients: one keep-alive pool per origin for the whole host. */
export function sharedDispatcher(): Dispatcher {
  shared ??= createDispatcher();
  return shared;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Where a redirect points, if it may be followed: a path on `origin`. `undefined` when the response is no
 * redirect; `{ refused }` when it leaves the origin (scheme, host or port differ).
 */
export function redirectTarget(
  origin: string,
  currentPath: string,
  response: { status: number; headers: Record<string, string> },
): { path: string } | { refused: string } | undefined {
  const location = response.headers.location;
  if (!REDIRECTS.has(response.status) || !location) return undefined;
  let target: URL;
  try {
    target = new URL(location, new URL(currentPath, origin));
  } catch {
    return { refused: "an unreadable Location" };
  }
  if (target.origin !== new URL(origin).origin) return { refused: target.origin };
  return { path: `${target.pathname}${target.search}` };
}

export function send(dispatcher: Dispatcher, request: WireRequest, clock: Clock = systemClock): Promise<WireResponse> {
  const exchange = exchangeOnce(dispatcher, request, clock);
  return clock.io ? clock.io(exchange) : exchange;
}

async function exchangeOnce(dispatcher: Dispatcher, request: WireRequest, clock: Clock): Promise<WireResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimer(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const abandon = () => controller.abort();
  request.signal?.addEventListener("abort", abandon);
  if (request.signal?.aborted) controller.abort();
  try {
    let path = request.path;
    for (let hop = 0; ; hop++) {
      request.onWire?.();
      const response = await dispatcher.request({
        origin: request.origin,
        method: request.method as Dispatcher.HttpMethod,
        path,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      const text = await response.body.text();
      const wire: WireResponse = { status: response.statusCode, headers: flattenHeaders(response.headers), text };
      const target = redirectTarget(request.origin, path, wire);
      if (target === undefined) return wire;
      if ("refused" in target) return { ...wire, refusedRedirect: target.refused };
      if (hop >= request.maxRedirections) return wire;
      path = target.path;
    }
  } catch (error) {
    if (timedOut) throw new TransportFailure("timeout", error);
    throw new TransportFailure(wasNotSent(codeOf(error)) ? "not-sent" : "network", error);
  } finally {
    clock.clearTimer(timer);
    request.signal?.removeEventListener("abort", abandon);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** undici errors carry `code` (UND_ERR_SOCKET); system errors too, sometimes one `cause` down. */
function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
