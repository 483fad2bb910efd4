/**
 * The built-in seed: one organization ("Acme") with subscription "sub-acme" holding three emulated tenants in
 * three regions plus enough listing-only tenants to need several console pages, and a foreign subscription
 * ("sub-other") whose tenants the Acme org client must not see. Credentials are fixed, well-known dev values.
 */
import { createHash } from "node:crypto";
import type { EmulatorSeed, SeedListedTenant, SeedTenant } from "./schema";
import { defaultIqServerSeed } from "../iqserver/seed";

export const ACME_SUBSCRIPTION = "sub-acme";
export const OTHER_SUBSCRIPTION = "sub-other";

interface EmulatedTenantPlan {
  n: number;
  id: string;
  name: string;
  hostnames: string[];
  regionCode: string;
  countryCode: string;
  tenantSettings: SeedTenant["tenantSettings"];
}

const EMULATED: EmulatedTenantPlan[] = [
  {
    n: 1,
    id: "wFOBrQ5Rn35Eb82IRWe9hcxPDJZcSI-I",
    name: "acme-us",
    hostnames: ["acme-us.us.qlikcloud.com"],
    regionCode: "us-east-1",
    countryCode: "US",
    // No document: the first POST or toggle creates it.
    tenantSettings: null,
  },
  {
    n: 2,
    id: "ep78msTXXZhOAN1shd9hq58E6PT7hJK_",
    name: "acme-eu",
    hostnames: ["acme-eu.eu.qlikcloud.com", "acme-europe.eu.qlikcloud.com"],
    regionCode: "eu-west-1",
    countryCode: "IE",
    tenantSettings: {
      preferredStartPage: "analytics-hub",
      customizeNoAccess: { linkEnabled: false },
      releaseCadence: "monthly",
      sessionReplayOptOut: true,
      crossRegionDataProcessing: false,
    },
  },
  {
    n: 3,
    id: "W-37aBAu3XchazO1GZQFeADVYk1IqpgH",
    name: "acme-ap",
    hostnames: ["acme-ap.ap.qlikcloud.com"],
    regionCode: "ap-southeast-2",
    countryCode: "AU",
    tenantSettings: null,
  },
];

export const ORG_CLIENT = { clientId: "emu-org-client", clientSecret: "emu-org-secret" };

function emulatedTenant(plan: EmulatedTenantPlan): SeedTenant {
  const clientId = `emu-client-${plan.n}`;
  return {
    id: plan.id,
    name: plan.name,
    hostnames: plan.hostnames,
    regionCode: plan.regionCode,
    countryCode: plan.countryCode,
    subscriptionId: ACME_SUBSCRIPTION,
    licenseNumber: "9999000000000001",
    status: "active",
    createdAt: "2024-01-15T09:00:00.000Z",
    apiKey: `emu-apikey-${plan.n}`,
    apiKeyOwner: "auth0|emu-admin",
    oauthClient: { clientId, clientSecret: `emu-secret-${plan.n}`, userSubject: `qlikbot|${clientId}` },
    orgClientUserSubject: `qlikbot|${ORG_CLIENT.clientId}`,
    autoAssignCreateSharedSpacesRoleToProfessionals: true,
    autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: true,
    autoAssignDataServicesContributorRoleToProfessionals: false,
    enableAnalyticCreation: false,
    enableAppOpeningFeedback: true,
    customRoles: [{ name: "Support Analyst", description: "Reads apps and audits for support cases", level: "user" }],
    users: [
      {
        subject: "auth0|emu-admin",
        name: "Emu Admin",
        email: "admin@acme.example",
        status: "active",
        roles: ["TenantAdmin"],
      },
      {
        subject: "auth0|seed-alice",
        name: "Alice Seed",
        email: "alice@acme.example",
        status: "active",
        roles: ["Developer"],
        groups: [{ name: "Finance" }],
        preferredLocale: "en-US",
        preferredZoneinfo: "America/New_York",
      },
      { subject: "auth0|seed-bob", name: "Bob Seed", email: "bob@acme.example", status: "invited" },
      {
        subject: "auth0|seed-carol",
        name: "Carol Seed",
        email: "carol@acme.example",
        status: "disabled",
        roles: ["AnalyticsAdmin"],
        groups: [{ name: "Sales" }, { name: "Data Stewards", providerType: "custom" }],
      },
      {
        subject: `qlikbot|${clientId}`,
        name: `${clientId} (machine-to-machine)`,
        status: "active",
        roles: ["TenantAdmin"],
      },
      {
        subject: `qlikbot|${ORG_CLIENT.clientId}`,
        name: `${ORG_CLIENT.clientId} (organization client)`,
        status: "active",
        roles: ["TenantAdmin"],
      },
    ],
    groups: [
      { name: "Finance", providerType: "idp", roles: ["SharedSpaceCreator"] },
      { name: "Sales", providerType: "idp" },
      { name: "Data Stewards", providerType: "custom", description: "People who curate data", roles: ["DataAdmin"] },
    ],
    groupSettings: { autoCreateGroups: true, syncIdpGroups: true, everyoneRoles: [] },
    tenantSettings: plan.tenantSettings,
  };
}

