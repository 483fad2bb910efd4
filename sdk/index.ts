/**
 * pulumi-qlik: manage Qlik Cloud tenants as code.
 *
 *   import * as qlik from "pulumi-qlik";
 *   new qlik.Group("analysts", { name: "Analysts", providerType: "custom", assignedRoles: ["Developer"] });
 */
export { User, type UserArgs, type UserStatus } from "./resources/user";
export { Group, type GroupArgs, type GroupProviderType } from "./resources/group";
export { GroupSettings, type GroupSettingsArgs } from "./resources/groupSettings";
export {
  TenantSettings,
  type TenantSettingsArgs,
  type StartPage,
  type CustomizeNoAccessArgs,
  type CrossRegionInferenceArgs,
} from "./resources/tenantSettings";
export { Tenant, type TenantArgs } from "./resources/tenant";
export { Role, type RoleArgs } from "./resources/role";
export { GroupMembers, type GroupMembersArgs } from "./resources/groupMembers";
export {
  getTenant,
  getTenantOutput,
  getTenants,
  getTenantsOutput,
  QlikDataSourceError,
  type GetTenantArgs,
  type GetTenantResult,
  type GetTenantsArgs,
  type GetTenantsResult,
  type OrganizationTenant,
} from "./dataSources";
export { Space, type SpaceArgs, type SpaceType } from "./resources/space";
export { SpaceAssignment, type SpaceAssignmentArgs, type SpaceRole } from "./resources/spaceAssignment";
export { getSpace, getSpaceOutput, type GetSpaceArgs, type GetSpaceResult } from "./getSpace";
export {
  getUser,
  getUserOutput,
  getGroup,
  getGroupOutput,
  getRoles,
  getRolesOutput,
  type GetUserArgs,
  type GetUserResult,
  type GetGroupArgs,
  type GetGroupResult,
  type GetRolesArgs,
  type GetRolesResult,
} from "./dataSources";
export { tenantUrlFromHostname } from "./urls";
export * as iqserver from "./iqserver";
