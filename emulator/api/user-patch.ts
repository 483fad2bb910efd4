/**
 * `PATCH /api/v1/users/{id}`: a JSON Patch array restricted to the documented ops and paths.
 *
 * Malformed requests (not a non-empty array, unknown op or path, wrong value type, a non-patchable path such
 * as /email) are rejected whole with 400. Operations that are well-formed but cannot be applied (unknown role
 * or group, an IdP group, renewing a user who is not invited) fail one by one: the others are applied and the
 * answer is 207 listing the failures; when every operation fails the answer is 400 and nothing changed.
 */
import { z } from "zod";
import { ApiError, ApiErrors, type ErrorDetails } from "../core/errors";
import { noContent, storeOf, type RouteContext, type RouteResult } from "../http/route";
import { inviteExpiryFrom, type UserRecord } from "../state/records";
import type { RoleRef, TenantStore } from "../state/tenant-store";
import { issueToError, resolveRoleRefs, roleRefsSchema, UnknownRolesError } from "./validation";

const PATCHABLE_PATHS = [
  "/name",
  "/roles",
  "/assignedRoles",
  "/inviteExpiry",
  "/preferredZoneinfo",
  "/preferredLocale",
  "/status",
  "/assignedGroups",
] as const;
type PatchPath = (typeof PATCHABLE_PATHS)[number];
const NOT_PATCHABLE = new Set(["/email", "/subject", "/picture"]);

const groupRefsSchema = z.array(
  z.union(
    [
      z.strictObject({ id: z.string().min(1) }),
      z.strictObject({ name: z.string().min(1), providerType: z.enum(["idp", "custom"]) }),
    ],
    {
      error: 'each group reference must be {"id": "…"} or {"name": "…", "providerType": "custom"}',
    },
  ),
);

/** Which ops each path takes, and the shape of its value. */
const OPS_BY_PATH: Record<PatchPath, { ops: string[]; value: z.ZodType }> = {
  "/name": { ops: ["replace", "set"], value: z.string().min(1, "name must not be empty") },
  "/status": {
    ops: ["replace", "set"],
    value: z.enum(["active", "disabled"], { error: 'status can be set to "active" or "disabled"' }),
  },
  "/preferredLocale": { ops: ["replace", "set", "unset"], value: z.string() },
  "/preferredZoneinfo": { ops: ["replace", "set", "unset"], value: z.string() },
  "/inviteExpiry": { ops: ["renew", "replace"], value: z.number().int().positive() },
  "/assignedRoles": { ops: ["replace", "add", "remove-value"], value: roleRefsSchema },
  "/roles": { ops: ["replace", "set", "add", "remove-value"], value: z.array(z.string().min(1)) },
  "/assignedGroups": { ops: ["replace", "add", "remove-value"], value: groupRefsSchema },
};

interface UserPatchOp {
  op: string;
  path: PatchPath;
  value?: unknown;
}

const patchOpSchema = z.strictObject({ op: z.string(), path: z.string(), value: z.unknown().optional() });

/** Schema errors reject the whole request (400) before anything is applied. */
function parseUserPatch(body: unknown): UserPatchOp[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new ApiError(400, { detail: "The body must be a non-empty JSON Patch array." });
  }
  return body.map((raw, index): UserPatchOp => {
    const parsed = patchOpSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, issueToError(parsed.error.issues[0], [index]));
    const { op, path, value } = parsed.data;
    if (NOT_PATCHABLE.has(path)) {
      throw new ApiError(400, {
        detail: `${path.slice(1)} cannot be changed; it is not patchable.`,
        source: { pointer: `/${index}/path` },
      });
    }
    if (!(PATCHABLE_PATHS as readonly string[]).includes(path)) {
      throw new ApiError(400, {
        detail: `Unsupported patch path "${path}"; supported: ${PATCHABLE_PATHS.join(", ")}`,
        source: { pointer: `/${index}/path` },
      });
    }
    const rule = OPS_BY_PATH[path as PatchPath];
    if (!rule.ops.includes(op)) {
      throw new ApiError(400, {
        detail: `Operation "${op}" is not supported on ${path}; use ${rule.ops.join(" or ")}.`,
        source: { pointer: `/${index}/op` },
      });
    }
    const needsValue = op !== "unset" && op !== "renew";
    if (needsValue) {
      const checked = rule.value.safeParse(value);
      if (!checked.success) throw new ApiError(400, issueToError(checked.error.issues[0], [index, "value"]));
    }
    return { op, path: path as PatchPath, value };
  });
}

