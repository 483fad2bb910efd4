import fc from "fast-check";
import { implementation } from "../../../provider/groups";
import type { ApiGroup } from "../../../provider/groups/api";
import { classifyCreateFailure, groupKind } from "../../../provider/groups/kind";
import { adapters } from "../engine/adapters";
import type { GroupInputs, GroupOutputs, GroupValues } from "../../../provider/groups/schema";
import { applyPatch, changedKeys, jsonEqual, parsePointer, setComparator } from "../../../provider/patch";
import { UNKNOWN } from "../../../provider/unknown";

const TENANT = "https://acme.eu.qlikcloud.com";
const GROUP_PATCH_KEYS = ["name", "description", "assignedRoles"] as const;
const {
  diff: diffGroup,
  facts: groupFacts,
  valuesFromApi: groupFieldsFromApi,
  managedInputs: groupManagedInputs,
  outputs: groupOutputs,
  patchDocument: groupPatchDocument,
  patchOperations: groupPatchOperations,
  postBody: groupPostBody,
  valuesFromApi: groupValuesFromApi,
  inputsFromApi,
  normalize: normalizeGroupInputs,
  read: readGroup,
  recordedValues,
} = adapters(groupKind, TENANT);

const custom: GroupInputs = {
  name: "Data Stewards",
  providerType: "custom",
  description: "People who curate data",
  assignedRoles: ["DataAdmin", "Developer"],
  adoptExisting: true,
  tenantUrl: TENANT,
};
const idp: GroupInputs = { name: "Finance", providerType: "idp", assignedRoles: ["SharedSpaceCreator"] };

/** Outputs as create records them: Qlik's values (`actual`), the inputs over them, facts, managedInputs. */
const outputsOf = (inputs: GroupInputs, actual: Partial<GroupValues> = {}): GroupOutputs =>
  groupOutputs(
    actual,
    inputs,
    { groupId: "g1", status: "active", tenantUrl: inputs.tenantUrl ?? TENANT },
    groupManagedInputs(inputs),
  );

describe("Group check", () => {
  it("accepts valid inputs and defaults providerType to idp", async () => {
    await expect(implementation.check({}, { name: "Finance" })).resolves.toEqual({
      inputs: { name: "Finance", providerType: "idp" },
    });
    await expect(implementation.check({}, { ...custom, __provider: "code" })).resolves.toEqual({ inputs: custom });
  });

  it("accepts a name of exactly 256 characters", async () => {
    expect((await implementation.check({}, { name: "n".repeat(256) })).failures).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["missing name", {}, "name", /name is required/],
    ["empty name", { name: " " }, "name", /must not be empty/],
    ["name too long", { name: "n".repeat(257) }, "name", /at most 256 characters.*has 257/],
    ["bad providerType", { name: "g", providerType: "saml" }, "providerType", /"idp".*"custom"/],
    [
      "description on an IdP group",
      { name: "g", description: "d" },
      "description",
      /only be set on custom groups.*providerType: "custom"/,
    ],
    [
      "description on an explicit IdP group",
      { name: "g", providerType: "idp", description: "" },
      "description",
      /custom groups/,
    ],
    ["duplicate roles", { name: "g", assignedRoles: ["A", "A"] }, "assignedRoles", /"A" more than once/],
    [
      "too many roles",
      { name: "g", assignedRoles: Array.from({ length: 101 }, (_, i) => `R${i}`) },
      "assignedRoles",
      /at most 100 roles/,
    ],
    ["roles not a list", { name: "g", assignedRoles: "A" }, "assignedRoles", /list of role names/],
    ["adoptExisting not boolean", { name: "g", adoptExisting: 1 }, "adoptExisting", /true or false/],
    ["tenantUrl without scheme", { name: "g", tenantUrl: "acme.eu.qlikcloud.com" }, "tenantUrl", /no scheme/],
    ["unknown property", { name: "g", roles: ["A"] }, "roles", /not a Group input.*assignedRoles/],
  ])("fails on %s, naming the property and the fix", async (_case, news, property, reason) => {
    const { failures } = await implementation.check({}, news);
    expect(failures).toEqual(expect.arrayContaining([{ property, reason: expect.stringMatching(reason) }]));
  });

  describe("tolerates the unknown sentinel", () => {
    it.each(Object.keys(custom))("in %s", async (key) => {
      const result = await implementation.check({}, { ...custom, [key]: UNKNOWN });
      expect(result.failures).toBeUndefined();
      expect(result.inputs).toEqual({ ...custom, [key]: UNKNOWN });
    });

    it("in providerType while a description is set (cannot judge yet)", async () => {
      expect(
        (await implementation.check({}, { name: "g", providerType: UNKNOWN, description: "d" })).failures,
      ).toBeUndefined();
    });

    it("inside the role list", async () => {
      expect(
        (await implementation.check({}, { name: "g", assignedRoles: [UNKNOWN, UNKNOWN] })).failures,
      ).toBeUndefined();
    });
  });
});

