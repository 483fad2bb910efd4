/**
 * Data sources as plain async functions over explicit settings; the SDK wraps them (`getTenant`,
 * `getTenants` and their `…Output` twins) and passes the program's settings.
 */
export { getTenantData, fetchTenantData, type GetTenantArgs, type TenantData } from "./tenant";
export {
  getTenantsData,
  listOrgTenants,
  ORG_TENANT_STATUSES,
  type GetTenantsArgs,
  type OrgTenant,
  type OrgTenantStatus,
} from "./tenants";
export { tenantsFilter, filterProblem } from "./filter";
export {
  getUserData,
  getGroupData,
  getRolesData,
  type GetUserArgs,
  type GetGroupArgs,
  type GetRolesArgs,
  type UserData,
  type GroupData,
  type RolesData,
} from "./identities";
