/**
 * Group against the emulator, through the provider's shared client and settings (QLIK_API_KEY; tenantUrl as an
 * input). Calls follow the engine's order; request counts come from the emulator's log.
 */
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../../emulator";
import { createClient } from "../../../provider/http";
import { implementation, type GroupInputs, type GroupOutputs } from "../../../provider/groups";
import { useEmulator } from "../emulator";

let emu: EmulatorHandle;
useEmulator({ logBodies: true }, (handle) => (emu = handle));

const requests = () => emu.log.map((entry) => `${entry.method} ${entry.path}`);
const groupsNamed = (name: string, handle = emu) => handle.state().groups.filter((group) => group.name === name);

async function checked(news: Record<string, unknown>, tenantUrl = emu.tenantUrl): Promise<GroupInputs> {
  const result = await implementation.check({}, { tenantUrl, ...news });
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

/** A direct change in Qlik, as an administrator would make it in the UI. */
async function inQlik(method: "PATCH", path: string, body: unknown): Promise<void> {
  const client = createClient({
    origin: emu.tenantUrl,
    credentials: { kind: "apiKey", apiKey: emu.tenants[0].apiKey },
  });
  await client.request({ method, path, body });
}

describe("Group on the emulator", () => {
  it("goes through create → read → update → read → delete → read (gone) for a custom group", async () => {
    const inputs = await checked({
      name: "Platform Team",
      providerType: "custom",
      description: "Runs the platform",
      assignedRoles: ["Developer"],
    });
    emu.clearLog();
    const created = await implementation.create(inputs);
    expect(requests()).toEqual(["POST /api/v1/groups"]);
    expect(emu.log[0].body).toEqual({
      name: "Platform Team",
      providerType: "custom",
      description: "Runs the platform",
      status: "active",
      assignedRoles: [{ name: "Developer" }],
    });
    expect(created.outs).toEqual({
      ...inputs,
      managedInputs: ["assignedRoles", "description", "name", "providerType", "tenantUrl"],
      groupId: created.id,
      status: "active",
      tenantId: emu.tenants[0].id,
      tenantUrl: emu.tenantUrl,
      createdAt: expect.any(String),
      lastUpdatedAt: expect.any(String),
    });

    emu.clearLog();
    const read = await implementation.read(created.id, created.outs!);
    // A single read is one by-id filter call (reads arriving together share it; see provider/batch).
    expect(requests()).toEqual(["POST /api/v1/groups/actions/filter"]);
    expect(emu.log[0]).toMatchObject({ tier: "special", query: { limit: "100" } });
    expect(emu.log[0].body).toEqual({ filter: `(id eq "${created.id}")` });
    expect(read.inputs).toEqual(inputs);
    // A refresh right after create finds exactly what create recorded.
    expect(read.props).toEqual(created.outs);

    const news = await checked({
      ...inputs,
      name: "Platform Engineering",
      description: "Builds and runs the platform",
      assignedRoles: ["Developer", "DataAdmin"],
    });
    emu.clearLog();
    expect(await implementation.diff(created.id, read.props!, news)).toEqual({ changes: true });
    const updated = await implementation.update(created.id, read.props!, news);
    expect(requests()).toEqual([`PATCH /api/v1/groups/${created.id}`]);
    expect(emu.log[0].body).toEqual([
      { op: "replace", path: "/name", value: "Platform Engineering" },
      { op: "replace", path: "/description", value: "Builds and runs the platform" },
      { op: "replace", path: "/assignedRoles", value: [{ name: "DataAdmin" }, { name: "Developer" }] },
    ]);

    expect(updated.outs).toEqual({ ...read.props, ...news });
    const reread = await implementation.read(created.id, updated.outs!);
    expect(reread.inputs).toEqual(news);
    expect(reread.props).toEqual({ ...updated.outs, lastUpdatedAt: expect.any(String) });
    expect(await implementation.diff(created.id, reread.props!, news)).toEqual({ changes: false });

    emu.clearLog();
    await implementation.delete(created.id, reread.props!);
    expect(requests()).toEqual([`DELETE /api/v1/groups/${created.id}`]);
    await expect(implementation.read(created.id, reread.props!)).resolves.toEqual({ id: "" });
    await expect(implementation.delete(created.id, reread.props!)).resolves.toBeUndefined();
  });

  it("seeds an IdP group (autoCreateGroups is on) and replaces rather than renames it", async () => {
    const inputs = await checked({ name: "Marketing", assignedRoles: ["SharedSpaceCreator"] });
    const { id, outs } = await implementation.create(inputs);
    expect(groupsNamed("Marketing")).toEqual([expect.objectContaining({ id, providerType: "idp" })]);
    expect(outs).toMatchObject({
      ...inputs,
      status: "active",
      managedInputs: ["assignedRoles", "name", "providerType", "tenantUrl"],
    });
    expect(outs).not.toHaveProperty("description"); // IdP groups have none
    emu.clearLog();
    const renamed = await checked({ ...inputs, name: "Marketing EU" });
    expect(await implementation.diff(id, outs!, renamed)).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
    const onlyAdoptExistingChanged = await checked({ ...inputs, adoptExisting: true });
    expect(await implementation.diff(id, outs!, onlyAdoptExistingChanged)).toEqual({ changes: false });
    expect(requests()).toEqual([]);
  });

  it("adopts a seeded IdP group with one lookup and no PATCH when it already matches", async () => {
    const finance = groupsNamed("Finance")[0];
    const inputs = await checked({ name: "Finance", assignedRoles: ["SharedSpaceCreator"], adoptExisting: true });
    emu.clearLog();
    const { id, outs } = await implementation.create(inputs);
    expect(id).toBe(finance.id);
    expect(requests()).toEqual(["GET /api/v1/groups"]);
    expect(emu.log[0].query.filter).toBe('name eq "Finance"');
    expect(outs).toMatchObject({ ...inputs, groupId: finance.id });
  });

  it("reports Qlik's description and roles of a group whose program leaves them unset, without managing them", async () => {
    const stewards = groupsNamed("Data Stewards")[0];
    const inputs = await checked({ name: "Data Stewards", providerType: "custom", adoptExisting: true });
    emu.clearLog();
    const { id, outs } = await implementation.create(inputs);
    expect(id).toBe(stewards.id);
    expect(requests()).toEqual(["GET /api/v1/groups"]); // nothing to PATCH: nothing else is managed
    expect(outs).toMatchObject({
      ...inputs,
      description: "People who curate data",
      assignedRoles: ["DataAdmin"],
      status: "active",
      managedInputs: ["adoptExisting", "name", "providerType", "tenantUrl"],
    });

    await inQlik("PATCH", `/api/v1/groups/${id}`, [
      { op: "replace", path: "/description", value: "Changed in the console" },
      { op: "replace", path: "/assignedRoles", value: [{ name: "DataAdmin" }, { name: "Developer" }] },
    ]);
    const read = await implementation.read(id, outs!);
    expect(read.inputs).toEqual(inputs);
    expect(read.props).toMatchObject({
      description: "Changed in the console",
      assignedRoles: ["DataAdmin", "Developer"],
      managedInputs: ["adoptExisting", "name", "providerType", "tenantUrl"],
    });
    expect(await implementation.diff(id, read.props!, inputs)).toEqual({ changes: false });

    // Managing them from now on compares with Qlik's values.
    expect(
      await implementation.diff(id, read.props!, { ...inputs, assignedRoles: ["Developer", "DataAdmin"] }),
    ).toEqual({ changes: false });
    expect(await implementation.diff(id, read.props!, { ...inputs, description: "Curated" })).toEqual({
      changes: true,
    });
  });

  it("refreshes outputs recorded before managedInputs existed: the same inputs, every field as outputs", async () => {
    const inputs = await checked({ name: "Reviewers", providerType: "custom", assignedRoles: ["Developer"] });
    const { id, outs } = await implementation.create(inputs);
    await inQlik("PATCH", `/api/v1/groups/${id}`, [{ op: "replace", path: "/description", value: "Set in the UI" }]);
    // What earlier versions recorded: the normalized inputs plus Qlik's facts (the tenant as `tenantOrigin`).
    const { groupId, tenantId, status, tenantUrl: tenantOrigin, createdAt, lastUpdatedAt } = outs!;
    const oldFormat = { ...inputs, groupId, tenantId, status, tenantOrigin, createdAt, lastUpdatedAt };

    const read = await implementation.read(id, oldFormat);
    expect(read.inputs).toEqual(inputs);
    expect(read.props).toEqual({ ...outs, description: "Set in the UI", lastUpdatedAt: expect.any(String) });
    expect(await implementation.diff(id, read.props!, inputs)).toEqual({ changes: false });
    expect(await implementation.read(id, read.props!)).toEqual(read);

    const news = await checked({ ...inputs, assignedRoles: [] });
    const updated = await implementation.update(id, oldFormat, news);
    // The tenant is recorded under its one name from now on.
    const { tenantOrigin: origin, ...rest } = oldFormat;
    expect(updated.outs).toEqual({ ...rest, ...news, tenantUrl: origin, managedInputs: read.props!.managedInputs });
  });

  it("adopts a seeded custom group and brings it to the desired state with one PATCH", async () => {
    const stewards = groupsNamed("Data Stewards")[0];
    const inputs = await checked({
      name: "Data Stewards",
      providerType: "custom",
      description: "Curate and certify data",
      assignedRoles: ["DataAdmin", "Developer"],
      adoptExisting: true,
    });
    emu.clearLog();
    const { id } = await implementation.create(inputs);
    expect(id).toBe(stewards.id);
    expect(requests()).toEqual(["GET /api/v1/groups", `PATCH /api/v1/groups/${stewards.id}`]);
    expect(emu.log[1].body).toEqual([
      { op: "replace", path: "/description", value: "Curate and certify data" },
      { op: "replace", path: "/assignedRoles", value: [{ name: "DataAdmin" }, { name: "Developer" }] },
    ]);
  });

  it('matches names case-sensitively when adopting: "finance" is not "Finance"', async () => {
    const finance = groupsNamed("Finance")[0];
    const inputs = await checked({ name: "finance", adoptExisting: true });
    emu.clearLog();
    const { id } = await implementation.create(inputs);
    expect(id).not.toBe(finance.id);
    expect(requests()).toEqual(["GET /api/v1/groups", "POST /api/v1/groups"]);
    expect(groupsNamed("finance")).toHaveLength(1);
  });

  it("without adoptExisting, a conflict names the existing group and how to adopt it", async () => {
    const sales = groupsNamed("Sales")[0];
    const inputs = await checked({ name: "Sales" });
    emu.clearLog();
    const failure = implementation.create(inputs);
    await expect(failure).rejects.toThrow(new RegExp(`group ${sales.id} named "Sales"`));
    await expect(failure).rejects.toThrow(/adoptExisting: true/);
    expect(requests()).toEqual(["POST /api/v1/groups", "GET /api/v1/groups"]);
  });

  it("says how to enable autoCreateGroups when Qlik refuses to seed an IdP group", async () => {
    await inQlik("PATCH", "/api/v1/groups/settings", [{ op: "replace", path: "/autoCreateGroups", value: false }]);
    const failure = implementation.create(await checked({ name: "Support" }));
    await expect(failure).rejects.toThrow(/autoCreateGroups turned off/);
    await expect(failure).rejects.toThrow(/"path":"\/autoCreateGroups","value":true/);
    await expect(failure).rejects.toThrow(/403/);
    // Custom groups need no setting.
    await expect(implementation.create(await checked({ name: "Support", providerType: "custom" }))).resolves.toEqual(
      expect.objectContaining({ id: expect.any(String) }),
    );
  });

  it("reports the group cap with the limit and what to do", async () => {
    const seed = defaultSeed();
    seed.tenants[0].limits = { maxGroups: seed.tenants[0].groups?.length ?? 0 };
    const capped = await startEmulator({ seed });
    try {
      process.env.QLIK_API_KEY = capped.tenants[0].apiKey;
      const failure = implementation.create(
        await checked({ name: "One too many", providerType: "custom" }, capped.tenantUrl),
      );
      await expect(failure).rejects.toThrow(/at most 10,000 active groups per tenant/);
      await expect(failure).rejects.toThrow(/until existing groups are deleted/);
      expect(groupsNamed("One too many", capped)).toEqual([]);
    } finally {
      await capped.stop();
    }
  });

  it("shows a rename made in Qlik as drift on the next preview", async () => {
    const inputs = await checked({ name: "Analysts", providerType: "custom", assignedRoles: ["Developer"] });
    const { id, outs } = await implementation.create(inputs);
    await inQlik("PATCH", `/api/v1/groups/${id}`, [
      { op: "replace", path: "/name", value: "Analysts (renamed)" },
      { op: "replace", path: "/assignedRoles", value: [] },
    ]);
    const read = await implementation.read(id, outs!);
    expect(read.inputs).toEqual({ ...inputs, name: "Analysts (renamed)", assignedRoles: [] });
    expect(read.props).toMatchObject(read.inputs!);
    expect(await implementation.diff(id, read.props!, inputs)).toEqual({ changes: true });
    emu.clearLog();
    await implementation.update(id, read.props!, inputs);
    expect(emu.log.map((entry) => entry.body)).toEqual([
      [
        { op: "replace", path: "/name", value: "Analysts" },
        { op: "replace", path: "/assignedRoles", value: [{ name: "Developer" }] },
      ],
    ]);
  });

  it("reports every field Qlik has for a lookup by id (Group.get), not only what the get's arguments named", async () => {
    process.env.QLIK_TENANT_URL = emu.tenantUrl;
    const stewards = groupsNamed("Data Stewards")[0];
    const sales = groupsNamed("Sales")[0];
    emu.clearLog();
    // What the real engine (3.248) hands read for `qlik.Group.get("stewards", id)`: the get's arguments, i.e. the
    // SDK's placeholder name, instead of outputs recorded by create.
    const read = await implementation.read(stewards.id, { name: "" } as GroupOutputs);
    expect(emu.log).toHaveLength(1); // one read
    expect(read.id).toBe(stewards.id);
    expect(read.inputs).toEqual({
      name: "Data Stewards",
      providerType: "custom",
      description: "People who curate data",
      assignedRoles: ["DataAdmin"],
    });
    expect(read.props).toMatchObject({
      ...read.inputs,
      groupId: stewards.id,
      tenantUrl: emu.tenantUrl,
      managedInputs: ["assignedRoles", "description", "name", "providerType"],
    });
    const idp = await implementation.read(sales.id, { name: "" } as GroupOutputs);
    expect(idp.inputs).toEqual({ name: "Sales", providerType: "idp", assignedRoles: [] });
    expect(idp.props).toMatchObject({ ...idp.inputs, managedInputs: ["assignedRoles", "name", "providerType"] });
    expect(idp.props).not.toHaveProperty("description");
  });

  it("fails a lookup by id of a group that does not exist, while a refresh of a deleted group reports it gone", async () => {
    process.env.QLIK_TENANT_URL = emu.tenantUrl;
    const missing = "659200800001000000000099";
    await expect(implementation.read(missing, { name: "" } as GroupOutputs)).rejects.toThrow(
      `Group.get: the tenant at ${emu.tenantUrl} has no group with id "${missing}"`,
    );
    const { id, outs } = await implementation.create(await checked({ name: "Temp", providerType: "custom" }));
    await implementation.delete(id, outs!);
    expect(await implementation.read(id, outs!)).toEqual({ id: "" });
  });

  it("creates exactly one group when the POST's response is lost after the group was created", async () => {
    const inputs = await checked({ name: "Auditors", providerType: "custom" });
    emu.clearLog();
    emu.faults.dropNext(1, { afterProcessing: true, match: { method: "POST", path: "/api/v1/groups" } });
    const { id } = await implementation.create(inputs);
    expect(groupsNamed("Auditors").map((group) => group.id)).toEqual([id]);
    expect(requests()).toEqual(["POST /api/v1/groups", "GET /api/v1/groups"]);
  });
});
