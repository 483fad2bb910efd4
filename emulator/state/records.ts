/**
 * What the emulator stores. Records hold references by id (roles, groups) and are rendered into Qlik's
 * response shapes by render.ts, so a renamed role or group shows up everywhere at once, as on the real service.
 */
import type { StartPageValue } from "../seed/schema";

export type UserStatus = "active" | "invited" | "disabled" | "deleted" | "provisioned";

/** Invitations last seven days; `inviteExpiry` is in Unix seconds. */
export function inviteExpiryFrom(isoNow: string): number {
  return Math.floor(Date.parse(isoNow) / 1000) + 7 * 86400;
}

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  type: "default" | "custom";
  level: "admin" | "user";
  permissions: string[];
  /** Custom roles: the scopes they grant (Qlik's `assignedScopes`). */
  assignedScopes: string[];
  createdAt: string;
  lastUpdatedAt: string;
}

export interface UserRecord {
  id: string;
  /** Immutable: the IdP identifier. Unique per tenant (exact match). */
  readonly subject: string;
  name: string;
  email?: string;
  status: UserStatus;
  picture?: string;
  locale?: string;
  zoneinfo?: string;
  preferredLocale?: string;
  preferredZoneinfo?: string;
  /** Unix seconds when the invitation expires (invited users). */
  inviteExpiry?: number;
  createdAt: string;
  lastUpdatedAt: string;
  roleIds: string[];
  /** Groups may be deleted later; render.ts skips ids that no longer exist. */
  groupIds: string[];
}

export interface GroupRecord {
  id: string;
  name: string;
  providerType: "idp" | "custom";
  description?: string;
  status: "active" | "disabled";
  roleIds: string[];
  createdAt: string;
  lastUpdatedAt: string;
  createdBy?: string;
  updatedBy?: string;
}

export const EVERYONE_GROUP_ID = "000000000000000000000001";
export const EVERYONE_GROUP_NAME = "com.qlik.Everyone";

export interface GroupSettingsRecord {
  autoCreateGroups: boolean;
  syncIdpGroups: boolean;
  everyone: { roleIds: string[]; createdAt: string; lastUpdatedAt: string };
}

/** Stored as the service stores it: `preferredStartPage` is the plain value; render.ts adds the route. */
export interface TenantSettingsRecord {
  id: string;
  tenantId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy?: string;
  releaseCadence?: "monthly" | "continuous";
  customizeNoAccess?: { linkEnabled: boolean; linkLabel?: string; linkUrl?: string; message?: string };
  preferredStartPage?: StartPageValue;
  sessionReplayOptOut?: boolean;
  crossRegionDataProcessing?: boolean;
}

export interface TenantRecord {
  id: string;
  name: string;
  hostnames: string[];
  regionCode: string;
  countryCode?: string;
  subscriptionId: string;
  licenseNumber?: string;
  status: "active" | "disabled" | "deleted" | "user-access-disabled";
  created: string;
  lastUpdated: string;
  createdByUser: string;
  autoAssignCreateSharedSpacesRoleToProfessionals: boolean;
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: boolean;
  autoAssignDataServicesContributorRoleToProfessionals: boolean;
  enableAnalyticCreation: boolean;
  enableAppOpeningFeedback: boolean;
}

/** Start page values and the routes Qlik returns with them. */
export const START_PAGE_ROUTES: Record<StartPageValue, string> = {
  "analytics-hub": "/insights",
  "analytics-creation-hub": "/analytics",
  "data-integration-hub": "/qdi",
  "management-console": "/console",
};
