/**
 * The per-kind rules of the import: which kinds are selected, and which of Qlik's values are declared — only
 * those the provider's check accepts and whose adoption the engine would not change. Each declaration is taken
 * over by the engine itself (the kind's `create`, over a client that serves the object as Qlik has it): it sends
 * reads only, and the next diff is no change. A property test states it for arbitrary objects of every kind.
 */
import fc from "fast-check";
import { program } from "../../../cli";
import { declarationOf, importerOf, type KindImport } from "../../../cli/import/declare";
import { IMPLEMENTED_KINDS, PENDING_KINDS, selectKinds } from "../../../cli/import/kinds";
import { groupsImport } from "../../../cli/import/kinds/groups";
import { groupSettingsImport } from "../../../cli/import/kinds/groupSettings";
import { rolesImport } from "../../../cli/import/kinds/roles";
import { spaceAssignmentsImport } from "../../../cli/import/kinds/spaceAssignments";
import { spacesImport } from "../../../cli/import/kinds/spaces";
import { Reference, type Value } from "../../../cli/import/source";
import { tenantImport } from "../../../cli/import/kinds/tenant";
import { INFERENCE_ON_NOTE, tenantSettingsImport } from "../../../cli/import/kinds/tenantSettings";
import { usersImport } from "../../../cli/import/kinds/users";
import type { Declaration, KindName, NameOf } from "../../../cli/import/types";
import { diffOf, resourceOf } from "../../../provider/engine/engine";
import type { Kind, Values } from "../../../provider/engine/kind";
import { EVERYONE_GROUP_ID } from "../../../provider/groupSettings/schema";
import type { QlikClient, RequestOptions } from "../../../provider/http/types";

const TENANT = "https://acme.eu.qlikcloud.com";

test("every kind is selectable; the ones without a resource yet are reported, not dropped", () => {
  expect(IMPLEMENTED_KINDS).toEqual([
    "roles",
    "users",
    "groups",
    "group-members",
    "group-settings",
    "spaces",
    "space-assignments",
    "tenant-settings",
    "tenant",
  ]);
  expect(PENDING_KINDS).toEqual([]);
  const all = selectKinds();
  expect(all.importers.map((importer) => importer.kind)).toEqual(IMPLEMENTED_KINDS);
  expect(all.importers.map((importer) => importer.className)).toEqual([
    "Role",
    "User",
    "Group",
    "GroupMembers",
    "GroupSettings",
    "Space",
    "SpaceAssignment",
    "TenantSettings",
    "Tenant",
  ]);
  expect(all.pending).toEqual(PENDING_KINDS);
  expect(selectKinds("users, roles", undefined).importers.map((i) => i.kind)).toEqual(["roles", "users"]);
  expect(selectKinds(undefined, "users,group-members").importers.map((i) => i.kind)).not.toContain("users");
  expect(() => selectKinds("user")).toThrow(/--only: unknown kind "user". The kinds are: roles, users, groups/);
  expect(() => selectKinds(undefined, ",")).toThrow(/--skip needs a comma-separated list/);
});

test("the help text lists the kinds and says where custom-group memberships are declared", () => {
  const help =
    program()
      .commands.find((command) => command.name() === "import")
      ?.helpInformation() ?? "";
  let after = "";
  program()
    .commands.find((command) => command.name() === "import")
    ?.configureOutput({ writeOut: (text) => (after += text) })
    .outputHelp();
  expect(help).toMatch(/--only <kinds>/);
  expect(after).toMatch(
    /imports roles, users, groups, group-members, group-settings, spaces, space-assignments, tenant-settings, tenant\./,
  );
  expect(after).not.toMatch(/not imported yet/);
  expect(after).toMatch(/users then leaving customGroups unmanaged; with\n--skip group-members \(or --only users\)/);
});

/** A client that serves one object as Qlik's API has it (`raw`) and records every request. */
function serving(raw: unknown) {
  const sent: string[] = [];
  const client: QlikClient = {
    origin: TENANT,
    stats: { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } },
    async request<T>(options: RequestOptions<T>) {
      sent.push(`${options.method} ${options.path}`);
      let body: unknown = raw;
      if (options.path.endsWith("/actions/count")) body = { total: 1 };
      else if (options.query?.totalResults) body = { totalResults: 1 };
      else if (options.method !== "GET") return { status: 204, headers: {}, body: undefined as T };
      return { status: 200, headers: {}, body: (options.schema ? options.schema.parse(body) : body) as T };
    },
    async *paginate(options) {
      sent.push(`GET ${options.path} (listing)`);
      yield options.item.parse(raw);
    },
  };
  return { client, sent, connection: { client: () => client, defaultTenantUrl: () => TENANT } };
}