describe("Group diff", () => {
  const cases: [string, GroupInputs, Partial<GroupInputs> & Record<string, unknown>, ReturnType<typeof diffGroup>][] = [
    ["nothing changed", custom, {}, { changes: false }],
    [
      "roles reordered and repeated",
      custom,
      { assignedRoles: ["Developer", "DataAdmin", "Developer"] },
      { changes: false },
    ],
    ["only adoptExisting", custom, { adoptExisting: false }, { changes: false }],
    ["description removed (no longer managed)", custom, { description: undefined }, { changes: false }],
    ["custom group renamed", custom, { name: "Data Owners" }, { changes: true }],
    ["custom group description", custom, { description: "New" }, { changes: true }],
    ["custom group roles", custom, { assignedRoles: ["DataAdmin"] }, { changes: true }],
    ["IdP group roles", idp, { assignedRoles: [] }, { changes: true }],
    [
      "IdP group renamed",
      idp,
      { name: "Finance EU" },
      { changes: true, replaces: ["name"], deleteBeforeReplace: false },
    ],
    [
      "IdP group renamed in case only (may collide)",
      idp,
      { name: "FINANCE" },
      { changes: true, replaces: ["name"], deleteBeforeReplace: true },
    ],
    [
      "providerType changed, same name (no collision: types may share names)",
      idp,
      { providerType: "custom" },
      { changes: true, replaces: ["providerType"], deleteBeforeReplace: false },
    ],
    [
      "providerType and name changed",
      custom,
      { providerType: "idp", name: "X", description: undefined },
      { changes: true, replaces: ["providerType", "name"], deleteBeforeReplace: false },
    ],
    [
      "tenantUrl changed (same name and type: delete first)",
      custom,
      { tenantUrl: "https://acme.us.qlikcloud.com" },
      { changes: true, replaces: ["tenantUrl"], deleteBeforeReplace: true },
    ],
    ["tenantUrl respelled", custom, { tenantUrl: "https://ACME.eu.qlikcloud.com/" }, { changes: false }],
    ["unknown roles", idp, { assignedRoles: UNKNOWN as unknown as string[] }, { changes: true }],
    ["unknown description", custom, { description: UNKNOWN }, { changes: true }],
    ["unknown name of a custom group", custom, { name: UNKNOWN }, { changes: true }],
    [
      "unknown name of an IdP group",
      idp,
      { name: UNKNOWN },
      { changes: true, replaces: ["name"], deleteBeforeReplace: true },
    ],
    [
      "unknown providerType",
      custom,
      { providerType: UNKNOWN as GroupInputs["providerType"] },
      { changes: true, replaces: ["providerType"], deleteBeforeReplace: true },
    ],
    [
      "unknown tenantUrl",
      idp,
      { tenantUrl: UNKNOWN },
      { changes: true, replaces: ["tenantUrl"], deleteBeforeReplace: true },
    ],
  ];

  it.each(cases)("%s", (_case, before, change, expected) => {
    expect(diffGroup(outputsOf(before), { ...before, ...change } as GroupInputs)).toEqual(expected);
  });

  it("reads a missing recorded providerType as idp", () => {
    const olds = { name: "Finance", groupId: "g1" } as GroupOutputs;
    expect(diffGroup(olds, { name: "Finance", providerType: "idp" })).toEqual({ changes: false });
  });

  describe("with outputs that also hold Qlik's values of the fields the program leaves unset", () => {
    const minimal: GroupInputs = { name: "Data Stewards", providerType: "custom" };
    const recorded = outputsOf(minimal, {
      name: "Data Stewards",
      providerType: "custom",
      description: "Written in the console",
      assignedRoles: ["DataAdmin"],
    });

    it("records every value Qlik has, and only name and providerType as managed", () => {
      expect(recorded).toMatchObject({
        description: "Written in the console",
        assignedRoles: ["DataAdmin"],
        managedInputs: ["name", "providerType"],
      });
    });

    it("is no change: unset fields are not managed", async () => {
      expect(diffGroup(recorded, minimal)).toEqual({ changes: false });
      await expect(implementation.diff("g1", recorded, minimal)).resolves.toEqual({ changes: false });
      const idpRecorded = outputsOf(idp, { ...idp, assignedRoles: ["SharedSpaceCreator", "Developer"] });
      expect(diffGroup(idpRecorded, { name: "Finance", providerType: "idp" })).toEqual({ changes: false });
    });

    it.each<[string, Partial<GroupInputs>, ReturnType<typeof diffGroup>]>([
      ["the description Qlik has", { description: "Written in the console" }, { changes: false }],
      ["the roles Qlik has", { assignedRoles: ["DataAdmin"] }, { changes: false }],
      ["another description", { description: "" }, { changes: true }],
      ["other roles", { assignedRoles: [] }, { changes: true }],
    ])("compares a field the program starts to set with Qlik's value: %s", (_case, change, expected) => {
      expect(diffGroup(recorded, { ...minimal, ...change })).toEqual(expected);
    });
  });
});

