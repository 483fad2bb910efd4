/**
 * getTenants: the organization's tenants of one subscription, across every region, from the Cloud Console's
 * organization API (`GET /api/core/tenants`, every page) with the organization OAuth client.
 */
import { z } from "zod";
import type { ProviderSettings } from "../config";
import { organizationClient } from "../context";
import { QlikApiError } from "../http";
import type { QlikClient } from "../http/types";
import { objectError } from "../tenants/messages";
import { parseArgs } from "./args";
import { filterProblem, tenantsFilter } from "./filter";

export const ORG_TENANTS_PATH = "/api/core/tenants";
export const ORG_TENANT_STATUSES = ["active", "disabled", "deleted", "deactivated"] as const;
export type OrgTenantStatus = (typeof ORG_TENANT_STATUSES)[number];

export interface GetTenantsArgs {
  /** Required by Qlik: the subscription whose tenants to list. */
  subscriptionId: string;
  /** AWS-style region code, e.g. `eu-west-1`. */
  regionCode?: string;
  status?: string;
  /** An extra SCIM filter, AND-ed onto the others. */
  filter?: string;
}

/** One tenant of the organization listing; absent optional fields are left out. */
export interface OrgTenant {
  id: string;
  name: string;
  hostnames: string[];
  regionCode: string;
  subscriptionId: string;
  countryCode?: string;
  status?: OrgTenantStatus;
  licenseNumber?: string;
  createdAt?: string;
  updatedAt?: string;
}

const nonEmpty = (what: string) =>
  z.string({ error: `${what} must be a string` }).refine((value) => value.trim() !== "", `${what} must not be empty`);

const argsSchema = z.strictObject(
  {
    subscriptionId: z
      .string({ error: "subscriptionId is required: the id of the subscription whose tenants to list" })
      .refine((value) => value.trim() !== "", "subscriptionId must not be empty"),
    regionCode: nonEmpty("regionCode")
      .refine((value) => /^[a-z0-9-]+$/.test(value), "regionCode must be a region code such as us-east-1 or eu-west-1")
      .optional(),
    status: z
      .enum(ORG_TENANT_STATUSES, { error: `status must be one of: ${ORG_TENANT_STATUSES.join(", ")}` })
      .optional(),
    filter: nonEmpty("filter")
      .superRefine((value, ctx) => {
        const problem = filterProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
  },
  { error: objectError("getTenants' arguments", '{ subscriptionId: "…" }', "argument") },
);

const optionalString = z.string().nullish();

const itemSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostnames: z.array(z.string()).nullish(),
  regionCode: z.string(),
  subscriptionId: z.string(),
  countryCode: optionalString,
  status: optionalString,
  licenseNumber: optionalString,
  createdAt: optionalString,
  updatedAt: optionalString,
});

const OPTIONAL = ["countryCode", "status", "licenseNumber", "createdAt", "updatedAt"] as const;

export function orgTenant(item: z.infer<typeof itemSchema>): OrgTenant {
  const tenant: OrgTenant = {
    id: item.id,
    name: item.name,
    hostnames: item.hostnames ?? [],
    regionCode: item.regionCode,
    subscriptionId: item.subscriptionId,
  };
  for (const field of OPTIONAL) {
    const value = item[field];
    if (value !== undefined && value !== null) (tenant as unknown as Record<string, unknown>)[field] = value;
  }
  return tenant;
}

/** The listing itself, on a given client; `clientId` only names the client in the 403 message. */
export async function listOrgTenants(
  client: QlikClient,
  args: GetTenantsArgs,
  clientId?: string,
): Promise<{ tenants: OrgTenant[] }> {
  const parsed = parseArgs("getTenants", argsSchema, args);
  const tenants: OrgTenant[] = [];
  try {
    for await (const item of client.paginate({
      path: ORG_TENANTS_PATH,
      query: { filter: tenantsFilter(parsed), limit: 100 },
      item: itemSchema,
    })) {
      tenants.push(orgTenant(item));
    }
  } catch (error) {
    if (error instanceof QlikApiError && error.status === 403) {
      const who = clientId ? `the organization OAuth client "${clientId}"` : "the organization OAuth client";
      throw new Error(
        `getTenants: the organization API at ${client.origin} refused to list the tenants of subscription ` +
          `"${parsed.subscriptionId}" (403 Forbidden). Organization APIs only show subscriptions of the caller's ` +
          `own organization: this subscription does not belong to the organization of ${who}, or the client lacks ` +
          "the cloud-console.tenants:read scope. Check subscriptionId, qlik:orgClientId (QLIK_ORG_CLIENT_ID) and " +
          `qlik:consoleUrl (QLIK_CONSOLE_URL). Qlik said: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  return { tenants };
}

export async function getTenantsData(
  args: GetTenantsArgs,
  settings: ProviderSettings,
): Promise<{ tenants: OrgTenant[] }> {
  // Arguments are checked before credentials, so a typo is reported as such even without an org client.
  parseArgs("getTenants", argsSchema, args);
  return listOrgTenants(organizationClient(settings), args, settings.orgClientId);
}
