/**
 * Properties of the shared engine for every kind, and each kind's create/recovery path without a server:
 * - `diff(x, x)` is no change, whatever Qlik's values of the fields x leaves unset;
 * - the generated PATCH, applied by a strict RFC 6902 applier (the emulator's: `replace`/`remove` need an existing
 *   member, indexes must exist), turns the old document into the new one;
 * - a write that fails once the object exists is reported as a ResourceInitError that records it.
 */
import fc from "fast-check";
import { applyJsonPatch, type JsonValue, type PatchOperation } from "../../../emulator/core/json-patch";
import { CHECK_WITH_TENANT_TIMEOUT_MS, diffOf, resourceOf } from "../../../provider/engine/engine";
import { assertValidId, idProblem } from "../../../provider/engine/ids";
import type { Kind, Values } from "../../../provider/engine/kind";
import { managedInputsOf } from "../../../provider/engine/managed";
import { normalizeInputs, outputsOf, patchFor } from "../../../provider/engine/values";
import { groupKind } from "../../../provider/groups/kind";
import { groupSettingsKind } from "../../../provider/groupSettings/kind";
import { QlikApiError } from "../../../provider/http";
import type { QlikClient, RequestOptions } from "../../../provider/http/types";
import { ResourceInitError } from "../../../provider/resource";
import { tenantSettingsKind } from "../../../provider/tenantSettings/kind";
import { START_PAGES } from "../../../provider/tenantSettings/schema";
import { tenantKind } from "../../../provider/tenants/kind";
import { userKind } from "../../../provider/users/kind";
import { spaceKind } from "../../../provider/spaces/kind";
import { spaceAssignmentKind } from "../../../provider/spaceAssignments/kind";
import { SPACE_ROLES } from "../../../provider/spaces/schema";
import { roleKind } from "../../../provider/roles/kind";
import { groupMembersKind } from "../../../provider/groupMembers/kind";
import { checkInputs } from "../../../provider/validation";
import { UNKNOWN } from "../../../provider/unknown";

const TENANT = "https://acme.eu.qlikcloud.com";
const roles = fc.uniqueArray(fc.constantFrom("TenantAdmin", "Developer", "DataAdmin", "Support Analyst"), {
  maxLength: 4,
});
const text = fc.string({ minLength: 1, maxLength: 8 }).filter((value) => value.trim() !== "");
const tenantUrl = fc.constantFrom(TENANT, "https://acme.us.qlikcloud.com");

const userValues = fc.record(
  {
    subject: fc.constantFrom("auth0|a", "okta|b"),
    email: fc.constantFrom("a@x.example", "b@x.example"),
    name: text,
    status: fc.constantFrom("invited", "active", "disabled"),
    assignedRoles: roles,
    customGroups: fc.uniqueArray(fc.constantFrom("Finance", "Analysts", "Sales"), { maxLength: 3 }),
    preferredLocale: fc.constantFrom("en-US", "sv-SE"),
    preferredZoneinfo: fc.constantFrom("UTC", "Europe/Stockholm"),
    picture: fc.constantFrom("https://x.example/a.png", "https://x.example/b.png"),
    adoptExisting: fc.boolean(),
    tenantUrl,
  },
  { requiredKeys: ["subject"] },
);
const groupValues = fc
  .record(
    {
      name: text,
      providerType: fc.constantFrom("idp", "custom"),
      description: text,
      assignedRoles: roles,
      adoptExisting: fc.boolean(),
      tenantUrl,
    },
    { requiredKeys: ["name", "providerType"] },
  )
  .map((group) => (group.providerType === "idp" ? { ...group, description: undefined } : group));
const noAccess = fc.oneof(
  fc.record({ linkEnabled: fc.constant(false), message: text }, { requiredKeys: ["linkEnabled"] }),
  fc.record({ linkEnabled: fc.constant(true), linkLabel: text, linkUrl: fc.constant("https://help.example") }),
);
const settingsValues = fc.record(
  {
    preferredStartPage: fc.constantFrom(...START_PAGES),
    customizeNoAccess: noAccess,
    releaseCadence: fc.constantFrom("monthly", "continuous"),
    sessionReplayOptOut: fc.boolean(),
    crossRegionInference: fc.boolean().map((enabled) => ({ enabled, consentVerified: true })),
    tenantUrl,
  },
  { requiredKeys: [] },
);
const tenantValues = fc.record(
  {
    name: text,
    alias: fc.constantFrom("acme-europe.eu.qlikcloud.com", "acme-eire.eu.qlikcloud.com"),
    autoAssignCreateSharedSpacesRoleToProfessionals: fc.boolean(),
    autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: fc.boolean(),
    autoAssignDataServicesContributorRoleToProfessionals: fc.boolean(),
    enableAppOpeningFeedback: fc.boolean(),
    tenantUrl,
  },
  { requiredKeys: [] },
);