function applyRoleChange(current: string[], op: string, ids: string[]): string[] {
  if (op === "add") return [...current, ...ids.filter((id) => !current.includes(id))];
  if (op === "remove-value") return current.filter((id) => !ids.includes(id));
  return ids;
}

/** Applies one op to `user`; throws ApiError for semantic failures (reported per op in a 207). */
function applyUserOp(store: TenantStore, user: UserRecord, op: UserPatchOp, index: number, now: string): void {
  const pointer = `/${index}/value`;
  switch (op.path) {
    case "/name":
      user.name = op.value as string;
      return;
    case "/status":
      user.status = op.value as "active" | "disabled";
      if (user.status === "active") user.inviteExpiry = undefined;
      return;
    case "/preferredLocale":
      user.preferredLocale = op.op === "unset" ? undefined : (op.value as string);
      return;
    case "/preferredZoneinfo":
      user.preferredZoneinfo = op.op === "unset" ? undefined : (op.value as string);
      return;
    case "/inviteExpiry":
      if (user.status !== "invited") {
        throw new ApiError(400, {
          detail: "Only invited users have an invitation to renew.",
          source: { pointer: `/${index}/path` },
        });
      }
      user.inviteExpiry = op.op === "renew" ? inviteExpiryFrom(now) : (op.value as number);
      return;
    case "/assignedRoles":
    case "/roles": {
      const refs: RoleRef[] =
        op.path === "/roles" ? (op.value as string[]).map((name) => ({ name })) : (op.value as RoleRef[]);
      try {
        user.roleIds = applyRoleChange(user.roleIds, op.op, resolveRoleRefs(store, refs));
      } catch (error) {
        if (error instanceof UnknownRolesError) {
          throw new ApiError(400, {
            detail: `Invalid role reference: ${error.message}`,
            source: { pointer: `${pointer}/${error.refs[0].index}` },
          });
        }
        throw error;
      }
      return;
    }
    case "/assignedGroups": {
      const refs = op.value as ({ id: string } | { name: string; providerType: "idp" | "custom" })[];
      const ids = refs.map((ref, i) => {
        const group = "id" in ref ? store.groups.get(ref.id) : store.groupByName(ref.providerType, ref.name);
        if (!group)
          throw new ApiError(400, {
            detail: `Group ${JSON.stringify(ref)} does not exist.`,
            source: { pointer: `${pointer}/${i}` },
          });
        if (group.providerType !== "custom") {
          throw new ApiError(400, {
            detail: `Group "${group.name}" is an IdP group; IdP group membership comes from the identity provider.`,
            source: { pointer: `${pointer}/${i}` },
          });
        }
        return group.id;
      });
      user.groupIds = applyRoleChange(user.groupIds, op.op, ids);
      return;
    }
  }
}

/** Applies the patch to `user` (see the module comment for 400 vs 207). */
export function patchUser(ctx: RouteContext, user: UserRecord): RouteResult {
  const store = storeOf(ctx);
  const ops = parseUserPatch(ctx.body);
  const working: UserRecord = structuredClone(user);
  const failures: ErrorDetails[] = [];
  ops.forEach((op, index) => {
    const before = structuredClone(working);
    try {
      applyUserOp(store, working, op, index, ctx.now);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      Object.assign(working, before);
      failures.push({ ...error.details, status: error.status });
    }
  });
  if (failures.length === ops.length) throw new ApiErrors(400, failures);
  Object.assign(user, working, { lastUpdatedAt: ctx.now });
  if (failures.length > 0) return { status: 207, errors: failures };
  return noContent();
}
