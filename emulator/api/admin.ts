/**
 * `/__emulator/…` on every listener: the EmulatorHandle for tests that run the emulator out of process (the
 * CLI). No auth (loopback only), not logged, not rate limited, never faulted. Errors are `{error: "…"}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readBody } from "../http/body";
import type { FaultRule } from "../runtime/faults";
import type { RequestLog } from "../runtime/request-log";
import type { EmulatorInfo, RequestMatch, TenantSnapshot } from "../types";

export interface AdminControls {
  info(): EmulatorInfo;
  log: RequestLog;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  state(tenantId?: string): TenantSnapshot;
  reset(): void;
  invalidateTokens(): void;
}

const matchSchema = z.strictObject({
  method: z.string().optional(),
  path: z.union([z.string(), z.strictObject({ regex: z.string(), flags: z.string().optional() })]).optional(),
  tenantId: z.string().optional(),
});

const faultSchema = z.strictObject({
  kind: z.enum(["fail", "delay", "drop"]),
  n: z.number().int().min(1),
  status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  ms: z.number().min(0).optional(),
  afterProcessing: z.boolean().optional(),
  match: matchSchema.optional(),
});

function reply(res: ServerResponse, status: number, body?: unknown): void {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  res.writeHead(status, payload === undefined ? {} : { "content-type": "application/json; charset=utf-8" });
  res.end(payload);
}

function toMatch(raw: z.infer<typeof matchSchema> | undefined): RequestMatch | undefined {
  if (!raw) return undefined;
  const match: RequestMatch = {};
  if (raw.method !== undefined) match.method = raw.method;
  if (raw.tenantId !== undefined) match.tenantId = raw.tenantId;
  if (raw.path !== undefined)
    match.path = typeof raw.path === "string" ? raw.path : new RegExp(raw.path.regex, raw.path.flags);
  return match;
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const { bytes } = await readBody(req);
  return bytes.length === 0 ? undefined : JSON.parse(bytes.toString("utf8"));
}

/** Handles one admin request; `host` is the listener's tenant id or "console". */
export async function handleAdmin(
  controls: AdminControls,
  req: IncomingMessage,
  res: ServerResponse,
  host: string,
  url: URL,
): Promise<void> {
  const route = `${req.method ?? "GET"} ${url.pathname}`;
  try {
    switch (route) {
      case "GET /__emulator/info":
        return reply(res, 200, controls.info());
      case "GET /__emulator/log": {
        const since = url.searchParams.get("since");
        return reply(res, 200, since === null ? controls.log.entries : controls.log.since(Number(since)));
      }
      case "DELETE /__emulator/log":
        controls.log.clear();
        return reply(res, 204);
      case "POST /__emulator/faults": {
        const parsed = faultSchema.safeParse(await jsonBody(req));
        if (!parsed.success)
          return reply(res, 400, {
            error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
          });
        const { kind, n, status, ms, afterProcessing, match } = parsed.data;
        if (kind === "delay" && ms === undefined) return reply(res, 400, { error: "a delay fault needs ms" });
        controls.addFault({ kind, remaining: n, status, ms, afterProcessing, match: toMatch(match) });
        return reply(res, 204);
      }
      case "DELETE /__emulator/faults":
        controls.clearFaults();
        return reply(res, 204);
      case "GET /__emulator/state": {
        const tenantId = url.searchParams.get("tenantId") ?? (host === "console" ? undefined : host);
        return reply(res, 200, controls.state(tenantId));
      }
      case "POST /__emulator/reset":
        controls.reset();
        return reply(res, 204);
      case "POST /__emulator/invalidate-tokens":
        controls.invalidateTokens();
        return reply(res, 204);
      default:
        return reply(res, 404, { error: `unknown admin endpoint ${route}` });
    }
  } catch (error) {
    return reply(res, 400, { error: (error as Error).message });
  }
}
