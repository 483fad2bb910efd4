import fc from "fast-check";
import { implementation } from "../../../provider/users";
import type { ApiUser } from "../../../provider/users/api";
import {
  USER_PATCH_KEYS,
  diffUser,
  inputsFromApi,
  normalizeUserInputs,
  recordedFacts,
  userFacts,
  userFieldsFromApi,
  userOutputs,
  userPatchDocument,
  userPatchOperations,
  userPostBody,
} from "../../../provider/users/logic";
import type { UserInputs, UserOutputs } from "../../../provider/users/schema";
import { applyPatch, changedKeys, jsonEqual, parsePointer, setComparator } from "../../../provider/patch";
import { UNKNOWN } from "../../../provider/unknown";
import { ResourceInitError } from "../../../provider/resource";

const TENANT = "https://acme.eu.qlikcloud.com";

const full: UserInputs = {
  subject: "auth0|jane",
  email: "jane@acme.example",
  name: "Jane Doe",
  status: "active",
  assignedRoles: ["Developer", "TenantAdmin"],
  preferredLocale: "en-US",
  preferredZoneinfo: "Europe/Stockholm",
  picture: "https://acme.example/jane.png",
  adoptExisting: true,
  tenantUrl: TENANT,
};

const outputsOf = (inputs: UserInputs): UserOutputs =>
  userOutputs(inputs, { userId: "u1", tenantId: "t1", tenantOrigin: inputs.tenantUrl ?? TENANT });

