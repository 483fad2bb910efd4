/**
 * Role against the emulator, through the provider's shared client: create (one POST), adoption by name, a default
 * role refused, one PATCH per update with exactly the changed paths, drift on refresh, 404 handling, and delete
 * refused clearly while the role is assigned.
 */
import type { EmulatorHandle } from "../../../emulator";
import { implementation, type RoleInputs } from "../../../provider/roles";
import { useEmulator } from "../emulator";

let emu: EmulatorHandle;
useEmulator({ logBodies: true }, (handle) => (emu = handle));

const requests = () => emu.log.map((entry) => `${entry.method} ${entry.path.split("?")[0]} ${entry.status}`);

async function checked(news: Record<string, unknown>): Promise<RoleInputs> {
  const result = await implementation.check({}, { tenantUrl: emu.tenantUrl, ...news });
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

describe("Role on the emulator", () => {
  it("creates with one POST, updates with one PATCH of the changed paths, refreshes drift, deletes", async () => {
    const inputs = await checked({ name: "Report Reviewer", assignedScopes: ["user_default"] });
    const { id, outs } = await implementation.create(inputs);
    expect(requests()).toEqual(["POST /api/v1/roles 201"]);
    expect(emu.log[0].body).toEqual({ name: "Report Reviewer", assignedScopes: ["user_default"] });
    expect(outs).toMatchObject({ roleId: id, name: "Report Reviewer", type: "custom", tenantUrl: emu.tenantUrl });
    expect(await implementation.diff(id, outs!, inputs)).toEqual({ changes: false });
    expect(
      await implementation.diff(
        id,
        outs!,
        await checked({ name: "Report Reviewer", assignedScopes: ["user_default"] }),
      ),
    ).toEqual({ changes: false });

    emu.clearLog();
    const news = await checked({ name: "Reviewer", description: "Reviews", assignedScopes: ["user_default"] });
    const { outs: updated } = await implementation.update(id, outs!, news);
    expect(requests()).toEqual([`PATCH /api/v1/roles/${id} 204`]);
    expect(emu.log[0].body).toEqual([
      { op: "replace", path: "/name", value: "Reviewer" },
      { op: "replace", path: "/description", value: "Reviews" },
    ]);

    // Drift: someone renames it in the console.
    const api = { headers: { authorization: `Bearer ${emu.tenants[0].apiKey}`, "content-type": "application/json" } };
    await fetch(`${emu.tenantUrl}/api/v1/roles/${id}`, {
      method: "PATCH",
      ...api,
      body: JSON.stringify([{ op: "replace", path: "/description", value: "changed" }]),
    });
    const read = await implementation.read!(id, updated!);
    expect(read.inputs).toMatchObject({ name: "Reviewer", description: "changed" });
    expect(await implementation.diff(id, read.props!, news)).toEqual({ changes: true });

    emu.clearLog();
    await implementation.delete!(id, updated!);
    expect(requests()).toEqual([`DELETE /api/v1/roles/${id} 204`]);
    await implementation.delete!(id, updated!);
    expect((await implementation.read!(id, updated!)).id).toBe("");
  });

  it("without adoptExisting a taken name is a conflict naming the role; with it, the role is adopted", async () => {
    await implementation.create(await checked({ name: "Taken" }));
    await expect(implementation.create(await checked({ name: "Taken" }))).rejects.toThrow(
      /already has role \S+ named "Taken".*adoptExisting: true/,
    );
    emu.clearLog();
    const { outs } = await implementation.create(
      await checked({ name: "Taken", description: "d", adoptExisting: true }),
    );
    expect(requests().map((line) => line.split(" ")[0])).toEqual(["GET", "PATCH"]);
    expect(outs).toMatchObject({ name: "Taken", description: "d" });
  });

  it("refuses to manage a default role", async () => {
    await expect(implementation.create(await checked({ name: "TenantAdmin", adoptExisting: true }))).rejects.toThrow(
      /"TenantAdmin" is one of Qlik's default roles.*cannot be managed/,
    );
  });

  it("delete of a role still assigned says so and what to do", async () => {
    const { id, outs } = await implementation.create(await checked({ name: "Held" }));
    await fetch(`${emu.tenantUrl}/api/v1/groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.tenants[0].apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Holders", providerType: "custom", assignedRoles: [{ name: "Held" }] }),
    });
    await expect(implementation.delete!(id, outs!)).rejects.toThrow(
      /refused to delete the custom role "Held".*still assigned.*Remove it from those assignedRoles first/s,
    );
  });

  it("reports every field Qlik has for a lookup by id (Role.get); an unknown id fails clearly", async () => {
    process.env.QLIK_TENANT_URL = emu.tenantUrl;
    const support = emu.state().roles?.find((role: { name: string }) => role.name === "Support Analyst");
    const id =
      support?.id ?? (await implementation.create(await checked({ name: "Support Analyst", adoptExisting: true }))).id;
    const read = await implementation.read!(id, { name: "" } as never);
    expect(read.id).toBe(id);
    expect(read.inputs).toMatchObject({ name: "Support Analyst" });
    expect(read.props).toMatchObject({ roleId: id, type: "custom", tenantUrl: emu.tenantUrl });
    await expect(implementation.read!("000000000000000000000abc", { name: "" } as never)).rejects.toThrow(
      /Role.get: the tenant at .* has no role with id "000000000000000000000abc"/,
    );
  });
});