describe("Group patch operations", () => {
  it("replaces the changed custom-group paths with leading slashes", () => {
    expect(
      groupPatchOperations(custom, { ...custom, name: "Owners", description: "D", assignedRoles: ["Developer"] }),
    ).toEqual([
      { op: "replace", path: "/name", value: "Owners" },
      { op: "replace", path: "/description", value: "D" },
      { op: "replace", path: "/assignedRoles", value: [{ name: "Developer" }] },
    ]);
  });

  it("never patches an IdP group's name", () => {
    expect(groupPatchOperations(idp, { ...idp, name: "Other", assignedRoles: ["A", "B"] })).toEqual([
      { op: "replace", path: "/assignedRoles", value: [{ name: "A" }, { name: "B" }] },
    ]);
  });

  it("brings an adopted group to the desired state, or sends nothing", () => {
    const api: ApiGroup = {
      id: "g1",
      name: "Data Stewards",
      providerType: "custom",
      assignedRoles: [{ name: "DataAdmin" }],
    };
    expect(groupPatchOperations(groupFieldsFromApi(api, custom), custom)).toEqual([
      { op: "replace", path: "/description", value: custom.description },
      { op: "replace", path: "/assignedRoles", value: [{ name: "DataAdmin" }, { name: "Developer" }] },
    ]);
    const same: ApiGroup = {
      ...api,
      description: custom.description,
      assignedRoles: [{ name: "Developer" }, { name: "DataAdmin" }],
    };
    expect(groupPatchOperations(groupFieldsFromApi(same, custom), custom)).toEqual([]);
  });

  it("POST body: active, provider type, roles by name", async () => {
    expect(await groupPostBody(custom)).toEqual({
      name: custom.name,
      providerType: "custom",
      description: custom.description,
      status: "active",
      assignedRoles: [{ name: "DataAdmin" }, { name: "Developer" }],
    });
    expect(await groupPostBody({ name: "Sales", providerType: "idp" })).toEqual({
      name: "Sales",
      providerType: "idp",
      status: "active",
    });
  });
});

