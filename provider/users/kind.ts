/**
 * The User kind: a Qlik Cloud user, identified by its Qlik id, found by its IdP `subject` when adopting.
 *
 * Requests (tiers: GET 1, POST/PATCH/DELETE 2, `actions/filter` Special):
 * - create: `POST /users` (subject, email, name, picture, roles), then one `PATCH /users/{id}` for what POST cannot
 *   set (status, locale, time zone) or what differs on an adopted user; with `adoptExisting`, first a
 *   `GET /users?filter=subject eq "…"`; a 409 is followed by that lookup;
 * - read: `POST /users/actions/filter` (batched with other reads by id; a listing in a bulk refresh);
 * - update: one `PATCH /users/{id}` of `replace`s of exactly the changed paths; `customGroups` changes are `add` /
 *   `remove-value` of `[{ name, providerType: "custom" }]` on `/assignedGroups` in that same PATCH (IdP groups are
 *   never touched; do not also manage the same group with GroupMembers);
 * - delete: `DELETE /users/{id}` (404 counts as done).
 */
import { QlikApiError } from "../http";
import type { Kind, Values } from "../engine/kind";
import type { Comparator } from "../patch";
import { setAsWritten, setComparator, uniqueSorted, withoutUndefined } from "../patch";
import {
  createUser,
  deleteUser,
  fetchUser,
  findUserBySubject,
  patchUser,
  type ApiUser,
  type UserPatchOperation,
} from "./api";
import { roleField, roleRefs } from "./shared";
import { USER_INPUT_KEYS, userInputsSchema } from "./schema";
import { unique } from "../patch";

const sameEmail: Comparator = (a, b) =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

/** Qlik's text fields read as "" in a refresh when Qlik has none, so a desired value shows as a change. */
const text = (name: keyof ApiUser, path?: string) => ({
  name,
  read: (user: ApiUser) => user[name] as string | undefined,
  path,
  absent: "",
});

export const userKind: Kind<ApiUser> = {
  name: "User",
  noun: "user",
  schema: userInputsSchema,
  inputKeys: USER_INPUT_KEYS,
  fields: [
    { name: "subject", read: (user) => user.subject, replaces: true, required: true },
    {
      ...text("email"),
      replaces: true,
      equals: sameEmail,
      spelledAs: (actual, written) => (sameEmail(actual, written) ? written : actual),
    },
    text("name", "/name"),
    {
      name: "assignedRoles",
      read: (user) => (user.assignedRoles ?? []).map((role) => role.name),
      path: "/assignedRoles",
      ...roleField,
    },
    {
      // Custom groups only: IdP groups come from the identity provider and are never read or written here.
      name: "customGroups",
      read: (user) => unique((user.assignedGroups ?? []).filter((g) => g.providerType === "custom").map((g) => g.name)),
      spelledAs: (actual, written) => setAsWritten(actual as string[], written),
      path: "/assignedGroups",
      set: true,
      equals: setComparator,
      toApi: (value) => uniqueSorted(value as string[]).map((name) => ({ name, providerType: "custom" })),
      absent: [] as string[],
    },
    text("status", "/status"),
    text("preferredLocale", "/preferredLocale"),
    text("preferredZoneinfo", "/preferredZoneinfo"),
    { ...text("picture"), replaces: true },
  ],
  idOutput: "userId",
  idOf: (user) => user.id,
  idInPath: true,
  patchStyle: "replace",
  normalize(inputs: Values) {
    if (Array.isArray(inputs.assignedRoles)) inputs.assignedRoles = unique(inputs.assignedRoles as string[]);
    if (Array.isArray(inputs.customGroups)) inputs.customGroups = unique(inputs.customGroups as string[]);
    return inputs;
  },
  facts: (user) =>
    withoutUndefined({
      userId: user.id,
      tenantId: user.tenantId,
      createdAt: user.createdAt,
      lastUpdatedAt: user.lastUpdatedAt,
      assignedGroups: user.assignedGroups ? unique(user.assignedGroups.map((group) => group.name)) : undefined,
    }),
  // Subjects are unique per tenant: a second user with the same subject could not be created beside the old one.
  deleteBeforeReplace: () => true,
  lifecycle: {
    type: "collection",
    describeKey: (desired) => `with subject "${desired.subject}"`,
    otherKey: "use a different subject",
    find: (client, desired) => findUserBySubject(client, desired.subject as string),
    post: (client, desired) =>
      createUser(
        client,
        withoutUndefined({
          subject: desired.subject as string,
          email: desired.email as string | undefined,
          name: desired.name as string | undefined,
          picture: desired.picture as string | undefined,
          assignedRoles: desired.assignedRoles ? roleRefs(desired.assignedRoles as string[]) : undefined,
        }),
      ),
    createFailure: (error) => (error instanceof QlikApiError && error.status === 409 ? "conflict" : undefined),
    remove: deleteUser,
  },
  read: (client, id) => fetchUser(client, id),
  async patch(client, id, operations) {
    return (await patchUser(client, id, operations as UserPatchOperation[])) ? {} : "gone";
  },
};
