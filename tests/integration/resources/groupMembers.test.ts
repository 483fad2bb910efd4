/**
 * Custom-group membership against the emulator: GroupMembers (the complete member list of one custom group; one
 * users PATCH of `/assignedGroups` per member added or removed) and User.customGroups (add / remove-value of
 * `{ name, providerType: "custom" }` in the user's one PATCH; IdP groups never touched).
 */
import type { EmulatorHandle } from "../../../emulator";
import { implementation as members, type GroupMembersInputs } from "../../../provider/groupMembers";
import { implementation as users, type UserInputs } from "../../../provider/users";
import { useEmulator } from "../emulator";

let emu: EmulatorHandle;
useEmulator({ logBodies: true }, (handle) => (emu = handle));

const requests = () => emu.log.map((entry) => `${entry.method} ${entry.path.split("?")[0]} ${entry.status}`);
const userId = (subject: string) => emu.state().users.find((user) => user.subject === subject)!.id;
const groupId = (name: string) => emu.state().groups.find((group) => group.name === name)!.id;
const membersOf = (name: string) =>
  emu
    .state()
    .users.filter((user) => (user.assignedGroups ?? []).some((group) => group.name === name))
    .map((user) => user.subject)
    .sort();

async function checkedMembers(news: Record<string, unknown>): Promise<GroupMembersInputs> {
  const result = await members.check({}, { tenantUrl: emu.tenantUrl, ...news });
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

describe("GroupMembers on the emulator", () => {
  it("sets the complete member list: one users PATCH per member added or removed; update, drift, delete", async () => {
    const stewards = groupId("Data Stewards");
    expect(membersOf("Data Stewards")).toEqual(["auth0|seed-carol"]);
    const alice = userId("auth0|seed-alice");
    const bob = userId("auth0|seed-bob");
    const carol = userId("auth0|seed-carol");
    const inputs = await checkedMembers({ groupId: stewards, userIds: [alice, bob] });
    emu.clearLog();
    const { id, outs } = await members.create(inputs);
    expect(id).toBe(stewards);
    expect(requests()).toEqual([
      "POST /api/v1/groups/actions/filter 200",
      "GET /api/v1/users 200",
      "POST /api/v1/users/actions/filter 200", // the users to add exist
      `PATCH /api/v1/users/${alice} 204`,
      `PATCH /api/v1/users/${bob} 204`,
      `PATCH /api/v1/users/${carol} 204`,
    ]);
    expect(emu.log[3].body).toEqual([{ op: "add", path: "/assignedGroups", value: [{ id: stewards }] }]);
    expect(emu.log[5].body).toEqual([{ op: "remove-value", path: "/assignedGroups", value: [{ id: stewards }] }]);
    expect(membersOf("Data Stewards")).toEqual(["auth0|seed-alice", "auth0|seed-bob"]);
    expect(outs).toMatchObject({ groupId: stewards, userIds: [alice, bob], groupName: "Data Stewards" });
    expect(await members.diff(id, outs!, await checkedMembers({ groupId: stewards, userIds: [bob, alice] }))).toEqual({
      changes: false,
    });

    emu.clearLog();
    const news = await checkedMembers({ groupId: stewards, userIds: [bob, carol] });
    const { outs: updated } = await members.update(id, outs!, news);
    expect(requests()).toEqual([
      "POST /api/v1/users/actions/filter 200",
      `PATCH /api/v1/users/${carol} 204`,
      `PATCH /api/v1/users/${alice} 204`,
    ]);
    expect(membersOf("Data Stewards")).toEqual(["auth0|seed-bob", "auth0|seed-carol"]);

    // A refresh without drift keeps the program's order (Qlik lists members in its own).
    const reversed = await members.update(
      id,
      updated!,
      await checkedMembers({ groupId: stewards, userIds: [carol, bob] }),
    );
    expect((await members.read!(id, reversed.outs!)).inputs!.userIds).toEqual([carol, bob]);
    // Drift: Alice is added in the console; a refresh reports her, the next preview shows a change.
    await fetch(`${emu.tenantUrl}/api/v1/users/${alice}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${emu.tenants[0].apiKey}`, "content-type": "application/json" },
      body: JSON.stringify([{ op: "add", path: "/assignedGroups", value: [{ id: stewards }] }]),
    });
    const read = await members.read!(id, updated!);
    expect([...(read.inputs!.userIds as string[])].sort()).toEqual([alice, bob, carol].sort());
    expect(await members.diff(id, read.props!, news)).toEqual({ changes: true });

    emu.clearLog();
    await members.delete!(id, updated!);
    expect(requests().filter((line) => line.startsWith("PATCH"))).toEqual([
      `PATCH /api/v1/users/${bob} 204`,
      `PATCH /api/v1/users/${carol} 204`,
    ]);
    // Only the listed members are removed: Alice, added outside Pulumi, stays.
    expect(membersOf("Data Stewards")).toEqual(["auth0|seed-alice"]);
  });

  it("refuses an IdP group, an unknown group and an unknown user clearly", async () => {
    await expect(members.create(await checkedMembers({ groupId: groupId("Finance"), userIds: [] }))).rejects.toThrow(
      /"Finance" is an IdP group.*cannot be managed/,
    );
    await expect(
      members.create(await checkedMembers({ groupId: "000000000000000000000abc", userIds: [] })),
    ).rejects.toThrow(/has no such group/);
    // An unknown user fails before any membership changes.
    const stewards = groupId("Data Stewards");
    const carol = userId("auth0|seed-carol");
    emu.clearLog();
    await expect(
      members.create(await checkedMembers({ groupId: stewards, userIds: [carol, "000000000000000000000bad"] })),
    ).rejects.toThrow(/userIds: no user 000000000000000000000bad exists.*nothing was changed/);
    expect(emu.log.filter((entry) => entry.method === "PATCH")).toEqual([]);
    expect(membersOf("Data Stewards")).toEqual(["auth0|seed-carol"]);
    const check = await members.check({}, { groupId: groupId("Data Stewards"), userIds: ["a", "a"] });
    expect(check.failures?.[0].reason).toMatch(/userIds lists "a" more than once/);
    const missing = await members.check({}, { userIds: [] });
    expect(missing.failures?.[0]).toMatchObject({ property: "groupId", reason: expect.stringMatching(/required/) });
  });
});

