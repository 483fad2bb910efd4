/**
 * `/api/v1/users`: list (SCIM filter, cursors), create, read, JSON-Patch update with 207 partial success,
 * delete, `/actions/filter`, `/actions/count`, `/me`.
 */
import { z } from "zod";
import { ApiError } from "../core/errors";
import { newObjectId, OBJECT_ID_PATTERN } from "../core/ids";
import { conjuncts, leaves, matchesFilter, pinnedValues, type FilterNode, type FilterRules } from "../core/scim-filter";
import {
  noContent,
  ok,
  redirect,
  storeOf,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from "../http/route";
import { inviteExpiryFrom, type UserRecord } from "../state/records";
import { renderUser } from "../state/render";
import type { TenantStore } from "../state/tenant-store";
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
import { patchUser } from "./user-patch";
import { resolveRoleRefsOr400, roleRefsSchema, validateBody } from "./validation";

const USER_FILTER_RULES: FilterRules = {
  id: ["eq"],
  subject: ["eq", "co", "sw"],
  name: ["eq", "co", "sw"],
  email: ["eq", "co", "sw"],
  status: ["eq"],
  clientId: ["eq"],
  "assignedRoles.id": ["eq"],
  "assignedRoles.name": ["eq"],
  "assignedGroups.id": ["eq"],
  "assignedGroupsAssignedRoles.name": ["eq"],
  assignedScopes: ["eq"],
};

const MAX_FILTER_IDS = 100;

function readUserAttribute(store: TenantStore) {
  return (user: UserRecord, attr: string) => {
    switch (attr) {
      case "id":
        return [user.id];
      case "subject":
        return [user.subject];
      case "name":
        return [user.name];
      case "email":
        return [user.email];
      case "status":
        return [user.status];
      case "assignedRoles.id":
        return user.roleIds;
      case "assignedRoles.name":
        return user.roleIds.map((id) => store.roles.get(id)?.name);
      case "assignedGroups.id":
        return user.groupIds.filter((id) => store.groups.has(id));
      case "assignedGroupsAssignedRoles.name":
        return user.groupIds.flatMap((id) => store.groups.get(id)?.roleIds.map((r) => store.roles.get(r)?.name) ?? []);
      default:
        // clientId, assignedScopes: users created through this API never have them.
        return [];
    }
  };
}

/** "Any filters for status must be grouped together and applied to the whole query." */
function checkStatusGrouping(filter: FilterNode): void {
  for (const part of conjuncts(filter)) {
    const parts = leaves(part);
    const statusLeaves = parts.filter((leaf) => leaf.attr === "status");
    if (statusLeaves.length > 0 && (statusLeaves.length !== parts.length || part.kind === "not")) {
      throw new ApiError(400, {
        detail:
          'Invalid filter: status conditions must be grouped together and AND-ed onto the whole query, e.g. (name eq "Bob" or name eq "Alice") and (status eq "active" or status eq "disabled")',
        source: { parameter: "filter" },
      });
    }
  }
}

/** Users matching the filter: from the subject or id index when the filter pins one, else a scan. */
function matchingUsers(
  store: TenantStore,
  filter: FilterNode | undefined,
): { users: UserRecord[] | readonly UserRecord[]; inIdOrder: boolean } {
  if (!filter) return { users: store.sortedUsers(), inIdOrder: true };
  const read = readUserAttribute(store);
  const ids = pinnedValues(filter, "id");
  const subjects = ids ? undefined : pinnedValues(filter, "subject");
  let candidates: readonly UserRecord[];
  let inIdOrder = false;
  if (ids) {
    candidates = [...new Set(ids.map((id) => id.toLowerCase()))].flatMap((id) => store.users.get(id) ?? []);
  } else if (subjects) {
    candidates = [...new Set(subjects.flatMap((subject) => store.usersWithSubjectLike(subject)))];
  } else {
    candidates = store.sortedUsers();
    inIdOrder = true;
  }
  return { users: candidates.filter((user) => matchesFilter(filter, user, read)), inIdOrder };
}

function projectFields(rendered: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (fields === null || fields.trim() === "") return rendered;
  const wanted = new Set(fields.split(",").map((f) => f.trim()));
  return Object.fromEntries(Object.entries(rendered).filter(([key]) => wanted.has(key)));
}

const USER_SORT_FIELDS: Record<string, (u: UserRecord) => string | number> = {
  id: (u) => u.id,
  _id: (u) => u.id,
  name: (u) => u.name.toLowerCase(),
  tenantId: () => "",
  clientId: () => "",
  status: (u) => u.status,
  subject: (u) => u.subject.toLowerCase(),
  email: (u) => (u.email ?? "").toLowerCase(),
  inviteExpiry: (u) => u.inviteExpiry ?? 0,
  createdAt: (u) => u.createdAt,
};

const DEPRECATED_LIST_PARAMS = [
  "email",
  "subject",
  "status",
  "role",
  "tenantId",
  "sortBy",
  "sortOrder",
  "startingAfter",
  "endingBefore",
];

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The deprecated query parameters, translated into the equivalent filter. */
function deprecatedListFilter(ctx: RouteContext): string | undefined {
  const q = ctx.query;
  const present = DEPRECATED_LIST_PARAMS.filter((name) => q.has(name));
  if (present.length === 0) return undefined;
  if (q.has("filter")) {
    throw new ApiError(400, {
      detail: `filter cannot be combined with the deprecated parameter(s) ${present.join(", ")}`,
      source: { parameter: "filter" },
    });
  }
  for (const unsupported of ["startingAfter", "endingBefore"]) {
    if (q.has(unsupported)) {
      throw new ApiError(400, {
        detail: `${unsupported} is deprecated; use the next/prev cursors from links`,
        source: { parameter: unsupported },
      });
    }
  }
  const parts: string[] = [];
  for (const name of ["email", "subject"]) {
    const value = q.get(name);
    if (value !== null) parts.push(`${name} eq ${quote(value)}`);
  }
  const role = q.get("role");
  if (role !== null) parts.push(`assignedRoles.name eq ${quote(role)}`);
  const tenantId = q.get("tenantId");
  if (tenantId !== null && tenantId !== storeOf(ctx).tenant.id) parts.push(`id eq "no-such-user"`);
  const status = q.get("status");
  if (status !== null)
    parts.push(
      `(${status
        .split(",")
        .map((s) => `status eq ${quote(s.trim())}`)
        .join(" or ")})`,
    );
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

function deprecatedSort(ctx: RouteContext): string | null {
  const sortBy = ctx.query.get("sortBy");
  if (sortBy === null) return ctx.query.get("sort");
  if (sortBy !== "name") throw new ApiError(400, { detail: 'sortBy must be "name"', source: { parameter: "sortBy" } });
  const order = ctx.query.get("sortOrder") ?? "asc";
  if (order !== "asc" && order !== "desc")
    throw new ApiError(400, { detail: 'sortOrder must be "asc" or "desc"', source: { parameter: "sortOrder" } });
  return order === "desc" ? "-name" : "+name";
}

/** Shared by GET /users and POST /users/actions/filter (which takes its filter from the body). */
function listUsers(ctx: RouteContext, filterText: string | undefined, sortRaw: string | null): RouteResult {
  const store = storeOf(ctx);
  const filter = parseFilterText(filterText, USER_FILTER_RULES);
  if (filter) checkStatusGrouping(filter);
  const limit = parseLimit(ctx.query, { min: 1, max: 100, fallback: 20 });
  const order = parseSort(sortRaw, USER_SORT_FIELDS, "+id", (u: UserRecord) => u.id);
  const filterPrint = fingerprint(filterText);
  const cursor = parseCursor(ctx.query, order.spec, filterPrint);
  const { users, inIdOrder } = matchingUsers(store, filter);
  const fields = ctx.query.get("fields");
  const listing = listResponse({
    items: users,
    alreadySorted: inIdOrder && (order.spec === "+id" || order.spec === "+_id"),
    order,
    limit,
    filterFingerprint: filterPrint,
    cursor,
    render: (user) => projectFields(renderUser(store, user, ctx.linkOrigin) as Record<string, unknown>, fields),
    origin: ctx.linkOrigin,
    path: ctx.path,
    query: ctx.query,
    totalResults: parseBooleanParam(ctx.query, "totalResults"),
  });
  return ok(envelope(listing));
}

function findUser(ctx: RouteContext): UserRecord {
  const id = ctx.params.userId;
  const user = OBJECT_ID_PATTERN.test(id) ? storeOf(ctx).users.get(id) : undefined;
  if (!user) throw new ApiError(404, { code: "USERS-7", title: "Not found", detail: `No user with id ${id}.` });
  return user;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

const createUserSchema = z.strictObject({
  subject: z.string().min(1, "subject is required"),
  email: z.string().regex(EMAIL_PATTERN, "email must be an email address").optional(),
  name: z.string().min(1).optional(),
  status: z
    .literal("invited", { error: 'status can only be "invited" on create; change it afterwards with PATCH /status' })
    .optional(),
  picture: z.string().optional(),
  tenantId: z.string().optional(),
  assignedRoles: roleRefsSchema.optional(),
  /** Deprecated: role names. */
  roles: z.array(z.string()).optional(),
});

function createUser(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const body = validateBody(createUserSchema, ctx.body, "a user");
  if (body.tenantId !== undefined && body.tenantId !== store.tenant.id) {
    throw new ApiError(400, {
      detail: `tenantId ${body.tenantId} is not this tenant (${store.tenant.id}).`,
      source: { pointer: "/tenantId" },
    });
  }
  if (body.email === undefined) {
    throw new ApiError(400, { detail: "email is required when inviting a user.", source: { pointer: "/email" } });
  }
  if (body.assignedRoles && body.roles) {
    throw new ApiError(400, {
      detail: "Use assignedRoles; the deprecated roles cannot be sent with it.",
      source: { pointer: "/roles" },
    });
  }
  const roleIds = body.roles
    ? resolveRoleRefsOr400(
        store,
        body.roles.map((name) => ({ name })),
        "/roles",
      )
    : resolveRoleRefsOr400(store, body.assignedRoles ?? [], "/assignedRoles");
  if (store.userBySubject(body.subject)) {
    throw new ApiError(409, {
      detail: `A user with subject "${body.subject}" already exists in this tenant.`,
      source: { pointer: "/subject" },
    });
  }
  const user: UserRecord = {
    id: newObjectId(),
    subject: body.subject,
    name: body.name ?? body.email,
    email: body.email,
    status: "invited",
    picture: body.picture,
    inviteExpiry: inviteExpiryFrom(ctx.now),
    createdAt: ctx.now,
    lastUpdatedAt: ctx.now,
    roleIds,
    groupIds: [],
  };
  store.insertUser(user);
  return ok(renderUser(store, user, ctx.linkOrigin), 201);
}

// ----- actions

const filterBodySchema = z.strictObject({ filter: z.string().optional() });

function filterUsers(ctx: RouteContext): RouteResult {
  const body = validateBody(filterBodySchema, ctx.body, "{filter}");
  if (body.filter !== undefined) {
    const filter = parseFilterText(body.filter, USER_FILTER_RULES);
    if (filter) {
      checkStatusGrouping(filter);
      const ids = leaves(filter).filter((leaf) => leaf.attr === "id");
      if (ids.length > MAX_FILTER_IDS) {
        throw new ApiError(400, {
          detail: `The filter contains ${ids.length} ids; at most ${MAX_FILTER_IDS} are allowed.`,
          source: { pointer: "/filter" },
        });
      }
    }
  }
  const sort = ctx.query.get("sort");
  if (sort !== null && !["name", "+name", "-name"].includes(sort)) {
    throw new ApiError(400, { detail: 'sort must be "name", "+name" or "-name"', source: { parameter: "sort" } });
  }
  return listUsers(ctx, body.filter, sort);
}

function me(ctx: RouteContext): RouteResult {
  const subject = ctx.principal?.subject;
  const user = subject === undefined ? undefined : storeOf(ctx).userBySubject(subject);
  if (!user)
    throw new ApiError(404, { code: "USERS-7", title: "Not found", detail: "The caller has no user in this tenant." });
  return redirect(301, `/api/v1/users/${user.id}`);
}

export const userRoutes: RouteDefinition[] = [
  {
    method: "GET",
    path: "/api/v1/users",
    tier: "tier1",
    family: "users",
    handle: (ctx) =>
      listUsers(ctx, deprecatedListFilter(ctx) ?? ctx.query.get("filter") ?? undefined, deprecatedSort(ctx)),
  },
  { method: "POST", path: "/api/v1/users", tier: "tier2", family: "users", handle: createUser },
  { method: "GET", path: "/api/v1/users/me", tier: "tier1", family: "users", handle: me },
  {
    method: "GET",
    path: "/api/v1/users/actions/count",
    tier: "tier1",
    family: "users",
    handle: (ctx) => ok({ total: storeOf(ctx).users.size }),
  },
  { method: "POST", path: "/api/v1/users/actions/filter", tier: "special", family: "users", handle: filterUsers },
  {
    method: "GET",
    path: "/api/v1/users/:userId",
    tier: "tier1",
    family: "users",
    handle: (ctx) =>
      ok(
        projectFields(
          renderUser(storeOf(ctx), findUser(ctx), ctx.linkOrigin) as Record<string, unknown>,
          ctx.query.get("fields"),
        ),
      ),
  },
  {
    method: "PATCH",
    path: "/api/v1/users/:userId",
    tier: "tier2",
    family: "users",
    handle: (ctx) => patchUser(ctx, findUser(ctx)),
  },
  {
    method: "DELETE",
    path: "/api/v1/users/:userId",
    tier: "tier2",
    family: "users",
    handle: (ctx) => {
      storeOf(ctx).removeUser(findUser(ctx).id);
      return noContent();
    },
  },
];