const progress = { total: () => {}, advance: () => {} };

/**
 * Imports the object `raw` as `spec` lists it, then lets the engine take each declaration over, as `pulumi up`
 * would: returns the declarations, what was skipped, and the writes adoption sent (none, by construction).
 */
async function importAndAdopt<Doc>(spec: KindImport<Doc>, raw: unknown, nameOf?: NameOf, kinds?: readonly KindName[]) {
  const { client, connection, sent } = serving(raw);
  const result = await importerOf(spec).read({ client, progress, nameOf, kinds });
  const resource = resourceOf(spec.description as Kind<unknown>, connection);
  const before = sent.length;
  for (const { args } of result.declarations) {
    const inputs = withIds(args) as Values;
    expect(await resource.check({}, inputs)).not.toHaveProperty("failures");
    const { outs } = await resource.create(inputs);
    expect(diffOf(spec.description, outs as Values, inputs, TENANT)).toEqual({ changes: false });
  }
  const writes = sent.slice(before).filter((request) => !request.startsWith("GET "));
  return { ...result, writes };
}

/** A role named in a role list: a reference to the declared custom role by name (a plain name otherwise). */
const role = (name: string) => new Reference("roles", name, "name");

/** The inputs a program's references evaluate to: the ids (or role names) they name. */
function withIds(value: Value): unknown {
  if (value instanceof Reference) return value.id;
  if (Array.isArray(value)) return value.map(withIds);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withIds(item as Value)]));
  }
  return value;
}

function declared(result: { declarations: Declaration[] }): Declaration {
  expect(result.declarations).toHaveLength(1);
  return result.declarations[0];
}

test("a user is declared with every value a program can set, and adopting it patches nothing", async () => {
  const user = {
    id: "u1",
    subject: "auth0|x",
    email: "Jane@Example.com",
    name: "Jane",
    status: "disabled",
    assignedRoles: [{ name: "Developer" }, { name: "Developer" }, { name: "TenantAdmin" }],
    preferredLocale: "de-DE",
  };
  const result = await importAndAdopt(usersImport, user);
  expect(declared(result).args).toEqual({
    subject: "auth0|x",
    email: "Jane@Example.com",
    name: "Jane",
    status: "disabled",
    assignedRoles: [role("Developer"), role("TenantAdmin")],
    preferredLocale: "de-DE",
    adoptExisting: true,
  });
  expect(declared(result).name).toMatchObject({ naturalKey: "auth0|x", candidates: ["Jane", "Jane", "auth0|x"] });
  expect(result.writes).toEqual([]);
});

test("values a program cannot set are left unmanaged, and said so; a user without a usable subject is skipped", async () => {
  const result = await importAndAdopt(usersImport, {
    id: "u1",
    subject: "auth0|x",
    status: "provisioned",
    email: "svc@localhost",
    name: "",
  });
  expect(declared(result).args).toEqual({ subject: "auth0|x", assignedRoles: [], adoptExisting: true });
  expect(declared(result).notes.join("\n")).toMatch(
    /email not managed[\s\S]*name not managed[\s\S]*status not managed: Qlik reports "provisioned"/,
  );
  expect(result.writes).toEqual([]);
  expect(declarationOf(usersImport, { id: "u1", subject: "  " })).toEqual({
    problem: expect.stringMatching(/^subject " {2}" is not valid/),
  });
  const skipped = await importAndAdopt(usersImport, { id: "u1", subject: "  " });
  expect(skipped.skipped).toEqual([{ what: 'user "  "', reason: expect.stringMatching(/^subject/) }]);
  // Users Qlik has deleted are not listed at all.
  expect((await importAndAdopt(usersImport, { id: "u1", subject: "a", status: "deleted" })).declarations).toEqual([]);
});

