import * as qlik from "pulumi-qlik";

// `pulumi import` cannot adopt objects for dynamic providers, so pulumi-qlik adopts by natural key instead:
// a user by subject, a group by exact name and provider type. Without adoptExisting, creating an object that
// already exists fails with a conflict naming its id.

const alice = new qlik.User("alice", {
  subject: "auth0|seed-alice",
  email: "alice@acme.example",
  name: "Alice Seed",
  assignedRoles: ["Developer", "SharedSpaceCreator"],
  adoptExisting: true,
});

const finance = new qlik.Group("finance", {
  name: "Finance",
  providerType: "idp",
  assignedRoles: ["SharedSpaceCreator", "DataSpaceCreator"],
  adoptExisting: true,
});

const stewards = new qlik.Group("data-stewards", {
  name: "Data Stewards",
  providerType: "custom",
  description: "People who curate data",
  assignedRoles: ["DataAdmin"],
  adoptExisting: true,
});

// Tenant settings are one document per tenant: creating the resource always adopts an existing document.
const settings = new qlik.TenantSettings("settings", {
  preferredStartPage: "analytics-creation-hub",
  releaseCadence: "monthly",
});

// The tenant itself is always adopted; deleting the resource puts back the values it found, and never deletes it.
const tenant = new qlik.Tenant("tenant", {
  autoAssignCreateSharedSpacesRoleToProfessionals: true,
});

export const aliceId = alice.id;
export const groupIds = { finance: finance.id, stewards: stewards.id };
export const settingsId = settings.id;
export const tenantHostnames = tenant.hostnames;
