/**
 * The Qlik Roles API calls this provider makes (`/api/v1/roles`), with zod schemas for the responses. Shapes are
 * checked at compile time against Qlik's published types (`@qlik/api/roles`; type-only imports).
 *
 * Tiers: GET Tier 1; POST, PATCH, DELETE Tier 2.
 */
import { z } from "zod";
import { optional, optionalText } from "../apiFields";
import type { CreateRole, PatchRole, Role as QlikRole } from "@qlik/api/roles";
import type { QlikClient } from "../http/types";
import { scim } from "../http";
import { forgetRoleCatalog } from "./catalog";

export const ROLES = "/api/v1/roles";

/** The parts of a Qlik role this provider reads. */
export interface ApiRole {
  id: string;
  name: string;
  type: "default" | "custom";
  level?: "admin" | "user";
  description?: string;
  assignedScopes?: string[];
  tenantId?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
}

/** Compile-time check: every role Qlik documents is an `ApiRole`. */
type Assert<T extends true> = T;
export type QlikRoleIsApiRole = Assert<QlikRole extends ApiRole ? true : false>;

export const apiRoleSchema: z.ZodType<ApiRole, unknown> = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    type: z.enum(["default", "custom"]),
    level: optional(z.enum(["admin", "user"])),
    description: optionalText,
    assignedScopes: optional(z.array(z.string())),
    tenantId: optionalText,
    createdAt: optionalText,
    lastUpdatedAt: optionalText,
  })
  .transform((role) => role);

/** One operation of a role PATCH, as Qlik takes it. */
export type RolePatchOperation = PatchRole;

/** Every role of the tenant (or those matching a SCIM `filter`), every page. */
export async function listRoles(client: QlikClient, filter?: string): Promise<ApiRole[]> {
  const roles: ApiRole[] = [];
  const query: Record<string, string | number> = { limit: 100 };
  if (filter !== undefined) query.filter = filter;
  for await (const role of client.paginate({ path: ROLES, query, item: apiRoleSchema })) roles.push(role);
  return roles;
}

/** The role with exactly this name (Qlik's filter compares case-insensitively; the match is confirmed here). */
export async function findRoleByName(client: QlikClient, name: string): Promise<ApiRole | undefined> {
  return (await listRoles(client, scim.eq("name", name))).find((role) => role.name === name);
}

/** GET /roles/{id}; `undefined` when Qlik has no such role (404). */
export async function fetchRole(client: QlikClient, id: string): Promise<ApiRole | undefined> {
  const response = await client.request({
    method: "GET",
    path: `${ROLES}/${encodeURIComponent(id)}`,
    schema: apiRoleSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? undefined : response.body;
}

/**
 * POST /roles. An ambiguous failure (connection lost after sending) is resolved by looking the role up by name, so
 * a retry never creates a second role.
 */
export async function createRole(client: QlikClient, body: CreateRole): Promise<ApiRole> {
  try {
    const response = await client.request({
      method: "POST",
      path: ROLES,
      body,
      schema: apiRoleSchema,
      recover: () => findRoleByName(client, body.name),
    });
    return response.body;
  } finally {
    forgetRoleCatalog(client.origin);
  }
}

/** PATCH /roles/{id} (answers 204); false when the role is gone (404). */
export async function patchRole(client: QlikClient, id: string, operations: RolePatchOperation[]): Promise<boolean> {
  if (operations.length === 0) return true;
  try {
    const response = await client.request({
      method: "PATCH",
      path: `${ROLES}/${encodeURIComponent(id)}`,
      body: operations,
      allowStatus: [404],
    });
    return response.status !== 404;
  } finally {
    forgetRoleCatalog(client.origin);
  }
}

/** DELETE /roles/{id}; a role that is already gone counts as deleted. */
export async function deleteRole(client: QlikClient, id: string): Promise<void> {
  try {
    await client.request({ method: "DELETE", path: `${ROLES}/${encodeURIComponent(id)}`, allowStatus: [404] });
  } finally {
    forgetRoleCatalog(client.origin);
  }
}
