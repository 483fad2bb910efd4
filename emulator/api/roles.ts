/** `/api/v1/roles`: read-only listing (filter by name, type, level, id) and lookup by id. */
import { ApiError } from "../core/errors";
import { matchesFilter, type FilterRules } from "../core/scim-filter";
import { ok, storeOf, type RouteContext, type RouteDefinition, type RouteResult } from "../http/route";
import type { RoleRecord } from "../state/records";
import { renderRole } from "../state/render";
import {
  envelope,
  fingerprint,
  listResponse,
  parseBooleanParam,
  parseCursor,
  parseFilterText,
  parseLimit,
  parseSort,
} from "./listing";

const ROLE_FILTER_RULES: FilterRules = {
  id: ["eq"],
  name: ["eq", "co", "sw"],
  type: ["eq"],
  level: ["eq"],
};

const ROLE_SORT_FIELDS: Record<string, (r: RoleRecord) => string> = {
  id: (r) => r.id,
  _id: (r) => r.id,
  name: (r) => r.name.toLowerCase(),
  type: (r) => r.type,
  level: (r) => r.level,
  createdAt: (r) => r.createdAt,
  lastUpdatedAt: (r) => r.lastUpdatedAt,
};

function readRoleAttribute(role: RoleRecord, attr: string) {
  switch (attr) {
    case "id":
      return [role.id];
    case "name":
      return [role.name];
    case "type":
      return [role.type];
    case "level":
      return [role.level];
    default:
      return [];
  }
}

function listRoles(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const filterText = ctx.query.get("filter") ?? undefined;
  const filter = parseFilterText(filterText, ROLE_FILTER_RULES);
  const limit = parseLimit(ctx.query, { min: 1, max: 100, fallback: 20 });
  const order = parseSort(ctx.query.get("sort"), ROLE_SORT_FIELDS, "+id", (r: RoleRecord) => r.id);
  const filterPrint = fingerprint(filterText);
  const cursor = parseCursor(ctx.query, order.spec, filterPrint);
  const roles = store.roleList().filter((role) => !filter || matchesFilter(filter, role, readRoleAttribute));
  const listing = listResponse({
    items: roles,
    order,
    limit,
    filterFingerprint: filterPrint,
    cursor,
    render: (role) => renderRole(store, role, ctx.linkOrigin),
    origin: ctx.linkOrigin,
    path: ctx.path,
    query: ctx.query,
    totalResults: parseBooleanParam(ctx.query, "totalResults"),
  });
  return ok(envelope(listing));
}

function getRole(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const role = store.roles.get(ctx.params.roleId);
  if (!role) {
    throw new ApiError(404, {
      code: "IDENTITIES-10402",
      title: "Not Found",
      detail: `No role with id ${ctx.params.roleId}.`,
    });
  }
  return ok(renderRole(store, role, ctx.linkOrigin));
}

export const roleRoutes: RouteDefinition[] = [
  { method: "GET", path: "/api/v1/roles", tier: "tier1", family: "roles", handle: listRoles },
  { method: "GET", path: "/api/v1/roles/:roleId", tier: "tier1", family: "roles", handle: getRole },
];