describe("User check", () => {
  it("accepts minimal and complete inputs and returns them", async () => {
    await expect(implementation.check({}, { subject: "auth0|x" })).resolves.toEqual({ inputs: { subject: "auth0|x" } });
    await expect(implementation.check({}, { ...full })).resolves.toEqual({ inputs: full });
  });

  it("ignores the engine's __provider and the SDK's undefined output seeds", async () => {
    const result = await implementation.check({}, { subject: "s", __provider: "code", userId: undefined });
    expect(result).toEqual({ inputs: { subject: "s" } });
  });

  it("accepts a loopback http tenantUrl (the emulator)", async () => {
    const result = await implementation.check({}, { subject: "s", tenantUrl: "http://127.0.0.1:4010" });
    expect(result.failures).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["missing subject", {}, "subject", /subject is required/],
    ["empty subject", { subject: "  " }, "subject", /must not be empty/],
    ["subject not a string", { subject: 5 }, "subject", /must be a string/],
    ["bad email", { subject: "s", email: "jane" }, "email", /email address such as/],
    ["status not in the enum", { subject: "s", status: "deleted" }, "status", /"invited", "active", "disabled"/],
    ["duplicate roles", { subject: "s", assignedRoles: ["A", "B", "A"] }, "assignedRoles", /"A" more than once/],
    ["empty role name", { subject: "s", assignedRoles: [""] }, "assignedRoles.0", /empty role name/],
    ["roles not a list", { subject: "s", assignedRoles: "Developer" }, "assignedRoles", /list of role names/],
    ["role not a string", { subject: "s", assignedRoles: [1] }, "assignedRoles.0", /role name/],
    ["name not a string", { subject: "s", name: 1 }, "name", /name must be a string/],
    ["empty name", { subject: "s", name: "" }, "name", /must not be empty/],
    ["empty locale", { subject: "s", preferredLocale: "" }, "preferredLocale", /language tag/],
    ["empty time zone", { subject: "s", preferredZoneinfo: "" }, "preferredZoneinfo", /time zone/],
    ["picture not a URL", { subject: "s", picture: "jane.png" }, "picture", /http\(s\) URL/],
    ["picture with another scheme", { subject: "s", picture: "ftp://x/y.png" }, "picture", /http\(s\) URL/],
    ["adoptExisting not boolean", { subject: "s", adoptExisting: "yes" }, "adoptExisting", /true or false/],
    ["tenantUrl over plain http", { subject: "s", tenantUrl: "http://acme.example" }, "tenantUrl", /https:\/\//],
    ["tenantUrl with a path", { subject: "s", tenantUrl: `${TENANT}/hub` }, "tenantUrl", /without path/],
    ["unknown property", { subject: "s", emial: "x@y.z" }, "emial", /not a User input.*email/],
  ])("fails on %s, naming the property and the fix", async (_case, news, property, reason) => {
    const { failures } = await implementation.check({}, news);
    expect(failures).toEqual(expect.arrayContaining([{ property, reason: expect.stringMatching(reason) }]));
  });

  it("reports every problem at once", async () => {
    const { failures } = await implementation.check({}, { subject: "", email: "x", status: "on" });
    expect(failures?.map((failure) => failure.property).sort()).toEqual(["email", "status", "subject"]);
  });

  describe("tolerates the unknown sentinel", () => {
    it.each(Object.keys(full))("in %s", async (key) => {
      const result = await implementation.check({}, { ...full, [key]: UNKNOWN });
      expect(result.failures).toBeUndefined();
      expect(result.inputs).toEqual({ ...full, [key]: UNKNOWN });
    });

    it("inside the role list, even where it repeats", async () => {
      const result = await implementation.check({}, { subject: "s", assignedRoles: ["A", UNKNOWN, UNKNOWN] });
      expect(result.failures).toBeUndefined();
    });

    it("while still reporting known problems in other fields", async () => {
      const result = await implementation.check({}, { subject: UNKNOWN, email: "nope", assignedRoles: UNKNOWN });
      expect(result.failures).toEqual([{ property: "email", reason: expect.stringMatching(/email address/) }]);
    });
  });
});

describe("User diff", () => {
  const olds = outputsOf(full);
  const cases: [string, Partial<UserInputs> & Record<string, unknown>, ReturnType<typeof diffUser>][] = [
    ["nothing changed", {}, { changes: false }],
    ["roles reordered", { assignedRoles: ["TenantAdmin", "Developer"] }, { changes: false }],
    ["roles repeated", { assignedRoles: ["TenantAdmin", "Developer", "Developer"] }, { changes: false }],
    ["only adoptExisting changed", { adoptExisting: false }, { changes: false }],
    ["email differs only in case", { email: "Jane@ACME.example" }, { changes: false }],
    ["tenantUrl written differently", { tenantUrl: "https://ACME.eu.qlikcloud.com/" }, { changes: false }],
    ["an optional input removed (no longer managed)", { name: undefined, status: undefined }, { changes: false }],
    ["name", { name: "Jane Roe" }, { changes: true }],
    ["status", { status: "disabled" }, { changes: true }],
    ["a role added", { assignedRoles: ["Developer", "TenantAdmin", "DataAdmin"] }, { changes: true }],
    ["roles emptied", { assignedRoles: [] }, { changes: true }],
    ["preferredLocale", { preferredLocale: "sv-SE" }, { changes: true }],
    ["preferredZoneinfo", { preferredZoneinfo: "UTC" }, { changes: true }],
    ["subject", { subject: "auth0|other" }, { changes: true, replaces: ["subject"], deleteBeforeReplace: true }],
    ["email", { email: "jd@acme.example" }, { changes: true, replaces: ["email"], deleteBeforeReplace: true }],
    [
      "picture",
      { picture: "https://x.example/p.png" },
      { changes: true, replaces: ["picture"], deleteBeforeReplace: true },
    ],
    [
      "tenantUrl",
      { tenantUrl: "https://acme.us.qlikcloud.com" },
      { changes: true, replaces: ["tenantUrl"], deleteBeforeReplace: true },
    ],
    ["tenantUrl removed, no default tenant (the user stays where it is)", { tenantUrl: undefined }, { changes: false }],
    [
      "subject and name",
      { subject: "auth0|other", name: "X" },
      { changes: true, replaces: ["subject"], deleteBeforeReplace: true },
    ],
    ["unknown name", { name: UNKNOWN }, { changes: true }],
    ["unknown role list", { assignedRoles: UNKNOWN as unknown as string[] }, { changes: true }],
    ["unknown role inside the list", { assignedRoles: ["Developer", UNKNOWN] }, { changes: true }],
    ["unknown subject", { subject: UNKNOWN }, { changes: true, replaces: ["subject"], deleteBeforeReplace: true }],
    ["unknown email", { email: UNKNOWN }, { changes: true, replaces: ["email"], deleteBeforeReplace: true }],
    [
      "unknown tenantUrl",
      { tenantUrl: UNKNOWN },
      { changes: true, replaces: ["tenantUrl"], deleteBeforeReplace: true },
    ],
  ];

  it.each(cases)("%s", (_case, change, expected) => {
    expect(diffUser(olds, { ...full, ...change } as UserInputs)).toEqual(expected);
  });

  it("compares tenants by origin, an absent tenantUrl meaning the default tenant", () => {
    const OTHER = "https://acme.us.qlikcloud.com";
    const atDefault = outputsOf({ subject: "s" });
    expect(diffUser(atDefault, { subject: "s", tenantUrl: `${TENANT}/` }, TENANT)).toEqual({ changes: false });
    expect(diffUser(outputsOf({ subject: "s", tenantUrl: TENANT }), { subject: "s" }, TENANT)).toEqual({
      changes: false,
    });
    expect(diffUser(atDefault, { subject: "s", tenantUrl: OTHER }, TENANT).replaces).toEqual(["tenantUrl"]);
    // The default tenant moved: the user is wanted in the new default tenant.
    expect(diffUser(atDefault, { subject: "s" }, OTHER).replaces).toEqual(["tenantUrl"]);
    // Nothing known about the new tenant: the user stays where it was recorded.
    expect(diffUser(atDefault, { subject: "s" }, undefined)).toEqual({ changes: false });
  });

  it("makes no request (the implementation resolves the default tenant from settings only)", async () => {
    await expect(implementation.diff("u1", olds, { ...full, name: "New" })).resolves.toEqual({ changes: true });
  });
});

describe("User patch operations", () => {
  it("replaces exactly the changed paths, roles as the whole list by name", () => {
    const ops = userPatchOperations(full, {
      ...full,
      name: "Jane Roe",
      assignedRoles: ["TenantAdmin", "DataAdmin"],
      status: "disabled",
      email: "other@x.example",
    });
    expect(ops).toEqual([
      { op: "replace", path: "/name", value: "Jane Roe" },
      { op: "replace", path: "/assignedRoles", value: [{ name: "DataAdmin" }, { name: "TenantAdmin" }] },
      { op: "replace", path: "/status", value: "disabled" },
    ]);
  });

  it("is empty when nothing patchable changed", () => {
    expect(userPatchOperations(full, { ...full, assignedRoles: ["TenantAdmin", "Developer"] })).toEqual([]);
    expect(userPatchOperations(full, { subject: full.subject })).toEqual([]);
  });

  it("sets locale and time zone that Qlik has none of", () => {
    const created = userFieldsFromApi({ id: "u1", subject: "s", status: "invited", name: "J" });
    expect(userPatchOperations(created, { subject: "s", name: "J", status: "active", preferredLocale: "en" })).toEqual([
      { op: "replace", path: "/status", value: "active" },
      { op: "replace", path: "/preferredLocale", value: "en" },
    ]);
  });

  it("POST body carries what Qlik can set at creation, roles by name", () => {
    expect(userPostBody(full)).toEqual({
      subject: full.subject,
      email: full.email,
      name: full.name,
      picture: full.picture,
      assignedRoles: [{ name: "Developer" }, { name: "TenantAdmin" }],
    });
    expect(userPostBody({ subject: "s" })).toEqual({ subject: "s" });
  });
});

describe("User refresh translation", () => {
  const apiUser: ApiUser = {
    id: "u1",
    tenantId: "t1",
    subject: full.subject,
    name: "Jane Q. Doe",
    email: "JANE@acme.example",
    status: "active",
    picture: full.picture,
    preferredLocale: "en-US",
    preferredZoneinfo: "Europe/Stockholm",
    createdAt: "2024-01-01T00:00:00.000Z",
    lastUpdatedAt: "2024-02-01T00:00:00.000Z",
    assignedRoles: [{ name: "tenantadmin" }, { name: "Developer" }, { name: "DataAdmin" }],
    assignedGroups: [{ name: "Finance" }],
  };

  it("keeps the program's shape and shows Qlik's values (drift)", () => {
    const recorded = outputsOf({
      subject: full.subject,
      name: "Jane Doe",
      assignedRoles: ["TenantAdmin"],
      tenantUrl: TENANT,
    });
    expect(inputsFromApi(recorded, apiUser)).toEqual({
      subject: full.subject,
      name: "Jane Q. Doe",
      assignedRoles: ["TenantAdmin", "Developer", "DataAdmin"],
      tenantUrl: TENANT,
    });
  });

  it("keeps the program's spelling and order when only case differs", () => {
    const recorded = outputsOf(full);
    const inputs = inputsFromApi(recorded, {
      ...apiUser,
      name: full.name,
      assignedRoles: [{ name: "tenantadmin" }, { name: "Developer" }],
    });
    expect(inputs).toEqual(full);
    expect(diffUser(userOutputs(inputs, userFacts(apiUser, TENANT)), full)).toEqual({ changes: false });
  });

  it("reads fields Qlik leaves out as empty, so a set value shows as drift", () => {
    const recorded = outputsOf({ subject: "s", preferredLocale: "en", assignedRoles: ["Developer"] });
    expect(inputsFromApi(recorded, { id: "u1", subject: "s" })).toEqual({
      subject: "s",
      preferredLocale: "",
      assignedRoles: [],
    });
  });

  it("outputs carry facts from Qlik and no undefined", () => {
    const outs = userOutputs({ subject: "s" }, userFacts(apiUser, TENANT));
    expect(outs).toEqual({
      subject: "s",
      userId: "u1",
      tenantId: "t1",
      createdAt: apiUser.createdAt,
      lastUpdatedAt: apiUser.lastUpdatedAt,
      assignedGroups: ["Finance"],
      tenantOrigin: TENANT,
    });
    expect(JSON.parse(JSON.stringify(outs))).toEqual(outs);
  });

  it("an update keeps the recorded facts", () => {
    expect(recordedFacts({ subject: "s", tenantId: "t1" } as Partial<UserOutputs>, "u9")).toEqual({
      userId: "u9",
      tenantId: "t1",
    });
  });
});

// --- Properties ------------------------------------------------------------------------------------------------

const roleArb = fc.constantFrom("TenantAdmin", "Developer", "AnalyticsAdmin", "DataAdmin", "Support Analyst");
const inputsArb: fc.Arbitrary<UserInputs> = fc.record(
  {
    subject: fc.constantFrom("auth0|a", "auth0|b", "okta|c"),
    email: fc.constantFrom("a@x.example", "b@x.example"),
    name: fc.string({ minLength: 1, maxLength: 8 }),
    status: fc.constantFrom("invited", "active", "disabled"),
    assignedRoles: fc.array(roleArb, { maxLength: 6 }),
    preferredLocale: fc.constantFrom("en-US", "sv-SE"),
    preferredZoneinfo: fc.constantFrom("UTC", "Europe/Stockholm"),
    picture: fc.constantFrom("https://x.example/a.png", "https://x.example/b.png"),
    adoptExisting: fc.boolean(),
    tenantUrl: fc.constantFrom(TENANT, "https://acme.us.qlikcloud.com"),
  },
  { requiredKeys: ["subject"] },
);

function hasUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasUndefined);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUndefined);
  return false;
}

