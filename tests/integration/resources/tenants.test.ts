/**
 * Tenant against the emulator, through the provider's shared client and settings (QLIK_API_KEY,
 * QLIK_TENANT_URL). Request counts come from the emulator's log.
 */
import type { EmulatorHandle } from "../../../emulator";
import { createClient } from "../../../provider/http";
import { implementation, type TenantOutputs } from "../../../provider/tenants";
import { useEmulator } from "../emulator";

let emu: EmulatorHandle;
useEmulator(
  { logBodies: true },
  (handle) => (emu = handle),
  (handle) => (process.env.QLIK_TENANT_URL = handle.tenantUrl),
);

const requests = () => emu.log.map((e) => `${e.method} ${e.path} ${e.status}`);
const tenant = () => emu.tenants[0];
const byId = () => `/api/v1/tenants/${tenant().id}`;

async function adopted(inputs: Record<string, unknown> = {}) {
  const checked = await implementation.check({}, inputs);
  expect(checked.failures).toBeUndefined();
  const result = await implementation.create(checked.inputs!);
  emu.clearLog();
  return { id: result.id, outs: result.outs as TenantOutputs };
}

describe("Tenant on the emulator", () => {
  it("adopts the tenant behind the URL (via /me) with one PATCH of only the differing paths", async () => {
    const { id, outs } = await implementation.create({
      name: "Acme United States",
      autoAssignCreateSharedSpacesRoleToProfessionals: true,
      enableAppOpeningFeedback: false,
    });
    const log = requests();
    expect(log[0]).toBe("GET /api/v1/tenants/me 302");
    expect(log.slice(1)).toEqual([`GET ${byId()} 200`, `PATCH ${byId()} 204`]);
    expect(emu.log[2].body).toEqual([
      { op: "replace", path: "/name", value: "Acme United States" },
      { op: "replace", path: "/enableAppOpeningFeedback", value: false },
    ]);
    expect(id).toBe(tenant().id);
    const state = emu.state().tenant;
    expect(state.name).toBe("Acme United States");
    expect(state.enableAppOpeningFeedback).toBe(false);
    expect(outs).toMatchObject({
      tenantId: tenant().id,
      tenantUrl: emu.tenantUrl,
      name: "Acme United States",
      hostnames: state.hostnames,
      status: state.status,
      created: state.created,
    });
    for (const key of ["region", "datacenter"] as const)
      if (state[key] !== undefined) expect(outs?.[key]).toBe(state[key]);
  });

  it("adopts by id without writing when the tenant already matches", async () => {
    const state = emu.state().tenant;
    await implementation.create({ tenantId: tenant().id, name: state.name });
    expect(requests()).toEqual([`GET ${byId()} 200`]);
  });

  it("reports another tenant's id with the service's error", async () => {
    await expect(implementation.create({ tenantId: emu.tenants[1].id })).rejects.toThrow(/403/);
  });

  it("updates only the changed paths (alias = hostnames/1), and makes no call when nothing changed", async () => {
    const { id, outs } = await adopted({ name: emu.state().tenant.name });
    expect(await implementation.diff(id, outs, { name: outs.name })).toEqual({ changes: false });
    await implementation.update(id, outs, { name: outs.name });
    expect(requests()).toEqual([]);

    const news = {
      name: outs.name,
      alias: "acme-america.us.qlikcloud.com",
      autoAssignDataServicesContributorRoleToProfessionals: true,
    };
    expect((await implementation.diff(id, outs, news)).changes).toBe(true);
    const updated = await implementation.update(id, outs, news);
    expect(requests()).toEqual([`PATCH ${byId()} 204`]);
    expect(emu.log[0].body).toEqual([
      { op: "replace", path: "/hostnames/1", value: "acme-america.us.qlikcloud.com" },
      { op: "replace", path: "/autoAssignDataServicesContributorRoleToProfessionals", value: true },
    ]);
    expect(emu.state().tenant.hostnames).toEqual([outs.hostnames[0], "acme-america.us.qlikcloud.com"]);
    expect(updated.outs).toMatchObject({
      alias: "acme-america.us.qlikcloud.com",
      hostnames: emu.state().tenant.hostnames,
    });
    expect(requests()).toHaveLength(1);
  });

  it("reads drift into props and inputs", async () => {
    const { id, outs } = await adopted({ name: emu.state().tenant.name });
    const client = createClient({ origin: tenant().url, credentials: { kind: "apiKey", apiKey: tenant().apiKey } });
    await client.request({
      method: "PATCH",
      path: byId(),
      body: [{ op: "replace", path: "/name", value: "Renamed in the console" }],
    });
    await client.close();
    emu.clearLog();

    const read = await implementation.read(id, outs);
    expect(requests()).toEqual([`GET ${byId()} 200`]);
    expect(read.id).toBe(id);
    expect(read.props?.name).toBe("Renamed in the console");
    // The program's inputs (only `name`), with Qlik's value: nothing it left out is reported as an input.
    expect(read.inputs).toEqual({ name: "Renamed in the console" });
    expect(read.props?.managedInputs).toEqual(["name"]);
    expect(await implementation.diff(id, read.props!, { name: outs.name })).toEqual({ changes: true });
  });

  it("reads a tenant id the service does not know as gone", async () => {
    const { outs } = await adopted();
    expect(
      await implementation.read("NoSuchTenant0000000000000000000", {
        ...outs,
        tenantId: "NoSuchTenant0000000000000000000",
      }),
    ).toEqual({
      id: "",
    });
  });

  it("delete puts back the values found at adoption (one GET, one PATCH), and nothing else", async () => {
    const before = emu.state().tenant;
    const { id, outs } = await adopted({ name: "Kept", enableAppOpeningFeedback: !before.enableAppOpeningFeedback });
    await implementation.delete(id, outs);
    expect(requests()).toEqual([`GET /api/v1/tenants/${id} 200`, `PATCH /api/v1/tenants/${id} 204`]);
    expect(emu.log.at(-1)?.body).toEqual([
      { op: "replace", path: "/name", value: before.name },
      { op: "replace", path: "/enableAppOpeningFeedback", value: before.enableAppOpeningFeedback },
    ]);
    expect(emu.state().tenant).toEqual({ ...before, lastUpdated: emu.state().tenant.lastUpdated });
  });

  it("delete of a tenant recorded by pulumi-qlik 0.1.0 (no restore record) leaves it as it is", async () => {
    const { id, outs } = await adopted({ name: "Kept" });
    const { restore: _restore, ...oldFormat } = outs;
    await implementation.delete(id, oldFormat);
    expect(requests()).toEqual([]);
    expect(emu.state().tenant.name).toBe("Kept");
  });

  it("check and diff make no request", async () => {
    const { id, outs } = await adopted();
    await implementation.check({}, { name: "x", tenantUrl: emu.tenantUrl });
    await implementation.diff(id, outs, { tenantId: "other" });
    expect(requests()).toEqual([]);
  });
});
