/**
 * Behaviour the shared engine gives every kind, against the emulator through the provider's shared clients:
 * - a PATCH that is not all `replace`s, whose response is lost after Qlik applied it, is not sent again blindly
 *   (issue 10, item 1): the engine reads the document again and sends only what is still needed;
 * - ids that are not Qlik ids (`.`, `..`, …) never reach a URL path (issue 10, item 5);
 * - an update of an object deleted outside Pulumi says so and how to recover (issue 10, item 9);
 * - singletons (DESIGN): delete puts back what create found, and removes a settings document only if it created it.
 */
import type { EmulatorHandle } from "../../../emulator";
import { implementation as groups } from "../../../provider/groups";
import { resetSharedClients } from "../../../provider/http";
import { implementation as settings, type TenantSettingsInputs } from "../../../provider/tenantSettings";
import { implementation as tenants } from "../../../provider/tenants";
import { implementation as users, type UserInputs } from "../../../provider/users";
import { useEmulator } from "../emulator";

let emu: EmulatorHandle;
useEmulator({ logBodies: true }, (handle) => (emu = handle));

const SETTINGS = "/api/v1/tenant-settings";
const requests = () => emu.log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

/** The second emulated tenant (acme-eu) has a settings document before anything runs. */
function euTenant() {
  process.env.QLIK_API_KEY = emu.tenants[1].apiKey;
  return emu.tenants[1];
}

afterEach(() => {
  process.env.QLIK_API_KEY = emu.tenants[0].apiKey;
  resetSharedClients();
});

describe("a TenantSettings PATCH with add/remove whose response is lost", () => {
  // The default tenant has no settings document: create makes it, so a setting the program drops is removed again.
  const created = () =>
    settings.create({ tenantUrl: emu.tenantUrl, preferredStartPage: "analytics-hub", releaseCadence: "monthly" });
  const news = (): TenantSettingsInputs => ({ tenantUrl: emu.tenantUrl, preferredStartPage: "management-console" });
  const patch = [
    { op: "replace", path: "/preferredStartPage", value: "management-console" },
    { op: "remove", path: "/releaseCadence" },
  ];

  it("is not repeated when it had landed: the document is read again and nothing more is sent", async () => {
    const { id, outs } = await created();
    emu.clearLog();
    emu.faults.dropNext(1, { afterProcessing: true, match: { method: "PATCH", path: SETTINGS } });
    const updated = await settings.update(id, outs!, news());
    // Repeating it would be a 400 (`/releaseCadence` no longer exists), on this and every later `pulumi up`.
    expect(requests()).toEqual([`PATCH ${SETTINGS} 0`, `GET ${SETTINGS} 200`]);
    expect(emu.log[0].body).toEqual(patch);
    expect(emu.state().tenantSettings).toMatchObject({ preferredStartPage: { value: "management-console" } });
    expect(emu.state().tenantSettings).not.toHaveProperty("releaseCadence");
    expect(updated.outs).toMatchObject({
      preferredStartPage: "management-console",
      managedInputs: ["preferredStartPage", "tenantUrl"],
    });
    expect(updated.outs).not.toHaveProperty("releaseCadence");
  });

  it("is recomputed from a fresh read and sent again when it had not landed", async () => {
    const { id, outs } = await created();
    emu.clearLog();
    emu.faults.dropNext(1, { match: { method: "PATCH", path: SETTINGS } });
    await settings.update(id, outs!, news());
    expect(requests()).toEqual([`PATCH ${SETTINGS} 0`, `GET ${SETTINGS} 200`, `PATCH ${SETTINGS} 200`]);
    expect(emu.log[2].body).toEqual(patch);
    expect(emu.state().tenantSettings).not.toHaveProperty("releaseCadence");
  });

  it("a PATCH of replaces only is repeated by the client as before (it converges)", async () => {
    const { id, outs } = await created();
    emu.clearLog();
    emu.faults.dropNext(1, { afterProcessing: true, match: { method: "PATCH", path: SETTINGS } });
    await settings.update(id, outs!, { ...news(), releaseCadence: "monthly" });
    expect(requests()).toEqual([`PATCH ${SETTINGS} 0`, `PATCH ${SETTINGS} 200`]);
  });
});

