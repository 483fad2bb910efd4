/**
 * The request pipeline shared by every listener (one per tenant, one for the console):
 *
 *   admin (/__emulator/…) → route lookup → body → faults (delay, fail, drop) → auth → rate limit
 *   → body checks (413, 415, JSON) → handler → response (or a dropped socket) → request log
 *
 * Faults act before auth and rate limiting, like a failing load balancer in front of the service; a fault that
 * drops "after processing" lets the handler run (the user is created) and then destroys the socket unanswered.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import Router from "find-my-way";
import { ApiError, ApiErrors, errorBody, type ErrorDetails, type ErrorFamily } from "../core/errors";
import { newTraceId } from "../core/ids";
import { CONSOLE, type AuthRegistry, type Principal } from "../runtime/auth";
import type { FaultInjector } from "../runtime/faults";
import type { RateLimiter } from "../runtime/rate-limiter";
import type { RequestLog } from "../runtime/request-log";
import type { Organization } from "../state/organization";
import type { TenantStore } from "../state/tenant-store";
import type { LogTier } from "../types";
import { parseBody, readBody } from "./body";
import type { RouteContext, RouteDefinition, RouteResult } from "./route";

export interface PipelineDeps {
  organization: Organization;
  auth: AuthRegistry;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  /** The store behind a tenant id, looked up per request (reset() replaces stores). */
  store(tenantId: string): TenantStore | undefined;
  linkOrigin?: string;
  logBodies: boolean;
  /** Handles /__emulator/… on this listener. */
  admin(req: IncomingMessage, res: ServerResponse, host: string, url: URL): Promise<void>;
}

type RouterInstance = ReturnType<typeof Router>;

export function buildRouter(routes: RouteDefinition[]): RouterInstance {
  // Strict paths: Qlik does not answer /api/v1/users/ for /api/v1/users.
  const router = Router({ ignoreTrailingSlash: false, caseSensitive: true });
  for (const route of routes) router.on(route.method, route.path, () => undefined, route);
  return router;
}

const JSON_TYPE = "application/json; charset=utf-8";
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  principal: Principal | undefined;
  rateLimited: boolean;
  loggedBody?: unknown;
}

function errorOutcome(
  family: ErrorFamily,
  status: number,
  entries: ErrorDetails[],
  headers: Record<string, string> = {},
): Outcome {
  return {
    status,
    headers,
    body: errorBody(family, status, entries, newTraceId()),
    principal: undefined,
    rateLimited: false,
  };
}

function redactSecrets(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  if ("client_secret" in copy) copy.client_secret = "[redacted]";
  return copy;
}