const LISTED_REGIONS: { regionCode: string; countryCode: string; domain: string }[] = [
  { regionCode: "us-east-1", countryCode: "US", domain: "us" },
  { regionCode: "eu-west-1", countryCode: "IE", domain: "eu" },
  { regionCode: "ap-southeast-2", countryCode: "AU", domain: "ap" },
  { regionCode: "eu-central-1", countryCode: "DE", domain: "de" },
  { regionCode: "eu-west-2", countryCode: "GB", domain: "uk" },
  { regionCode: "ap-northeast-1", countryCode: "JP", domain: "jp" },
];

/** Stable 32-character tenant ids derived from the name, so docs and tests can rely on them. */
function tenantIdFor(name: string): string {
  return createHash("sha256").update(`pulumi-qlik-emulator:${name}`).digest("base64url").slice(0, 32);
}

function listedTenant(name: string, index: number, subscriptionId: string): SeedListedTenant {
  const region = LISTED_REGIONS[index % LISTED_REGIONS.length];
  const day = String(1 + (index % 28)).padStart(2, "0");
  // A few tenants are not active, so status filters have something to find.
  const status = index % 11 === 5 ? "disabled" : index % 13 === 7 ? "deleted" : "active";
  return {
    id: tenantIdFor(name),
    name,
    hostnames: [`${name}.${region.domain}.qlikcloud.com`],
    regionCode: region.regionCode,
    countryCode: region.countryCode,
    subscriptionId,
    licenseNumber: subscriptionId === ACME_SUBSCRIPTION ? "9999000000000001" : "9999000000000002",
    status,
    createdAt: `2024-02-${day}T12:00:00.000Z`,
  };
}

/** 42 listing-only acme tenants + 3 emulated = 45: three pages at the default limit of 20. */
export const LISTED_ACME_TENANT_COUNT = 42;

export function defaultSeed(): EmulatorSeed {
  const listed: SeedListedTenant[] = [];
  for (let i = 1; i <= LISTED_ACME_TENANT_COUNT; i++) {
    listed.push(listedTenant(`acme-branch-${String(i).padStart(2, "0")}`, i, ACME_SUBSCRIPTION));
  }
  for (let i = 1; i <= 3; i++) listed.push(listedTenant(`other-corp-${i}`, i, OTHER_SUBSCRIPTION));
  return {
    organization: { name: "Acme", orgClient: { ...ORG_CLIENT }, subscriptionIds: [ACME_SUBSCRIPTION] },
    tenants: EMULATED.map(emulatedTenant),
    listedTenants: listed,
    iqServer: defaultIqServerSeed(),
  };
}
