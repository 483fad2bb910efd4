/**
 * The import of custom roles and custom-group members: roles declared (default ones never), named by reference
 * wherever a role list names them; one GroupMembers per custom group with members, its group and users as
 * references; and custom-group membership declared in exactly one place — GroupMembers when that kind is
 * imported, each user's customGroups otherwise.
 */
import { declarationOf, importerOf } from "../../../cli/import/declare";
import { groupMembersImport } from "../../../cli/import/kinds/groupMembers";
import { groupSettingsImport } from "../../../cli/import/kinds/groupSettings";
import { rolesImport } from "../../../cli/import/kinds/roles";
import { usersImport } from "../../../cli/import/kinds/users";
import { nameDeclarations, renderProgram, type KindSection } from "../../../cli/import/program";
import { Reference } from "../../../cli/import/source";
import type { Declaration, KindImporter, KindName } from "../../../cli/import/types";
import type { QlikClient, RequestOptions } from "../../../provider/http/types";
import { EVERYONE_GROUP_ID } from "../../../provider/groupSettings/schema";
import { evaluateProgram } from "../../support/typecheck";

const TENANT = "https://acme.eu.qlikcloud.com";
const role = (name: string) => new Reference("roles", name, "name");
const progress = { total: () => {}, advance: () => {} };

/** A client serving listings by path (and by filter for the members of a group); records what is sent. */
function listing(pages: Record<string, unknown[]>) {
  const sent: string[] = [];
  const client: QlikClient = {
    origin: TENANT,
    stats: { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } },
    async request<T>(
      options: RequestOptions<T>,
    ): Promise<{ status: number; headers: Record<string, string>; body: T }> {
      throw new Error(`unexpected ${options.method} ${options.path}`);
    },
    async *paginate(options) {
      const key = options.query?.filter === undefined ? options.path : `${options.path}?${options.query.filter}`;
      sent.push(`GET ${key}`);
      for (const item of pages[key] ?? []) yield options.item.parse(item);
    },
  };
  return { client, sent };
}

const ANALYST = { id: "r1", name: 'Analyst "EU"', type: "custom", description: "Reads", assignedScopes: ["b", "a"] };

test("roles: custom roles only, adopted by name, found by their name as well as their id", async () => {
  const { client, sent } = listing({
    "/api/v1/roles": [ANALYST, { id: "r0", name: "TenantAdmin", type: "default", level: "admin" }],
  });
  const result = await importerOf(rolesImport).read({ client, progress });
  expect(result.skipped).toEqual([]);
  expect(result.declarations).toEqual([
    {
      qlikId: "r1",
      name: { naturalKey: 'Analyst "EU"', candidates: ['Analyst "EU"'], fallback: "role" },
      aliases: ['Analyst "EU"'],
      args: { name: 'Analyst "EU"', description: "Reads", assignedScopes: ["b", "a"], adoptExisting: true },
      notes: [],
    },
  ]);
  expect(sent).toEqual(["GET /api/v1/roles"]);
});

const MEMBERSHIP = { groupId: "g1", groupName: "Finance", providerType: "custom", userIds: ["u1", "u9"] };

test("group members: the group and its users as references, nothing to write when adopted", () => {
  const nameOf = (kind: KindName, id: string) => (kind === "groups" && id === "g1" ? "finance-team" : undefined);
  expect(declarationOf(groupMembersImport, MEMBERSHIP, { nameOf })).toEqual({
    qlikId: "g1",
    name: { naturalKey: "g1", candidates: ["finance-team", "Finance"], fallback: "group-members" },
    args: {
      groupId: new Reference("groups", "g1"),
      userIds: [new Reference("users", "u1"), new Reference("users", "u9")],
    },
    notes: [],
  });
});

