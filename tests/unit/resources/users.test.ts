import fc from "fast-check";
import { implementation } from "../../../provider/users";
import type { ApiUser } from "../../../provider/users/api";
import { userKind } from "../../../provider/users/kind";
import { recordedManagedInputs } from "../../../provider/engine/managed";
import { adapters } from "../engine/adapters";
import { USER_INPUT_KEYS, type UserInputs, type UserOutputs, type UserValues } from "../../../provider/users/schema";
import { applyPatch, changedKeys, jsonEqual, parsePointer, setComparator } from "../../../provider/patch";
import { UNKNOWN } from "../../../provider/unknown";
import { ResourceInitError } from "../../../provider/resource";

const TENANT = "https://acme.eu.qlikcloud.com";
const USER_PATCH_KEYS = ["name", "assignedRoles", "status", "preferredLocale", "preferredZoneinfo"] as const;
const {
  diff: diffUser,
  inputsFromApi,
  normalize: normalizeUserInputs,
  recordedFacts,
  read: readUser,
  recordedValues,
  facts: userFacts,
  valuesFromApi: userFieldsFromApi,
  managedInputs: userManagedInputs,
  outputs: userOutputs,
  patchDocument: userPatchDocument,
  patchOperations: userPatchOperations,
  postBody: userPostBody,
  valuesFromApi: userValuesFromApi,
} = adapters(userKind, TENANT);

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

/** Outputs as create records them: Qlik's values (`actual`), the inputs over them, facts, managedInputs. */
const outputsOf = (inputs: UserInputs, actual: Partial<UserValues> = {}): UserOutputs =>
  userOutputs(
    actual,
    inputs,
    { userId: "u1", tenantId: "t1", tenantUrl: inputs.tenantUrl ?? TENANT },
    userManagedInputs(inputs),
  );

