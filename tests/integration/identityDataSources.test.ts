/**
 * getUser, getGroup and getRoles against the emulator, with settings passed explicitly as the SDK does: lookups by
 * each key, a clear failure when nothing or more than one object matches, and bad arguments refused before any
 * request.
 */
import type { EmulatorHandle } from "../../emulator";
import type { ProviderSettings } from "../../provider/config";
import { getGroupData, getRolesData, getUserData } from "../../provider/dataSources";
import { useEmulator } from "./emulator";

let emu: EmulatorHandle;
useEmulator({ rateLimits: false }, (emulator) => (emu = emulator));

const settings = (): ProviderSettings => ({ tenantUrl: emu.tenantUrl, apiKey: emu.tenants[0].apiKey });
const post = (path: string, body: unknown) =>
  fetch(`${emu.tenantUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${emu.tenants[0].apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("getUser", () => {
  it("finds a user by id, subject or email, with roles and groups by name", async () => {
    const carol = emu.state().users.find((user) => user.subject === "auth0|seed-carol")!;
    const bySubject = await getUserData({ subject: "auth0|seed-carol" }, settings());
    expect(bySubject).toMatchObject({
      id: carol.id,
      subject: "auth0|seed-carol",
      assignedGroups: expect.arrayContaining(["Sales", "Data Stewards"]),
      customGroups: ["Data Stewards"],
    });
    expect(await getUserData({ id: carol.id }, settings())).toEqual(bySubject);
    expect(await getUserData({ email: carol.email!.toUpperCase() }, settings())).toEqual(bySubject);
  });

  it("fails clearly when nothing matches, and refuses ambiguous or bad arguments before any request", async () => {
    await expect(getUserData({ subject: "auth0|nobody" }, settings())).rejects.toThrow(
      /getUser: the tenant at .* has no user with subject "auth0\|nobody"/,
    );
    await expect(getUserData({ id: "abc", subject: "x" }, settings())).rejects.toThrow(
      /needs exactly one of id, subject, email \(got id and subject\)/,
    );
    await expect(getUserData({}, settings())).rejects.toThrow(/needs exactly one of id, subject, email/);
    await expect(getUserData({ id: "../x" }, settings())).rejects.toThrow(/id must be a Qlik user id/);
  });

  it("fails when more than one user has the email", async () => {
    await post("/api/v1/users", { subject: "auth0|twin1", email: "twin@acme.example" });
    await post("/api/v1/users", { subject: "auth0|twin2", email: "twin@acme.example" });
    await expect(getUserData({ email: "twin@acme.example" }, settings())).rejects.toThrow(
      /has 2 of user with email "twin@acme.example" .*exactly one. Look the user up by subject or id/,
    );
  });
});

describe("getGroup", () => {
  it("finds a group by id or by name (and providerType); two groups of one name need providerType", async () => {
    const stewards = await getGroupData({ name: "Data Stewards" }, settings());
    expect(stewards).toMatchObject({ name: "Data Stewards", providerType: "custom", assignedRoles: ["DataAdmin"] });
    expect(await getGroupData({ id: stewards.id }, settings())).toEqual(stewards);
    await post("/api/v1/groups", { name: "Finance", providerType: "custom" });
    await expect(getGroupData({ name: "Finance" }, settings())).rejects.toThrow(
      /has 2 of group named "Finance".*providerType/,
    );
    expect(await getGroupData({ name: "Finance", providerType: "idp" }, settings())).toMatchObject({
      providerType: "idp",
      assignedRoles: ["SharedSpaceCreator"],
    });
    await expect(getGroupData({ name: "finance", providerType: "idp" }, settings())).rejects.toThrow(
      /has no group named "finance"/,
    );
    await expect(getGroupData({ providerType: "idp" } as never, settings())).rejects.toThrow(/exactly one of id, name/);
  });
});

describe("getRoles", () => {
  it("lists every role, or only default or custom ones, as { id, name, type, level }", async () => {
    const all = await getRolesData({}, settings());
    expect(all.roles.map((role) => role.name)).toEqual(expect.arrayContaining(["TenantAdmin", "Support Analyst"]));
    expect(all.roles[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      type: expect.stringMatching(/default|custom/),
      level: expect.stringMatching(/admin|user/),
    });
    const custom = await getRolesData({ type: "custom" }, settings());
    expect(custom.roles.map((role) => role.name)).toEqual(["Support Analyst"]);
    await expect(getRolesData({ type: "builtin" } as never, settings())).rejects.toThrow(
      /type must be "default" or "custom"/,
    );
  });
});
