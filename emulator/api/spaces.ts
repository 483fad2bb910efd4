/**
 * `/api/v1/spaces`: list (open `name` search, `type` list, `ownerId`, SCIM `filter` on name, sort, cursors,
 * `meta.count`), create (name rules, unique name per type, types), read, patch (`replace` of `/name`,
 * `/description`, `/ownerId`), put, delete, `/types`; and `/spaces/{id}/assignments`: list (`assigneeId`, `type`),
 * create (assignee exists, roles non-empty and valid for the space's type, one assignment per assignee: 409), read,
 * put `{ roles }`, delete. Personal spaces are not listed (the listing's `meta.personalSpace` says the caller has
 * one) and are not served by id: they have no name and belong to their user.
 */
import { z } from "zod";
import type { AssignmentType, RoleType, SpaceType } from "@qlik/api/spaces";
import { ApiError } from "../core/errors";
import { newObjectId, OBJECT_ID_PATTERN } from "../core/ids";
import { matchesFilter, type FilterRules } from "../core/scim-filter";
import { noContent, ok, storeOf, type RouteContext, type RouteDefinition, type RouteResult } from "../http/route";
import { renderAssignment, renderSpace } from "../state/render-spaces";
import { ASSIGNABLE_ROLES, type AssignmentRecord, type SpaceRecord } from "../state/space-store";
import type { TenantStore } from "../state/tenant-store";
import { fingerprint, listResponse, parseCursor, parseFilterText, parseLimit, parseSort } from "./listing";
import { validateBody } from "./validation";

