/**
 * What an API route is: method, path, tier, error family, and a synchronous handler from a parsed request to a
 * result. Handlers never touch sockets; the pipeline in server.ts does auth, rate limits, faults and logging.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ErrorDetails, ErrorFamily } from "../core/errors";
import type { AuthRegistry, Principal } from "../runtime/auth";
import type { Organization } from "../state/organization";
import type { TenantStore } from "../state/tenant-store";
import type { LogTier } from "../types";

export interface RouteContext {
  /** Tenant id, or "console". */
  host: string;
  /** The tenant's data; undefined on the console. */
  store?: TenantStore;
  organization: Organization;
  auth: AuthRegistry;
  /** Undefined only on unauthenticated routes (/oauth/token). */
  principal?: Principal;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON (or form fields for /oauth/token); undefined when the request had no body. */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** Origin for links.*.href. */
  linkOrigin: string;
  path: string;
  /** ISO timestamp of this request, shared by every field it writes. */
  now: string;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Rendered as a Qlik error body in the route's family (used for 207 partial success). */
  errors?: ErrorDetails[];
}

export interface RouteDefinition {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  tier: LogTier;
  family: ErrorFamily;
  /** Defaults to true. */
  authenticated?: boolean;
  /** Accept application/x-www-form-urlencoded bodies besides JSON (OAuth token endpoint). */
  acceptsForm?: boolean;
  handle(ctx: RouteContext): RouteResult;
}

export const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
export const noContent = (): RouteResult => ({ status: 204 });
export const redirect = (status: 301 | 302, location: string): RouteResult => ({ status, headers: { location } });

/** The store of a tenant route; routes registered on tenants always have one. */
export function storeOf(ctx: RouteContext): TenantStore {
  if (!ctx.store) throw new Error(`route ${ctx.path} needs a tenant`);
  return ctx.store;
}