test("IdP groups carry no description (without a word); a custom group keeps its own", async () => {
  const idp = await importAndAdopt(groupsImport, {
    id: "g1",
    name: "Sales",
    providerType: "idp",
    description: "ignored by Qlik",
  });
  expect(declared(idp)).toMatchObject({
    args: { name: "Sales", providerType: "idp", assignedRoles: [], adoptExisting: true },
    notes: [],
  });
  expect(declared(idp).args).not.toHaveProperty("description");
  const custom = await importAndAdopt(groupsImport, {
    id: "g2",
    name: "Stewards",
    providerType: "custom",
    description: "",
  });
  expect(declared(custom)).toMatchObject({ args: { providerType: "custom", description: "" } });
  expect([...idp.writes, ...custom.writes]).toEqual([]);
});

const settingsDoc = {
  id: "s",
  tenantId: "t",
  createdAt: "",
  updatedAt: "",
  releaseCadence: "monthly",
  crossRegionDataProcessing: true,
};

test("settings: inference is declared only when off, and said so when on", async () => {
  const on = await importAndAdopt(tenantSettingsImport, settingsDoc);
  expect(declared(on)).toEqual(
    expect.objectContaining({ args: { releaseCadence: "monthly" }, notes: [INFERENCE_ON_NOTE] }),
  );
  const off = await importAndAdopt(tenantSettingsImport, { ...settingsDoc, crossRegionDataProcessing: null });
  expect(declared(off).args).toEqual({ releaseCadence: "monthly", crossRegionInference: { enabled: false } });
  expect([...on.writes, ...off.writes]).toEqual([]);
});

test("a tenant without a settings document declares none (declaring it would create one)", async () => {
  const { client } = serving(undefined);
  client.request = async <T>() => ({ status: 404, headers: {}, body: undefined as T });
  const result = await importerOf(tenantSettingsImport).read({ client, progress });
  expect(result).toEqual({
    declarations: [],
    skipped: [{ what: "tenant settings", reason: expect.stringMatching(/declaring TenantSettings would create one/) }],
  });
});

test("the tenant is declared without its id, so the program follows its URL", async () => {
  const result = await importAndAdopt(tenantImport, {
    id: "t",
    name: "acme",
    hostnames: ["a.eu.qlikcloud.com", "b.eu.qlikcloud.com"],
    enableAppOpeningFeedback: null,
  });
  expect(declared(result).args).toEqual({ name: "acme", alias: "b.eu.qlikcloud.com" });
  expect(result.writes).toEqual([]);
});

test("group settings: autoCreateGroups and the Everyone group's roles, adopted without a PATCH", async () => {
  const result = await importAndAdopt(groupSettingsImport, {
    tenantId: "t",
    autoCreateGroups: false,
    syncIdpGroups: false,
    systemGroups: { [EVERYONE_GROUP_ID]: { assignedRoles: [{ name: "Developer" }, { name: "Support Analyst" }] } },
  });
  expect(declared(result)).toMatchObject({
    qlikId: "t",
    name: { candidates: ["group-settings"] },
    args: { autoCreateGroups: false, everyoneAssignedRoles: [role("Developer"), role("Support Analyst")] },
    notes: [],
  });
  expect(result.writes).toEqual([]);
});

test("a field the engine would still write when declared with Qlik's value is left unmanaged, and said so", () => {
  // A kind whose comparison disagrees with its own reading: adoption would run the action for autoCreateGroups.
  const description: Kind<{ tenantId: string; autoCreateGroups: boolean; everyoneRoles: string[] }> = {
    ...groupSettingsImport.description,
    fields: groupSettingsImport.description.fields.map((field) =>
      field.name === "autoCreateGroups" ? { ...field, equals: () => false } : field,
    ),
    actions: [{ field: "autoCreateGroups", write: () => Promise.reject(new Error("not sent")) }],
  };
  const declaredSettings = declarationOf(
    { ...groupSettingsImport, description },
    { tenantId: "t", autoCreateGroups: true, everyoneRoles: ["Developer"] },
  );
  expect(declaredSettings).toEqual({
    qlikId: "t",
    name: expect.anything(),
    args: { everyoneAssignedRoles: [role("Developer")] },
    notes: [expect.stringMatching(/^autoCreateGroups not managed: .* would still write it/)],
  });
});

