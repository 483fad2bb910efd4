/**
 * The data sources' argument and result shapes, as plain interfaces in a module that imports nothing: the SDK
 * re-exports them, so the package's public declarations reach neither zod nor `@qlik/api`.
 */

/** A role as the catalog keeps it. */
export interface RoleSummary {
  id: string;
  name: string;
  type: "default" | "custom";
  level?: "admin" | "user";
}

export interface GetUserArgs {
  id?: string;
  subject?: string;
  email?: string;
  tenantUrl?: string;
}

export interface UserData {
  id: string;
  subject: string;
  email?: string;
  name?: string;
  status?: string;
  assignedRoles: string[];
  /** Names of every group the user is in (IdP and custom). */
  assignedGroups: string[];
  /** Names of the custom groups the user is in. */
  customGroups: string[];
  preferredLocale?: string;
  preferredZoneinfo?: string;
  picture?: string;
  tenantId?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
}

export interface GetGroupArgs {
  id?: string;
  name?: string;
  /** With `name`: `idp` or `custom` (names are unique per provider type). */
  providerType?: "idp" | "custom";
  tenantUrl?: string;
}

export interface GroupData {
  id: string;
  name: string;
  providerType: "idp" | "custom";
  description?: string;
  status?: string;
  assignedRoles: string[];
  tenantId?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
}

export interface GetRolesArgs {
  /** `default` (Qlik's built-in roles) or `custom`; all roles when unset. */
  type?: "default" | "custom";
  tenantUrl?: string;
}

export interface RolesData {
  roles: RoleSummary[];
}

export interface GetSpaceArgs {
  /** The space id; or `name`. */
  id?: string;
  /** The exact (case-sensitive) name; or `id`. */
  name?: string;
  /** Narrows a lookup by name to one type: `shared`, `managed` or `data`. */
  type?: "shared" | "managed" | "data";
  /** Defaults to `qlik:tenantUrl` / `QLIK_TENANT_URL`. */
  tenantUrl?: string;
}

/** The space's fields at the top level; absent ones are left out. */
export interface SpaceData {
  id: string;
  name: string;
  type?: string;
  description?: string;
  ownerId?: string;
  tenantId?: string;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  /** The roles that can be assigned in this space (they depend on its type). */
  assignableRoles?: string[];
}
