/**
 * The wire: undici with keep-alive connections (an `Agent` keeps one `Pool` per origin) and undici's own
 * redirect interceptor, which re-sends same-origin hops with their headers and drops `Authorization` on
 * cross-origin ones. Under it sits a tiny interceptor that reports every request actually dispatched — the
 * redirect hops included — so the client can count them and charge them to the rate-limit window.
 */
import { Agent, interceptors, type Dispatcher } from "undici";
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
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
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

const kOnWire = Symbol("pulumi-qlik.onWire");

function wireObserver(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    (options as { [kOnWire]?: () => void })[kOnWire]?.();
    return dispatch(options, handler);
  };
}

/** A keep-alive agent with redirects and the wire observer; `close()` it when the client is done. */
export function createDispatcher(): Dispatcher {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  // compose() wraps outward: the observer sits under the redirect handler and so sees every hop.
  return agent.compose(wireObserver(), interceptors.redirect({ maxRedirections: 0 }));
}

let shared: Dispatcher | undefined;

/** The process-wide dispatcher used by shared clients: one keep-alive pool per origin for the whole host. */
export function sharedDispatcher(): Dispatcher {
  shared ??= createDispatcher();
  return shared;
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
  try {
    const options = {
      origin: request.origin,
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      maxRedirections: request.maxRedirections,
      [kOnWire]: request.onWire,
    };
    const response = await dispatcher.request(options as Dispatcher.RequestOptions);
    const text = await response.body.text();
    return { status: response.statusCode, headers: flattenHeaders(response.headers), text };
  } catch (error) {
    if (timedOut) throw new TransportFailure("timeout", error);
    throw new TransportFailure(wasNotSent(codeOf(error)) ? "not-sent" : "network", error);
  } finally {
    clock.clearTimer(timer);
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
