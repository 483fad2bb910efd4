/**
 * The calls GroupMembers makes. A custom group's members are not a document of their own in Qlik: they are the
 * users whose `assignedGroups` hold the group. So the members are read with a users listing filtered by
 * `assignedGroups.id` (Tier 1, every page) and changed one user at a time with the users PATCH of `/assignedGroups`
 * (`add` / `remove-value` of `[{ id }]`, Tier 2).
 */
import { z } from "zod";
import type { QlikClient } from "../http/types";
import { scim } from "../http";
import { fetchGroup, providerTypeOf, type ApiGroup } from "../groups/api";
import { patchUser } from "../users/api";

/** A custom group's membership as the GroupMembers kind reads it. */
export interface Membership {
  groupId: string;
  groupName: string;
  providerType: string;
  tenantId?: string;
  /** Ids of the users in the group. */
  userIds: string[];
}

const memberSchema = z.object({ id: z.string().min(1), status: z.string().nullish() });

/** Ids of the users in the group (users Qlik marks deleted are not members). */
export async function listMemberIds(client: QlikClient, groupId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const user of client.paginate({
    path: "/api/v1/users",
    query: { filter: scim.eq("assignedGroups.id", groupId), limit: 100 },
    item: memberSchema,
  })) {
    if (user.status !== "deleted") ids.push(user.id);
  }
  return ids;
}

function membershipOf(group: ApiGroup, userIds: string[]): Membership {
  return {
    groupId: group.id,
    groupName: group.name,
    providerType: providerTypeOf(group),
    tenantId: group.tenantId,
    userIds,
  };
}

/** The group and its members; `undefined` when the group is gone. */
export async function fetchMembership(client: QlikClient, groupId: string): Promise<Membership | undefined> {
  const group = await fetchGroup(client, groupId);
  if (group === undefined) return undefined;
  return membershipOf(group, await listMemberIds(client, groupId));
}

/**
 * One users PATCH of `/assignedGroups` adding the user to the group or removing it. False when the user is gone
 * (404).
 */
export function changeMembership(
  client: QlikClient,
  userId: string,
  groupId: string,
  op: "add" | "remove-value",
): Promise<boolean> {
  return patchUser(client, userId, [{ op, path: "/assignedGroups", value: [{ id: groupId }] }]);
}
