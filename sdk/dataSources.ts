import * as pulumi from "@pulumi/pulumi";
import {
  getGroupData,
  getRolesData,
  getTenantData,
  getTenantsData,
  getUserData,
  type GetGroupArgs,
  type GetRolesArgs,
  type GetUserArgs,
  type GroupData,
  type RolesData,
  type UserData,
} from "../provider/dataSources";
import { programSettings } from "./settings";

export type GetTenantResult = Awaited<ReturnType<typeof getTenantData>>;
export type GetTenantsResult = Awaited<ReturnType<typeof getTenantsData>>;
export type OrganizationTenant = GetTenantsResult["tenants"][number];

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

export type GetUserResult = UserData;
export type GetGroupResult = GroupData;
export type GetRolesResult = RolesData;
export type { GetUserArgs, GetGroupArgs, GetRolesArgs };

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
