/**
 * The Group kind: a Qlik Cloud group (IdP or custom), identified by its Qlik id, found by exact-case name +
 * providerType when adopting.
 *
 * Requests (tiers: GET 1, POST/PATCH/DELETE 2, `actions/filter` Special):
 * - create: `POST /groups` (name, providerType, description, status active, roles), then one
 *   `PATCH /groups/{id}` only where an adopted group differs; with `adoptExisting`, first a
 *   `GET /groups?filter=name eq "…"`; a 409 is followed by that lookup;
 * - read: `POST /groups/actions/filter` (batched; a listing in a bulk refresh);
 * - update: one `PATCH /groups/{id}` of `replace`s of exactly the changed paths (a custom group's name and
 *   description, roles);
 * - delete: `DELETE /groups/{id}` (404 counts as done).
 */
import { QlikApiError } from "../http";
import { qlikErrorWords } from "../http/errors";
import type { Kind, Values } from "../engine/kind";
import { changedKeys, unique, withoutUndefined } from "../patch";
import { isUnknown } from "../unknown";
import { roleField, roleRefs } from "../users/shared";
import {
  createGroup,
  deleteGroup,
  fetchGroup,
  findGroup,
  patchGroup,
  providerTypeOf,
  type ApiGroup,
  type GroupPatchOperation,
} from "./api";
import { GROUP_INPUT_KEYS, groupInputsSchema, type GroupProviderType } from "./schema";

function typeOf(fields: { providerType?: unknown }): GroupProviderType | "unknown" {
  if (isUnknown(fields.providerType)) return "unknown";
  return fields.providerType === "custom" ? "custom" : "idp";
}

/** What a failed group POST means, judged from Qlik's error (status, code, title and detail). */
export type GroupCreateFailure = "conflict" | "groupLimit" | "autoCreateGroupsDisabled";

export function classifyCreateFailure(error: {
  status: number;
  qlikCode?: string;
  errors?: readonly { code?: string; title?: string; detail?: string }[];
}): GroupCreateFailure | undefined {
  const words = qlikErrorWords(error);
  if (/autocreategroups|auto-create|auto create/.test(words)) return "autoCreateGroupsDisabled";
  if (/maximum (number )?of ([\d,.]+ )?(active )?groups|group limit|too many groups|10[,.]?000 groups/.test(words)) {
    return "groupLimit";
  }
  if (error.status === 409) return "conflict";
  return undefined;
}

function groupLimitError(error: QlikApiError): Error {
  return new Error(
    "Qlik Cloud allows at most 10,000 active groups per tenant and this tenant has reached that limit, so no group " +
      "can be created until existing groups are deleted (in the management console or with the Groups API). " +
      `(${error.message})`,
    { cause: error },
  );
}

function autoCreateGroupsError(error: QlikApiError, name: unknown): Error {
  return new Error(
    `Qlik refused to create the IdP group "${String(name)}" because the tenant's group settings have autoCreateGroups ` +
      'turned off; seeding IdP groups ahead of logins needs it. Turn on "Auto-create groups" in the management ' +
      'console, or PATCH /api/v1/groups/settings with [{"op":"replace","path":"/autoCreateGroups","value":true}]; ' +
      `or use providerType: "custom". (${error.message})`,
    { cause: error },
  );
}

export const groupKind: Kind<ApiGroup> = {
  name: "Group",
  noun: "group",
  schema: groupInputsSchema,
  inputKeys: GROUP_INPUT_KEYS,
  fields: [
    { name: "name", read: (group) => group.name, path: "/name", required: true },
    {
      name: "providerType",
      read: providerTypeOf,
      required: true,
      replaces: true,
      equals: (a, b) => typeOf({ providerType: a }) === typeOf({ providerType: b }),
    },
    { name: "description", read: (group) => group.description, path: "/description", absent: "" },
    {
      name: "assignedRoles",
      read: (group) => (group.assignedRoles ?? []).map((role) => role.name),
      path: "/assignedRoles",
      ...roleField,
    },
  ],
  idOutput: "groupId",
  idOf: (group) => group.id,
  idInPath: true,
  patchStyle: "replace",
  normalize(inputs: Values) {
    inputs.providerType ??= "idp";
    if (Array.isArray(inputs.assignedRoles)) inputs.assignedRoles = unique(inputs.assignedRoles as string[]);
    return inputs;
  },
  facts: (group) =>
    withoutUndefined({
      groupId: group.id,
      tenantId: group.tenantId,
      status: group.status,
      createdAt: group.createdAt,
      lastUpdatedAt: group.lastUpdatedAt,
    }),
  // Qlik renames custom groups only; an IdP group's name is what the identity provider sends.
  patchable: (desired) => (field) => field !== "name" || typeOf(desired) === "custom",
  extraReplaces(olds, news) {
    const renamed = changedKeys(olds, news, ["name"]).length > 0;
    return renamed && (typeOf(olds) !== "custom" || typeOf(news) !== "custom") ? ["name"] : [];
  },
  /**
   * Replacement creates the new group before deleting the old one — which keeps role assignments available
   * throughout — except when the two could collide: Qlik keeps names unique per provider type and tenant, so when
   * the name (compared case-insensitively, to be safe) and provider type stay the same, or either is not known
   * yet, the old group is deleted first. In practice that is a move to another `tenantUrl`.
   */
  deleteBeforeReplace(olds, news) {
    const oldType = typeOf(olds);
    const newType = typeOf(news);
    const mayCollide =
      newType === oldType &&
      newType !== "unknown" &&
      (isUnknown(news.name) || String(news.name).toLowerCase() === String(olds.name).toLowerCase());
    return mayCollide || newType === "unknown" || isUnknown(news.name);
  },
  lifecycle: {
    type: "collection",
    describeKey: (desired) => `named "${desired.name}" (providerType "${desired.providerType}")`,
    otherKey: "choose another name",
    find: (client, desired) => findGroup(client, desired.name as string, desired.providerType as GroupProviderType),
    post: (client, desired) =>
      createGroup(
        client,
        withoutUndefined({
          name: desired.name as string,
          providerType: (desired.providerType ?? "idp") as GroupProviderType,
          description: desired.description as string | undefined,
          status: "active" as const,
          assignedRoles: desired.assignedRoles ? roleRefs(desired.assignedRoles as string[]) : undefined,
        }),
      ),
    createFailure(error, desired) {
      if (!(error instanceof QlikApiError)) return undefined;
      const failure = classifyCreateFailure(error);
      if (failure === "groupLimit") return groupLimitError(error);
      if (failure === "autoCreateGroupsDisabled") return autoCreateGroupsError(error, desired.name);
      return failure;
    },
    remove: deleteGroup,
  },
  read: (client, id) => fetchGroup(client, id),
  async patch(client, id, operations) {
    return (await patchGroup(client, id, operations as GroupPatchOperation[])) ? {} : "gone";
  },
};
