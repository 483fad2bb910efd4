/**
 * The rich seed (`--seed rich`): the built-in seed with its first tenant (acme-us) filled the way real tenants
 * are — people from several identity providers with accents, scripts and punctuation in their names, IdP and
 * custom groups (two that differ only in case, a custom group named like an IdP group), roles default and
 * custom (a second custom role with a hostile name, assigned to a user, a custom group and Everyone), custom
 * groups with members and without, every user status, a settings document with a custom no-access page — and hostile names: quotes,
 * backslashes, `${…}`, comment terminators, line breaks, bidi overrides, zero-width characters, 256-character
 * names — and spaces of each type, hostile in every way Qlik's name rules allow, assigned to users and groups. It
 * exists so that `pulumi-qlik import` (and anything else that turns tenant data into text) is
 * tested against what it will meet.
 */
import { defaultSeed } from "./default-seed";
import type { EmulatorSeed, SeedGroup, SeedSpace, SeedTenant, SeedUser } from "./schema";

const LONG_NAME = `Long ${"name ".repeat(60)}`.slice(0, 256);

/** A custom role beside the default seed's "Support Analyst": a hostile name, a multi-line description. */
export const AUDITOR_ROLE = 'Auditor "EU" \\ ${x}';

/** Groups: IdP groups as an identity provider sends them, custom groups made in Qlik. */
export const RICH_GROUPS: SeedGroup[] = [
  { name: "Sales & Marketing", providerType: "idp", roles: ["Developer"] },
  { name: "R&D / Europe", providerType: "idp" },
  { name: "finance", providerType: "idp" }, // beside the default seed's "Finance": names are case-sensitive
  {
    name: "Finance",
    providerType: "custom",
    description: "Finance, curated in Qlik",
    roles: ["DataSpaceCreator", AUDITOR_ROLE],
  },
  { name: "Ünïcödé Grüppe — Zürich", providerType: "idp" },
  { name: "営業部", providerType: "idp", roles: ["SharedSpaceCreator"] },
  { name: 'Quoted "Group" \\ ${process.exit(1)}', providerType: "custom", description: 'Says "hi" \\ and */ ends' },
  { name: "Line\nBreak\tGroup", providerType: "custom", description: "first line\nsecond line\r\nthird" },
  { name: "admin\u202egnp.exe", providerType: "idp" }, // a right-to-left override ("Trojan Source")
  { name: "zero\u200bwidth", providerType: "custom", description: "\u2028separators\u2029" },
  { name: LONG_NAME, providerType: "idp" },
  { name: "Everyone Else", providerType: "custom", description: "", roles: ["Support Analyst", "AutomationCreator"] },
  { name: "constructor", providerType: "idp" },
  { name: "__proto__", providerType: "custom", description: "names that are JavaScript's own words" },
];

