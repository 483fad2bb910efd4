/**
 * Role names given to User, Group and GroupSettings are checked against the tenant's roles at `check`: one
 * `GET /roles` per tenant per provider process, an unknown name is a failure listing the valid ones, a Role
 * created in the process is seen by later checks, and a tenant that cannot be reached fails nothing.
 */
import type { EmulatorHandle } from "../../../emulator";
import { implementation as groups } from "../../../provider/groups";
import { implementation as roles } from "../../../provider/roles";
import { forgetRoleCatalog } from "../../../provider/roles/catalog";
import { implementation as users } from "../../../provider/users";
import { UNKNOWN } from "../../../provider/unknown";
import { useEmulator } from "../emulator";

let emu: EmulatorHandle;
useEmulator({}, (handle) => {
  emu = handle;
});

const roleReads = () => emu.log.filter((entry) => entry.method === "GET" && entry.path.startsWith("/api/v1/roles"));

beforeEach(() => forgetRoleCatalog(new URL(emu.tenantUrl).origin));

describe("role names at check", () => {
  it("reads the tenant's roles once and refuses an unknown name, listing the valid ones", async () => {
    const ok = await users.check(
      {},
      { subject: "s", assignedRoles: ["Developer", "Support Analyst"], tenantUrl: emu.tenantUrl },
    );
    expect(ok.failures).toBeUndefined();
    const bad = await groups.check({}, { name: "G", assignedRoles: ["Developr"], tenantUrl: emu.tenantUrl });
    expect(bad.failures).toEqual([
      {
        property: "assignedRoles",
        reason: expect.stringMatching(
          /no role "Developr". Valid role names: AnalyticsAdmin, .*Developer, .*TenantAdmin/,
        ),
      },
    ]);
    expect(roleReads()).toHaveLength(1);
  });

  it("leaves unknown values (preview) alone, and sees a Role created in this process", async () => {
    const preview = await users.check({}, { subject: "s", assignedRoles: [UNKNOWN], tenantUrl: emu.tenantUrl });
    expect(preview.failures).toBeUndefined();
    expect(roleReads()).toHaveLength(0);
    const before = await users.check({}, { subject: "s", assignedRoles: ["Reviewer"], tenantUrl: emu.tenantUrl });
    expect(before.failures?.[0].property).toBe("assignedRoles");
    await roles.create({ name: "Reviewer", tenantUrl: emu.tenantUrl });
    const after = await users.check({}, { subject: "s", assignedRoles: ["Reviewer"], tenantUrl: emu.tenantUrl });
    expect(after.failures).toBeUndefined();
  });

  it("accepts the name of a Role checked earlier in the deployment, before it exists (preview)", async () => {
    const role = await roles.check({}, { name: "Planned Role", tenantUrl: emu.tenantUrl });
    expect(role.failures).toBeUndefined();
    const user = await users.check({}, { subject: "s", assignedRoles: ["Planned Role"], tenantUrl: emu.tenantUrl });
    expect(user.failures).toBeUndefined();
  });

  it("fails nothing when no credentials are configured (preview before configuration)", async () => {
    delete process.env.QLIK_API_KEY;
    const noCredentials = await users.check({}, { subject: "s", assignedRoles: ["Nope"], tenantUrl: emu.tenantUrl });
    expect(noCredentials.failures).toBeUndefined();
    expect(roleReads()).toHaveLength(0);
  });
});
