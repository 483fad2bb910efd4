/**
 * Every resource's lifecycle through Pulumi's real dynamic-provider host, started from an example program
 * directory where `pulumi-qlik` resolves from node_modules (as after `npm install pulumi-qlik`), against the
 * emulator. Requires `npm run build` (the host loads dist/provider).
 */
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import type { EmulatorHandle } from "../../emulator";
import { hostEnv, ProviderHost, urnOf, type Props } from "./host";
import { providerModuleText } from "../../sdk/shim";
import { serializedProviders, type Kind } from "./serialized";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const EVERYONE = "000000000000000000000001";
const programDir = path.resolve(__dirname, "../../examples/quickstart");

let emulator: EmulatorHandle;
let host: ProviderHost;
let providers: Record<Kind, string>;

beforeAll(async () => {
  providers = await serializedProviders();
  emulator = await startEmulator();
  host = await ProviderHost.start({ programDir, env: { ...hostEnv(), QLIK_API_KEY: "" } });
  await host.configure({ "qlik:tenantUrl": emulator.tenantUrl, "qlik:apiKey": emulator.tenants[0].apiKey });
});

afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

function writesSince(seq: number) {
  return emulator.log.filter((entry) => entry.seq > seq && entry.method !== "GET");
}

function lastSeq(): number {
  return emulator.log.at(-1)?.seq ?? 0;
}

/** check → create → read → diff(no change) → check/diff/update → read → delete → read (gone), as the engine does. */
async function lifecycle(kind: Kind, name: string, inputs: Props, changed: Props) {
  const urn = urnOf(kind, name);
  const __provider = providers[kind];

  const checked = await host.check(urn, {}, { ...inputs, __provider });
  expect(checked.failures).toEqual([]);
  expect(checked.inputs.__provider).toBe(__provider);

  const created = await host.create(urn, checked.inputs);
  expect(created.id).not.toBe("");
  expect(created.properties.__provider).toBe(__provider);

  const read = await host.read(urn, created.id, created.properties, checked.inputs);
  expect(read.id).toBe(created.id);
  expect(read.inputs).toBeDefined();

  const same = await host.diff(urn, created.id, read.properties, { ...checked.inputs });
  expect(same.changes).toBe("none");

  const rechecked = await host.check(urn, checked.inputs, { ...changed, __provider });
  expect(rechecked.failures).toEqual([]);
  const diff = await host.diff(urn, created.id, read.properties, rechecked.inputs);
  expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });

  const before = lastSeq();
  const updated = await host.update(urn, created.id, read.properties, rechecked.inputs);
  expect(updated.properties.__provider).toBe(__provider);
  const after = await host.read(urn, created.id, updated.properties, rechecked.inputs);
  expect(after.id).toBe(created.id);
  const patches = writesSince(before).filter((entry) => entry.method === "PATCH");
  return { urn, id: created.id, properties: after.properties, patches };
}

describe("the serialized provider", () => {
  it("is the one-line module reference of its kind, whatever the install (this is a symlinked checkout)", () => {
    for (const [kind, text] of Object.entries(providers)) {
      expect(text).toBe(providerModuleText(kind as Kind));
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(80);
    }
  });
});