/** People: several identity providers, every status, roles default and custom, hostile display names. */
export const RICH_USERS: SeedUser[] = [
  {
    subject: "samlp|acme|zoe.angstrom",
    name: "Zoë Ångström",
    email: "zoe.angstrom@acme.example",
    status: "active",
    roles: ["Developer", "Support Analyst"],
    groups: [{ name: "Ünïcödé Grüppe — Zürich" }, { name: "Finance", providerType: "custom" }],
    preferredLocale: "sv-SE",
    preferredZoneinfo: "Europe/Stockholm",
  },
  {
    subject: "google-oauth2|104892334917725011234",
    name: "山田 太郎",
    email: "taro.yamada@acme.example",
    status: "active",
    roles: ["SharedSpaceCreator"],
    groups: [{ name: "営業部" }],
    preferredLocale: "ja-JP",
    preferredZoneinfo: "Asia/Tokyo",
  },
  {
    subject: "waad|3f2a9c1e-7b1d-4c2e-9a51-2f0d8e6b4c11",
    name: 'Seán O\'Brien "The Hammer"',
    email: "Sean.OBrien+qlik@Acme.Example",
    status: "disabled",
    roles: ["AnalyticsAdmin"],
  },
  {
    subject: "auth0|backslash\\user",
    name: "C:\\Users\\admin\\${HOME}",
    email: "backslash@acme.example",
    status: "invited",
  },
  {
    subject: "auth0|template-user",
    name: "`${process.exit(1)}` */ // <!--",
    email: "template@acme.example",
    status: "active",
    roles: ["Developer"],
  },
  { subject: "auth0|newline", name: "First\nSecond\r\nThird", email: "newline@acme.example", status: "active" },
  { subject: "auth0|rtl", name: "user\u202eexe.txt", email: "rtl@acme.example", status: "active" },
  {
    subject: "auth0|emoji",
    name: "Party 🎉 Person",
    email: "emoji@acme.example",
    status: "active",
    roles: [],
    groups: [{ name: "__proto__", providerType: "custom" }],
  },
  { subject: "auth0|long", name: LONG_NAME, email: "long@acme.example", status: "active" },
  // Two people with the same display name (and email local part): their resource names must still differ.
  {
    subject: "auth0|alex-1",
    name: "Alex Smith",
    email: "alex.smith@acme.example",
    status: "active",
    groups: [{ name: "Everyone Else", providerType: "custom" }],
  },
  { subject: "okta|alex-2", name: "Alex Smith", email: "alex.smith@subsidiary.example", status: "active" },
  // An email the provider's check rejects (no top-level domain): imported with email left unmanaged.
  { subject: "auth0|svc-reporting", name: "Reporting service", email: "reporting@localhost", status: "active" },
  {
    subject: "auth0|picture",
    name: "Pat Picture",
    email: "pat@acme.example",
    status: "active",
    picture: "https://cdn.acme.example/avatars/pat.png",
    roles: [AUDITOR_ROLE, "Developer"],
    groups: [
      { name: "Everyone Else", providerType: "custom" },
      { name: "Finance", providerType: "custom" },
    ],
  },
  { subject: "auth0|__proto__", name: "__proto__", email: "proto@acme.example", status: "active" },
];

/**
 * Spaces of each type with assignments to users (by subject) and groups (by name). Names within Qlik's rules (no
 * `"*?<>/|\\:`, at most 256 characters) but hostile otherwise: `${…}`, quotes, backticks, a bidi
 * override, a zero-width space, JavaScript's own words, the same name in two types, case-only differences.
 * Roles are listed out of order: they are a set.
 */
export const RICH_SPACES: SeedSpace[] = [
  {
    name: "Finance",
    type: "shared",
    description: "Budgets — «Zürich» 'Q3' ${budget}",
    owner: "samlp|acme|zoe.angstrom",
    assignments: [
      { user: "samlp|acme|zoe.angstrom", roles: ["producer", "consumer"] },
      { user: "google-oauth2|104892334917725011234", roles: ["consumer"] },
      { group: "Finance", providerType: "custom", roles: ["dataconsumer", "consumer"] },
      { group: "finance", providerType: "idp", roles: ["consumer"] },
    ],
  },
  {
    name: "finance",
    type: "managed",
    assignments: [
      { group: "Finance", providerType: "custom", roles: ["publisher", "basicconsumer", "contributor"] },
      { user: "auth0|alex-1", roles: ["consumer"] },
      { user: "okta|alex-2", roles: ["consumer"] },
    ],
  },
  {
    name: "営業 ${process.exit(1)} 'quoted' `tick` -- end",
    type: "data",
    description: "Line one\nline two",
    owner: "google-oauth2|104892334917725011234",
    assignments: [
      { group: "営業部", roles: ["operator", "dataconsumer"] },
      { group: 'Quoted "Group" \\ ${process.exit(1)}', providerType: "custom", roles: ["datapreview"] },
    ],
  },
  {
    name: "reports\u202eslx.exe",
    type: "shared",
    owner: "auth0|rtl",
    assignments: [
      { user: "auth0|__proto__", roles: ["facilitator"] },
      { group: "__proto__", providerType: "custom", roles: ["codeveloper"] },
    ],
  },
  { name: "zero\u200bwidth & Ünïcödé 🎉", type: "managed", assignments: [{ group: LONG_NAME, roles: ["consumer"] }] },
  { name: "constructor", type: "data" },
  { name: LONG_NAME, type: "shared", assignments: [{ user: "auth0|long", roles: ["consumer", "codeveloper"] }] },
];

