/**
 * `/api/v1/groups`: list (incl. `systemGroups`), create (name rules, per-providerType uniqueness, seeding
 * needs `autoCreateGroups`, the group cap), read, patch (`replace` only; IdP groups keep their name and
 * description), delete, `/actions/filter`, and `/groups/settings`.
 */
import { z } from "zod";
import { ApiError } from "../core/errors";
import { newObjectId, OBJECT_ID_PATTERN } from "../core/ids";
import { leaves, matchesFilter, pinnedValues, type FilterNode, type FilterRules } from "../core/scim-filter";
import { noContent, ok, storeOf, type RouteContext, type RouteDefinition, type RouteResult } from "../http/route";
import { EVERYONE_GROUP_ID, type GroupRecord } from "../state/records";
import { renderEveryoneGroup, renderGroup, renderGroupSettings } from "../state/render";
import type { RoleRef, TenantStore } from "../state/tenant-store";
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
import { issueToError, resolveRoleRefsOr400, roleRefsSchema, validateBody } from "./validation";

const MAX_NAME = 256;
const MAX_ROLES = 100;
const MAX_FILTER_IDS = 100;

const GROUP_FILTER_RULES: FilterRules = {
  id: ["eq"],
  name: ["eq", "co", "sw"],
  status: ["eq"],
  providerType: ["eq"],
  "assignedRoles.id": ["eq"],
  "assignedRoles.name": ["eq"],
};

function readGroupAttribute(store: TenantStore) {
  return (group: GroupRecord, attr: string) => {
    switch (attr) {
      case "id":
        return [group.id];
      case "name":
        return [group.name];
      case "status":
        return [group.status];
      case "providerType":
        return [group.providerType];
      case "assignedRoles.id":
        return group.roleIds;
      case "assignedRoles.name":
        return group.roleIds.map((id) => store.roles.get(id)?.name);
      default:
        return [];
    }
  };
}

const GROUP_SORT_FIELDS: Record<string, (g: GroupRecord) => string> = {
  id: (g) => g.id,
  _id: (g) => g.id,
  name: (g) => g.name.toLowerCase(),
  status: (g) => g.status,
  providerType: (g) => g.providerType,
  createdAt: (g) => g.createdAt,
  lastUpdatedAt: (g) => g.lastUpdatedAt,
};

function matchingGroups(
  store: TenantStore,
  filter: FilterNode | undefined,
): { groups: readonly GroupRecord[]; inIdOrder: boolean } {
  if (!filter) return { groups: store.sortedGroups(), inIdOrder: true };
  const ids = pinnedValues(filter, "id");
  const candidates = ids ? ids.flatMap((id) => store.groups.get(id.toLowerCase()) ?? []) : store.sortedGroups();
  const read = readGroupAttribute(store);
  return { groups: candidates.filter((group) => matchesFilter(filter, group, read)), inIdOrder: !ids };
}

function listGroups(ctx: RouteContext, filterText: string | undefined, sortRaw: string | null): RouteResult {
  const store = storeOf(ctx);
  const filter = parseFilterText(filterText, GROUP_FILTER_RULES);
  const limit = parseLimit(ctx.query, { min: 1, max: 100, fallback: 20 });
  const order = parseSort(sortRaw, GROUP_SORT_FIELDS, "+id", (g: GroupRecord) => g.id);
  const filterPrint = fingerprint(filterText);
  const cursor = parseCursor(ctx.query, order.spec, filterPrint);
  const { groups, inIdOrder } = matchingGroups(store, filter);
  const listing = listResponse({
    items: groups,
    alreadySorted: inIdOrder && (order.spec === "+id" || order.spec === "+_id"),
    order,
    limit,
    filterFingerprint: filterPrint,
    cursor,
    render: (group) => renderGroup(store, group, ctx.linkOrigin),
    origin: ctx.linkOrigin,
    path: ctx.path,
    query: ctx.query,
    totalResults: parseBooleanParam(ctx.query, "totalResults"),
  });
  return ok(envelope(listing));
}

function getGroups(ctx: RouteContext): RouteResult {
  if (parseBooleanParam(ctx.query, "systemGroups")) {
    const others = [...ctx.query.keys()].filter((key) => key !== "systemGroups");
    if (others.length > 0) {
      throw new ApiError(400, {
        detail: `systemGroups cannot be combined with other query parameters (${others.join(", ")})`,
        source: { parameter: "systemGroups" },
      });
    }
    const store = storeOf(ctx);
    return ok({
      data: [renderEveryoneGroup(store, ctx.linkOrigin)],
      links: { self: { href: `${ctx.linkOrigin}${ctx.path}?systemGroups=true` } },
    });
  }
  return listGroups(ctx, ctx.query.get("filter") ?? undefined, ctx.query.get("sort"));
}

function notFound(id: string): ApiError {
  return new ApiError(404, { code: "GROUPS-7", title: "Not found", detail: `No group with id ${id}.` });
}

