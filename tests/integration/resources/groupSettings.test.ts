/**
 * GroupSettings against the emulator, through the provider's shared client and settings (QLIK_API_KEY; tenantUrl
 * as an input): a singleton that adopts the tenant's group settings, patches what differs with `replace`s only,
 * reports drift, and puts back on delete what it found.
 */
import type { EmulatorHandle } from "../../../emulator";
import { createClient } from "../../../provider/http";
import { implementation, type GroupSettingsInputs } from "../../../provider/groupSettings";
import { useEmulator } from "../emulator";

let emu: EmulatorHandle;
useEmulator({ logBodies: true }, (handle) => (emu = handle));

const PATH = "/api/v1/groups/settings";
const EVERYONE_ROLES = "/systemGroups/000000000000000000000001/assignedRoles";
const requests = () => emu.log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
const everyoneRoles = () =>
  (emu.state().groupSettings.systemGroups?.["000000000000000000000001"]?.assignedRoles ?? []).map((r) => r.name);

async function checked(news: Record<string, unknown>): Promise<GroupSettingsInputs> {
  const result = await implementation.check({}, { tenantUrl: emu.tenantUrl, ...news });
  expect(result.failures).toBeUndefined();
  // Role names are checked against the tenant's roles (one GET per tenant, cached): not part of the operations.
  emu.clearLog();
  return result.inputs!;
}

describe("GroupSettings on the emulator", () => {
  it("adopts the settings with one PATCH of only the differing paths, and records what it found", async () => {
    expect(emu.state().groupSettings.autoCreateGroups).toBe(true);
    const inputs = await checked({ autoCreateGroups: true, everyoneAssignedRoles: ["Developer", "DataSpaceCreator"] });
    const { id, outs } = await implementation.create(inputs);
    expect(id).toBe(emu.tenants[0].id);
    expect(requests()).toEqual([`GET ${PATH} 200`, `PATCH ${PATH} 204`]);
    expect(emu.log[1].body).toEqual([
      { op: "replace", path: EVERYONE_ROLES, value: [{ name: "DataSpaceCreator" }, { name: "Developer" }] },
    ]);
    expect(everyoneRoles().sort()).toEqual(["DataSpaceCreator", "Developer"]);
    expect(outs).toEqual({
      autoCreateGroups: true,
      everyoneAssignedRoles: ["Developer", "DataSpaceCreator"],
      tenantId: emu.tenants[0].id,
      tenantUrl: emu.tenantUrl,
      managedInputs: ["autoCreateGroups", "everyoneAssignedRoles", "tenantUrl"],
      restore: { created: false, values: { autoCreateGroups: true, everyoneAssignedRoles: [] } },
    });
    expect(await implementation.diff(id, outs!, inputs)).toEqual({ changes: false });
  });

  it("adopts equal settings without writing; an update is one PATCH, none when nothing changed", async () => {
    const inputs = await checked({ autoCreateGroups: true });
    const { id, outs } = await implementation.create(inputs);
    expect(requests()).toEqual([`GET ${PATH} 200`]);
    emu.clearLog();
    const news = await checked({ autoCreateGroups: false });
    expect(await implementation.diff(id, outs!, news)).toEqual({ changes: true });
    const { outs: updated } = await implementation.update(id, outs!, news);
    expect(requests()).toEqual([`PATCH ${PATH} 204`]);
    expect(emu.log[0].body).toEqual([{ op: "replace", path: "/autoCreateGroups", value: false }]);
    expect(updated).toMatchObject({ autoCreateGroups: false });
    emu.clearLog();
    await implementation.update(id, updated!, news);
    expect(requests()).toEqual([]);
  });

  it("compares the Everyone roles as a set, and reads drift made in Qlik", async () => {
    const inputs = await checked({ everyoneAssignedRoles: ["Developer"] });
    const { id, outs } = await implementation.create(inputs);
    const admin = createClient({
      origin: emu.tenantUrl,
      credentials: { kind: "apiKey", apiKey: emu.tenants[0].apiKey },
    });
    await admin.request({
      method: "PATCH",
      path: PATH,
      body: [{ op: "replace", path: "/autoCreateGroups", value: false }],
    });
    await admin.request({
      method: "PATCH",
      path: PATH,
      body: [{ op: "replace", path: EVERYONE_ROLES, value: [{ name: "Developer" }, { name: "DataAdmin" }] }],
    });
    const read = await implementation.read(id, outs!);
    // Only the managed input is reported; the other setting shows in the outputs.
    expect(read.inputs).toEqual({ everyoneAssignedRoles: ["Developer", "DataAdmin"], tenantUrl: emu.tenantUrl });
    expect(read.props).toMatchObject({ autoCreateGroups: false });
    expect(await implementation.diff(id, read.props!, inputs)).toEqual({ changes: true });
    expect(
      await implementation.diff(id, read.props!, { ...inputs, everyoneAssignedRoles: ["DataAdmin", "Developer"] }),
    ).toEqual({
      changes: false,
    });
  });

  it("delete puts back what it found (one GET, one PATCH), and leaves the other setting alone", async () => {
    const { id, outs } = await implementation.create(
      await checked({ autoCreateGroups: false, everyoneAssignedRoles: ["Developer"] }),
    );
    emu.clearLog();
    await implementation.delete(id, outs!);
    expect(requests()).toEqual([`GET ${PATH} 200`, `PATCH ${PATH} 204`]);
    expect(emu.log[1].body).toEqual([
      { op: "replace", path: "/autoCreateGroups", value: true },
      { op: "replace", path: EVERYONE_ROLES, value: [] },
    ]);
    expect(emu.state().groupSettings.autoCreateGroups).toBe(true);
    expect(everyoneRoles()).toEqual([]);
  });

  it("refuses an unknown role at check (listing the valid names) and with Qlik's error at create, and a resource that manages nothing at check", async () => {
    const unknown = await implementation.check({}, { tenantUrl: emu.tenantUrl, everyoneAssignedRoles: ["NoSuchRole"] });
    expect(unknown.failures).toEqual([
      {
        property: "everyoneAssignedRoles",
        reason: expect.stringMatching(
          /the tenant has no role "NoSuchRole". Valid role names: .*Developer.*TenantAdmin/,
        ),
      },
    ]);
    await expect(
      implementation.create({ tenantUrl: emu.tenantUrl, everyoneAssignedRoles: ["NoSuchRole"] }),
    ).rejects.toThrow(/400/);
    const { failures } = await implementation.check({}, { tenantUrl: emu.tenantUrl });
    expect(failures).toEqual([
      { property: "(inputs)", reason: expect.stringMatching(/Set at least one of autoCreateGroups/) },
    ]);
    const wrong = await implementation.check({}, { autoCreateGroups: "yes", everyoneAssignedRoles: ["A", "A"] });
    expect(wrong.failures?.map((failure) => failure.property).sort()).toEqual([
      "autoCreateGroups",
      "everyoneAssignedRoles",
    ]);
  });

  it("makes no request in check or diff", async () => {
    const inputs = await checked({ autoCreateGroups: false });
    emu.clearLog();
    await implementation.diff(emu.tenants[0].id, { autoCreateGroups: true, tenantUrl: emu.tenantUrl } as never, inputs);
    expect(requests()).toEqual([]);
  });
});