describe("Group refresh translation", () => {
  it("keeps the program's shape and shows Qlik's values (drift)", () => {
    const api: ApiGroup = {
      id: "g1",
      name: "Data Owners",
      providerType: "custom",
      description: "Renamed in the UI",
      status: "active",
      tenantId: "t1",
      createdAt: "2024-01-01T00:00:00.000Z",
      lastUpdatedAt: "2024-02-01T00:00:00.000Z",
      assignedRoles: [{ name: "dataadmin" }],
    };
    const recorded = outputsOf({
      name: "Data Stewards",
      providerType: "custom",
      assignedRoles: ["DataAdmin"],
      tenantUrl: TENANT,
    });
    const inputs = inputsFromApi(recorded, api);
    expect(inputs).toEqual({
      name: "Data Owners",
      providerType: "custom",
      assignedRoles: ["DataAdmin"],
      tenantUrl: TENANT,
    });
    const { props } = readGroup(recorded, api, TENANT);
    expect(diffGroup(props, { ...inputs, name: "Data Stewards" })).toEqual({ changes: true });
    expect(props).toEqual({
      ...inputs,
      // Not set by the program, yet reported: Qlik's description.
      description: "Renamed in the UI",
      managedInputs: ["assignedRoles", "name", "providerType", "tenantUrl"],
      groupId: "g1",
      tenantId: "t1",
      status: "active",
      createdAt: api.createdAt,
      lastUpdatedAt: api.lastUpdatedAt,
      tenantUrl: TENANT,
    });
    expect(readGroup(recorded, api, TENANT).inputs).toEqual(inputs);
  });

  it("infers the managed inputs of outputs written before managedInputs was recorded from the keys present", () => {
    const api: ApiGroup = {
      id: "g1",
      name: "Data Stewards",
      providerType: "custom",
      description: "People who curate data",
      status: "active",
      assignedRoles: [{ name: "DataAdmin" }, { name: "Developer" }],
    };
    // Earlier versions recorded the normalized inputs plus facts, and nothing else.
    const oldFormat = {
      name: "Data Stewards",
      providerType: "custom",
      assignedRoles: ["DataAdmin"],
      groupId: "g1",
      status: "active",
      tenantOrigin: TENANT,
    } as GroupOutputs;
    const read = readGroup(oldFormat, api, TENANT);
    expect(read.inputs).toEqual({
      name: "Data Stewards",
      providerType: "custom",
      assignedRoles: ["DataAdmin", "Developer"],
    });
    expect(read.props).toEqual({
      ...read.inputs,
      description: "People who curate data",
      managedInputs: ["assignedRoles", "name", "providerType"],
      groupId: "g1",
      status: "active",
      tenantUrl: TENANT,
    });
    // From then on the record decides: the description, now in the outputs, is still not an input.
    expect(readGroup(read.props, api, TENANT)).toEqual(read);
  });

  it("reports every field for a lookup by id (Group.get) and records them all as managed", () => {
    const api: ApiGroup = { id: "g1", name: "Sales", providerType: "idp", status: "active" };
    expect(readGroup({ name: "" } as GroupOutputs, api, TENANT)).toEqual({
      id: "g1",
      inputs: { name: "Sales", providerType: "idp", assignedRoles: [] },
      props: {
        name: "Sales",
        providerType: "idp",
        assignedRoles: [],
        managedInputs: ["assignedRoles", "name", "providerType"],
        groupId: "g1",
        status: "active",
        tenantUrl: TENANT,
      },
    });
  });

  it("reports Qlik's values for the outputs: no description when Qlik has none, roles as a (possibly empty) list", () => {
    expect(groupValuesFromApi({ id: "g1", name: "Sales" })).toEqual({
      name: "Sales",
      providerType: "idp",
      assignedRoles: [],
    });
    expect(
      groupValuesFromApi(
        { id: "g1", name: "S", providerType: "custom", description: "", assignedRoles: [{ name: "developer" }] },
        { assignedRoles: ["Developer"] },
      ),
    ).toEqual({ name: "S", providerType: "custom", description: "", assignedRoles: ["Developer"] });
  });

  it("records as managed the inputs the program set, sorted, without the engine's __provider", () => {
    expect(groupManagedInputs({ ...custom, __provider: "code" } as GroupInputs)).toEqual([
      "adoptExisting",
      "assignedRoles",
      "description",
      "name",
      "providerType",
      "tenantUrl",
    ]);
    expect(groupManagedInputs({ name: "Finance", providerType: "idp" })).toEqual(["name", "providerType"]);
  });

  it("an update's outputs keep the recorded values, and invent none for outputs of the old format", () => {
    const recorded = outputsOf(idp, { ...idp, assignedRoles: ["A"] });
    expect(recordedValues(recorded)).toEqual({
      name: "Finance",
      providerType: "idp",
      assignedRoles: idp.assignedRoles,
    });
    expect(recordedValues({ name: "Finance", groupId: "g1" })).toEqual({ name: "Finance" });
  });

  it("reads a group Qlik reports without providerType as idp", () => {
    expect(inputsFromApi(outputsOf(idp), { id: "g1", name: "Finance" })).toEqual({
      name: "Finance",
      providerType: "idp",
      assignedRoles: [],
    });
  });
});