test("a space is declared by name and type with its owner as a reference; adopting it patches nothing", async () => {
  const space = { id: "s1", name: "Sales: EMEA", type: "managed", description: "", ownerId: "u1", tenantId: "t" };
  const renamed = { ...space, name: "Sales — EMEA ${x}" };
  const result = await importAndAdopt(spacesImport, renamed);
  expect(declared(result).args).toEqual({
    name: "Sales — EMEA ${x}",
    type: "managed",
    description: "",
    ownerId: new Reference("users", "u1"),
    adoptExisting: true,
  });
  expect(declared(result).name).toEqual({
    naturalKey: "managed:Sales — EMEA ${x}",
    candidates: ["Sales — EMEA ${x}"],
    fallback: "space",
  });
  expect(result.writes).toEqual([]);
  // A name Qlik would refuse (":" here) cannot be adopted by name: reported, not declared.
  const refused = await importAndAdopt(spacesImport, space);
  expect(refused.declarations).toEqual([]);
  expect(refused.skipped).toEqual([{ what: 'managed space "Sales: EMEA"', reason: expect.stringMatching(/^name /) }]);
  // Personal spaces belong to their users: not declared, not reported.
  expect(await importAndAdopt(spacesImport, { ...renamed, type: "personal" })).toMatchObject({
    declarations: [],
    skipped: [],
  });
});

test("an assignment refers to its space and its user or group; roles written sorted, adopted without a PUT", async () => {
  const assignment = { id: "a1", spaceId: "s1", assigneeId: "g1", type: "group", roles: ["producer", "consumer"] };
  const names: Record<string, string> = { "spaces:s1": "sales-emea", "groups:g1": "finance", "users:u1": "alice" };
  const nameOf: NameOf = (kind, id) => names[`${kind}:${id}`];
  const result = await importAndAdopt(spaceAssignmentsImport, assignment, nameOf);
  expect(declared(result).args).toEqual({
    spaceId: new Reference("spaces", "s1"),
    assigneeId: new Reference("groups", "g1"),
    type: "group",
    roles: ["consumer", "producer"],
    adoptExisting: true,
  });
  expect(declared(result).name).toEqual({
    naturalKey: "s1/group:g1",
    candidates: ["sales-emea-finance"],
    fallback: "assignment",
  });
  expect(result.writes).toEqual([]);

  const user = await importAndAdopt(spaceAssignmentsImport, { ...assignment, assigneeId: "u1", type: "user" }, nameOf);
  expect(declared(user).args.assigneeId).toEqual(new Reference("users", "u1"));
  expect(declared(user).name.candidates).toEqual(["sales-emea-alice"]);
  // Objects the program does not declare: the space's own name (listed with it) and the assignee's id.
  const alone = await importAndAdopt(spaceAssignmentsImport, { ...assignment, assigneeId: "u9", type: "user" });
  expect(declared(alone).name.candidates).toEqual(["space-u9"]); // the fake listing serves a space without a name
});

test("an assignment's name keeps both parts readable however long the space's name", () => {
  const nameOf: NameOf = (kind) => (kind === "spaces" ? "x".repeat(60) : "alice");
  const doc = { id: "a1", spaceId: "s1", assigneeId: "u1", type: "user", roles: ["consumer"], spaceName: "S" };
  const request = spaceAssignmentsImport.name(doc, nameOf);
  expect(request.candidates).toEqual([`${"x".repeat(29)}-alice`]);
  expect(spaceAssignmentsImport.name(doc, () => undefined).candidates).toEqual(["s-u1"]);
});