const MAX_NAME = 256;
const FORBIDDEN = /["*?<>/|\\:]/;
const SPACE_TYPES = ["shared", "managed", "data"] as const satisfies readonly SpaceType[];
const ALL_ROLES = [...new Set(Object.values(ASSIGNABLE_ROLES).flat())];

const nameSchema = z
  .string({ error: "name must be a string" })
  .min(1, "name must not be empty")
  .max(MAX_NAME, `name must be at most ${MAX_NAME} characters`)
  .refine((name) => !FORBIDDEN.test(name), { error: 'name must match ^[^"*?<>/|\\\\:]+$' });
const typeSchema = z.enum(SPACE_TYPES, { error: 'type must be one of "shared", "managed", "data"' });

const createSpaceSchema = z.strictObject({
  name: nameSchema,
  type: typeSchema,
  description: z.string({ error: "description must be a string" }).optional(),
});

const updateSpaceSchema = z.strictObject({
  name: nameSchema.optional(),
  description: z.string({ error: "description must be a string" }).optional(),
  ownerId: z.string({ error: "ownerId must be a string" }).optional(),
});

const patchSpaceSchema = z
  .array(
    z.strictObject({
      op: z.literal("replace", { error: 'op must be "replace"' }),
      path: z.enum(["/name", "/description", "/ownerId"], {
        error: 'path must be one of "/name", "/description", "/ownerId"',
      }),
      value: z.string({ error: "value must be a string" }),
    }),
    { error: "the body must be an array of patch operations" },
  )
  .min(1, "the patch must hold at least one operation");

const rolesSchema = z
  .array(z.enum(ALL_ROLES as [RoleType, ...RoleType[]], { error: `each role must be one of ${ALL_ROLES.join(", ")}` }))
  .min(1, "roles must not be empty");

const createAssignmentSchema = z.strictObject({
  assigneeId: z.string({ error: "assigneeId must be a string" }).min(1, "assigneeId must not be empty"),
  type: z.enum(["user", "group", "bot"], { error: 'type must be "user", "group" or "bot"' }),
  roles: rolesSchema,
});

const updateAssignmentSchema = z.strictObject({ roles: rolesSchema });

const SPACE_SORT_FIELDS: Record<string, (space: SpaceRecord) => string> = {
  name: (space) => space.name.toLowerCase(),
  type: (space) => space.type,
  createdAt: (space) => space.createdAt,
};

const SPACE_FILTER_RULES: FilterRules = { name: ["eq"] };

function callerUserId(ctx: RouteContext): string {
  const subject = ctx.principal?.subject;
  return (subject !== undefined ? storeOf(ctx).userBySubject(subject)?.id : undefined) ?? ctx.principal?.id ?? "";
}

function spaceNotFound(id: string): ApiError {
  return new ApiError(404, { detail: `No space with id ${id}.` });
}

function findSpace(ctx: RouteContext): SpaceRecord {
  const id = ctx.params.spaceId;
  const space = OBJECT_ID_PATTERN.test(id) ? storeOf(ctx).spaces.spaces.get(id) : undefined;
  if (!space) throw spaceNotFound(id);
  return space;
}

function findAssignment(ctx: RouteContext, space: SpaceRecord): AssignmentRecord {
  const id = ctx.params.assignmentId;
  const assignment = storeOf(ctx).spaces.assignment(space.id, id);
  if (!assignment) throw new ApiError(404, { detail: `No assignment with id ${id} in space ${space.id}.` });
  return assignment;
}

function conflictingName(type: string, name: string): ApiError {
  return new ApiError(409, {
    detail: `A ${type} space named "${name}" already exists; space names must be unique.`,
    source: { pointer: "/name" },
  });
}

function assertOwner(store: TenantStore, ownerId: string, pointer: string): void {
  if (!store.users.has(ownerId)) {
    throw new ApiError(400, { detail: `ownerId ${ownerId} is not a user of this tenant.`, source: { pointer } });
  }
}

function badParameter(parameter: string, detail: string): ApiError {
  return new ApiError(400, { detail, source: { parameter } });
}

/** Listing metadata: the count of matches and, as Qlik reports it, the caller's personal space. */
function listMeta(count: number) {
  return { count, personalSpace: { actions: ["create", "read", "update", "delete"], resourceType: "space" } };
}

function listSpaces(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const limit = parseLimit(ctx.query, { min: 1, max: 100, fallback: 10 });
  const order = parseSort(ctx.query.get("sort"), SPACE_SORT_FIELDS, "+createdAt", (space: SpaceRecord) => space.id);
  const filterText = ctx.query.get("filter") ?? undefined;
  const filter = parseFilterText(filterText, SPACE_FILTER_RULES);
  const search = ctx.query.get("name")?.toLowerCase();
  const ownerId = ctx.query.get("ownerId") ?? undefined;
  const typesRaw = ctx.query.get("type");
  const types = typesRaw === null ? undefined : typesRaw.split(",").map((type) => type.trim());
  const badType = types?.find((type) => !(SPACE_TYPES as readonly string[]).includes(type));
  if (badType !== undefined) throw badParameter("type", `type must list shared, managed or data (got "${badType}")`);
  const criteria = [filterText, search, ownerId, typesRaw].map((part) => part ?? "").join("\u0000");
  const filterPrint = fingerprint(criteria.replace(/\u0000/g, "") === "" ? undefined : criteria);
  const cursor = parseCursor(ctx.query, order.spec, filterPrint);
  const spaces = store.spaces
    .list()
    .filter((space) => search === undefined || space.name.toLowerCase().includes(search))
    .filter((space) => ownerId === undefined || space.ownerId === ownerId)
    .filter((space) => types === undefined || types.includes(space.type))
    .filter(
      (space) =>
        !filter ||
        matchesFilter(filter, space, (item: SpaceRecord, attr) => (attr.toLowerCase() === "name" ? [item.name] : [])),
    );
  const listing = listResponse({
    items: spaces,
    order,
    limit,
    filterFingerprint: filterPrint,
    cursor,
    render: (space) => renderSpace(space, store.tenant.id, ctx.linkOrigin),
    origin: ctx.linkOrigin,
    path: ctx.path,
    query: ctx.query,
    totalResults: false,
  });
  return ok({ data: listing.data, links: listing.links, meta: listMeta(spaces.length) });
}

function createSpace(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const body = validateBody(createSpaceSchema, ctx.body, "a space");
  if (store.spaces.byName(body.type, body.name)) throw conflictingName(body.type, body.name);
  const creator = callerUserId(ctx);
  const space: SpaceRecord = {
    id: newObjectId(),
    name: body.name,
    type: body.type,
    description: body.description,
    ownerId: creator,
    createdAt: ctx.now,
    createdBy: creator,
    updatedAt: ctx.now,
  };
  store.spaces.insert(space);
  return ok(renderSpace(space, store.tenant.id, ctx.linkOrigin), 201);
}

/** Applies name/description/ownerId changes all or nothing. */
function applySpaceChanges(
  ctx: RouteContext,
  space: SpaceRecord,
  changes: { name?: string; description?: string; ownerId?: string },
  pointers: Record<string, string>,
): RouteResult {
  const store = storeOf(ctx);
  if (changes.ownerId !== undefined) assertOwner(store, changes.ownerId, pointers.ownerId);
  if (changes.name !== undefined) {
    const holder = store.spaces.byName(space.type, changes.name);
    if (holder && holder.id !== space.id) throw conflictingName(space.type, changes.name);
    store.spaces.rename(space, changes.name);
  }
  if (changes.description !== undefined) space.description = changes.description;
  if (changes.ownerId !== undefined) space.ownerId = changes.ownerId;
  space.updatedAt = ctx.now;
  return ok(renderSpace(space, store.tenant.id, ctx.linkOrigin));
}

function patchSpace(ctx: RouteContext): RouteResult {
  const space = findSpace(ctx);
  const operations = validateBody(patchSpaceSchema, ctx.body, "a JSON Patch array");
  const changes: { name?: string; description?: string; ownerId?: string } = {};
  const pointers: Record<string, string> = {};
  operations.forEach((operation, index) => {
    const field = operation.path.slice(1) as "name" | "description" | "ownerId";
    if (field === "name") {
      const parsed = nameSchema.safeParse(operation.value);
      if (!parsed.success) {
        throw new ApiError(400, { detail: parsed.error.issues[0].message, source: { pointer: `/${index}/value` } });
      }
    }
    changes[field] = operation.value;
    pointers[field] = `/${index}/value`;
  });
  return applySpaceChanges(ctx, space, changes, pointers);
}

function putSpace(ctx: RouteContext): RouteResult {
  const space = findSpace(ctx);
  const body = validateBody(updateSpaceSchema, ctx.body, "the space's fields");
  return applySpaceChanges(ctx, space, body, { ownerId: "/ownerId" });
}

function deleteSpace(ctx: RouteContext): RouteResult {
  const space = findSpace(ctx);
  storeOf(ctx).spaces.remove(space.id);
  return noContent();
}

function listAssignments(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const space = findSpace(ctx);
  const limit = parseLimit(ctx.query, { min: 1, max: 100, fallback: 10 });
  const order = parseSort(null, { id: (a: AssignmentRecord) => a.id }, "+id", (a: AssignmentRecord) => a.id);
  const assigneeId = ctx.query.get("assigneeId") ?? undefined;
  const type = ctx.query.get("type") ?? undefined;
  if (type !== undefined && type !== "user" && type !== "group") {
    throw badParameter("type", `type must be "user" or "group" (got "${type}")`);
  }
  const criteria = `${assigneeId ?? ""}\u0000${type ?? ""}`;
  const filterPrint = fingerprint(assigneeId === undefined && type === undefined ? undefined : criteria);
  const cursor = parseCursor(ctx.query, order.spec, filterPrint);
  const assignments = store.spaces
    .assignments(space.id)
    .filter((a) => assigneeId === undefined || a.assigneeId === assigneeId)
    .filter((a) => type === undefined || a.type === type);
  const listing = listResponse({
    items: assignments,
    alreadySorted: true,
    order,
    limit,
    filterFingerprint: filterPrint,
    cursor,
    render: (assignment) => renderAssignment(assignment, store.tenant.id, ctx.linkOrigin),
    origin: ctx.linkOrigin,
    path: ctx.path,
    query: ctx.query,
    totalResults: false,
  });
  return ok({ data: listing.data, links: listing.links, meta: { count: assignments.length } });
}

function assertRolesFit(space: SpaceRecord, roles: readonly RoleType[]): void {
  const allowed = ASSIGNABLE_ROLES[space.type];
  const index = roles.findIndex((role) => !allowed.includes(role));
  if (index >= 0) {
    throw new ApiError(400, {
      detail: `Role "${roles[index]}" cannot be assigned in a ${space.type} space; assignable roles: ${allowed.join(", ")}.`,
      source: { pointer: `/roles/${index}` },
    });
  }
}

function assertAssigneeExists(store: TenantStore, assigneeId: string, type: AssignmentType): void {
  const exists =
    type === "user" ? store.users.has(assigneeId) : type === "group" ? store.groups.has(assigneeId) : false;
  if (!exists) {
    throw new ApiError(400, {
      detail: `assigneeId ${assigneeId} is not a ${type} of this tenant.`,
      source: { pointer: "/assigneeId" },
    });
  }
}

function createAssignment(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const space = findSpace(ctx);
  const body = validateBody(createAssignmentSchema, ctx.body, "an assignment");
  assertAssigneeExists(store, body.assigneeId, body.type);
  assertRolesFit(space, body.roles);
  if (store.spaces.assignmentOf(space.id, body.assigneeId)) {
    throw new ApiError(409, {
      detail: `${body.assigneeId} already has an assignment in space ${space.id}; update it instead.`,
      source: { pointer: "/assigneeId" },
    });
  }
  const caller = callerUserId(ctx);
  const assignment: AssignmentRecord = {
    id: newObjectId(),
    spaceId: space.id,
    assigneeId: body.assigneeId,
    type: body.type,
    roles: [...new Set(body.roles)],
    createdAt: ctx.now,
    createdBy: caller,
    updatedAt: ctx.now,
    updatedBy: caller,
  };
  store.spaces.insertAssignment(assignment);
  return ok(renderAssignment(assignment, store.tenant.id, ctx.linkOrigin), 201);
}

function getAssignment(ctx: RouteContext): RouteResult {
  const assignment = findAssignment(ctx, findSpace(ctx));
  return ok(renderAssignment(assignment, storeOf(ctx).tenant.id, ctx.linkOrigin));
}

function putAssignment(ctx: RouteContext): RouteResult {
  const space = findSpace(ctx);
  const assignment = findAssignment(ctx, space);
  const body = validateBody(updateAssignmentSchema, ctx.body, "the assignment's roles");
  assertRolesFit(space, body.roles);
  assignment.roles = [...new Set(body.roles)];
  assignment.updatedAt = ctx.now;
  assignment.updatedBy = callerUserId(ctx);
  return ok(renderAssignment(assignment, storeOf(ctx).tenant.id, ctx.linkOrigin));
}

function deleteAssignment(ctx: RouteContext): RouteResult {
  const space = findSpace(ctx);
  const assignment = findAssignment(ctx, space);
  storeOf(ctx).spaces.removeAssignment(space.id, assignment.id);
  return noContent();
}

const SPACE = "/api/v1/spaces/:spaceId";
const ASSIGNMENT = `${SPACE}/assignments/:assignmentId`;
const route = (
  method: RouteDefinition["method"],
  path: string,
  handle: RouteDefinition["handle"],
): RouteDefinition => ({ method, path, tier: method === "GET" ? "tier1" : "tier2", family: "spaces", handle });

export const spaceRoutes: RouteDefinition[] = [
  route("GET", "/api/v1/spaces", listSpaces),
  route("POST", "/api/v1/spaces", createSpace),
  route("GET", "/api/v1/spaces/types", () => ok({ data: [...SPACE_TYPES] })),
  route("GET", SPACE, (ctx) => ok(renderSpace(findSpace(ctx), storeOf(ctx).tenant.id, ctx.linkOrigin))),
  route("PATCH", SPACE, patchSpace),
  route("PUT", SPACE, putSpace),
  route("DELETE", SPACE, deleteSpace),
  route("GET", `${SPACE}/assignments`, listAssignments),
  route("POST", `${SPACE}/assignments`, createAssignment),
  route("GET", ASSIGNMENT, getAssignment),
  route("PUT", ASSIGNMENT, putAssignment),
  route("DELETE", ASSIGNMENT, deleteAssignment),
];
