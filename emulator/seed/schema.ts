/**
 * The seed: everything the emulator starts from (and returns to on reset). Plain JSON so that users can keep
 * their own seed files next to their CI; validated with zod when loaded so a typo fails loudly at start-up.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { iqServerSeedSchema, type IqServerSeed } from "../iqserver/seed";

export const START_PAGES = [
  "analytics-hub",
  "analytics-creation-hub",
  "data-integration-hub",
  "management-console",
] as const;
export type StartPageValue = (typeof START_PAGES)[number];

export interface SeedUser {
  /** 24-hex id; generated deterministically when absent. */
  id?: string;
  subject: string;
  name?: string;
  email?: string;
  status?: "active" | "invited" | "disabled";
  /** Role names (default or custom). */
  roles?: string[];
  /** Groups the user belongs to, by name; providerType defaults to "idp". */
  groups?: { name: string; providerType?: "idp" | "custom" }[];
  picture?: string;
  locale?: string;
  zoneinfo?: string;
  preferredLocale?: string;
  preferredZoneinfo?: string;
}

export interface SeedGroup {
  id?: string;
  name: string;
  providerType?: "idp" | "custom";
  description?: string;
  /** Role names. */
  roles?: string[];
}

export interface SeedTenantSettings {
  preferredStartPage?: StartPageValue;
  customizeNoAccess?: { linkEnabled: boolean; linkLabel?: string; linkUrl?: string; message?: string };
  releaseCadence?: "monthly" | "continuous";
  sessionReplayOptOut?: boolean;
  crossRegionDataProcessing?: boolean;
}

/** A shared, managed or data space with its assignments (users by subject, groups by name). */
export interface SeedSpace {
  id?: string;
  name: string;
  type: "shared" | "managed" | "data";
  description?: string;
  /** Subject of the owner; default: the API key's owner. */
  owner?: string;
  assignments?: (
    { user: string; roles: string[] } | { group: string; providerType?: "idp" | "custom"; roles: string[] }
  )[];
}

/** Fields every tenant has in the organization's (console) listing. */
export interface SeedListedTenant {
  /** 32 characters, like Qlik's tenant ids. */
  id: string;
  name: string;
  hostnames: string[];
  regionCode: string;
  countryCode?: string;
  subscriptionId: string;
  licenseNumber?: string;
  status?: "active" | "disabled" | "deleted" | "deactivated";
  createdAt?: string;
}

/** A tenant that gets its own HTTP listener. */
export interface SeedTenant extends SeedListedTenant {
  /** The tenant's dev API key (Bearer token) and the subject of the user who owns it. */
  apiKey: string;
  apiKeyOwner: string;
  /** A machine-to-machine OAuth client of this tenant and the subject of the bot user it acts as. */
  oauthClient: { clientId: string; clientSecret: string; userSubject: string };
  /** Subject of the bot user the organization client acts as on this tenant (for /users/me). */
  orgClientUserSubject?: string;
  autoAssignCreateSharedSpacesRoleToProfessionals?: boolean;
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals?: boolean;
  autoAssignDataServicesContributorRoleToProfessionals?: boolean;
  enableAnalyticCreation?: boolean;
  enableAppOpeningFeedback?: boolean;
  customRoles?: { name: string; description?: string; level?: "admin" | "user" }[];
  users?: SeedUser[];
  groups?: SeedGroup[];
  groupSettings?: { autoCreateGroups: boolean; syncIdpGroups?: boolean; everyoneRoles?: string[] };
  /** null or absent: the tenant has no tenant-settings document (GET answers 404). */
  tenantSettings?: SeedTenantSettings | null;
  /** Lower the group cap (default 10,000) or the custom-role cap (default 500) to exercise the limits quickly. */
  limits?: { maxGroups?: number; maxCustomRoles?: number };
  spaces?: SeedSpace[];
}

export interface EmulatorSeed {
  organization: {
    name?: string;
    orgClient: { clientId: string; clientSecret: string };
    /** Subscriptions that belong to the organization: the org client sees their tenants, and only theirs. */
    subscriptionIds: string[];
  };
  /** Emulated tenants, each served on its own port; the first one is the default tenant. */
  tenants: SeedTenant[];
  /** Tenants the console lists but that have no server: other regions, other subscriptions. */
  listedTenants?: SeedListedTenant[];
  /** The emulated Sonatype IQ Server (its own port); the built-in IQ Server seed when absent. */
  iqServer?: IqServerSeed;
}

const roleLevel = z.enum(["admin", "user"]);
const providerType = z.enum(["idp", "custom"]);

const listedTenantShape = {
  id: z.string().regex(/^[A-Za-z0-9_-]{32}$/, "tenant ids are 32 characters [A-Za-z0-9_-]"),
  name: z.string().min(1),
  hostnames: z.array(z.string().min(1)).min(1),
  regionCode: z.string().min(1),
  countryCode: z.string().optional(),
  subscriptionId: z.string().min(1),
  licenseNumber: z.string().optional(),
  status: z.enum(["active", "disabled", "deleted", "deactivated"]).optional(),
  createdAt: z.string().optional(),
};

const objectId = z.string().regex(/^[0-9a-f]{24}$/, "ids are 24 lowercase hex characters");