export class Pipeline {
  constructor(
    private readonly deps: PipelineDeps,
    private readonly router: RouterInstance,
    /** Tenant id or "console". */
    private readonly host: string,
  ) {}

  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((error: unknown) => {
      // Only reachable through bugs or sockets dying mid-write; never leave the client hanging.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": JSON_TYPE });
        res.end(JSON.stringify(errorBody("gateway", 500, [{ detail: String(error) }], newTraceId())));
      }
    });
  };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    if (url.pathname.startsWith("/__emulator/")) return this.deps.admin(req, res, this.host, url);

    const at = Date.now();
    const started = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const found = (METHODS as readonly string[]).includes(method) ? this.router.find(method as "GET", path) : null;
    const route = found?.store as RouteDefinition | undefined;
    const tier: LogTier = route?.tier ?? "none";
    const raw = await readBody(req);

    const record = (status: number, outcome: Partial<Outcome>, fault?: "fail" | "delay" | "drop") => {
      this.deps.log.append({
        at,
        origin: this.host,
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        tier,
        status,
        principal: outcome.principal?.id ?? null,
        rateLimited: outcome.rateLimited ?? false,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        ...(fault ? { fault } : {}),
        ...(this.deps.logBodies && outcome.loggedBody !== undefined ? { body: outcome.loggedBody } : {}),
      });
    };

    const plan = this.deps.faults.plan({ method, path, origin: this.host });
    if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
    const delayed = plan.delayMs > 0 ? "delay" : undefined;
    if (plan.action?.kind === "fail") {
      const outcome = errorOutcome("gateway", plan.action.status, [{ detail: "Injected fault (emulator)." }]);
      this.send(res, outcome);
      record(outcome.status, outcome, "fail");
      return;
    }
    if (plan.action?.kind === "drop" && !plan.action.afterProcessing) {
      req.socket.destroy();
      record(0, {}, "drop");
      return;
    }

    const outcome = this.process(req, url, method, route, found?.params ?? {}, raw.bytes, raw.tooLarge);
    if (plan.action?.kind === "drop") {
      req.socket.destroy();
      record(0, outcome, "drop");
      return;
    }
    this.send(res, outcome);
    record(outcome.status, outcome, delayed);
  }

  /** Everything between the socket and the handler: route, auth, rate limit, body, then the handler. */
  private process(
    req: IncomingMessage,
    url: URL,
    method: string,
    route: RouteDefinition | undefined,
    params: Record<string, string | undefined>,
    bytes: Buffer,
    tooLarge: boolean,
  ): Outcome {
    if (!route) return this.noRoute(method, url.pathname);
    const gate = this.admit(req, route);
    if ("refused" in gate) return gate.refused;
    const { principal, headers } = gate;
    const respond = (outcome: Outcome): Outcome => ({
      ...outcome,
      principal,
      headers: { ...headers, ...outcome.headers },
    });

    if (tooLarge)
      return respond(errorOutcome(route.family, 413, [{ detail: "The request body exceeds the 500 kB limit." }]));
    const parsed = parseBody(bytes, req.headers["content-type"], route.acceptsForm ?? false);
    if (parsed.kind === "invalid") return respond(errorOutcome(route.family, 400, [{ detail: parsed.reason }]));
    if (parsed.kind === "unsupported") {
      const detail = `Content-Type ${parsed.contentType} is not supported; send application/json.`;
      return respond(errorOutcome(route.family, 415, [{ detail }]));
    }
    const body = parsed.kind === "json" || parsed.kind === "form" ? parsed.value : undefined;

    const ctx: RouteContext = {
      host: this.host,
      store: this.host === CONSOLE ? undefined : this.deps.store(this.host),
      organization: this.deps.organization,
      auth: this.deps.auth,
      principal,
      params: Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)),
      query: url.searchParams,
      body,
      headers: req.headers,
      linkOrigin: this.deps.linkOrigin ?? (req.headers.host ? `http://${req.headers.host}` : ""),
      path: url.pathname,
      now: new Date().toISOString(),
    };
    return { ...respond(this.invoke(route, ctx)), loggedBody: redactSecrets(body) };
  }

  private noRoute(method: string, path: string): Outcome {
    const allowed = METHODS.filter((m) => this.router.find(m, path));
    if (allowed.length > 0) {
      return errorOutcome("gateway", 405, [{ detail: `${method} is not supported on ${path}` }], {
        allow: allowed.join(", "),
      });
    }
    return errorOutcome("gateway", 404, [{ title: "Not Found", detail: `No route for ${method} ${path}` }]);
  }

  /** Authentication, then the caller's rate-limit budget for the route's tier. */
  private admit(
    req: IncomingMessage,
    route: RouteDefinition,
  ): { refused: Outcome } | { principal: Principal | undefined; headers: Record<string, string> } {
    if (route.authenticated === false) return { principal: undefined, headers: {} };
    const auth = this.deps.auth.authenticate(this.host, req.headers.authorization);
    if (!auth.ok) {
      if (auth.status === 403) {
        return {
          refused: errorOutcome(this.host === CONSOLE ? "console" : route.family, 403, [{ detail: auth.detail }]),
        };
      }
      // What Qlik's edge answers for a missing or invalid credential.
      const body = {
        errors: [{ title: "Not logged in", code: "LOGIN-1", status: "401", detail: auth.detail }],
        traceId: newTraceId(),
      };
      return {
        refused: {
          status: 401,
          headers: { "www-authenticate": 'Bearer realm="qlik"' },
          body,
          principal: undefined,
          rateLimited: false,
        },
      };
    }
    const principal = auth.principal;
    const headers: Record<string, string> = {};
    const decision = route.tier === "none" ? undefined : this.deps.limiter.take(this.host, principal.id, route.tier);
    if (decision) {
      const reset = this.deps.limiter.formatSeconds(decision.resetMs);
      headers["ratelimit-limit"] = String(decision.limit);
      headers["ratelimit-remaining"] = String(decision.remaining);
      headers["ratelimit-reset"] = reset;
      if (!decision.allowed) {
        const detail = `You need to wait ${reset} seconds before retrying.`;
        const outcome = errorOutcome("gateway", 429, [{ detail }], { ...headers, "retry-after": reset });
        return { refused: { ...outcome, principal, rateLimited: true } };
      }
    }
    return { principal, headers };
  }

  /** Runs the handler; thrown ApiErrors become Qlik error bodies in the route's family. */
  private invoke(route: RouteDefinition, ctx: RouteContext): Outcome {
    let result: RouteResult;
    try {
      result = route.handle(ctx);
    } catch (error) {
      if (error instanceof ApiError) return errorOutcome(error.family ?? route.family, error.status, [error.details]);
      if (error instanceof ApiErrors) return errorOutcome(route.family, error.status, error.entries);
      return errorOutcome("gateway", 500, [{ detail: `Emulator error: ${(error as Error).message}` }]);
    }
    return {
      status: result.status,
      headers: result.headers ?? {},
      body: result.errors ? errorBody(route.family, result.status, result.errors, newTraceId()) : result.body,
      principal: ctx.principal,
      rateLimited: false,
    };
  }

  private send(res: ServerResponse, outcome: Outcome): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...outcome.headers };
    let payload: string | undefined;
    if (outcome.body !== undefined) {
      payload = JSON.stringify(outcome.body);
      headers["content-type"] = JSON_TYPE;
    } else if (outcome.status === 301 || outcome.status === 302) {
      payload = `Redirecting to ${headers.location}`;
      headers["content-type"] = "text/html; charset=utf-8";
    }
    if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
    res.writeHead(outcome.status, headers);
    res.end(payload);
  }
}

/** An HTTP server for one host, bound to 127.0.0.1 only. */
export function listen(pipeline: Pipeline, port: number): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = http.createServer({ keepAliveTimeout: 30_000 }, pipeline.listener);
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") return reject(new Error("server has no TCP address"));
      resolve({ server, port: address.port });
    });
  });
}