describe("Group create failures", () => {
  it.each<[string, Parameters<typeof classifyCreateFailure>[0], string | undefined]>([
    [
      "a name conflict",
      { status: 409, qlikCode: "GROUPS-9", errors: [{ title: "Conflict", detail: "Group name already exists" }] },
      "conflict",
    ],
    [
      "the group cap",
      {
        status: 400,
        errors: [{ title: "Bad Request", detail: "The maximum number of groups (10000) has been reached" }],
      },
      "groupLimit",
    ],
    [
      "auto-create disabled",
      {
        status: 403,
        errors: [{ title: "Forbidden", detail: "Creating IdP groups requires autoCreateGroups to be enabled" }],
      },
      "autoCreateGroupsDisabled",
    ],
    [
      "the group cap, as the emulator words it",
      {
        status: 400,
        errors: [{ detail: "The tenant has reached the maximum of 3 groups; remove groups before creating more." }],
      },
      "groupLimit",
    ],
    ["something else", { status: 400, errors: [{ title: "Bad Request", detail: "name is required" }] }, undefined],
  ])("recognizes %s", (_case, error, expected) => {
    expect(classifyCreateFailure(error)).toBe(expected);
  });
});

// --- Properties ------------------------------------------------------------------------------------------------

const roleArb = fc.constantFrom("TenantAdmin", "Developer", "DataAdmin", "SharedSpaceCreator", "Support Analyst");
const inputsArb: fc.Arbitrary<GroupInputs> = fc
  .record(
    {
      name: fc.constantFrom("Finance", "finance", "Sales", "Data Stewards"),
      providerType: fc.constantFrom("idp" as const, "custom" as const),
      description: fc.string({ maxLength: 6 }),
      assignedRoles: fc.array(roleArb, { maxLength: 6 }),
      adoptExisting: fc.boolean(),
      tenantUrl: fc.constantFrom(TENANT, "https://acme.us.qlikcloud.com"),
    },
    { requiredKeys: ["name", "providerType"] },
  )
  .map((group) => (group.providerType === "idp" ? { ...group, description: undefined } : group))
  .map((group) => normalizeGroupInputs(group as GroupInputs));

/** Qlik's values of a group's fields: its description and roles, which a program may or may not set. */
const qlikArb = fc.record(
  { description: fc.string({ maxLength: 6 }), assignedRoles: fc.uniqueArray(roleArb, { maxLength: 4 }) },
  { requiredKeys: ["assignedRoles"] },
);
type QlikGroupValues = Omit<GroupValues, "name" | "providerType">;

/** The group Qlik has after create: its own values, with those the program set applied. */
function qlikGroup(inputs: GroupInputs, qlik: QlikGroupValues): ApiGroup {
  const description = inputs.description ?? (inputs.providerType === "custom" ? qlik.description : undefined);
  return {
    id: "g1",
    tenantId: "t1",
    status: "active",
    name: inputs.name,
    providerType: inputs.providerType,
    ...(description === undefined ? {} : { description }),
    assignedRoles: (inputs.assignedRoles ?? qlik.assignedRoles).map((name) => ({ name })),
  };
}