describe("ids that are not Qlik ids", () => {
  it.each([".", "..", "a/b", "", "%2e%2e"])("never reach a path: %j", async (id) => {
    const inputs: UserInputs = { subject: "auth0|dots", tenantUrl: emu.tenantUrl };
    const props = { ...inputs, userId: id, tenantId: emu.tenants[0].id };
    await expect(users.delete(id, props)).rejects.toThrow(/is not a valid user id.*no request was sent/);
    await expect(users.read(id, props)).rejects.toThrow(/is not a valid user id/);
    await expect(users.update(id, props, { ...inputs, name: "X" })).rejects.toThrow(/is not a valid user id/);
    await expect(groups.delete(id, { name: "G", providerType: "idp", groupId: id })).rejects.toThrow(
      /is not a valid group id/,
    );
    expect(emu.log).toEqual([]);
    expect(emu.state().users.length).toBeGreaterThan(0);
  });
});

describe("an update of an object deleted outside Pulumi", () => {
  it("says it no longer exists and that a refresh recreates it", async () => {
    const inputs: UserInputs = {
      subject: "auth0|vanishing",
      email: "v@acme.example",
      name: "V",
      tenantUrl: emu.tenantUrl,
    };
    const { id, outs } = await users.create(inputs);
    const admin = { authorization: `Bearer ${emu.tenants[0].apiKey}` };
    await fetch(`${emu.tenantUrl}/api/v1/users/${id}`, { method: "DELETE", headers: admin });
    const failure = users.update(id, outs!, { ...inputs, name: "W" });
    await expect(failure).rejects.toThrow(`The user ${id} no longer exists in the tenant at ${emu.tenantUrl}`);
    await expect(failure).rejects.toThrow(/`pulumi refresh` \(or `pulumi up --refresh`\)/);
  });
});

describe("singletons put back what they found", () => {
  it("destroying a TenantSettings that manages one setting of an existing document leaves the document, as found", async () => {
    const tenant = euTenant();
    const before = emu.state(tenant.id).tenantSettings!;
    expect(before.releaseCadence).toBe("monthly");
    const { id, outs } = await settings.create({ tenantUrl: tenant.url, releaseCadence: "continuous" });
    expect(emu.state(tenant.id).tenantSettings?.releaseCadence).toBe("continuous");
    emu.clearLog();
    await settings.delete(id, outs!);
    expect(requests()).toEqual([`GET ${SETTINGS} 200`, `PATCH ${SETTINGS} 200`]);
    expect(emu.log[1].body).toEqual([{ op: "replace", path: "/releaseCadence", value: "monthly" }]);
    const after = emu.state(tenant.id).tenantSettings!;
    expect(after).toEqual({ ...before, updatedAt: after.updatedAt, updatedBy: after.updatedBy });
  });

  it("a TenantSettings that created the document removes it again", async () => {
    expect(emu.state().tenantSettings).toBeNull();
    const inputs: TenantSettingsInputs = { tenantUrl: emu.tenantUrl, preferredStartPage: "analytics-hub" };
    const { id, outs } = await settings.create(inputs);
    await settings.delete(id, outs!);
    expect(emu.state().tenantSettings).toBeNull();
  });

  it("a Tenant puts back the values it found", async () => {
    const before = emu.state().tenant;
    const { id, outs } = await tenants.create({ tenantUrl: emu.tenantUrl, name: "Renamed for a while" });
    expect(emu.state().tenant.name).toBe("Renamed for a while");
    await tenants.delete(id, outs!);
    expect(emu.state().tenant.name).toBe(before.name);
  });
});