describe("lifecycle through the dynamic-provider host", () => {
  it("User: create, read, update in one PATCH, delete", async () => {
    const { urn, id, properties, patches } = await lifecycle(
      "User",
      "ada",
      { subject: "auth0|protocol-ada", email: "ada@example.com", name: "Ada", assignedRoles: ["Developer"] },
      {
        subject: "auth0|protocol-ada",
        email: "ada@example.com",
        name: "Ada Lovelace",
        assignedRoles: ["Developer", "DataAdmin"],
      },
    );
    expect(patches).toHaveLength(1);
    expect(properties).toMatchObject({ name: "Ada Lovelace" });
    expect([...(properties.assignedRoles as string[])].sort()).toEqual(["DataAdmin", "Developer"]);

    await host.delete(urn, id, properties);
    const gone = await host.read(urn, id, properties);
    expect(gone.id).toBe("");
  });

  it("Group: a custom group is renamed in place; an IdP rename is a replacement", async () => {
    const { urn, id, properties, patches } = await lifecycle(
      "Group",
      "analysts",
      { name: "Protocol Analysts", providerType: "custom", assignedRoles: ["Developer"] },
      { name: "Protocol Analysts 2", providerType: "custom", assignedRoles: ["Developer"] },
    );
    expect(patches).toHaveLength(1);
    expect(properties).toMatchObject({ name: "Protocol Analysts 2" });
    await host.delete(urn, id, properties);

    const idpUrn = urnOf("Group", "idp");
    const idp = await host.create(idpUrn, { name: "Protocol IdP", __provider: providers.Group });
    const renamed = await host.check(idpUrn, {}, { name: "Protocol IdP 2", __provider: providers.Group });
    const diff = await host.diff(idpUrn, idp.id, idp.properties, renamed.inputs);
    expect(diff.changes).toBe("some");
    expect(diff.replaces).toContain("name");
    await host.delete(idpUrn, idp.id, idp.properties);
  });

  it("TenantSettings: created with consent, updated, deleted", async () => {
    const { urn, id, properties } = await lifecycle(
      "TenantSettings",
      "settings",
      { preferredStartPage: "analytics-hub", crossRegionInference: { enabled: true, consentVerified: true } },
      { preferredStartPage: "management-console", crossRegionInference: { enabled: true, consentVerified: true } },
    );
    expect(properties).toMatchObject({ preferredStartPage: "management-console" });
    const toggles = emulator.log.filter((entry) => entry.path.endsWith("toggle-cross-region-inference"));
    expect(toggles).toHaveLength(1);
    await host.delete(urn, id, properties);
    expect(emulator.state().tenantSettings).toBeFalsy();
  });

  it("GroupSettings: adopted, patched, and put back as found on delete", async () => {
    const original = emulator.state().groupSettings;
    const { urn, id, properties, patches } = await lifecycle(
      "GroupSettings",
      "group-settings",
      { autoCreateGroups: false },
      { autoCreateGroups: false, everyoneAssignedRoles: ["Developer"] },
    );
    expect(id).toBe(emulator.tenants[0].id);
    expect(patches).toHaveLength(1);
    expect(properties).toMatchObject({ autoCreateGroups: false, everyoneAssignedRoles: ["Developer"] });
    await host.delete(urn, id, properties);
    const restored = emulator.state().groupSettings;
    expect(restored.autoCreateGroups).toBe(original.autoCreateGroups);
    expect(restored.systemGroups).toEqual({
      ...original.systemGroups,
      [EVERYONE]: {
        ...original.systemGroups?.[EVERYONE],
        lastUpdatedAt: restored.systemGroups?.[EVERYONE]?.lastUpdatedAt,
      },
    });
  });

  it("Tenant: adopted, patched, and put back as found on delete", async () => {
    const original = emulator.state().tenant;
    const { urn, id, properties, patches } = await lifecycle(
      "Tenant",
      "tenant",
      { name: "Protocol Tenant" },
      { name: "Protocol Tenant Renamed" },
    );
    expect(patches).toHaveLength(1);
    const before = lastSeq();
    await host.delete(urn, id, properties);
    // The singleton rule: delete puts back the name create found, with one PATCH.
    expect(writesSince(before)).toHaveLength(1);
    expect(emulator.state().tenant).toMatchObject({ id: original.id, name: original.name });
  });
});

describe("custom roles and membership through the dynamic-provider host", () => {
  it("Role: created, renamed in one PATCH, and deleted; an unknown role name fails check, listing the valid ones", async () => {
    const { urn, id, properties, patches } = await lifecycle(
      "Role",
      "reviewer",
      { name: "Protocol Reviewer", assignedScopes: ["user_default"] },
      { name: "Protocol Reviewer 2", assignedScopes: ["user_default"] },
    );
    expect(patches).toHaveLength(1);
    expect(patches[0].path).toBe(`/api/v1/roles/${id}`);
    expect(properties).toMatchObject({ name: "Protocol Reviewer 2", type: "custom" });

    const unknownRole = await host.check(
      urnOf("User", "typo"),
      {},
      { subject: "auth0|typo", assignedRoles: ["Developr"], __provider: providers.User },
    );
    expect(unknownRole.failures).toEqual([
      { property: "assignedRoles", reason: expect.stringMatching(/no role "Developr". Valid role names: .*Developer/) },
    ]);
    // A Role checked in this deployment makes its name valid before it exists (preview).
    const planned = await host.check(urnOf("Role", "planned"), {}, { name: "Planned", __provider: providers.Role });
    expect(planned.failures).toEqual([]);
    const usesPlanned = await host.check(
      urnOf("Group", "planned-user"),
      {},
      { name: "G", providerType: "custom", assignedRoles: ["Planned"], __provider: providers.Group },
    );
    expect(usesPlanned.failures).toEqual([]);

    await host.delete(urn, id, properties);
    expect((await host.read(urn, id, properties)).id).toBe("");
  });

  it("GroupMembers: the complete member list, one users PATCH per member added or removed; delete removes them", async () => {
    const group = await host.create(urnOf("Group", "members-group"), {
      name: "Protocol Members",
      providerType: "custom",
      __provider: providers.Group,
    });
    const [alice, bob] = ["auth0|seed-alice", "auth0|seed-bob"].map(
      (subject) => emulator.state().users.find((user) => user.subject === subject)!.id,
    );
    const { urn, id, properties, patches } = await lifecycle(
      "GroupMembers",
      "members",
      { groupId: group.id, userIds: [alice] },
      { groupId: group.id, userIds: [bob] },
    );
    expect(id).toBe(group.id);
    // Bob added, Alice removed: one users PATCH each (their bodies are asserted in the integration tests).
    expect(patches.map((entry) => `${entry.path} ${entry.status}`)).toEqual([
      `/api/v1/users/${bob} 204`,
      `/api/v1/users/${alice} 204`,
    ]);
    expect(
      emulator
        .state()
        .users.find((user) => user.id === bob)
        ?.assignedGroups?.map((g) => g.id),
    ).toContain(group.id);
    expect(properties).toMatchObject({ groupId: group.id, userIds: [bob], groupName: "Protocol Members" });
    await host.delete(urn, id, properties);
    const members = emulator
      .state()
      .users.filter((user) => (user.assignedGroups ?? []).some((assigned) => assigned.id === group.id));
    expect(members).toEqual([]);
    await host.delete(urnOf("Group", "members-group"), group.id, group.properties);
  });
});