const qlikValuesOf = (inputs: GroupInputs, qlik: QlikGroupValues) =>
  groupValuesFromApi(qlikGroup(inputs, qlik), inputs);

describe("Group properties", () => {
  it("generated inputs pass check (the generator is honest)", async () => {
    await fc.assert(
      fc.asyncProperty(inputsArb, async (inputs) => {
        expect((await implementation.check({}, { ...inputs })).failures).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  it("diff(x, x) is never a change, whatever Qlik's values of the fields x leaves unset", () => {
    fc.assert(
      fc.property(inputsArb, fc.option(qlikArb, { nil: undefined }), (inputs, qlik) => {
        // Without Qlik's values: outputs as earlier versions recorded them (the inputs and facts only).
        const olds = outputsOf(inputs, qlik === undefined ? {} : qlikValuesOf(inputs, qlik));
        return jsonEqual(diffGroup(olds, inputs), { changes: false });
      }),
    );
  });

  it("an in-place change has patch operations on exactly the changed paths", () => {
    fc.assert(
      fc.property(inputsArb, inputsArb, qlikArb, (before, after, qlik) => {
        const olds = outputsOf(before, qlikValuesOf(before, qlik));
        const diff = diffGroup(olds, after);
        if (diff.replaces) return;
        const ops = groupPatchOperations(olds, after);
        const changed = changedKeys(olds, after, GROUP_PATCH_KEYS, { assignedRoles: setComparator });
        expect(ops.map((op) => parsePointer(op.path)[0])).toEqual(changed);
        expect(diff.changes).toBe(ops.length > 0);
      }),
    );
  });

  it("applying the operations to the old document yields the new one (same group kind)", () => {
    fc.assert(
      fc.property(inputsArb, inputsArb, (before, after) => {
        fc.pre(
          before.providerType === after.providerType && (after.providerType === "custom" || before.name === after.name),
        );
        const patched = applyPatch(groupPatchDocument(before), groupPatchOperations(before, after));
        expect(patched).toEqual(groupPatchDocument({ ...before, ...after }));
      }),
    );
  });

  it("outputs hold Qlik's values, are plain JSON, and a refresh right after create changes nothing", () => {
    fc.assert(
      fc.property(inputsArb, qlikArb, (inputs, qlik) => {
        const api = qlikGroup(inputs, qlik);
        const origin = inputs.tenantUrl ?? TENANT;
        const outs = groupOutputs(
          qlikValuesOf(inputs, qlik),
          inputs,
          groupFacts(api, origin),
          groupManagedInputs(inputs),
        );
        expect(JSON.parse(JSON.stringify(outs))).toEqual(outs);
        expect(outs.description).toBe(api.description);
        expect(outs.assignedRoles).toEqual(api.assignedRoles!.map((role) => role.name));
        const read = readGroup(outs, api, origin);
        expect(read.props).toEqual(outs);
        expect(Object.keys(read.inputs).sort()).toEqual(groupManagedInputs(inputs));
        expect(diffGroup(read.props, inputs)).toEqual({ changes: false });
        // Outputs in the old format (no managedInputs) are read the same way.
        const oldFormat = { ...normalizeGroupInputs(inputs), groupId: "g1", tenantOrigin: origin } as GroupOutputs;
        expect(readGroup(oldFormat, api, origin)).toEqual({ id: "g1", props: read.props, inputs: read.inputs });
      }),
    );
  });

  it("a replacement deletes first exactly when name (any case) and provider type stay the same", () => {
    fc.assert(
      fc.property(inputsArb, inputsArb, (before, after) => {
        const diff = diffGroup(outputsOf(before), after);
        if (!diff.replaces) return;
        const collide =
          before.providerType === after.providerType && before.name.toLowerCase() === after.name.toLowerCase();
        expect(diff.deleteBeforeReplace).toBe(collide);
      }),
    );
  });
});