const seedUser = z.strictObject({
  id: objectId.optional(),
  subject: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  status: z.enum(["active", "invited", "disabled"]).optional(),
  roles: z.array(z.string()).optional(),
  groups: z.array(z.strictObject({ name: z.string(), providerType: providerType.optional() })).optional(),
  picture: z.string().optional(),
  locale: z.string().optional(),
  zoneinfo: z.string().optional(),
  preferredLocale: z.string().optional(),
  preferredZoneinfo: z.string().optional(),
});

const seedGroup = z.strictObject({
  id: objectId.optional(),
  name: z.string().min(1).max(256),
  providerType: providerType.optional(),
  description: z.string().optional(),
  roles: z.array(z.string()).optional(),
});

const seedSpace = z.strictObject({
  id: objectId.optional(),
  name: z.string().min(1).max(256),
  type: z.enum(["shared", "managed", "data"]),
  description: z.string().optional(),
  owner: z.string().min(1).optional(),
  assignments: z
    .array(
      z.union([
        z.strictObject({ user: z.string().min(1), roles: z.array(z.string()).min(1) }),
        z.strictObject({
          group: z.string().min(1),
          providerType: providerType.optional(),
          roles: z.array(z.string()).min(1),
        }),
      ]),
    )
    .optional(),
});

const seedTenantSettings = z.strictObject({
  preferredStartPage: z.enum(START_PAGES).optional(),
  customizeNoAccess: z
    .strictObject({
      linkEnabled: z.boolean(),
      linkLabel: z.string().optional(),
      linkUrl: z.string().optional(),
      message: z.string().optional(),
    })
    .optional(),
  releaseCadence: z.enum(["monthly", "continuous"]).optional(),
  sessionReplayOptOut: z.boolean().optional(),
  crossRegionDataProcessing: z.boolean().optional(),
});

const seedTenant = z.strictObject({
  ...listedTenantShape,
  apiKey: z.string().min(1),
  apiKeyOwner: z.string().min(1),
  oauthClient: z.strictObject({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    userSubject: z.string(),
  }),
  orgClientUserSubject: z.string().optional(),
  autoAssignCreateSharedSpacesRoleToProfessionals: z.boolean().optional(),
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: z.boolean().optional(),
  autoAssignDataServicesContributorRoleToProfessionals: z.boolean().optional(),
  enableAnalyticCreation: z.boolean().optional(),
  enableAppOpeningFeedback: z.boolean().optional(),
  customRoles: z
    .array(z.strictObject({ name: z.string().min(1), description: z.string().optional(), level: roleLevel.optional() }))
    .optional(),
  users: z.array(seedUser).optional(),
  groups: z.array(seedGroup).optional(),
  groupSettings: z
    .strictObject({
      autoCreateGroups: z.boolean(),
      syncIdpGroups: z.boolean().optional(),
      everyoneRoles: z.array(z.string()).optional(),
    })
    .optional(),
  tenantSettings: seedTenantSettings.nullable().optional(),
  limits: z
    .strictObject({
      maxGroups: z.number().int().min(0).optional(),
      maxCustomRoles: z.number().int().min(0).optional(),
    })
    .optional(),
  spaces: z.array(seedSpace).optional(),
});

export const emulatorSeedSchema: z.ZodType<EmulatorSeed> = z.strictObject({
  organization: z.strictObject({
    name: z.string().optional(),
    orgClient: z.strictObject({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
    subscriptionIds: z.array(z.string().min(1)),
  }),
  tenants: z.array(seedTenant).min(1, "at least one emulated tenant is needed"),
  listedTenants: z.array(z.strictObject(listedTenantShape)).optional(),
  iqServer: iqServerSeedSchema.optional(),
});

/** Validates a seed object and checks the cross-references zod cannot see (unique ids, owners that exist). */
export function validateSeed(input: unknown, origin = "seed"): EmulatorSeed {
  const parsed = emulatorSeedSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`Invalid emulator ${origin}:\n${lines.join("\n")}`);
  }
  const seed = parsed.data;
  const tenantIds = new Set<string>();
  for (const tenant of [...seed.tenants, ...(seed.listedTenants ?? [])]) {
    if (tenantIds.has(tenant.id)) throw new Error(`Invalid emulator ${origin}: duplicate tenant id ${tenant.id}`);
    tenantIds.add(tenant.id);
  }
  const credentials = new Set<string>([seed.organization.orgClient.clientId]);
  for (const tenant of seed.tenants) {
    for (const credential of [tenant.apiKey, tenant.oauthClient.clientId]) {
      if (credentials.has(credential)) {
        throw new Error(`Invalid emulator ${origin}: credential ${credential} is used twice`);
      }
      credentials.add(credential);
    }
    const subjects = new Set((tenant.users ?? []).map((user) => user.subject));
    for (const needed of [tenant.apiKeyOwner, tenant.oauthClient.userSubject, tenant.orgClientUserSubject]) {
      if (needed !== undefined && !subjects.has(needed)) {
        throw new Error(`Invalid emulator ${origin}: tenant ${tenant.name} has no user with subject ${needed}`);
      }
    }
  }
  return seed;
}

export function loadSeedFile(path: string): EmulatorSeed {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read emulator seed file ${path}: ${(error as Error).message}`);
  }
  return validateSeed(raw, `seed file ${path}`);
}
