import * as pulumi from "@pulumi/pulumi";
import { getTenantData, getTenantsData } from "../provider/dataSources";
import { programSettings } from "./settings";

// The result types are spelled out here rather than derived from the provider's: the published declarations
// must not reach into provider internals, whose types come from dev-only packages (@qlik/api) and zod. The
// functions below return the provider's values, so the compiler checks that these types still describe them.

/** One tenant, as the tenant API reports it; absent fields are left out. */
export interface GetTenantResult {
  id: string;
  name: string;
  hostnames?: string[];
  datacenter?: string;
  region?: string;
  status?: "active" | "disabled" | "deleted" | "user-access-disabled";
  created?: string;
  lastUpdated?: string;
  autoAssignCreateSharedSpacesRoleToProfessionals?: boolean;
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals?: boolean;
  autoAssignDataServicesContributorRoleToProfessionals?: boolean;
  enableAppOpeningFeedback?: boolean;
}

/** One tenant of the organization listing; absent optional fields are left out. */
export interface OrganizationTenant {
  id: string;
  name: string;
  hostnames: string[];
  regionCode: string;
  subscriptionId: string;
  countryCode?: string;
  status?: "active" | "disabled" | "deleted" | "deactivated";
  licenseNumber?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface GetTenantsResult {
  tenants: OrganizationTenant[];
}

export interface GetTenantArgs {
  /** Defaults to the tenant behind the URL. */
  tenantId?: string;
  /** Defaults to `qlik:tenantUrl` / `QLIK_TENANT_URL`. */
  tenantUrl?: string;
}

export interface GetTenantsArgs {
  /** Required by Qlik: the organization's subscription (license) to list tenants of. */
  subscriptionId: string;
  /** AWS-style region code, e.g. `eu-west-1`. */
  regionCode?: string;
  /** e.g. `active`, `disabled`. */
  status?: string;
  /** An extra SCIM filter, AND-ed onto the others, e.g. `name sw "prod"`. */
  filter?: string;
}

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Reads one tenant through the tenant API (`/api/v1/tenants/{id}`, or `/me` by default). */
export function getTenant(args: GetTenantArgs = {}): Promise<GetTenantResult> {
  return getTenantData(args, programSettings());
}

export function getTenantOutput(args: Inputs<GetTenantArgs> = {}): pulumi.Output<GetTenantResult> {
  return pulumi.output(args).apply((resolved) => getTenant(resolved as GetTenantArgs));
}

/**
 * Lists the organization's tenants of one subscription across every region, page by page, through the
 * Cloud Console's organization API with the organization OAuth client (`qlik:orgClientId`/`qlik:orgClientSecret`).
 */
export function getTenants(args: GetTenantsArgs): Promise<GetTenantsResult> {
  return getTenantsData(args, programSettings());
}

export function getTenantsOutput(args: Inputs<GetTenantsArgs>): pulumi.Output<GetTenantsResult> {
  return pulumi.output(args).apply((resolved) => getTenants(resolved as GetTenantsArgs));
}