function findGroup(ctx: RouteContext): GroupRecord {
  const id = ctx.params.groupId;
  const group = OBJECT_ID_PATTERN.test(id) ? storeOf(ctx).groups.get(id) : undefined;
  if (!group) throw notFound(id);
  return group;
}

function rejectSystemGroup(ctx: RouteContext): void {
  if (ctx.params.groupId === EVERYONE_GROUP_ID) {
    throw new ApiError(400, { detail: "System groups are managed through /api/v1/groups/settings." });
  }
}

const nameSchema = z
  .string()
  .min(1, "name must not be empty")
  .max(MAX_NAME, `name must be at most ${MAX_NAME} characters`);
const groupRolesSchema = roleRefsSchema.max(MAX_ROLES, `a group can have at most ${MAX_ROLES} roles`);

const createGroupSchema = z.strictObject({
  name: nameSchema,
  description: z.string().optional(),
  status: z.literal("active", { error: 'status can only be "active"' }).optional(),
  providerType: z.enum(["idp", "custom"], { error: 'providerType must be "idp" or "custom"' }).optional(),
  assignedRoles: groupRolesSchema.optional(),
});

function callerUserId(ctx: RouteContext): string | undefined {
  const subject = ctx.principal?.subject;
  return subject === undefined ? undefined : storeOf(ctx).userBySubject(subject)?.id;
}

function createGroup(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const body = validateBody(createGroupSchema, ctx.body, "a group");
  const providerType = body.providerType ?? "idp";
  if (providerType === "idp" && !store.groupSettings.autoCreateGroups) {
    throw new ApiError(403, {
      detail: "Creating IdP groups ahead of logins requires autoCreateGroups: true in /api/v1/groups/settings.",
    });
  }
  if (providerType === "idp" && body.description !== undefined) {
    throw new ApiError(400, {
      detail: "description can only be set on custom groups.",
      source: { pointer: "/description" },
    });
  }
  const roleIds = resolveRoleRefsOr400(store, body.assignedRoles ?? [], "/assignedRoles");
  if (store.groupByName(providerType, body.name)) {
    throw new ApiError(409, {
      detail: `A ${providerType} group named "${body.name}" already exists (names are case-sensitive).`,
      source: { pointer: "/name" },
    });
  }
  if (store.activeGroupCount() >= store.maxGroups) {
    throw new ApiError(400, {
      detail: `The tenant has reached the maximum of ${store.maxGroups} groups; remove groups before creating more.`,
    });
  }
  const createdBy = callerUserId(ctx);
  const group: GroupRecord = {
    id: newObjectId(),
    name: body.name,
    providerType,
    description: body.description,
    status: "active",
    roleIds,
    createdAt: ctx.now,
    lastUpdatedAt: ctx.now,
    createdBy,
    updatedBy: createdBy,
  };
  store.insertGroup(group);
  return ok(renderGroup(store, group, ctx.linkOrigin), 201);
}

const groupPatchOpSchema = z.strictObject({ op: z.string(), path: z.string(), value: z.unknown() });

/** Atomic: every operation is checked before any is applied. */
function patchGroup(ctx: RouteContext): RouteResult {
  rejectSystemGroup(ctx);
  const store = storeOf(ctx);
  const group = findGroup(ctx);
  if (!Array.isArray(ctx.body) || ctx.body.length === 0) {
    throw new ApiError(400, { detail: "The body must be a non-empty JSON Patch array." });
  }
  const changes: { name?: string; description?: string; roleIds?: string[] } = {};
  ctx.body.forEach((raw: unknown, index: number) => {
    const parsed = groupPatchOpSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, issueToError(parsed.error.issues[0], [index]));
    const { op, path, value } = parsed.data;
    if (op !== "replace") {
      throw new ApiError(400, {
        detail: `Operation "${op}" is not supported; only "replace" is.`,
        source: { pointer: `/${index}/op` },
      });
    }
    const field = path.replace(/^\//, "");
    const valuePointer = `/${index}/value`;
    if (field === "assignedRoles") {
      const refs = groupRolesSchema.safeParse(value);
      if (!refs.success) throw new ApiError(400, issueToError(refs.error.issues[0], [index, "value"]));
      changes.roleIds = resolveRoleRefsOr400(store, refs.data as RoleRef[], valuePointer);
    } else if (field === "name" || field === "description") {
      if (group.providerType !== "custom") {
        throw new ApiError(400, {
          detail: `${field} can only be changed on custom groups; "${group.name}" is an IdP group.`,
          source: { pointer: `/${index}/path` },
        });
      }
      const checked = (field === "name" ? nameSchema : z.string()).safeParse(value);
      if (!checked.success) throw new ApiError(400, issueToError(checked.error.issues[0], [index, "value"]));
      changes[field] = checked.data;
    } else {
      throw new ApiError(400, {
        detail: `Unsupported patch path "${path}"; supported: assignedRoles, name, description.`,
        source: { pointer: `/${index}/path` },
      });
    }
  });
  if (changes.name !== undefined && changes.name !== group.name) {
    const holder = store.groupByName(group.providerType, changes.name);
    if (holder && holder.id !== group.id) {
      throw new ApiError(400, {
        detail: `A custom group named "${changes.name}" already exists.`,
        source: { pointer: "/name" },
      });
    }
    store.renameGroup(group, changes.name);
  }
  if (changes.description !== undefined) group.description = changes.description;
  if (changes.roleIds !== undefined) group.roleIds = changes.roleIds;
  group.lastUpdatedAt = ctx.now;
  group.updatedBy = callerUserId(ctx);
  return noContent();
}