/** A user as Qlik might have it, every field different from `full`'s. */
const qlikValues: UserValues = {
  subject: full.subject,
  email: "someone.else@acme.example",
  name: "Set in the console",
  status: "invited",
  assignedRoles: ["AnalyticsAdmin"],
  preferredLocale: "de-DE",
  preferredZoneinfo: "UTC",
  picture: "https://acme.example/avatar.png",
};

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

  describe("with outputs that also hold Qlik's values of the fields the program leaves unset", () => {
    const minimal: UserInputs = { subject: full.subject };
    const recorded = outputsOf(minimal, qlikValues);

    it("records every value Qlik has, and only the subject as managed", () => {
      expect(recorded).toMatchObject({ ...qlikValues, managedInputs: ["subject"] });
    });

    it("is no change: unset fields are not managed, even those that replace (email, picture)", async () => {
      expect(diffUser(recorded, minimal)).toEqual({ changes: false });
      await expect(implementation.diff("u1", recorded, minimal)).resolves.toEqual({ changes: false });
    });

    it.each<[string, Partial<UserInputs>, ReturnType<typeof diffUser>]>([
      ["the status Qlik has", { status: "invited" }, { changes: false }],
      ["the roles Qlik has, in another order", { assignedRoles: ["AnalyticsAdmin"] }, { changes: false }],
      ["Qlik's email in another case", { email: "SOMEONE.ELSE@acme.example" }, { changes: false }],
      ["another status", { status: "active" }, { changes: true }],
      ["other roles", { assignedRoles: [] }, { changes: true }],
      ["another name", { name: "Jane" }, { changes: true }],
      ["another email", { email: full.email }, { changes: true, replaces: ["email"], deleteBeforeReplace: true }],
      [
        "another picture",
        { picture: full.picture },
        { changes: true, replaces: ["picture"], deleteBeforeReplace: true },
      ],
    ])("compares a field the program starts to set with Qlik's value: %s", (_case, change, expected) => {
      expect(diffUser(recorded, { ...minimal, ...change })).toEqual(expected);
    });
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

  it("POST body carries what Qlik can set at creation, roles by name", async () => {
    expect(await userPostBody(full)).toEqual({
      subject: full.subject,
      email: full.email,
      name: full.name,
      picture: full.picture,
      assignedRoles: [{ name: "Developer" }, { name: "TenantAdmin" }],
    });
    expect(await userPostBody({ subject: "s" })).toEqual({ subject: "s" });
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
    const props = userOutputs(userValuesFromApi(apiUser, recorded), inputs, userFacts(apiUser, TENANT), ["subject"]);
    expect(diffUser(props, full)).toEqual({ changes: false });
  });

  it("reports only the inputs recorded as managed, though the outputs hold every field", () => {
    const recorded = outputsOf({ subject: full.subject, name: "Jane Doe" }, userValuesFromApi(apiUser));
    expect(recorded.managedInputs).toEqual(["name", "subject"]);
    expect(recorded).toMatchObject({ status: "active", preferredLocale: "en-US", email: "JANE@acme.example" });
    expect(inputsFromApi(recorded, apiUser)).toEqual({ subject: full.subject, name: "Jane Q. Doe" });
  });

  it("infers the managed inputs of outputs written before managedInputs was recorded from the keys present", () => {
    // Earlier versions recorded the normalized inputs plus facts, and nothing else.
    const oldFormat = {
      subject: full.subject,
      name: "Jane Doe",
      assignedRoles: ["TenantAdmin"],
      tenantUrl: TENANT,
      userId: "u1",
      tenantId: "t1",
      tenantOrigin: TENANT,
    } as UserOutputs;
    expect(recordedManagedInputs(USER_INPUT_KEYS, oldFormat)).toEqual([
      "assignedRoles",
      "name",
      "subject",
      "tenantUrl",
    ]);
    expect(inputsFromApi(oldFormat, apiUser)).toEqual({
      subject: full.subject,
      name: "Jane Q. Doe",
      assignedRoles: ["TenantAdmin", "Developer", "DataAdmin"],
      tenantUrl: TENANT,
    });
  });

  it("reads a recorded managedInputs as given (known input names only, sorted)", () => {
    const recorded = { subject: "s", userId: "u1", managedInputs: ["tenantUrl", "subject", "bogus"] } as UserOutputs;
    expect(recordedManagedInputs(USER_INPUT_KEYS, recorded)).toEqual(["subject", "tenantUrl"]);
    expect(recordedManagedInputs(USER_INPUT_KEYS, { ...recorded, managedInputs: [] })).toEqual([]);
  });

  it("records as managed the inputs the program set, sorted, without the engine's __provider", () => {
    const inputs = { ...full, name: undefined, __provider: "code" } as unknown as UserInputs;
    expect(userManagedInputs(inputs)).toEqual([
      "adoptExisting",
      "assignedRoles",
      "email",
      "picture",
      "preferredLocale",
      "preferredZoneinfo",
      "status",
      "subject",
      "tenantUrl",
    ]);
    expect(userManagedInputs({ subject: "s" })).toEqual(["subject"]);
  });

  it("reports Qlik's values for the outputs: absent fields left out, roles as a (possibly empty) list", () => {
    expect(userValuesFromApi({ id: "u1", subject: "s" })).toEqual({
      subject: "s",
      assignedRoles: [],
      customGroups: [],
    });
    expect(userValuesFromApi({ ...apiUser, status: "provisioned" })).toEqual({
      subject: full.subject,
      email: "JANE@acme.example",
      name: "Jane Q. Doe",
      status: "provisioned",
      assignedRoles: ["tenantadmin", "Developer", "DataAdmin"],
      customGroups: [],
      preferredLocale: "en-US",
      preferredZoneinfo: "Europe/Stockholm",
      picture: full.picture,
    });
    // The program's spelling wins where Qlik's differs only in case.
    expect(userValuesFromApi(apiUser, full)).toMatchObject({
      email: full.email,
      assignedRoles: ["TenantAdmin", "Developer", "DataAdmin"],
    });
    expect(userValuesFromApi(apiUser, { email: "other@acme.example" }).email).toBe("JANE@acme.example");
  });

  it("an update's outputs keep the recorded values, and invent none for outputs of the old format", () => {
    const recorded = outputsOf({ subject: "s", name: "Jane" }, { ...qlikValues, subject: "s" });
    expect(recordedValues(recorded)).toEqual({ ...qlikValues, subject: "s", name: "Jane" });
    expect(recordedValues({ subject: "s", name: "Jane", userId: "u1" })).toEqual({ subject: "s", name: "Jane" });
  });

  it("reads fields Qlik leaves out as empty, so a set value shows as drift", () => {
    const recorded = outputsOf({ subject: "s", preferredLocale: "en", assignedRoles: ["Developer"] });
    expect(inputsFromApi(recorded, { id: "u1", subject: "s" })).toEqual({
      subject: "s",
      preferredLocale: "",
      assignedRoles: [],
    });
  });

  it("outputs carry Qlik's values, the inputs over them, facts and managedInputs, and no undefined", () => {
    const inputs: UserInputs = { subject: full.subject, name: "Jane Doe", adoptExisting: true };
    const outs = userOutputs(userValuesFromApi(apiUser), inputs, userFacts(apiUser, TENANT), userManagedInputs(inputs));
    expect(outs).toEqual({
      subject: full.subject,
      email: "JANE@acme.example",
      name: "Jane Doe",
      status: "active",
      assignedRoles: ["tenantadmin", "Developer", "DataAdmin"],
      customGroups: [],
      preferredLocale: "en-US",
      preferredZoneinfo: "Europe/Stockholm",
      picture: full.picture,
      adoptExisting: true,
      managedInputs: ["adoptExisting", "name", "subject"],
      userId: "u1",
      tenantId: "t1",
      createdAt: apiUser.createdAt,
      lastUpdatedAt: apiUser.lastUpdatedAt,
      assignedGroups: ["Finance"],
      tenantUrl: TENANT,
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

/** Qlik's values of a user's fields, which a program may or may not set (statuses include one it cannot set). */
const qlikArb: fc.Arbitrary<Omit<UserValues, "subject">> = fc.record(
  {
    email: fc.constantFrom("a@x.example", "A@X.example", "c@x.example"),
    name: fc.string({ maxLength: 8 }),
    status: fc.constantFrom("invited", "active", "disabled", "provisioned"),
    assignedRoles: fc.uniqueArray(roleArb, { maxLength: 4 }),
    preferredLocale: fc.constantFrom("en-US", "de-DE"),
    preferredZoneinfo: fc.constantFrom("UTC", "Asia/Tokyo"),
    picture: fc.constantFrom("https://x.example/a.png", "https://x.example/c.png"),
  },
  { requiredKeys: ["assignedRoles"] },
);

/** The user Qlik has after create: its own values, with those the program set applied. */
function qlikUser(inputs: UserInputs, qlik: Omit<UserValues, "subject">): ApiUser {
  const desired = normalizeUserInputs(inputs);
  const pick = <K extends keyof typeof qlik>(key: K) => (desired[key] ?? qlik[key]) as (typeof qlik)[K];
  return {
    id: "u1",
    tenantId: "t1",
    subject: inputs.subject,
    email: pick("email"),
    name: pick("name"),
    status: pick("status"),
    assignedRoles: pick("assignedRoles").map((name) => ({ name })),
    preferredLocale: pick("preferredLocale"),
    preferredZoneinfo: pick("preferredZoneinfo"),
    picture: pick("picture"),
  };
}

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

  it("diff(x, x) is never a change, whatever Qlik's values of the fields x leaves unset", () => {
    fc.assert(
      fc.property(inputsArb, fc.option(qlikArb, { nil: undefined }), (inputs, qlik) => {
        // Without Qlik's values: outputs as earlier versions recorded them (the inputs and facts only).
        const olds = outputsOf(inputs, qlik === undefined ? {} : { ...qlik, subject: inputs.subject });
        return jsonEqual(diffUser(olds, inputs), { changes: false });
      }),
    );
  });

  it("patch operations touch exactly the changed paths, and only when diff reports an in-place change", () => {
    fc.assert(
      fc.property(inputsArb, inputsArb, qlikArb, (before, after, qlik) => {
        const olds = outputsOf(before, { ...qlik, subject: before.subject });
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
      fc.property(inputsArb, qlikArb, (inputs, qlik) => {
        const api = qlikUser(inputs, qlik);
        const origin = inputs.tenantUrl ?? TENANT;
        // As create records a user it converged (Qlik's values, the program's applied over them).
        const outs = outputsOf(inputs, userValuesFromApi(api, normalizeUserInputs(inputs)));
        const read = readUser(outs, api, origin);
        for (const value of [outs, read.props, read.inputs]) expect(hasUndefined(value)).toBe(false);
        expect(diffUser(read.props, inputs)).toEqual({ changes: false });
        expect(Object.keys(read.inputs).sort()).toEqual(Object.keys(normalizeUserInputs(inputs)).sort());
        // The outputs report Qlik's value of every field, set by the program or not; a refresh changes nothing.
        for (const key of ["name", "status", "preferredLocale", "preferredZoneinfo", "picture"] as const) {
          expect(read.props[key]).toBe(api[key]);
        }
        expect(read.props.email?.toLowerCase()).toBe(api.email?.toLowerCase());
        expect(read.props.assignedRoles).toEqual(api.assignedRoles!.map((role) => role.name));
        expect(read.props).toEqual(outs);
        expect(readUser(read.props, api, origin)).toEqual(read);
      }),
    );
  });

  it("a refresh of outputs in the old format (no managedInputs) reports the same inputs, and records them as managed", () => {
    fc.assert(
      fc.property(inputsArb, qlikArb, (inputs, qlik) => {
        const api = qlikUser(inputs, qlik);
        const oldFormat = { ...normalizeUserInputs(inputs), userId: "u1", tenantId: "t1" } as UserOutputs;
        const origin = inputs.tenantUrl ?? TENANT;
        const read = readUser(oldFormat, api, origin);
        expect(read.inputs).toEqual(readUser(outputsOf(inputs), api, origin).inputs);
        expect(Object.keys(read.inputs).sort()).toEqual(userManagedInputs(inputs));
        expect(read.props.managedInputs).toEqual(userManagedInputs(inputs));
        for (const key of ["name", "status", "preferredLocale", "preferredZoneinfo", "picture"] as const) {
          expect(read.props[key]).toBe(api[key]);
        }
        expect(read.props.assignedRoles).toBeDefined();
        expect(diffUser(read.props, inputs)).toEqual({ changes: false });
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
