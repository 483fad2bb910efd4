/**
 * The GroupSettings kind: the tenant's group settings (one document per tenant, always present, a singleton):
 * whether Qlik creates the groups an identity provider sends at login, and the roles of the Everyone group.
 * id = the tenant id.
 *
 * Requests (GET Tier 1, PATCH Tier 2):
 * - create: `GET /groups/settings`, then one `PATCH /groups/settings` of `replace`s of the paths that differ
 *   (`/autoCreateGroups`, `/systemGroups/000000000000000000000001/assignedRoles`; none when equal);
 * - read: `GET /groups/settings`;
 * - update: one `PATCH` with exactly the changed paths; a setting the program stops managing is put back as found;
 * - delete: `GET`, then one `PATCH` putting back the values found at adoption (none when equal).
 */
import type { Kind } from "../engine/kind";
import { roleField } from "../users/shared";
import {
  getGroupSettings,
  patchGroupSettings,
  type GroupSettingsDocument,
  type GroupSettingsPatchOperation,
} from "./api";
import { EVERYONE_GROUP_ID, GROUP_SETTINGS_INPUT_KEYS, groupSettingsSchema } from "./schema";

function missing(origin: string): Error {
  return new Error(`The tenant at ${origin} answered GET /api/v1/groups/settings with 404: check tenantUrl.`);
}

export const groupSettingsKind: Kind<GroupSettingsDocument> = {
  name: "GroupSettings",
  noun: "group settings document",
  schema: groupSettingsSchema,
  inputKeys: GROUP_SETTINGS_INPUT_KEYS,
  fields: [
    { name: "autoCreateGroups", read: (doc) => doc.autoCreateGroups, path: "/autoCreateGroups" },
    {
      name: "everyoneAssignedRoles",
      read: (doc) => doc.everyoneRoles,
      path: `/systemGroups/${EVERYONE_GROUP_ID}/assignedRoles`,
      ...roleField,
    },
  ],
  idOutput: "tenantId",
  idOf: (doc) => doc.tenantId,
  idInPath: false,
  patchStyle: "replace",
  facts: (doc) => ({ tenantId: doc.tenantId }),
  lifecycle: {
    type: "singleton",
    async adopt(client) {
      const doc = await getGroupSettings(client);
      if (doc === undefined) throw missing(client.origin);
      return { doc, created: false };
    },
  },
  read: (client) => getGroupSettings(client),
  async patch(client, _id, operations) {
    return (await patchGroupSettings(client, operations as GroupSettingsPatchOperation[])) ? {} : "gone";
  },
};