/**
 * `count` ordinary people and `groupCount` IdP groups with realistic names, for volume (the benchmark's 2,000
 * users and 200 groups). Deterministic: the same counts give the same tenant.
 */
export function generatedContent(count: number, groupCount: number): { users: SeedUser[]; groups: SeedGroup[] } {
  const first = [
    "Ana",
    "Björn",
    "Chloé",
    "Dmitri",
    "Eve",
    "François",
    "Grace",
    "Hiroshi",
    "Inés",
    "José",
    "Kai",
    "Lena",
  ];
  const last = ["García", "Müller", "Nakamura", "O'Neil", "Petrov", "Quinn", "Rossi", "Smith", "Tanaka", "Ušák"];
  const departments = ["Sales", "Finance", "Engineering", "Support", "Legal", "Ops", "Marketing", "HR"];
  const regions = ["EMEA", "AMER", "APAC", "Nordics", "DACH"];
  const groups: SeedGroup[] = Array.from({ length: groupCount }, (_, i) => ({
    name: `${departments[i % departments.length]} ${regions[Math.floor(i / departments.length) % regions.length]} ${i + 1}`,
    providerType: "idp" as const,
    roles: i % 7 === 0 ? ["Developer"] : undefined,
  }));
  const statuses = ["active", "active", "active", "invited", "disabled"] as const;
  const users: SeedUser[] = Array.from({ length: count }, (_, i) => {
    const given = first[i % first.length];
    const family = last[Math.floor(i / first.length) % last.length];
    return {
      subject: `samlp|acme|user-${String(i + 1).padStart(5, "0")}`,
      name: `${given} ${family}`,
      email: `user${i + 1}@acme.example`,
      status: statuses[i % statuses.length],
      roles: i % 10 === 0 ? ["Developer"] : undefined,
      groups: groupCount > 0 ? [{ name: groups[i % groupCount].name }] : undefined,
    };
  });
  return { users, groups };
}

/**
 * The built-in seed with `content` added to its first tenant (acme-us), which also gets a settings document and
 * group settings whose Everyone group has roles (one default, one custom).
 */
export function seedWithContent(content: { users: SeedUser[]; groups: SeedGroup[] }): EmulatorSeed {
  const seed = defaultSeed();
  const tenant: SeedTenant = seed.tenants[0];
  tenant.groups = [...(tenant.groups ?? []), ...content.groups];
  tenant.users = [...(tenant.users ?? []), ...content.users];
  tenant.tenantSettings = {
    preferredStartPage: "analytics-creation-hub",
    customizeNoAccess: {
      linkEnabled: true,
      linkLabel: "Ask for access — «Zugang»",
      linkUrl: "https://intranet.acme.example/qlik-access?from=qlik&lang=de",
      message: 'No access yet.\nWrite to "it@acme.example" \\ or call ${HELPDESK}.',
    },
    releaseCadence: "continuous",
    sessionReplayOptOut: false,
    crossRegionDataProcessing: false,
  };
  tenant.groupSettings = {
    autoCreateGroups: true,
    syncIdpGroups: true,
    everyoneRoles: ["Developer", "Support Analyst"],
  };
  return seed;
}

/** acme-us with the hostile people, groups and spaces above and 30 generated people in 6 groups. */
export function richSeed(): EmulatorSeed {
  const generated = generatedContent(30, 6);
  const seed = seedWithContent({
    users: [...RICH_USERS, ...generated.users],
    groups: [...RICH_GROUPS, ...generated.groups],
  });
  const tenant = seed.tenants[0];
  tenant.spaces = [...(tenant.spaces ?? []), ...RICH_SPACES];
  tenant.customRoles = [
    ...(tenant.customRoles ?? []),
    { name: AUDITOR_ROLE, description: "Reads the audit log.\nNothing else — «read only».", level: "user" },
  ];
  tenant.groupSettings = {
    autoCreateGroups: true,
    syncIdpGroups: true,
    everyoneRoles: ["Developer", "Support Analyst", AUDITOR_ROLE],
  };
  return seed;
}
