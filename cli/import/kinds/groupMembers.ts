/**
 * Group members: one GroupMembers resource per custom group that has members, read as the kind reads it (the
 * group, then the users listing filtered by the group). The group and its users are references, so the program
 * reads `groupId: groups.sales.id, userIds: [users.alice.id, …]` (raw ids for users it does not declare). IdP
 * groups get their members from the identity provider and are not declared; nor are groups without members.
 *
 * While this kind is imported, users leave `customGroups` unmanaged (see users.ts): one place per membership.
 */
import { listMemberIds, type Membership } from "../../../provider/groupMembers/api";
import { groupMembersKind } from "../../../provider/groupMembers/kind";
import { apiGroupSchema, groupCollection } from "../../../provider/groups/api";
import { importerOf, type KindImport } from "../declare";
import { Reference, stringLiteral } from "../source";
import { listAll, listOnce } from "./collections";
import { QUIET } from "../types";

export const groupMembersImport: KindImport<Membership> = {
  kind: "group-members",
  description: groupMembersKind,
  variable: "groupMembers",
  heading: "Custom groups' members (one GroupMembers per group with members; users leave customGroups unmanaged)",
  async list({ client, progress }) {
    // The groups kind's listing when it is imported too (one listing for both), else a listing of its own.
    const all = await listOnce(client, "groups", () => listAll(client, groupCollection.path, apiGroupSchema, QUIET));
    const groups = all
      .filter((group) => group.providerType === "custom")
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // The bar counts groups: each is one members listing (a page of 100 members per request).
    progress.total(groups.length);
    const docs: Membership[] = [];
    for (const group of groups) {
      const userIds = (await listMemberIds(client, group.id)).sort();
      progress.advance(1);
      if (userIds.length === 0) continue;
      docs.push({
        groupId: group.id,
        groupName: group.name,
        providerType: "custom",
        tenantId: group.tenantId,
        userIds,
      });
    }
    return { docs };
  },
  name: (membership, nameOf) => ({
    naturalKey: membership.groupId,
    candidates: [nameOf("groups", membership.groupId), membership.groupName],
    fallback: "group-members",
  }),
  describe: (membership) => `the members of group ${stringLiteral(membership.groupName)}`,
  references: (membership) => ({
    groupId: new Reference("groups", membership.groupId),
    userIds: membership.userIds.map((userId) => new Reference("users", userId)),
  }),
};

export const groupMembersImporter = importerOf(groupMembersImport);