describe("for any object Qlik may hold, the declaration passes the check and adopting it writes nothing", () => {
  const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("", " ", 'Zoë "Q" \\ ${x}', "a\u202eb"));
  const roles = fc.array(
    fc.record({ name: fc.constantFrom("TenantAdmin", "Developer", "Support Analyst", "", " x ") }),
    { maxLength: 4 },
  );
  const cases: [string, KindImport<never>, fc.Arbitrary<unknown>][] = [
    [
      "User",
      usersImport as KindImport<never>,
      fc.record({
        id: fc.constant("u1"),
        subject: fc.oneof(text, fc.constant("auth0|a")),
        email: maybe(fc.constantFrom("a@x.example", "A@X.Example", "svc@localhost", "nope", "")),
        name: maybe(text),
        status: maybe(fc.constantFrom("invited", "active", "disabled", "provisioned", "suspended")),
        assignedRoles: maybe(roles),
        preferredLocale: maybe(fc.constantFrom("en-US", "", " ")),
        preferredZoneinfo: maybe(fc.constantFrom("UTC", "")),
        picture: maybe(fc.constantFrom("https://x.example/a.png", "ftp://x", "")),
      }),
    ],
    [
      "Group",
      groupsImport as KindImport<never>,
      fc.record({
        id: fc.constant("g1"),
        name: fc.oneof(text, fc.constant("x".repeat(257))),
        providerType: maybe(fc.constantFrom("idp", "custom", "scim")),
        description: maybe(text),
        assignedRoles: maybe(roles),
      }),
    ],
    [
      "GroupSettings",
      groupSettingsImport as KindImport<never>,
      fc.record({
        tenantId: fc.constant("t"),
        autoCreateGroups: fc.boolean(),
        systemGroups: maybe(fc.record({ [EVERYONE_GROUP_ID]: fc.record({ assignedRoles: maybe(roles) }) })),
      }),
    ],
    [
      "TenantSettings",
      tenantSettingsImport as KindImport<never>,
      fc.record({
        id: fc.constant("s"),
        tenantId: fc.constant("t"),
        createdAt: fc.constant(""),
        updatedAt: fc.constant(""),
        preferredStartPage: maybe(
          fc.constantFrom(
            "analytics-hub",
            "no-such-page",
            { route: "/analytics/home" },
            { value: "management-console" },
          ),
        ),
        customizeNoAccess: maybe(
          fc.record({
            linkEnabled: fc.boolean(),
            linkLabel: maybe(text),
            linkUrl: maybe(fc.constantFrom("https://help.example", "javascript:alert(1)", "")),
            message: maybe(text),
          }),
        ),
        releaseCadence: maybe(fc.constantFrom("monthly", "continuous", "weekly")),
        sessionReplayOptOut: maybe(fc.boolean()),
        crossRegionDataProcessing: maybe(fc.boolean()),
      }),
    ],
    [
      "Space",
      spacesImport as KindImport<never>,
      fc.record({
        id: fc.constant("s1"),
        name: fc.oneof(text, fc.constantFrom("a/b", "x".repeat(257), "Sales: EMEA")),
        type: fc.constantFrom("shared", "managed", "data", "personal", "other"),
        description: maybe(text),
        ownerId: maybe(fc.constantFrom("u1", "not an id", "")),
      }),
    ],
    [
      "SpaceAssignment",
      spaceAssignmentsImport as KindImport<never>,
      fc.record({
        id: fc.constant("a1"),
        spaceId: fc.constant("s1"),
        assigneeId: fc.constantFrom("u1", "g1", "bad id"),
        type: fc.constantFrom("user", "group", "robot"),
        roles: fc.array(fc.constantFrom("consumer", "producer", "facilitator", "publisher", "owner"), { maxLength: 4 }),
      }),
    ],
    [
      "Role",
      rolesImport as KindImport<never>,
      fc.record({
        id: fc.constant("r1"),
        name: fc.oneof(text, fc.constant("x".repeat(300))),
        type: fc.constantFrom("custom", "default"),
        description: maybe(text),
        assignedScopes: maybe(fc.array(fc.constantFrom("apps:read", "spaces:read", "apps:read"), { maxLength: 3 })),
      }),
    ],
    [
      "Tenant",
      tenantImport as KindImport<never>,
      fc.record({
        id: fc.constant("t"),
        name: text,
        hostnames: maybe(
          fc.array(fc.constantFrom("a.eu.qlikcloud.com", "B.eu.qlikcloud.com", "https://x/"), { maxLength: 3 }),
        ),
        autoAssignCreateSharedSpacesRoleToProfessionals: maybe(fc.boolean()),
        enableAppOpeningFeedback: fc.option(fc.boolean()),
      }),
    ],
  ];

  it.each(cases)("%s", async (_name, spec, objects) => {
    await fc.assert(
      fc.asyncProperty(objects, async (raw) => {
        const result = await importAndAdopt(spec, raw);
        // A personal space is not the Space kind's, nor a default role the Role kind's: neither declared nor reported.
        const type = (raw as { type?: string }).type;
        const found =
          (type === "personal" && spec === spacesImport) || (type === "default" && spec === rolesImport) ? 0 : 1;
        expect(result.declarations.length + result.skipped.length).toBe(found);
        expect(result.writes).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
