/** The default (built-in) roles every tenant has; names as Qlik spells them in role assignments. */
export const DEFAULT_ROLES: { name: string; level: "admin" | "user"; description: string }[] = [
  { name: "TenantAdmin", level: "admin", description: "Manages the tenant: users, groups, spaces, settings" },
  { name: "AnalyticsAdmin", level: "admin", description: "Manages analytics content and spaces" },
  { name: "DataAdmin", level: "admin", description: "Manages data integration and data spaces" },
  { name: "AuditAdmin", level: "admin", description: "Views audit events" },
  { name: "Developer", level: "user", description: "Creates API keys and uses developer tools" },
  { name: "DataSpaceCreator", level: "user", description: "Creates data spaces" },
  { name: "ManagedSpaceCreator", level: "user", description: "Creates managed spaces" },
  { name: "SharedSpaceCreator", level: "user", description: "Creates shared spaces" },
  { name: "PrivateAnalyticsContentCreator", level: "user", description: "Creates analytics content in personal space" },
  { name: "DataServicesContributor", level: "user", description: "Contributes to data services" },
  { name: "AutomationCreator", level: "user", description: "Creates automations" },
];
