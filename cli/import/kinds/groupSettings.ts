/**
 * The tenant's group settings (a singleton every tenant has: creating the resource adopts it): whether Qlik
 * creates the groups an identity provider sends, and the Everyone group's roles.
 */
import { getGroupSettings, type GroupSettingsDocument } from "../../../provider/groupSettings/api";
import { groupSettingsKind } from "../../../provider/groupSettings/kind";
import { importerOf, type KindImport } from "../declare";
import { readOne } from "./collections";

export const groupSettingsImport: KindImport<GroupSettingsDocument> = {
  kind: "group-settings",
  description: groupSettingsKind,
  variable: "groupSettings",
  heading: "The tenant's group settings (adopted; removing them from the program puts back the values they had)",
  list: ({ client, progress }) =>
    readOne(progress, () => getGroupSettings(client), {
      what: "group settings",
      reason: "GET /api/v1/groups/settings answered 404",
    }),
  name: (doc) => ({ naturalKey: doc.tenantId, candidates: ["group-settings"], fallback: "group-settings" }),
  describe: () => "group settings",
};

export const groupSettingsImporter = importerOf(groupSettingsImport);
