/**
 * Records → Qlik's JSON shapes, typed against `@qlik/api` so a drift from the published contract fails the
 * type check. `origin` is where `links.*.href` point (the request's origin or the configured linkOrigin).
 */
import type { User } from "@qlik/api/users";
import type { Group, GroupSettings } from "@qlik/api/groups";
import type { Role } from "@qlik/api/roles";
import type { Tenant } from "@qlik/api/tenants";
import type { TenantSettingsDefinition } from "@qlik/api/tenant-settings";
import type { TenantStore } from "./tenant-store";
import {
  EVERYONE_GROUP_ID,
  EVERYONE_GROUP_NAME,
  START_PAGE_ROUTES,
  type GroupRecord,
  type RoleRecord,
  type TenantSettingsRecord,
  type UserRecord,
} from "./records";

type RoleRef = { id: string; name: string; type: "default" | "custom"; level: "admin" | "user" };

export function roleRefs(store: TenantStore, roleIds: readonly string[]): RoleRef[] {
  const refs: RoleRef[] = [];
  for (const id of roleIds) {
    const role = store.roles.get(id);
    if (role) refs.push({ id: role.id, name: role.name, type: role.type, level: role.level });
  }
  return refs;
}

/** Optional fields are left out rather than sent as null, like the real service does. */
function withOptional<T extends object>(base: T, optional: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (base as Record<string, unknown>)[key] = value;
  }
  return base;
}

export function renderUser(store: TenantStore, user: UserRecord, origin: string): User {
  const assignedGroups = [];
  for (const id of user.groupIds) {
    const group = store.groups.get(id);
    if (group) {
      assignedGroups.push({
        id: group.id,
        name: group.name,
        providerType: group.providerType,
        assignedRoles: roleRefs(store, group.roleIds),
      });
    }
  }
  const base: User = {
    id: user.id,
    tenantId: store.tenant.id,
    subject: user.subject,
    name: user.name,
    status: user.status,
    createdAt: user.createdAt,
    lastUpdatedAt: user.lastUpdatedAt,
    assignedRoles: roleRefs(store, user.roleIds),
    assignedGroups,
    assignedScopes: [],
    links: { self: { href: `${origin}/api/v1/users/${user.id}` } },
  };
  return withOptional(base, {
    email: user.email,
    picture: user.picture,
    locale: user.locale,
    zoneinfo: user.zoneinfo,
    preferredLocale: user.preferredLocale,
    preferredZoneinfo: user.preferredZoneinfo,
    inviteExpiry: user.inviteExpiry,
  });
}

export function renderGroup(store: TenantStore, group: GroupRecord, origin: string): Group {
  const base: Group = {
    id: group.id,
    tenantId: store.tenant.id,
    name: group.name,
    status: group.status,
    providerType: group.providerType,
    assignedRoles: roleRefs(store, group.roleIds),
    createdAt: group.createdAt,
    lastUpdatedAt: group.lastUpdatedAt,
    links: { self: { href: `${origin}/api/v1/groups/${group.id}` } },
  };
  return withOptional(base, { description: group.description, createdBy: group.createdBy, updatedBy: group.updatedBy });
}

/** The Everyone system group, as `GET /groups?systemGroups=true` lists it. */
export function renderEveryoneGroup(store: TenantStore, origin: string): Group {
  const everyone = store.groupSettings.everyone;
  return {
    id: EVERYONE_GROUP_ID,
    tenantId: store.tenant.id,
    name: EVERYONE_GROUP_NAME,
    status: "active",
    assignedRoles: roleRefs(store, everyone.roleIds),
    createdAt: everyone.createdAt,
    lastUpdatedAt: everyone.lastUpdatedAt,
    links: { self: { href: `${origin}/api/v1/groups/${EVERYONE_GROUP_ID}` } },
  };
}

export function renderGroupSettings(store: TenantStore, origin: string): GroupSettings {
  const settings = store.groupSettings;
  return {
    autoCreateGroups: settings.autoCreateGroups,
    syncIdpGroups: settings.syncIdpGroups,
    systemGroups: {
      [EVERYONE_GROUP_ID]: {
        id: EVERYONE_GROUP_ID,
        name: EVERYONE_GROUP_NAME,
        enabled: true,
        assignedRoles: roleRefs(store, settings.everyone.roleIds),
        createdAt: settings.everyone.createdAt,
        lastUpdatedAt: settings.everyone.lastUpdatedAt,
      },
    },
    tenantId: store.tenant.id,
    links: { self: { href: `${origin}/api/v1/groups/settings` } },
  };
}

export function renderRole(store: TenantStore, role: RoleRecord, origin: string): Role {
  return {
    id: role.id,
    tenantId: store.tenant.id,
    name: role.name,
    description: role.description,
    type: role.type,
    level: role.level,
    permissions: [...role.permissions],
    assignedScopes: [...role.assignedScopes],
    canEdit: role.type === "custom",
    canDelete: role.type === "custom",
    createdAt: role.createdAt,
    lastUpdatedAt: role.lastUpdatedAt,
    links: { self: { href: `${origin}/api/v1/roles/${role.id}` } },
  };
}

export function renderTenant(store: TenantStore, origin: string): Tenant {
  const t = store.tenant;
  return {
    id: t.id,
    name: t.name,
    hostnames: [...t.hostnames],
    createdByUser: t.createdByUser,
    created: t.created,
    lastUpdated: t.lastUpdated,
    status: t.status,
    datacenter: t.regionCode,
    region: t.regionCode,
    autoAssignCreateSharedSpacesRoleToProfessionals: t.autoAssignCreateSharedSpacesRoleToProfessionals,
    autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals:
      t.autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals,
    autoAssignDataServicesContributorRoleToProfessionals: t.autoAssignDataServicesContributorRoleToProfessionals,
    enableAnalyticCreation: t.enableAnalyticCreation,
    enableAppOpeningFeedback: t.enableAppOpeningFeedback,
    links: { self: { href: `${origin}/api/v1/tenants/${t.id}` } },
  };
}

export function renderTenantSettings(settings: TenantSettingsRecord): TenantSettingsDefinition {
  const base: TenantSettingsDefinition = {
    id: settings.id,
    tenantId: settings.tenantId,
    createdAt: settings.createdAt,
    createdBy: settings.createdBy,
    updatedAt: settings.updatedAt,
  };
  return withOptional(base, {
    updatedBy: settings.updatedBy,
    releaseCadence: settings.releaseCadence,
    customizeNoAccess: settings.customizeNoAccess && { ...settings.customizeNoAccess },
    preferredStartPage: settings.preferredStartPage && {
      route: START_PAGE_ROUTES[settings.preferredStartPage],
      value: settings.preferredStartPage,
    },
    sessionReplayOptOut: settings.sessionReplayOptOut,
    crossRegionDataProcessing: settings.crossRegionDataProcessing,
  });
}