test("group members: one per custom group with members (sorted); IdP groups and empty groups not declared", async () => {
  const { client, sent } = listing({
    "/api/v1/groups": [
      { id: "g2", name: "Empty", providerType: "custom" },
      { id: "g1", name: "Finance", providerType: "custom" },
      { id: "g3", name: "Sales", providerType: "idp" },
    ],
    '/api/v1/users?assignedGroups.id eq "g1"': [{ id: "u9" }, { id: "u1" }, { id: "u5", status: "deleted" }],
  });
  const result = await importerOf(groupMembersImport).read({ client, progress });
  expect(result.declarations.map((declaration) => declaration.args)).toEqual([
    { groupId: new Reference("groups", "g1"), userIds: [new Reference("users", "u1"), new Reference("users", "u9")] },
  ]);
  expect(result.skipped).toEqual([]);
  // One groups listing, then one members listing per custom group; never the IdP group's.
  expect(sent).toEqual([
    "GET /api/v1/groups",
    'GET /api/v1/users?assignedGroups.id eq "g1"',
    'GET /api/v1/users?assignedGroups.id eq "g2"',
  ]);
});

describe("custom-group membership is declared in one place", () => {
  const user = {
    id: "u1",
    subject: "auth0|x",
    assignedRoles: [{ name: ANALYST.name }],
    assignedGroups: [
      { id: "g1", name: "Finance", providerType: "custom" },
      { id: "g3", name: "Sales", providerType: "idp" },
    ],
  };
  it("with group-members imported, users leave customGroups unmanaged", () => {
    const declared = declarationOf(usersImport, user, { kinds: ["users", "group-members"] }) as Declaration;
    expect(declared.args).toEqual({ subject: "auth0|x", assignedRoles: [role(ANALYST.name)], adoptExisting: true });
    // All kinds (the default) include group-members.
    expect(declarationOf(usersImport, user)).toEqual(declared);
  });
  it.each([[["users"]], [["roles", "users", "groups", "group-settings"]]] as KindName[][][])(
    "without it (%j), users declare customGroups as before",
    (kinds) => {
      const declared = declarationOf(usersImport, user, { kinds }) as Declaration;
      expect(declared.args).toEqual({
        subject: "auth0|x",
        assignedRoles: [role(ANALYST.name)],
        customGroups: ["Finance"],
        adoptExisting: true,
      });
    },
  );
});

const importer = (kind: KindName, className: string, variable: string, singleton = false): KindImporter => ({
  kind,
  className,
  variable,
  singleton,
  heading: className,
  read: async () => ({ declarations: [], skipped: [] }),
});

test("the program names a declared custom role as roles.x.name, default roles and undeclared ones by name", () => {
  const roles = declarationOf(rolesImport, ANALYST as never) as Declaration;
  const users = declarationOf(
    usersImport,
    { id: "u1", subject: "auth0|x", assignedRoles: [{ name: ANALYST.name }, { name: "Developer" }, { name: "Gone" }] },
    { kinds: ["roles", "users", "group-members"] },
  ) as Declaration;
  const settings = declarationOf(groupSettingsImport, {
    tenantId: "t",
    autoCreateGroups: true,
    everyoneRoles: [ANALYST.name],
    systemGroups: { [EVERYONE_GROUP_ID]: { assignedRoles: [{ name: ANALYST.name }] } },
  } as never) as Declaration;
  const members = declarationOf(groupMembersImport, MEMBERSHIP) as Declaration;
  const sections: KindSection[] = [
    [importer("roles", "Role", "roles"), roles],
    [importer("users", "User", "users"), users],
    [importer("group-members", "GroupMembers", "groupMembers"), members],
    [importer("group-settings", "GroupSettings", "groupSettings", true), settings],
  ].map(([imp, declaration]) => ({
    importer: imp as KindImporter,
    declarations: nameDeclarations([declaration as Declaration]),
    skipped: [],
  }));
  const source = renderProgram(sections, { tenantUrl: TENANT, pending: [] });
  expect(source).toContain('assignedRoles: [roles["analyst-eu"].name, "Developer", "Gone"]');
  expect(source).toContain('everyoneAssignedRoles: [roles["analyst-eu"].name]');
  expect(source).toContain('userIds: [users["auth0-x"].id, "u9"]');
  // Roles come first, so the program can read their names; evaluated, the references are the names again.
  expect(source.indexOf("const roles")).toBeLessThan(source.indexOf("const users"));
  const constructed = evaluateProgram(source);
  expect(constructed.find((c) => c.className === "User")?.args.assignedRoles).toEqual([
    ANALYST.name,
    "Developer",
    "Gone",
  ]);
  expect(constructed.find((c) => c.className === "GroupMembers")?.args).toEqual({
    groupId: "g1",
    userIds: ["User:auth0-x", "u9"],
  });
});
