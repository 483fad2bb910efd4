/** getTenant: one tenant through the tenant API (`/api/v1/tenants/{id}`, or `/me` for the tenant behind the URL). */
import { z } from "zod";
import type { ProviderSettings } from "../config";
import { tenantClient } from "../context";
import type { QlikClient } from "../http/types";
import { getTenantDocument } from "../tenants/api";
import { tenantIdSchema, type TenantDocument, type TenantStatus } from "../tenants/schema";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import { objectError } from "../tenants/messages";
import { parseArgs } from "./args";

export interface GetTenantArgs {
  /** Defaults to the tenant behind the URL. */
  tenantId?: string;
  /** Defaults to `qlik:tenantUrl` / `QLIK_TENANT_URL`. */
  tenantUrl?: string;
}

/** The tenant's fields at the top level; absent ones are left out. */
export interface TenantData {
  id: string;
  name: string;
  hostnames?: string[];
  datacenter?: string;
  region?: string;
  status?: TenantStatus;
  created?: string;
  lastUpdated?: string;
  autoAssignCreateSharedSpacesRoleToProfessionals?: boolean;
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals?: boolean;
  autoAssignDataServicesContributorRoleToProfessionals?: boolean;
  enableAppOpeningFeedback?: boolean;
}

const argsSchema = z.strictObject(
  { tenantId: tenantIdSchema.optional(), tenantUrl: tenantUrlSchema.optional() },
  { error: objectError("getTenant's arguments", '{ tenantId: "…" }', "argument") },
);

const FIELDS = [
  "hostnames",
  "datacenter",
  "region",
  "status",
  "created",
  "lastUpdated",
  "autoAssignCreateSharedSpacesRoleToProfessionals",
  "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
  "autoAssignDataServicesContributorRoleToProfessionals",
  "enableAppOpeningFeedback",
] as const satisfies readonly (keyof TenantData & keyof TenantDocument)[];

export function tenantData(doc: TenantDocument): TenantData {
  const data: TenantData = { id: doc.id, name: doc.name };
  for (const field of FIELDS) {
    const value = doc[field];
    if (value !== undefined && value !== null) (data as unknown as Record<string, unknown>)[field] = value;
  }
  return data;
}

/** The lookup itself, on a given client. */
export async function fetchTenantData(client: QlikClient, tenantId?: string): Promise<TenantData> {
  const doc = await getTenantDocument(client, tenantId);
  if (doc === undefined) {
    throw new Error(
      tenantId === undefined
        ? `getTenant: no tenant answered GET /api/v1/tenants/me at ${client.origin}: check tenantUrl.`
        : `getTenant: tenant "${tenantId}" was not found at ${client.origin} (404). The tenant API only sees the ` +
            "tenant behind the URL: pass that tenant's tenantUrl, or use getTenants to list the organization's tenants.",
    );
  }
  return tenantData(doc);
}

export async function getTenantData(args: GetTenantArgs, settings: ProviderSettings): Promise<TenantData> {
  const { tenantId, tenantUrl } = parseArgs("getTenant", argsSchema, args);
  return fetchTenantData(tenantClient(tenantUrl, settings), tenantId);
}