const groupSettingsValues = fc.record(
  { autoCreateGroups: fc.boolean(), everyoneAssignedRoles: roles, tenantUrl },
  { requiredKeys: [] },
);

const roleValues = fc.record(
  {
    name: text,
    description: text,
    assignedScopes: fc.uniqueArray(fc.constantFrom("user_default", "admin_classic", "mcp"), { maxLength: 3 }),
    adoptExisting: fc.boolean(),
    tenantUrl,
  },
  { requiredKeys: ["name"] },
);
const userId = fc.constantFrom("659200800001000000000011", "659200800001000000000012", "659200800001000000000013");
const membersValues = fc.record(
  {
    groupId: fc.constantFrom("659200800001000000000021", "659200800001000000000022"),
    userIds: fc.uniqueArray(userId, { maxLength: 3 }),
    tenantUrl,
  },
  { requiredKeys: ["groupId", "userIds"] },
);
interface Case {
  kind: Kind<never>;
  inputs: fc.Arbitrary<Values>;
}
const KINDS: [string, Case][] = [
  ["User", { kind: userKind as Kind<never>, inputs: userValues as fc.Arbitrary<Values> }],
  ["Group", { kind: groupKind as Kind<never>, inputs: groupValues as fc.Arbitrary<Values> }],
  ["GroupSettings", { kind: groupSettingsKind as Kind<never>, inputs: groupSettingsValues as fc.Arbitrary<Values> }],
  ["TenantSettings", { kind: tenantSettingsKind as Kind<never>, inputs: settingsValues as fc.Arbitrary<Values> }],
  ["Tenant", { kind: tenantKind as Kind<never>, inputs: tenantValues as fc.Arbitrary<Values> }],
  ["Role", { kind: roleKind as Kind<never>, inputs: roleValues as fc.Arbitrary<Values> }],
  ["GroupMembers", { kind: groupMembersKind as Kind<never>, inputs: membersValues as fc.Arbitrary<Values> }],
];

