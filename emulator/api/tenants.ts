/**
 * `/api/v1/tenants` at tenant level: read the caller's own tenant, `/me` (302), and PATCH with `replace` on the
 * documented paths only. Another tenant's id answers 403 (it exists, but not for this caller); an unknown id 404.
 */
import { z } from "zod";
import { ApiError } from "../core/errors";
import {
  noContent,
  ok,
  redirect,
  storeOf,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from "../http/route";
import { renderTenant } from "../state/render";
import type { TenantRecord } from "../state/records";
import { issueToError } from "./validation";

type FlagField =
  | "autoAssignCreateSharedSpacesRoleToProfessionals"
  | "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals"
  | "autoAssignDataServicesContributorRoleToProfessionals"
  | "enableAnalyticCreation"
  | "enableAppOpeningFeedback";

const FLAG_FIELDS: FlagField[] = [
  "autoAssignCreateSharedSpacesRoleToProfessionals",
  "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
  "autoAssignDataServicesContributorRoleToProfessionals",
  "enableAnalyticCreation",
  "enableAppOpeningFeedback",
];
const PATCHABLE = ["/name", "/hostnames/1", ...FLAG_FIELDS.map((f) => `/${f}`)];

/** A DNS hostname: labels of letters, digits and hyphens, at least two labels. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

function ownTenant(ctx: RouteContext): TenantRecord {
  const store = storeOf(ctx);
  const id = ctx.params.tenantId;
  if (id === store.tenant.id) return store.tenant;
  if (ctx.organization.tenant(id)) {
    throw new ApiError(403, {
      code: "TENANTS-11",
      title: "Forbidden",
      detail: "The caller can only access its own tenant.",
    });
  }
  throw new ApiError(404, { code: "TENANTS-8", title: "Not found", detail: `No tenant with id ${id}.` });
}

const tenantPatchOpSchema = z.strictObject({ op: z.string(), path: z.string(), value: z.unknown() });

/** Atomic: every operation is checked before any is applied. */
function patchTenant(ctx: RouteContext): RouteResult {
  const tenant = ownTenant(ctx);
  if (!Array.isArray(ctx.body) || ctx.body.length === 0) {
    throw new ApiError(400, { detail: "The body must be a non-empty JSON Patch array." });
  }
  const updates: Array<(t: TenantRecord) => void> = [];
  ctx.body.forEach((raw: unknown, index: number) => {
    const parsed = tenantPatchOpSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, issueToError(parsed.error.issues[0], [index]));
    const { op, path, value } = parsed.data;
    const at = (field: string) => ({ pointer: `/${index}/${field}` });
    if (op !== "replace")
      throw new ApiError(400, { detail: `Operation "${op}" is not supported; only "replace" is.`, source: at("op") });
    if (!PATCHABLE.includes(path)) {
      throw new ApiError(400, {
        detail: `Unsupported patch path "${path}"; supported: ${PATCHABLE.join(", ")}.`,
        source: at("path"),
      });
    }
    if (path === "/name") {
      if (typeof value !== "string" || value.trim() === "")
        throw new ApiError(400, { detail: "name must be a non-empty string.", source: at("value") });
      updates.push((t) => (t.name = value));
    } else if (path === "/hostnames/1") {
      if (typeof value !== "string" || !HOSTNAME.test(value)) {
        throw new ApiError(400, {
          detail: "hostnames/1 (the alias) must be a hostname such as my-alias.us.qlikcloud.com.",
          source: at("value"),
        });
      }
      const taken = ctx.organization
        .allTenants()
        .some((t) => t.id !== tenant.id && t.hostnames.some((h) => h.toLowerCase() === value.toLowerCase()));
      if (taken)
        throw new ApiError(400, {
          detail: `The hostname ${value} is already used by another tenant.`,
          source: at("value"),
        });
      updates.push((t) => {
        t.hostnames = [t.hostnames[0], value.toLowerCase()];
      });
    } else {
      if (typeof value !== "boolean")
        throw new ApiError(400, { detail: `${path.slice(1)} must be a boolean.`, source: at("value") });
      const field = path.slice(1) as FlagField;
      updates.push((t) => (t[field] = value));
    }
  });
  for (const update of updates) update(tenant);
  tenant.lastUpdated = ctx.now;
  return noContent();
}

export const tenantRoutes: RouteDefinition[] = [
  {
    method: "GET",
    path: "/api/v1/tenants/me",
    tier: "tier1",
    family: "tenants",
    handle: (ctx) => redirect(302, `/api/v1/tenants/${storeOf(ctx).tenant.id}`),
  },
  {
    method: "GET",
    path: "/api/v1/tenants/:tenantId",
    tier: "tier1",
    family: "tenants",
    handle: (ctx) => {
      ownTenant(ctx);
      return ok(renderTenant(storeOf(ctx), ctx.linkOrigin));
    },
  },
  { method: "PATCH", path: "/api/v1/tenants/:tenantId", tier: "tier2", family: "tenants", handle: patchTenant },
];