describe("preview: unknown values", () => {
  it("Check and Diff accept the unknown sentinel in any field and send no request", async () => {
    const before = lastSeq();
    const urn = urnOf("User", "preview");
    const checked = await host.check(
      urn,
      {},
      {
        subject: "auth0|preview",
        email: UNKNOWN,
        assignedRoles: UNKNOWN,
        __provider: providers.User,
      },
    );
    expect(checked.failures).toEqual([]);
    const olds = { subject: "auth0|preview", email: "a@example.com", userId: "x", __provider: providers.User };
    const diff = await host.diff(urn, "x", olds, checked.inputs);
    expect(diff.changes).toBe("some");
    expect(diff.replaces).toContain("email");

    const settings = await host.check(
      urnOf("TenantSettings", "preview"),
      {},
      {
        crossRegionInference: UNKNOWN,
        preferredStartPage: UNKNOWN,
        __provider: providers.TenantSettings,
      },
    );
    expect(settings.failures).toEqual([]);
    expect(emulator.log.filter((entry) => entry.seq > before)).toHaveLength(0);
  });

  it("Check reports bad input as failures naming the property, before any request", async () => {
    const before = lastSeq();
    const result = await host.check(
      urnOf("TenantSettings", "bad"),
      {},
      {
        crossRegionInference: { enabled: true },
        __provider: providers.TenantSettings,
      },
    );
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0].property).toBe("crossRegionInference.consentVerified");
    expect(result.failures[0].reason).toMatch(/x-qlik-consent-verified/);
    expect(emulator.log.filter((entry) => entry.seq > before)).toHaveLength(0);
  });
});

describe("Resource.get-style reads (id and the get arguments only)", () => {
  it("TenantSettings and Tenant report what Qlik has", async () => {
    const urn = urnOf("TenantSettings", "existing");
    const created = await host.create(urn, {
      preferredStartPage: "data-integration-hub",
      releaseCadence: "continuous",
      __provider: providers.TenantSettings,
    });
    const settings = await host.read(urnOf("TenantSettings", "looked-up"), created.id, {
      __provider: providers.TenantSettings,
    });
    expect(settings.id).toBe(created.id);
    expect(settings.properties).toMatchObject({
      preferredStartPage: "data-integration-hub",
      releaseCadence: "continuous",
    });
    await host.delete(urn, created.id, created.properties);

    const tenantId = emulator.tenants[0].id;
    const tenant = await host.read(urnOf("Tenant", "looked-up"), tenantId, { __provider: providers.Tenant });
    expect(tenant.id).toBe(tenantId);
    expect(tenant.properties).toMatchObject({ tenantId, hostnames: expect.any(Array) });
  });

  // Newer engines (CLI 3.27x) send a user's `Resource.get` with no prior properties, only `inputs` (the id
  // and the get arguments, with `__provider`); @pulumi/pulumi 3.276's host falls back to the inputs to find
  // the serialized provider. Older hosts (3.248) need `properties`, which the engines they pair with send.
  const hostReadsInputs = sdkAtLeast(pulumiSdkVersion(), "3.276.0");
  (hostReadsInputs ? it : it.skip)("a Get with inputs only (newer engines) reads the user", async () => {
    const urn = urnOf("User", "get-by-inputs");
    const checked = await host.check(
      urn,
      {},
      {
        name: "Get By Inputs",
        email: "get-by-inputs@example.com",
        subject: "auth0|get-by-inputs",
        __provider: providers.User,
      },
    );
    const user = await host.create(urn, checked.inputs);
    const read = await host.read(urnOf("User", "looked-up"), user.id, undefined, { __provider: providers.User });
    expect(read.id).toBe(user.id);
    expect(read.properties).toMatchObject({ email: "get-by-inputs@example.com", __provider: providers.User });
    await host.delete(urn, user.id, user.properties);
  });
});

function pulumiSdkVersion(): string {
  return (require("@pulumi/pulumi/package.json") as { version: string }).version;
}

function sdkAtLeast(version: string, minimum: string): boolean {
  const [a, b] = [version, minimum].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}