const filterBodySchema = z.strictObject({ filter: z.string().optional() });

function filterGroups(ctx: RouteContext): RouteResult {
  const body = validateBody(filterBodySchema, ctx.body, "{filter}");
  const filter = parseFilterText(body.filter, GROUP_FILTER_RULES);
  const ids = filter ? leaves(filter).filter((leaf) => leaf.attr === "id").length : 0;
  if (ids > MAX_FILTER_IDS) {
    throw new ApiError(400, {
      detail: `The filter contains ${ids} ids; at most ${MAX_FILTER_IDS} are allowed.`,
      source: { pointer: "/filter" },
    });
  }
  const sort = ctx.query.get("sort");
  if (sort !== null && !["name", "+name", "-name"].includes(sort)) {
    throw new ApiError(400, { detail: 'sort must be "name", "+name" or "-name"', source: { parameter: "sort" } });
  }
  return listGroups(ctx, body.filter, sort);
}

const EVERYONE_ROLES_PATH = `/systemGroups/${EVERYONE_GROUP_ID}/assignedRoles`;

function patchGroupSettings(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  if (!Array.isArray(ctx.body) || ctx.body.length === 0) {
    throw new ApiError(400, { detail: "The body must be a non-empty JSON Patch array." });
  }
  const next = structuredClone(store.groupSettings);
  ctx.body.forEach((raw: unknown, index: number) => {
    const parsed = groupPatchOpSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, issueToError(parsed.error.issues[0], [index]));
    const { op, path, value } = parsed.data;
    if (op !== "replace") {
      throw new ApiError(400, {
        detail: `Operation "${op}" is not supported; only "replace" is.`,
        source: { pointer: `/${index}/op` },
      });
    }
    if (path === "/autoCreateGroups" || path === "/syncIdpGroups") {
      if (typeof value !== "boolean") {
        throw new ApiError(400, {
          detail: `${path.slice(1)} must be a boolean.`,
          source: { pointer: `/${index}/value` },
        });
      }
      if (path === "/autoCreateGroups") next.autoCreateGroups = value;
      else next.syncIdpGroups = value;
    } else if (path === EVERYONE_ROLES_PATH) {
      const refs = groupRolesSchema.safeParse(value);
      if (!refs.success) throw new ApiError(400, issueToError(refs.error.issues[0], [index, "value"]));
      next.everyone.roleIds = resolveRoleRefsOr400(store, refs.data as RoleRef[], `/${index}/value`);
      next.everyone.lastUpdatedAt = ctx.now;
    } else {
      throw new ApiError(400, {
        detail: `Unsupported patch path "${path}"; supported: /autoCreateGroups, /syncIdpGroups, ${EVERYONE_ROLES_PATH}.`,
        source: { pointer: `/${index}/path` },
      });
    }
  });
  store.groupSettings = next;
  return noContent();
}

export const groupRoutes: RouteDefinition[] = [
  { method: "GET", path: "/api/v1/groups", tier: "tier1", family: "groups", handle: getGroups },
  { method: "POST", path: "/api/v1/groups", tier: "tier2", family: "groups", handle: createGroup },
  { method: "POST", path: "/api/v1/groups/actions/filter", tier: "special", family: "groups", handle: filterGroups },
  {
    method: "GET",
    path: "/api/v1/groups/settings",
    tier: "tier1",
    family: "groups",
    handle: (ctx) => ok(renderGroupSettings(storeOf(ctx), ctx.linkOrigin)),
  },
  { method: "PATCH", path: "/api/v1/groups/settings", tier: "tier2", family: "groups", handle: patchGroupSettings },
  {
    method: "GET",
    path: "/api/v1/groups/:groupId",
    tier: "tier1",
    family: "groups",
    handle: (ctx) =>
      ctx.params.groupId === EVERYONE_GROUP_ID
        ? ok(renderEveryoneGroup(storeOf(ctx), ctx.linkOrigin))
        : ok(renderGroup(storeOf(ctx), findGroup(ctx), ctx.linkOrigin)),
  },
  { method: "PATCH", path: "/api/v1/groups/:groupId", tier: "tier2", family: "groups", handle: patchGroup },
  {
    method: "DELETE",
    path: "/api/v1/groups/:groupId",
    tier: "tier2",
    family: "groups",
    handle: (ctx) => {
      rejectSystemGroup(ctx);
      storeOf(ctx).removeGroup(findGroup(ctx).id);
      return noContent();
    },
  },
];
