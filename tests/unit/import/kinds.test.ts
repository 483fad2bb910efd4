/**
 * The per-kind rules of the import: which kinds are selected, and which of Qlik's values are declared — only
 * those the provider would accept and manage without a change on the first `up`.
 */
import { selectKinds, IMPLEMENTED_KINDS, PENDING_KINDS } from "../../../cli/import/kinds";
import { groupDeclaration } from "../../../cli/import/kinds/groups";
import { INFERENCE_ON_NOTE, settingsCandidate } from "../../../cli/import/kinds/tenantSettings";
import { tenantCandidate } from "../../../cli/import/kinds/tenant";
import { userDeclaration } from "../../../cli/import/kinds/users";
import { program } from "../../../cli";
import { diffUser, normalizeUserInputs, userFieldsFromApi, userPatchOperations } from "../../../provider/users/logic";
import type { ApiUser } from "../../../provider/users/api";
import type { UserInputs } from "../../../provider/users/schema";

test("every kind is selectable; the ones without a resource yet are reported, not dropped", () => {
  expect(IMPLEMENTED_KINDS).toEqual(["users", "groups", "tenant-settings", "tenant"]);
  const all = selectKinds();
  expect(all.importers.map((importer) => importer.kind)).toEqual(IMPLEMENTED_KINDS);
  expect(all.pending).toEqual(PENDING_KINDS);
  expect(selectKinds("users, roles", undefined)).toMatchObject({ pending: ["roles"] });
  expect(selectKinds(undefined, "users,group-members").importers.map((i) => i.kind)).not.toContain("users");
  expect(() => selectKinds("user")).toThrow(/--only: unknown kind "user". The kinds are: users, groups/);
  expect(() => selectKinds(undefined, ",")).toThrow(/--skip needs a comma-separated list/);
});

test("the help text lists the kinds and says which are not imported yet", () => {
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
    /group-members, group-settings, roles, spaces, space-assignments are accepted by --only and --skip but not imported yet/,
  );
});

const apiUser = (fields: Partial<ApiUser>): ApiUser => ({ id: "u1", subject: "auth0|x", ...fields });

test("a user is declared with every value a program can set, and adopting it patches nothing", () => {
  const user = apiUser({
    email: "Jane@Example.com",
    name: "Jane",
    status: "disabled",
    assignedRoles: [{ name: "Developer" }, { name: "Developer" }, { name: "TenantAdmin" }],
    preferredLocale: "de-DE",
  });
  const declared = userDeclaration(user);
  if ("problem" in declared) throw new Error(declared.problem);
  const inputs = normalizeUserInputs(declared.args as unknown as UserInputs);
  expect(inputs).toEqual({
    subject: "auth0|x",
    email: "Jane@Example.com",
    name: "Jane",
    status: "disabled",
    assignedRoles: ["Developer", "TenantAdmin"],
    preferredLocale: "de-DE",
    adoptExisting: true,
  });
  expect(userPatchOperations(userFieldsFromApi(user, inputs), inputs)).toEqual([]);
  expect(diffUser({ ...inputs, userId: "u1" }, inputs)).toEqual({ changes: false });
});

test("values a program cannot set are left unmanaged, and said so", () => {
  const declared = userDeclaration(apiUser({ status: "provisioned", email: "svc@localhost", name: "" }));
  if ("problem" in declared) throw new Error(declared.problem);
  expect(declared.args).toEqual({ subject: "auth0|x", assignedRoles: [], adoptExisting: true });
  expect(declared.notes.join("\n")).toMatch(
    /email not managed[\s\S]*name not managed[\s\S]*status not managed: Qlik reports "provisioned"/,
  );
  expect(userDeclaration(apiUser({ subject: "  " }))).toEqual({
    problem: expect.stringMatching(/^subject " {2}" is not valid/),
  });
});

test("IdP groups carry no description; a custom group keeps its own", () => {
  const idp = groupDeclaration({ id: "g1", name: "Sales", providerType: "idp", description: "ignored by Qlik" });
  const custom = groupDeclaration({ id: "g2", name: "Stewards", providerType: "custom", description: "" });
  expect(idp).toMatchObject({ args: { name: "Sales", providerType: "idp", assignedRoles: [], adoptExisting: true } });
  expect((idp as { args: object }).args).not.toHaveProperty("description");
  expect(custom).toMatchObject({ args: { providerType: "custom", description: "" } });
});

test("settings: inference is declared only when off; the tenant without its id", () => {
  const doc = {
    id: "s",
    tenantId: "t",
    createdAt: "",
    updatedAt: "",
    releaseCadence: "monthly",
    crossRegionDataProcessing: true,
  };
  expect(settingsCandidate(doc)).toEqual({ candidate: { releaseCadence: "monthly" }, notes: [INFERENCE_ON_NOTE] });
  expect(settingsCandidate({ ...doc, crossRegionDataProcessing: null }).candidate).toEqual({
    releaseCadence: "monthly",
    crossRegionInference: { enabled: false },
  });
  expect(
    tenantCandidate({
      id: "t",
      name: "acme",
      hostnames: ["a.eu.qlikcloud.com", "b.eu.qlikcloud.com"],
      enableAppOpeningFeedback: null,
    }),
  ).toEqual({
    name: "acme",
    alias: "b.eu.qlikcloud.com",
  });
});
