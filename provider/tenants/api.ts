/**
 * The tenant endpoints pulumi-qlik calls (tenant level; there is no list and no delete at this level). GET is
 * Tier 1, PATCH Tier 2.
 */
import type { TenantPatchSchema } from "@qlik/api/tenants";
import type { QlikClient } from "../http/types";
import { tenantDocumentSchema, type TenantDocument } from "./schema";

export type TenantPatchOperation = TenantPatchSchema[number];

export const TENANTS_PATH = "/api/v1/tenants";
/** Answers 302 to `/api/v1/tenants/{id}` of the tenant behind the URL; the client follows it. */
export const MY_TENANT_PATH = "/api/v1/tenants/me";

export function tenantPath(tenantId: string): string {
  return `${TENANTS_PATH}/${encodeURIComponent(tenantId)}`;
}

/** The tenant by id, or the tenant behind the client's URL when no id is given. Undefined: 404. */
export async function getTenantDocument(client: QlikClient, tenantId?: string): Promise<TenantDocument | undefined> {
  const response = await client.request({
    method: "GET",
    path: tenantId === undefined ? MY_TENANT_PATH : tenantPath(tenantId),
    schema: tenantDocumentSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? undefined : response.body;
}

/** PATCH answers 204. Returns false when the tenant is not found (404). */
export async function patchTenant(client: QlikClient, tenantId: string, ops: TenantPatchOperation[]): Promise<boolean> {
  const response = await client.request({ method: "PATCH", path: tenantPath(tenantId), body: ops, allowStatus: [404] });
  return response.status !== 404;
}
