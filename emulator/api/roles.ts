/**
 * `/api/v1/roles`: listing (filter by name, type, level, id; cursor paging), lookup by id, and custom roles' CRUD.
 * Bodies follow `@qlik/api/roles` (`CreateRole`, `PatchRoles`; type-only imports). Only custom roles change;
 * names are unique (exact match); at most 500 custom roles per tenant; a role that a user, a group or the Everyone
 * group holds cannot be deleted (400).
 */
import { z } from "zod";
import type { CreateRole, PatchRole } from "@qlik/api/roles";
import { ApiError } from "../core/errors";
import { newObjectId } from "../core/ids";
import { matchesFilter, type FilterRules } from "../core/scim-filter";
import { noContent, ok, storeOf, type RouteContext, type RouteDefinition, type RouteResult } from "../http/route";
import type { RoleRecord } from "../state/records";
import { renderRole } from "../state/render";
import type { TenantStore } from "../state/tenant-store";
import { issueToError, validateBody } from "./validation";
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

function findRole(ctx: RouteContext): RoleRecord {
  const role = storeOf(ctx).roles.get(ctx.params.roleId);
  if (!role) {
    throw new ApiError(404, {
      code: "IDENTITIES-10402",
      title: "Not Found",
      detail: `No role with id ${ctx.params.roleId}.`,
    });
  }
  return role;
}

function getRole(ctx: RouteContext): RouteResult {
  return ok(renderRole(storeOf(ctx), findRole(ctx), ctx.linkOrigin));
}

const roleNameSchema = z
  .string({ error: "name must be a string" })
  .refine((name) => name.trim() !== "", { error: "name must not be empty" })
  .refine((name) => name.length <= 256, { error: "name must be at most 256 characters" });
const scopesSchema = z.array(z.string().min(1, "a scope must not be empty"), {
  error: "assignedScopes must be an array of strings",
});

const createRoleSchema: z.ZodType<CreateRole> = z.strictObject({
  name: roleNameSchema,
  description: z.string({ error: "description must be a string" }).optional(),
  assignedScopes: scopesSchema.optional(),
});

function duplicateName(name: string): ApiError {
  return new ApiError(400, {
    code: "IDENTITIES-10409",
    title: "Conflict",
    detail: `A role named "${name}" already exists; role names are unique.`,
    source: { pointer: "/name" },
  });
}

function onlyCustom(role: RoleRecord, what: string): void {
  if (role.type !== "custom") {
    throw new ApiError(403, {
      code: "IDENTITIES-10403",
      title: "Forbidden",
      detail: `"${role.name}" is a default role; only custom roles can be ${what}.`,
    });
  }
}

function createRole(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const body = validateBody(createRoleSchema, ctx.body, "a role");
  if (store.resolveRole({ name: body.name })) throw duplicateName(body.name);
  if (store.customRoleCount() >= store.maxCustomRoles) {
    throw new ApiError(400, {
      detail: `The tenant has reached the maximum of ${store.maxCustomRoles} custom roles; delete roles before creating more.`,
    });
  }
  const role: RoleRecord = {
    id: newObjectId(),
    name: body.name,
    description: body.description ?? "",
    type: "custom",
    level: "user",
    permissions: [],
    assignedScopes: [...new Set(body.assignedScopes ?? [])],
    createdAt: ctx.now,
    lastUpdatedAt: ctx.now,
  };
  store.insertRole(role);
  return ok(renderRole(store, role, ctx.linkOrigin), 201);
}

const patchOpSchema = z.strictObject({
  op: z.enum(["replace", "add", "remove-value"] satisfies PatchRole["op"][], {
    error: 'op must be "replace", "add" or "remove-value"',
  }),
  path: z.enum(["/name", "/description", "/assignedScopes", "/assignedScopes/-"] satisfies PatchRole["path"][], {
    error: "path must be /name, /description, /assignedScopes or /assignedScopes/-",
  }),
  value: z.union([z.string(), z.array(z.string())], { error: "value must be a string or an array of strings" }),
});

/** One operation on a working copy; throws a 400 naming the operation. */
function applyRoleOp(store: TenantStore, role: RoleRecord, op: z.infer<typeof patchOpSchema>, index: number): void {
  const fail = (detail: string) => new ApiError(400, { detail, source: { pointer: `/${index}` } });
  const list = typeof op.value === "string" ? [op.value] : op.value;
  if (op.path === "/name" || op.path === "/description") {
    if (op.op === "remove-value") throw fail(`${op.path.slice(1)} cannot be removed; replace it.`);
    if (typeof op.value !== "string") throw fail(`${op.path.slice(1)} must be a string.`);
    if (op.path === "/description") {
      role.description = op.value;
      return;
    }
    const checked = roleNameSchema.safeParse(op.value);
    if (!checked.success) throw new ApiError(400, issueToError(checked.error.issues[0], [index, "value"]));
    const holder = store.resolveRole({ name: op.value });
    if (holder && holder.id !== role.id) throw duplicateName(op.value);
    role.name = op.value;
    return;
  }
  if (list.some((scope) => scope === "")) throw fail("a scope must not be empty.");
  if (op.path === "/assignedScopes/-" && op.op !== "add") throw fail('/assignedScopes/- takes "add" only.');
  if (op.op === "replace") role.assignedScopes = [...new Set(list)];
  else if (op.op === "add") role.assignedScopes = [...new Set([...role.assignedScopes, ...list])];
  else role.assignedScopes = role.assignedScopes.filter((scope) => !list.includes(scope));
}

/** Atomic: every operation is checked on a copy before the role changes. */
function patchRole(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const role = findRole(ctx);
  onlyCustom(role, "changed");
  if (!Array.isArray(ctx.body) || ctx.body.length === 0) {
    throw new ApiError(400, { detail: "The body must be a non-empty JSON Patch array." });
  }
  const working = structuredClone(role);
  ctx.body.forEach((raw: unknown, index: number) => {
    const parsed = patchOpSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, issueToError(parsed.error.issues[0], [index]));
    applyRoleOp(store, working, parsed.data, index);
  });
  if (working.name !== role.name) store.renameRole(role, working.name);
  role.description = working.description;
  role.assignedScopes = working.assignedScopes;
  role.lastUpdatedAt = ctx.now;
  return noContent();
}

function deleteRole(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const role = findRole(ctx);
  onlyCustom(role, "deleted");
  const holders = store.roleHolders(role.id);
  if (holders.users > 0 || holders.groups > 0 || holders.everyone) {
    const who = [
      holders.users > 0 ? `${holders.users} user(s)` : "",
      holders.groups > 0 ? `${holders.groups} group(s)` : "",
      holders.everyone ? "the Everyone group" : "",
    ].filter((part) => part !== "");
    throw new ApiError(400, {
      code: "IDENTITIES-10410",
      title: "Role in use",
      detail: `The role "${role.name}" is assigned to ${who.join(", ")}; unassign it before deleting the role.`,
    });
  }
  store.removeRole(role.id);
  return noContent();
}

export const roleRoutes: RouteDefinition[] = [
  { method: "GET", path: "/api/v1/roles", tier: "tier1", family: "roles", handle: listRoles },
  { method: "POST", path: "/api/v1/roles", tier: "tier2", family: "roles", handle: createRole },
  { method: "GET", path: "/api/v1/roles/:roleId", tier: "tier1", family: "roles", handle: getRole },
  { method: "PATCH", path: "/api/v1/roles/:roleId", tier: "tier2", family: "roles", handle: patchRole },
  { method: "DELETE", path: "/api/v1/roles/:roleId", tier: "tier2", family: "roles", handle: deleteRole },
];
