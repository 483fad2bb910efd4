/**
 * The Cloud Console's `GET /api/core/tenants` (and `/{id}`): tenants across regions, scoped to the caller's
 * organization. The filter must pin `subscriptionId eq "…"`; naming a subscription of another organization
 * is a 403, as is reading such a tenant by id.
 */
import { ApiError } from "../core/errors";
import { leaves, matchesFilter, pinnedValues, type FilterRules } from "../core/scim-filter";
import { ok, type RouteContext, type RouteDefinition, type RouteResult } from "../http/route";
import type { ConsoleTenant } from "../state/organization";
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

const ORDERING = ["eq", "ne", "gt", "ge", "lt", "le"] as const;
const CONSOLE_FILTER_RULES: FilterRules = {
  subscriptionId: ["eq"],
  regionCode: ["eq", "ne"],
  countryCode: ["eq", "ne"],
  status: ["eq", "ne"],
  name: ["eq"],
  hostnames: ["eq"],
  id: ["eq"],
  originalId: ["eq"],
  createdAt: ORDERING,
  updatedAt: ORDERING,
};

const CONSOLE_SORT_FIELDS: Record<string, (t: ConsoleTenant) => string> = {
  id: (t) => t.id,
  name: (t) => t.name.toLowerCase(),
  regionCode: (t) => t.regionCode,
  countryCode: (t) => t.countryCode ?? "",
  hostnames: (t) => t.hostnames[0] ?? "",
  createdAt: (t) => t.createdAt,
  updatedAt: (t) => t.updatedAt,
  status: (t) => t.status,
  subscriptionId: (t) => t.subscriptionId,
};

function readTenantAttribute(tenant: ConsoleTenant, attr: string) {
  switch (attr) {
    case "id":
    case "originalId":
      return [tenant.id];
    case "hostnames":
      return tenant.hostnames;
    default:
      return [tenant[attr as keyof ConsoleTenant] as string | undefined];
  }
}

function renderConsoleTenant(tenant: ConsoleTenant, origin: string) {
  const rendered: Record<string, unknown> = {
    id: tenant.id,
    name: tenant.name,
    links: { self: { href: `${origin}/api/core/tenants/${tenant.id}` } },
    status: tenant.status,
    createdAt: tenant.createdAt,
    updatedAt: tenant.updatedAt,
    hostnames: [...tenant.hostnames],
    regionCode: tenant.regionCode,
    subscriptionId: tenant.subscriptionId,
  };
  if (tenant.countryCode !== undefined) rendered.countryCode = tenant.countryCode;
  if (tenant.licenseNumber !== undefined) rendered.licenseNumber = tenant.licenseNumber;
  return rendered;
}

function callerSubscriptions(ctx: RouteContext): string[] {
  return ctx.principal?.subscriptionIds ?? [];
}

function forbiddenSubscription(subscriptionId: string): ApiError {
  return new ApiError(403, {
    title: "Forbidden",
    detail: `Subscription ${subscriptionId} does not belong to the caller's organization.`,
    source: { parameter: "filter" },
  });
}

function listTenants(ctx: RouteContext): RouteResult {
  const filterText = ctx.query.get("filter");
  if (filterText === null) {
    throw new ApiError(400, {
      detail: 'filter is required and must include subscriptionId eq "<subscription>"',
      source: { parameter: "filter" },
    });
  }
  const filter = parseFilterText(filterText, CONSOLE_FILTER_RULES);
  if (!filter || !pinnedValues(filter, "subscriptionId")) {
    throw new ApiError(400, {
      detail: 'filter must include subscriptionId eq "<subscription>" applied to the whole query',
      source: { parameter: "filter" },
    });
  }
  const mine = callerSubscriptions(ctx);
  for (const leaf of leaves(filter)) {
    if (leaf.attr === "subscriptionId" && leaf.kind === "compare" && !mine.includes(String(leaf.value))) {
      throw forbiddenSubscription(String(leaf.value));
    }
  }
  const rawSort = ctx.query.get("sort");
  if (rawSort !== null && rawSort.includes(",")) {
    throw new ApiError(400, {
      detail: "The emulator supports one sort field at a time.",
      source: { parameter: "sort" },
    });
  }
  const limit = parseLimit(ctx.query, { min: 0, max: 100, fallback: 20 });
  const order = parseSort(rawSort, CONSOLE_SORT_FIELDS, "+id", (t: ConsoleTenant) => t.id);
  const filterPrint = fingerprint(filterText);
  const cursor = parseCursor(ctx.query, order.spec, filterPrint);
  const tenants = ctx.organization
    .allTenants()
    .filter((tenant) => mine.includes(tenant.subscriptionId) && matchesFilter(filter, tenant, readTenantAttribute));
  const listing = listResponse({
    items: tenants,
    order,
    limit,
    filterFingerprint: filterPrint,
    cursor,
    render: (tenant) => renderConsoleTenant(tenant, ctx.linkOrigin),
    origin: ctx.linkOrigin,
    path: ctx.path,
    query: ctx.query,
    totalResults: parseBooleanParam(ctx.query, "totalResults"),
  });
  return ok(envelope(listing));
}

function getTenant(ctx: RouteContext): RouteResult {
  const tenant = ctx.organization.tenant(ctx.params.tenantId);
  if (!tenant) throw new ApiError(404, { title: "Not found", detail: `No tenant with id ${ctx.params.tenantId}.` });
  if (!callerSubscriptions(ctx).includes(tenant.subscriptionId)) throw forbiddenSubscription(tenant.subscriptionId);
  return ok(renderConsoleTenant(tenant, ctx.linkOrigin));
}

export const consoleTenantRoutes: RouteDefinition[] = [
  { method: "GET", path: "/api/core/tenants", tier: "tier1", family: "console", handle: listTenants },
  { method: "GET", path: "/api/core/tenants/:tenantId", tier: "tier1", family: "console", handle: getTenant },
];
