/**
 * Groups: every group Qlik lists, adopted by name and provider type. IdP groups are declared as adopted IdP
 * groups (`providerType: "idp"`): their name is the identity provider's, and a description Qlik reports for one
 * is left out without a word (Qlik stores none for IdP groups, and the Group check refuses one).
 */
import { apiGroupSchema, groupCollection, providerTypeOf, type ApiGroup } from "../../../provider/groups/api";
import { groupKind } from "../../../provider/groups/kind";
import { importerOf, type KindImport } from "../declare";
import { stringLiteral } from "../source";
import { listCollection, listOnce } from "./collections";

export const groupsImport: KindImport<ApiGroup> = {
  kind: "groups",
  description: groupKind,
  variable: "groups",
  heading: "Groups, adopted by name and provider type (IdP groups as adopted IdP groups)",
  async list({ client, progress }) {
    // Listed once: group-members reads the same listing.
    return {
      docs: await listOnce(client, "groups", () => listCollection(client, groupCollection, apiGroupSchema, progress)),
    };
  },
  name: (group) => ({
    naturalKey: `${providerTypeOf(group)}:${group.name}`,
    candidates: [group.name],
    fallback: "group",
  }),
  describe: (group) => `group ${stringLiteral(group.name)}`,
  rejected: { description: (_description, inputs) => (inputs.providerType === "idp" ? null : undefined) },
};

export const groupsImporter = importerOf(groupsImport);
