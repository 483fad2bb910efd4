/**
 * Request-body validation with zod, turned into Qlik-style 400s whose `source.pointer` names the offending
 * property. Shared schema pieces (role references) live here too.
 */
import { z } from "zod";
import { ApiError, pointerOf, type ErrorDetails } from "../core/errors";
import type { RoleRecord } from "../state/records";
import type { RoleRef, TenantStore } from "../state/tenant-store";

export function issueToError(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): ErrorDetails {
  const path = [...prefix, ...issue.path];
  const where = path.length > 0 ? `${path.join(".")}: ` : "";
  if (issue.code === "unrecognized_keys") {
    return {
      detail: `${where}unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
      source: { pointer: pointerOf([...path, issue.keys[0]]) },
    };
  }
  return { detail: `${where}${issue.message}`, source: { pointer: pointerOf(path) } };
}

/** Parses `body` or throws a 400 describing the first problem. */
export function validateBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  if (body === undefined) throw new ApiError(400, { detail: `The request needs a JSON body (${what}).` });
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiError(400, issueToError(result.error.issues[0]));
  return result.data;
}

/** `[{id}]` or `[{name}]` role references, as users, groups and group settings accept them. */
export const roleRefsSchema = z.array(
  z.union([z.strictObject({ id: z.string().min(1) }), z.strictObject({ name: z.string().min(1) })], {
    error: 'each role reference must be {"id": "…"} or {"name": "…"}',
  }),
);

export class UnknownRolesError extends Error {
  constructor(readonly refs: { index: number; ref: RoleRef }[]) {
    super(`unknown role${refs.length > 1 ? "s" : ""} ${refs.map(({ ref }) => JSON.stringify(ref)).join(", ")}`);
  }
}

/** Resolves references to role ids (deduplicated, in order); throws UnknownRolesError listing every unknown one. */
export function resolveRoleRefs(store: TenantStore, refs: readonly RoleRef[]): string[] {
  const ids: string[] = [];
  const unknown: { index: number; ref: RoleRef }[] = [];
  refs.forEach((ref, index) => {
    const role: RoleRecord | undefined = store.resolveRole(ref);
    if (!role) unknown.push({ index, ref });
    else if (!ids.includes(role.id)) ids.push(role.id);
  });
  if (unknown.length > 0) throw new UnknownRolesError(unknown);
  return ids;
}

/** The same, as a 400 pointing at the first unknown reference under `pointer`. */
export function resolveRoleRefsOr400(store: TenantStore, refs: readonly RoleRef[], pointer: string): string[] {
  try {
    return resolveRoleRefs(store, refs);
  } catch (error) {
    if (error instanceof UnknownRolesError) {
      throw new ApiError(400, {
        detail: `Invalid role reference: ${error.message}`,
        source: { pointer: `${pointer}/${error.refs[0].index}` },
      });
    }
    throw error;
  }
}
