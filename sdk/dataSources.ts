import * as pulumi from "@pulumi/pulumi";
import { getGroupData, getRolesData, getTenantData, getTenantsData, getUserData } from "../provider/dataSources";
import type {
  GetGroupArgs,
  GetRolesArgs,
  GetUserArgs,
  GroupData,
  RolesData,
  UserData,
} from "../provider/dataSources/types";
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

/**
 * A data source failed (bad arguments or settings, an API error, an unreachable tenant). It is a `RunError`, so
 * the Pulumi CLI prints its message alone and ends the program at once.
 *
 * Why not the original error: Pulumi's Node.js runtime also formats every unhandled error with `util.inspect`, and
 * in Node.js 20.20 (not in 24) that loops until it runs out of string length (60–100 s, mostly garbage collection) on a stack
 * frame such as `node_modules/@pulumi/resource.ts` — which every error thrown across the program's `await`s has,
 * through Pulumi's own source maps. So this error has no stack frames and no `cause` (inspect would format the
 * cause's stack too); it copies what callers branch on: `code` (e.g. `QLIK_API_ERROR`) and the HTTP `status`.
 */
export class QlikDataSourceError extends pulumi.RunError {
  readonly code: string | undefined;
  readonly status: number | undefined;

  constructor(
    readonly dataSource: string,
    failure: unknown,
  ) {
    const message = failure instanceof Error ? failure.message : String(failure);
    super(message.startsWith(`${dataSource}:`) ? message : `${dataSource}: ${message}`);
    this.name = "QlikDataSourceError";
    const { code, status } = (failure ?? {}) as { code?: unknown; status?: unknown };
    this.code = typeof code === "string" ? code : undefined;
    this.status = typeof status === "number" ? status : undefined;
    // The message is the whole report: no frames pointing at files the package does not ship.
    this.stack = `${this.name}: ${this.message}`;
  }
}

async function failingFast<T>(dataSource: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new QlikDataSourceError(dataSource, error);
  }
}

/** Reads one tenant through the tenant API (`/api/v1/tenants/{id}`, or `/me` by default). */
export function getTenant(args: GetTenantArgs = {}): Promise<GetTenantResult> {
  return failingFast("getTenant", () => getTenantData(args, programSettings()));
}

export function getTenantOutput(args: Inputs<GetTenantArgs> = {}): pulumi.Output<GetTenantResult> {
  return pulumi.output(args).apply((resolved) => getTenant(resolved as GetTenantArgs));
}

/**
 * Lists the organization's tenants of one subscription across every region, page by page, through the
 * Cloud Console's organization API with the organization OAuth client (`qlik:orgClientId`/`qlik:orgClientSecret`).
 */
export function getTenants(args: GetTenantsArgs): Promise<GetTenantsResult> {
  return failingFast("getTenants", () => getTenantsData(args, programSettings()));
}

export function getTenantsOutput(args: Inputs<GetTenantsArgs>): pulumi.Output<GetTenantsResult> {
  return pulumi.output(args).apply((resolved) => getTenants(resolved as GetTenantsArgs));
}

// The identity lookups' types come from a provider module that imports nothing, so the package's declarations
// reach neither zod nor @qlik/api.
export type { GetUserArgs, GetGroupArgs, GetRolesArgs } from "../provider/dataSources/types";
export type GetUserResult = UserData;
export type GetGroupResult = GroupData;
export type GetRolesResult = RolesData;

/** One user, by exactly one of `id`, `subject` or `email`; fails when none or more than one matches. */
export function getUser(args: GetUserArgs): Promise<GetUserResult> {
  return getUserData(args, programSettings());
}

export function getUserOutput(args: Inputs<GetUserArgs>): pulumi.Output<GetUserResult> {
  return pulumi.output(args).apply((resolved) => getUser(resolved as GetUserArgs));
}

/** One group, by `id` or by `name` (case-sensitive) and optionally `providerType`; fails when none or several match. */
export function getGroup(args: GetGroupArgs): Promise<GetGroupResult> {
  return getGroupData(args, programSettings());
}

export function getGroupOutput(args: Inputs<GetGroupArgs>): pulumi.Output<GetGroupResult> {
  return pulumi.output(args).apply((resolved) => getGroup(resolved as GetGroupArgs));
}

/** The tenant's roles (`{ roles: [{ id, name, type, level }] }`), optionally only `default` or `custom` ones. */
export function getRoles(args: GetRolesArgs = {}): Promise<GetRolesResult> {
  return getRolesData(args, programSettings());
}

export function getRolesOutput(args: Inputs<GetRolesArgs> = {}): pulumi.Output<GetRolesResult> {
  return pulumi.output(args).apply((resolved) => getRoles(resolved as GetRolesArgs));
}