// Spaces and space assignments (issue 8, part 3).
const spaceValues = fc.record(
  {
    name: text.filter((name) => !/["*?<>/|\\:]/.test(name)),
    type: fc.constantFrom("shared", "managed", "data"),
    description: fc.string({ maxLength: 8 }),
    ownerId: fc.constantFrom("659200800001000000000011", "659200800001000000000012"),
    adoptExisting: fc.boolean(),
    tenantUrl,
  },
  { requiredKeys: ["name", "type"] },
);
const qlikIds = fc.constantFrom("659200800001000000000021", "659200800001000000000022");
const spaceAssignmentValues = fc.record(
  {
    spaceId: qlikIds,
    assigneeId: qlikIds,
    type: fc.constantFrom("user", "group"),
    roles: fc.uniqueArray(fc.constantFrom(...SPACE_ROLES.managed), { minLength: 1 }),
    adoptExisting: fc.boolean(),
    tenantUrl,
  },
  { requiredKeys: ["spaceId", "assigneeId", "type", "roles"] },
);
KINDS.push(
  ["Space", { kind: spaceKind as Kind<never>, inputs: spaceValues as fc.Arbitrary<Values> }],
  [
    "SpaceAssignment",
    { kind: spaceAssignmentKind as Kind<never>, inputs: spaceAssignmentValues as fc.Arbitrary<Values> },
  ],
);

/** Inputs as `check` returns them (the arbitraries may produce what check refuses: those are skipped). */
function checked(kind: Kind<never>, values: Values): Values | undefined {
  const defined = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  const { inputs, failures } = checkInputs(kind.schema as never, defined);
  return failures.length > 0 ? undefined : normalizeInputs(kind, inputs as Values);
}

/**
 * Applies `ops` strictly: set operations (`add` / `remove-value` on a set-valued field's path) as Qlik applies them
 * to a list (an added item must be new, a removed one present), everything else with the emulator's RFC 6902 applier.
 */
function applyStrictly(kind: Kind<never>, document: Record<string, JsonValue>, ops: readonly PatchOperation[]) {
  const setPaths = new Set(kind.fields.filter((field) => field.set).map((field) => field.path));
  let result: Record<string, JsonValue> = document;
  for (const op of ops) {
    if (!setPaths.has(op.path)) {
      result = applyJsonPatch(result, [op]) as Record<string, JsonValue>;
      continue;
    }
    const key = op.path.slice(1);
    const current = (result[key] ?? []) as JsonValue[];
    const items = op.value as JsonValue[];
    const has = (item: JsonValue) => current.some((member) => JSON.stringify(member) === JSON.stringify(item));
    if ((op.op as string) === "add") {
      if (items.some(has)) throw new Error(`add of an existing member at ${op.path}`);
      result = { ...result, [key]: [...current, ...items] };
    } else if ((op.op as string) === "remove-value") {
      if (!items.every(has)) throw new Error(`remove-value of a missing member at ${op.path}`);
      result = {
        ...result,
        [key]: current.filter((member) => !items.some((item) => JSON.stringify(item) === JSON.stringify(member))),
      };
    } else throw new Error(`${op.op} on the set ${op.path}`);
  }
  return result;
}

/** A document's set-valued fields in a canonical order (sets compare without order). */
function canonical(kind: Kind<never>, document: Record<string, JsonValue>): Record<string, JsonValue> {
  const copy = { ...document };
  for (const field of kind.fields) {
    const key = field.path?.slice(1);
    if (field.set && key && Array.isArray(copy[key])) {
      copy[key] = [...(copy[key] as JsonValue[])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    }
  }
  return copy;
}

/** The document the PATCH paths address, built from input values (an index below a path's is filled in). */
function documentOf(kind: Kind<never>, values: Values): Record<string, JsonValue> {
  const document: Record<string, unknown> = {};
  for (const field of kind.fields) {
    const value = values[field.name];
    if (!field.path || value === undefined) continue;
    const segments = field.path.slice(1).split("/");
    let parent: Record<string, unknown> | unknown[] = document;
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      const container = parent as Record<string, unknown>;
      if (last) container[segment] = field.toApi ? field.toApi(value) : value;
      else {
        // A short canonical number is an array index (`/hostnames/1`); a long one is an id (`/systemGroups/0…1`).
        const array = /^(0|[1-9][0-9]?)$/.test(segments[index + 1]);
        container[segment] ??= array ? Array.from({ length: Number(segments[index + 1]) }, () => "filler") : {};
        parent = container[segment] as Record<string, unknown>;
      }
    });
  }
  return JSON.parse(JSON.stringify(document)) as Record<string, JsonValue>;
}

describe.each(KINDS)("%s on the engine", (_name, { kind, inputs }) => {
  it("diff(x, x) is no change, whatever Qlik has for the fields x leaves unset", () => {
    fc.assert(
      fc.property(inputs, inputs, (raw, qlik) => {
        const desired = checked(kind, raw);
        const actual = checked(kind, qlik);
        if (!desired || !actual) return;
        const outs = outputsOf({
          actual: { ...actual, ...desired },
          inputs: desired,
          // A kind whose id is one of its inputs (GroupMembers: the group id) reports that input as the id.
          facts: { [kind.idOutput]: desired[kind.idOutput] ?? "id1" },
          tenantUrl: (desired.tenantUrl as string | undefined) ?? TENANT,
          managed: managedInputsOf(kind.inputKeys, desired),
          restore: kind.lifecycle.type === "singleton" ? { created: false, values: {} } : undefined,
        });
        expect(diffOf(kind, outs, desired, TENANT)).toEqual({ changes: false });
      }),
    );
  });

  it("the PATCH, applied strictly to the old document, gives the new one", () => {
    fc.assert(
      fc.property(inputs, inputs, (rawBefore, rawAfter) => {
        const before = checked(kind, rawBefore);
        const after = checked(kind, rawAfter);
        if (!before || !after) return;
        // Replace-only endpoints are patched on documents that have every member (Qlik's objects always do).
        const full = kind.patchStyle === "replace" ? { ...after, ...before } : before;
        const managed = managedInputsOf(kind.inputKeys, after);
        const ops = patchFor(kind, full, after, managed, kind.patchable?.(after)) as PatchOperation[];
        const patched = canonical(kind, applyStrictly(kind, documentOf(kind, full), ops));
        const patchable = kind.patchable?.(after) ?? (() => true);
        const wanted = Object.fromEntries(managed.filter(patchable).map((name) => [name, after[name]]));
        expect(patched).toEqual(canonical(kind, documentOf(kind, { ...full, ...wanted })));
        // Nothing to send between equal values.
        expect(patchFor(kind, after, after, managed)).toEqual([]);
      }),
    );
  });
});

describe("ids", () => {
  it.each([".", "..", "", "a/b", "a b", "%2e", "x".repeat(129), 7])("refuses %j before any path is built", (id) => {
    expect(idProblem("user", id)).toMatch(/is not a valid user id/);
  });

  it.each(["659200800001000000000011", "ep78msTXXZhOAN1shd9hq58E6PT7hJK_", "W-37aBAu3XchazO1GZQFeADVYk1IqpgH"])(
    "accepts Qlik's ids: %s",
    (id) => expect(idProblem("user", id)).toBeUndefined(),
  );
});

/** A client that answers each request from a script, in order, and records what was sent. */
function scripted(answers: ((options: RequestOptions<unknown>) => [number, unknown])[]) {
  const sent: string[] = [];
  const client: QlikClient = {
    origin: TENANT,
    stats: { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } },
    async request<T>(options: RequestOptions<T>) {
      sent.push(`${options.method} ${options.path}`);
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected ${options.method} ${options.path}`);
      const [status, body] = answer(options as RequestOptions<unknown>);
      if (status >= 300 && !(options.allowStatus ?? []).includes(status)) {
        throw new QlikApiError({ method: options.method, path: options.path, status });
      }
      return { status, headers: {}, body: (options.schema && status < 300 ? options.schema.parse(body) : body) as T };
    },
    paginate: () => {
      throw new Error("not used");
    },
  };
  return { client, sent, connection: { client: () => client, defaultTenantUrl: () => TENANT } };
}

describe("create and recovery paths, without a server", () => {
  it("User: created, then the PATCH of its status fails: recorded with what Qlik has, not orphaned", async () => {
    const { connection, sent } = scripted([
      () => [201, { id: "u1", subject: "auth0|a", email: "a@x.example", status: "invited" }],
      () => [500, undefined],
    ]);
    const error = await resourceOf(userKind, connection)
      .create({ subject: "auth0|a", email: "a@x.example", status: "active" })
      .catch((e: unknown) => e);
    expect(sent).toEqual(["POST /api/v1/users", "PATCH /api/v1/users/u1"]);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error).toMatchObject({ id: "u1", properties: { status: "invited", userId: "u1", tenantUrl: TENANT } });
  });

  it("Group: adopted, the PATCH of its roles fails: recorded as adopted, roles as Qlik has them", async () => {
    const group = { id: "g1", name: "Sales", providerType: "idp", assignedRoles: [{ name: "Developer" }] };
    const { client, connection, sent } = scripted([() => [500, undefined]]);
    client.paginate = async function* () {
      sent.push("GET /api/v1/groups?filter");
      yield group as never;
    };
    const error = await resourceOf(groupKind, connection)
      .create({ name: "Sales", providerType: "idp", assignedRoles: ["DataAdmin"], adoptExisting: true })
      .catch((e: unknown) => e);
    expect(sent).toEqual(["GET /api/v1/groups?filter", "PATCH /api/v1/groups/g1"]);
    expect(error).toMatchObject({ id: "g1", properties: { assignedRoles: ["Developer"], groupId: "g1" } });
  });

  it("Role: adopted, the PATCH of its description fails: recorded as adopted, as Qlik has it", async () => {
    const role = { id: "r1", name: "Reviewer", type: "custom", description: "old" };
    const { client, connection, sent } = scripted([() => [500, undefined]]);
    client.paginate = async function* () {
      sent.push("GET /api/v1/roles?filter");
      yield role as never;
    };
    const error = await resourceOf(roleKind, connection)
      .create({ name: "Reviewer", description: "new", adoptExisting: true })
      .catch((e: unknown) => e);
    expect(sent).toEqual(["GET /api/v1/roles?filter", "PATCH /api/v1/roles/r1"]);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error).toMatchObject({ id: "r1", properties: { description: "old", roleId: "r1" } });
  });

  it("Role: a default role is never adopted", async () => {
    const { client, connection } = scripted([]);
    client.paginate = async function* () {
      yield { id: "r0", name: "TenantAdmin", type: "default" } as never;
    };
    await expect(resourceOf(roleKind, connection).create({ name: "TenantAdmin", adoptExisting: true })).rejects.toThrow(
      /default roles cannot be managed/,
    );
  });

  it("Tenant: adopted, the PATCH fails: nothing was written, so the error is the API's", async () => {
    const { connection } = scripted([
      () => [200, { id: "t1", name: "acme", hostnames: ["a.example"] }],
      () => [500, undefined],
    ]);
    const error = await resourceOf(tenantKind, connection)
      .create({ name: "Acme" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QlikApiError);
  });

  it("GroupSettings: adopted, the PATCH fails: nothing was written, so the error is the API's; delete puts back", async () => {
    const doc = { tenantId: "t1", autoCreateGroups: true, systemGroups: {} };
    const failing = scripted([() => [200, doc], () => [500, undefined]]);
    const error = await resourceOf(groupSettingsKind, failing.connection)
      .create({ autoCreateGroups: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QlikApiError);

    const bodies: unknown[] = [];
    const working = scripted([
      () => [200, doc],
      (options) => [204, bodies.push(options.body) && undefined],
      () => [200, { ...doc, autoCreateGroups: false }],
      (options) => [204, bodies.push(options.body) && undefined],
    ]);
    const resource = resourceOf(groupSettingsKind, working.connection);
    const { id, outs } = await resource.create({ autoCreateGroups: false });
    expect(id).toBe("t1");
    await resource.delete(id, outs!);
    expect(working.sent).toEqual([
      "GET /api/v1/groups/settings",
      "PATCH /api/v1/groups/settings",
      "GET /api/v1/groups/settings",
      "PATCH /api/v1/groups/settings",
    ]);
    expect(bodies).toEqual([
      [{ op: "replace", path: "/autoCreateGroups", value: false }],
      [{ op: "replace", path: "/autoCreateGroups", value: true }],
    ]);
  });

  it("TenantSettings: created by POST, the PATCH fails: recorded, with the record that it created the document", async () => {
    const doc = { id: "s1", tenantId: "t1", createdAt: "c", updatedAt: "u", preferredStartPage: "analytics-hub" };
    const { connection, sent } = scripted([() => [404, undefined], () => [201, doc], () => [500, undefined]]);
    const error = await resourceOf(tenantSettingsKind, connection)
      .create({ preferredStartPage: "analytics-hub", releaseCadence: "monthly" })
      .catch((e: unknown) => e);
    expect(sent).toEqual([
      "GET /api/v1/tenant-settings",
      "POST /api/v1/tenant-settings",
      "PATCH /api/v1/tenant-settings",
    ]);
    expect(error).toMatchObject({
      id: "s1",
      properties: { restore: { created: true, values: { preferredStartPage: null, releaseCadence: null } } },
    });
  });
});

describe("Space and SpaceAssignment paths, without a server", () => {
  const SPACE = { id: "sp1", name: "Team", type: "shared", ownerId: "u1", tenantId: "t1" };
  const ASSIGNMENT = { id: "as1", spaceId: "sp1", assigneeId: "u2", type: "user", roles: ["consumer"] };

  it("Space: created, the PATCH of its owner fails: recorded with Qlik's owner, not orphaned", async () => {
    const { connection, sent } = scripted([() => [201, SPACE], () => [500, undefined]]);
    const error = await resourceOf(spaceKind, connection)
      .create({ name: "Team", type: "shared", ownerId: "u9" })
      .catch((e: unknown) => e);
    expect(sent).toEqual(["POST /api/v1/spaces", "PATCH /api/v1/spaces/sp1"]);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error).toMatchObject({ id: "sp1", properties: { ownerId: "u1", spaceId: "sp1" } });
  });

  it("SpaceAssignment: roles the space's type refuses fail create before any write", async () => {
    const { connection, sent } = scripted([() => [200, SPACE]]);
    const error = await resourceOf(spaceAssignmentKind, connection)
      .create({ spaceId: "sp1", assigneeId: "u2", type: "user", roles: ["publisher"] })
      .catch((e: unknown) => e);
    expect(sent).toEqual(["GET /api/v1/spaces/sp1"]);
    expect(String(error)).toMatch(/"publisher" cannot be assigned in the shared space "Team".*nothing was written/);
  });

  it("SpaceAssignment: a roles change is one PUT of the whole list, after reading the space's type", async () => {
    const bodies: unknown[] = [];
    const { connection, sent } = scripted([
      () => [200, SPACE],
      (options) => [200, { ...ASSIGNMENT, ...(bodies.push(options.body) && (options.body as object)) }],
    ]);
    const resource = resourceOf(spaceAssignmentKind, connection);
    const olds = { ...ASSIGNMENT, assignmentId: "as1", tenantUrl: TENANT, managedInputs: ["assigneeId", "roles"] };
    const news = { spaceId: "sp1", assigneeId: "u2", type: "user", roles: ["producer", "consumer"] };
    const { outs } = await resource.update("sp1/as1", olds as never, news);
    expect(sent).toEqual(["GET /api/v1/spaces/sp1", "PUT /api/v1/spaces/sp1/assignments/as1"]);
    expect(bodies).toEqual([{ roles: ["consumer", "producer"] }]);
    expect(outs).toMatchObject({ roles: ["producer", "consumer"], assignmentId: "as1" });
  });

  it("SpaceAssignment check: no failure (and no throw) when the tenant cannot answer, the space id is unknown, or nothing changed", async () => {
    const unreachable = {
      client: () => {
        throw new Error("no credentials");
      },
      defaultTenantUrl: () => undefined,
    };
    const inputs = { spaceId: "sp1", assigneeId: "u2", type: "user", roles: ["publisher"] };
    expect(await resourceOf(spaceAssignmentKind, unreachable).check({}, inputs)).toEqual({ inputs });
    const { connection, sent } = scripted([]);
    const unknown = { ...inputs, spaceId: UNKNOWN };
    // Unchanged space and roles (as a set) were checked when they were written: nothing to ask.
    const unchanged = { ...inputs, roles: ["publisher"] };
    expect((await resourceOf(spaceAssignmentKind, connection).check(unchanged, inputs)).failures).toBeUndefined();
    expect((await resourceOf(spaceAssignmentKind, connection).check({}, unknown)).failures).toBeUndefined();
    expect(sent).toEqual([]);
  });

  it.each([
    [{ roles: [] }, "roles", /must not be empty/],
    [{ roles: ["consumer", "consumer"] }, "roles", /more than once/],
    [{ roles: ["owner"] }, "roles.0", /"owner" is not a space role/],
    [{ type: "bot" }, "type", /"user" .* or "group"/],
    [{ spaceId: "../x" }, "spaceId", /a Qlik id/],
  ])("SpaceAssignment check refuses %j naming the property", async (change, property, reason) => {
    const inputs = { spaceId: "sp1", assigneeId: "u2", type: "user", roles: ["consumer"], ...change };
    const { failures } = await resourceOf(spaceAssignmentKind, scripted([]).connection).check({}, inputs);
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  it("composite ids: each part must be a Qlik id", () => {
    expect(assertValidId("space assignment", "sp1/as1", 2)).toBe("sp1/as1");
    for (const id of ["sp1", "sp1/..", "sp1/as1/x", "/as1"]) {
      expect(() => assertValidId("space assignment", id, 2)).toThrow(/must be 2 Qlik ids/);
    }
  });
});

describe("tenant-aware checks", () => {
  afterEach(() => jest.useRealTimers());

  it("a tenant that does not answer never holds a preview longer than the check timeout", async () => {
    jest.useFakeTimers();
    const never: QlikClient = {
      origin: TENANT,
      stats: { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } },
      request: () => new Promise(() => undefined),
      paginate: () => {
        throw new Error("not used");
      },
    };
    const connection = { client: () => never, defaultTenantUrl: () => TENANT };
    const inputs = { spaceId: "sp1", assigneeId: "u2", type: "user", roles: ["publisher"] };
    const checking = resourceOf(spaceAssignmentKind, connection).check({}, inputs);
    await jest.advanceTimersByTimeAsync(CHECK_WITH_TENANT_TIMEOUT_MS);
    expect(await checking).toEqual({ inputs });
  });
});