describe("User properties", () => {
  it("generated inputs pass check (the generator is honest)", async () => {
    await fc.assert(
      fc.asyncProperty(inputsArb, async (inputs) => {
        const deduped = normalizeUserInputs(inputs);
        expect((await implementation.check({}, { ...deduped })).failures).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  it("diff(x, x) is never a change", () => {
    fc.assert(fc.property(inputsArb, (inputs) => jsonEqual(diffUser(outputsOf(inputs), inputs), { changes: false })));
  });

  it("patch operations touch exactly the changed paths, and only when diff reports an in-place change", () => {
    fc.assert(
      fc.property(inputsArb, inputsArb, (before, after) => {
        const olds = outputsOf(before);
        const ops = userPatchOperations(olds, after);
        const changed = changedKeys(olds, after, USER_PATCH_KEYS, { assignedRoles: setComparator });
        expect(ops.map((op) => parsePointer(op.path)[0])).toEqual(changed);
        const diff = diffUser(olds, after);
        if (!diff.replaces) expect(diff.changes).toBe(ops.length > 0);
      }),
    );
  });

  it("applying the operations to the old document yields the new one", () => {
    fc.assert(
      fc.property(inputsArb, inputsArb, (before, after) => {
        const patched = applyPatch(userPatchDocument(before), userPatchOperations(before, after));
        const expected = userPatchDocument({ ...before, ...normalizeUserInputs(after) });
        expect(patched).toEqual(expected);
      }),
    );
  });

  it("outputs and refreshed inputs are plain JSON with nothing undefined, and refresh of an unchanged user is no change", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const outs = outputsOf(inputs);
        const api: ApiUser = {
          id: "u1",
          subject: inputs.subject,
          email: inputs.email,
          name: inputs.name,
          status: inputs.status,
          picture: inputs.picture,
          preferredLocale: inputs.preferredLocale,
          preferredZoneinfo: inputs.preferredZoneinfo,
          assignedRoles: inputs.assignedRoles?.map((name) => ({ name })),
        };
        const refreshed = inputsFromApi(outs, api);
        const props = userOutputs(refreshed, userFacts(api, undefined));
        for (const value of [outs, refreshed, props]) expect(hasUndefined(value)).toBe(false);
        expect(diffUser(props, inputs)).toEqual({ changes: false });
        expect(Object.keys(refreshed).sort()).toEqual(Object.keys(normalizeUserInputs(inputs)).sort());
      }),
    );
  });
});

describe("init errors", () => {
  it("carry their id, properties and reasons for the engine to record", () => {
    const error = new ResourceInitError("m", "u1", { subject: "s" }, ["PATCH failed"]);
    expect(error).toMatchObject({ id: "u1", properties: { subject: "s" }, reasons: ["PATCH failed"] });
  });
});