describe("GroupMembers.get", () => {
  it("reads a custom group's members by group id", async () => {
    const stewards = groupId("Data Stewards");
    process.env.QLIK_TENANT_URL = emu.tenantUrl;
    const read = await members.read!(stewards, {} as never);
    expect(read).toMatchObject({
      id: stewards,
      inputs: { groupId: stewards, userIds: [userId("auth0|seed-carol")] },
      props: { groupName: "Data Stewards", tenantUrl: emu.tenantUrl },
    });
  });
});

describe("User.customGroups on the emulator", () => {
  async function checkedUser(news: Record<string, unknown>): Promise<UserInputs> {
    const result = await users.check({}, { tenantUrl: emu.tenantUrl, ...news });
    expect(result.failures).toBeUndefined();
    return result.inputs!;
  }

  it("joins and leaves custom groups in the user's one PATCH; IdP groups are never touched", async () => {
    await fetch(`${emu.tenantUrl}/api/v1/groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.tenants[0].apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Reviewers", providerType: "custom" }),
    });
    // Carol: IdP group Sales, custom group Data Stewards.
    const carol = userId("auth0|seed-carol");
    const inputs = await checkedUser({ subject: "auth0|seed-carol", customGroups: ["Reviewers"], adoptExisting: true });
    emu.clearLog();
    const { id, outs } = await users.create(inputs);
    expect(id).toBe(carol);
    expect(emu.log.filter((entry) => entry.method === "PATCH").map((entry) => entry.body)).toEqual([
      [
        { op: "add", path: "/assignedGroups", value: [{ name: "Reviewers", providerType: "custom" }] },
        { op: "remove-value", path: "/assignedGroups", value: [{ name: "Data Stewards", providerType: "custom" }] },
      ],
    ]);
    expect(membersOf("Reviewers")).toEqual(["auth0|seed-carol"]);
    expect(membersOf("Sales")).toEqual(["auth0|seed-carol"]);
    expect(outs).toMatchObject({ customGroups: ["Reviewers"] });
    expect(await users.diff(id, outs!, inputs)).toEqual({ changes: false });

    emu.clearLog();
    const news = await checkedUser({ subject: "auth0|seed-carol", customGroups: ["Reviewers", "Data Stewards"] });
    const { outs: updated } = await users.update(id, outs!, news);
    expect(emu.log.map((entry) => entry.body)).toEqual([
      [{ op: "add", path: "/assignedGroups", value: [{ name: "Data Stewards", providerType: "custom" }] }],
    ]);
    const read = await users.read!(id, updated!);
    expect([...(read.inputs!.customGroups as string[])].sort()).toEqual(["Data Stewards", "Reviewers"]);
    expect(membersOf("Sales")).toEqual(["auth0|seed-carol"]);
  });
});
