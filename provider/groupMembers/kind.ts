/**
 * The GroupMembers kind: the complete member list of one custom group, id = the group id. Users not listed are
 * removed from the group; deleting the resource removes the listed members (the group itself stays). Membership
 * is written one user at a time, so each member added or removed is one users PATCH. IdP groups get their members
 * from the identity provider at login and cannot be managed here. Do not also list the same group in
 * `User.customGroups`: the two would undo each other.
 *
 * Requests (GET Tier 1, `actions/filter` Special, PATCH Tier 2):
 * - create: the group (`POST /groups/actions/filter`, batched), its members
 *   (`GET /users?filter=assignedGroups.id eq "…"`), the users to add (one batched `POST /users/actions/filter`: an
 *   unknown id fails before anything changes), then one `PATCH /users/{userId}` per member added or removed
 *   (`[{"op":"add"|"remove-value","path":"/assignedGroups","value":[{"id":"<groupId>"}]}]`);
 * - read: the group and the members listing (as create);
 * - update: the users to add (one batched `POST /users/actions/filter`), then one `PATCH /users/{userId}` per
 *   member added or removed (nothing when the set is unchanged);
 * - delete: the group and the members listing, then one `PATCH` (`remove-value`) per listed user still a member;
 *   nothing when the group is gone.
 */
import type { Kind } from "../engine/kind";
import type { QlikClient } from "../http/types";
import { setAsWritten, setComparator, uniqueSorted, withoutUndefined } from "../patch";
import { fetchUser } from "../users/api";
import { changeMembership, fetchMembership, type Membership } from "./api";
import { GROUP_MEMBERS_INPUT_KEYS, groupMembersSchema } from "./schema";

function notCustom(membership: Membership): Error {
  return new Error(
    `groupId ${membership.groupId}: "${membership.groupName}" is an IdP group; its members come from the identity ` +
      'provider at login and cannot be managed. Use a Group with providerType: "custom" (its groupId output).',
  );
}

function missingGroup(client: QlikClient, groupId: string): Error {
  return new Error(
    `groupId ${groupId}: the tenant at ${client.origin} has no such group. Pass the groupId output of a custom ` +
      "Group (which orders the two), or the id of a custom group that exists.",
  );
}

function missingUsers(userIds: readonly string[], groupId: string): Error {
  const listed = userIds.join(", ");
  return new Error(
    `userIds: no user ${listed} exists in the tenant, so ${userIds.length > 1 ? "they" : "it"} cannot join group ` +
      `${groupId}; nothing was changed. Remove ${userIds.length > 1 ? "them" : "it"} from userIds or pass the id of an existing User.`,
  );
}

/**
 * Sends one users PATCH per member added or removed. The users to add are read first (one batched
 * `POST /users/actions/filter`), so that an unknown id fails before any membership changes.
 */
async function applyMembership(client: QlikClient, groupId: string, add: string[], remove: string[]) {
  if (add.length > 0) {
    const found = await Promise.all(add.map((userId) => fetchUser(client, userId)));
    const missing = add.filter((_, index) => found[index] === undefined);
    if (missing.length > 0) throw missingUsers(missing, groupId);
  }
  for (const userId of add) {
    if (!(await changeMembership(client, userId, groupId, "add"))) throw missingUsers([userId], groupId);
  }
  // A user that is gone is no member anymore.
  for (const userId of remove) await changeMembership(client, userId, groupId, "remove-value");
}

export const groupMembersKind: Kind<Membership> = {
  name: "GroupMembers",
  noun: "group membership",
  schema: groupMembersSchema,
  inputKeys: GROUP_MEMBERS_INPUT_KEYS,
  fields: [
    { name: "groupId", read: (doc) => doc.groupId, replaces: true, required: true },
    {
      name: "userIds",
      read: (doc) => doc.userIds,
      spelledAs: (actual, written) => setAsWritten(actual as string[], written),
      path: "/userIds",
      set: true,
      equals: setComparator,
      toApi: (value) => uniqueSorted(value as string[]),
      absent: [] as string[],
      required: true,
    },
  ],
  idOutput: "groupId",
  idOf: (doc) => doc.groupId,
  idInPath: true,
  patchStyle: "replace",
  facts: (doc) => withoutUndefined({ groupName: doc.groupName, tenantId: doc.tenantId }),
  lifecycle: {
    type: "collection",
    describeKey: (desired) => `for group ${String(desired.groupId)}`,
    otherKey: "manage that group's members with one GroupMembers resource only",
    find: (client, desired) => fetchMembership(client, desired.groupId as string),
    /** Nothing to create: the group's current members are taken over, and the engine's PATCH sets the list. */
    async post(client, desired) {
      const groupId = desired.groupId as string;
      const membership = await fetchMembership(client, groupId);
      if (membership === undefined) throw missingGroup(client, groupId);
      if (membership.providerType !== "custom") throw notCustom(membership);
      return membership;
    },
    createFailure: () => undefined,
    async remove(client, id, props) {
      const membership = await fetchMembership(client, id);
      if (membership === undefined) return;
      const listed = Array.isArray(props.userIds) ? (props.userIds as string[]) : [];
      await applyMembership(
        client,
        id,
        [],
        listed.filter((userId) => membership.userIds.includes(userId)),
      );
    },
  },
  read: (client, id) => fetchMembership(client, id),
  /** The engine's set operations on `/userIds` become one users PATCH per member. */
  async patch(client, id, operations) {
    const add: string[] = [];
    const remove: string[] = [];
    for (const operation of operations) {
      const ids = operation.value as string[];
      if (operation.op === "add") add.push(...ids);
      else if (operation.op === "remove-value") remove.push(...ids);
      else throw new Error(`GroupMembers cannot apply ${operation.op} ${operation.path}`);
    }
    await applyMembership(client, id, add, remove);
    return {};
  },
};
