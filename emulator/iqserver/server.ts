/**
 * The emulated Sonatype IQ Server: the Organizations REST API v2 on its own loopback port, behind HTTP basic
 * authentication, sharing the emulator's fault injector and request log (origin `iqserver`). Errors are IQ
 * Server's plain-text messages, except the move endpoint's JSON `{errors, warnings}`.
 *
 *   /__emulator/state   GET: the organizations as stored (no auth, not logged)
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import Router from "find-my-way";
import { parseBody, readBody } from "../http/body";
import type { FaultInjector } from "../runtime/faults";
import type { RequestLog } from "../runtime/request-log";
import type { IqServerSeed } from "./seed";
import { IqOrganizationStore, type IqOutcome } from "./store";

/** The `origin` of IQ Server requests in the request log and in fault matches (`match.tenantId`). */
export const IQSERVER = "iqserver";

export interface IqServerInfo {
  url: string;
  username: string;
  password: string;
}

export interface IqServerHandle extends IqServerInfo {
  /** The organizations as IQ Server would list them. */
  state(): { organizations: Record<string, unknown>[] };
  /** Back to the seed. */
  reset(): void;
  stop(): Promise<void>;
}

interface Context {
  store: IqOrganizationStore;
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  body: unknown;
}

type Handler = (ctx: Context) => IqOutcome;

const ORGANIZATIONS = "/api/v2/organizations";

const routes: [string, string, Handler][] = [
  [
    "GET",
    ORGANIZATIONS,
    ({ store, query }) => {
      const name = query.get("organizationName");
      const found = name === null ? store.list() : store.list().filter((o) => o.name === name);
      return { status: 200, json: { organizations: found.map((o) => store.render(o)) } };
    },
  ],
  [
    "GET",
    `${ORGANIZATIONS}/:organizationId`,
    ({ store, params }) => {
      const organization = store.get(params.organizationId ?? "");
      if (!organization) return { status: 404, text: `Organization "${params.organizationId}" was not found.` };
      return { status: 200, json: store.render(organization) };
    },
  ],
  ["POST", ORGANIZATIONS, ({ store, body }) => store.create(body)],
  [
    "PUT",
    `${ORGANIZATIONS}/:organizationId/move/destination/:destinationId`,
    ({ store, params }) => store.move(params.organizationId ?? "", params.destinationId ?? ""),
  ],
];

export interface IqServerOptions {
  seed: IqServerSeed;
  port: number;
  faults: FaultInjector;
  log: RequestLog;
  logBodies: boolean;
}

export async function startIqServer(options: IqServerOptions): Promise<IqServerHandle> {
  let store = new IqOrganizationStore(options.seed);
  const router = Router({ ignoreTrailingSlash: false, caseSensitive: true });
  for (const [method, path, handler] of routes) router.on(method as "GET", path, () => undefined, handler);
  const expected = `Basic ${Buffer.from(`${options.seed.username}:${options.seed.password}`).toString("base64")}`;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    if (url.pathname === "/__emulator/state" && req.method === "GET") {
      return send(res, { status: 200, json: { organizations: store.list().map((o) => store.render(o)) } });
    }
    const at = Date.now();
    const started = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    let body: unknown;
    const authorized = req.headers.authorization === expected;
    const record = (status: number, fault?: "fail" | "delay" | "drop") =>
      options.log.append({
        at,
        origin: IQSERVER,
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        tier: "none",
        status,
        principal: authorized ? `user:${options.seed.username}` : null,
        rateLimited: false,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        ...(fault ? { fault } : {}),
        ...(options.logBodies && body !== undefined ? { body } : {}),
      });

    const plan = options.faults.plan({ method, path: url.pathname, origin: IQSERVER });
    if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
    if (plan.action?.kind === "fail") {
      send(res, { status: plan.action.status, text: "Injected fault (emulator)." });
      return void record(plan.action.status, "fail");
    }
    if (plan.action?.kind === "drop" && !plan.action.afterProcessing) {
      req.socket.destroy();
      return void record(0, "drop");
    }

    let outcome: IqOutcome;
    const found = router.find(method as "GET", url.pathname);
    if (!authorized) {
      outcome = { status: 401, text: "Authentication required." };
    } else if (!found) {
      const allowed = ["GET", "POST", "PUT", "DELETE", "PATCH"].filter((m) => router.find(m as "GET", url.pathname));
      outcome =
        allowed.length > 0
          ? { status: 405, text: `HTTP ${method} is not supported by this URL.` }
          : { status: 404, text: "Not Found" };
    } else {
      const parsed = parseBody(raw.bytes, req.headers["content-type"], false);
      if (parsed.kind === "invalid") outcome = { status: 400, text: parsed.reason };
      else if (parsed.kind === "unsupported") outcome = { status: 415, text: "Unsupported Media Type" };
      else {
        body = parsed.kind === "json" ? parsed.value : undefined;
        outcome = (found.store as Handler)({ store, params: found.params, query: url.searchParams, body });
      }
    }
    if (plan.action?.kind === "drop") {
      req.socket.destroy();
      return void record(0, "drop");
    }
    send(res, outcome, outcome.status === 401 ? { "www-authenticate": 'BASIC realm="Sonatype IQ Server"' } : {});
    record(outcome.status, plan.delayMs > 0 ? "delay" : undefined);
  };

  const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, text: `Emulator error: ${String(error)}` });
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") return reject(new Error("server has no TCP address"));
      resolve(address.port);
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    username: options.seed.username,
    password: options.seed.password,
    state: () => ({ organizations: store.list().map((o) => store.render(o)) }),
    reset: () => {
      store = new IqOrganizationStore(options.seed);
    },
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function send(res: ServerResponse, outcome: IqOutcome, extra: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const [payload, type] =
    "json" in outcome
      ? [JSON.stringify(outcome.json), "application/json"]
      : [outcome.text, "text/plain; charset=utf-8"];
  res.writeHead(outcome.status, {
    ...extra,
    "content-type": type,
    "content-length": String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}
