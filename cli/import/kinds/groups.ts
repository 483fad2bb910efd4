/**
 * Groups: every group Qlik lists, adopted by name and provider type. IdP groups are declared as adopted IdP
 * groups (`providerType: "idp"`): their name is the identity provider's, and Qlik stores no description for them.
 */
import { apiGroupSchema, providerTypeOf, type ApiGroup } from "../../../provider/groups/api";
import { groupInputsSchema } from "../../../provider/groups/schema";
import { unique } from "../../../provider/patch";
import { checkedInputs } from "../inputs";
import { stringLiteral } from "../source";
import type { Declaration, ImportContext, KindImporter, KindResult } from "../types";
import { listAll, totalResults } from "./collections";

const GROUPS = "/api/v1/groups";

export function groupCandidate(group: ApiGroup): Record<string, unknown> {
  const providerType = providerTypeOf(group);
  const candidate: Record<string, unknown> = { name: group.name, providerType };
  if (providerType === "custom" && group.description !== undefined) candidate.description = group.description;
  candidate.assignedRoles = unique((group.assignedRoles ?? []).map((role) => role.name));
  candidate.adoptExisting = true;
  return candidate;
}

export function groupDeclaration(group: ApiGroup): Declaration | { problem: string } {
  const checked = checkedInputs(groupInputsSchema, groupCandidate(group), ["name", "providerType"]);
  if (!checked.inputs) return { problem: checked.problem ?? "invalid" };
  const providerType = providerTypeOf(group);
  return {
    qlikId: group.id,
    name: { naturalKey: `${providerType}:${group.name}`, candidates: [group.name], fallback: "group" },
    args: checked.inputs as Declaration["args"],
    notes: checked.notes,
  };
}

async function read({ client, progress }: ImportContext): Promise<KindResult> {
  progress.total(await totalResults(client, GROUPS));
  const groups = await listAll(client, GROUPS, apiGroupSchema, progress);
  const result: KindResult = { declarations: [], skipped: [] };
  for (const group of groups) {
    const declared = groupDeclaration(group);
    if ("problem" in declared)
      result.skipped.push({ what: `group ${stringLiteral(group.name)}`, reason: declared.problem });
    else result.declarations.push(declared);
  }
  return result;
}

export const groupsImporter: KindImporter = {
  kind: "groups",
  className: "Group",
  variable: "groups",
  singleton: false,
  heading: "Groups, adopted by name and provider type (IdP groups as adopted IdP groups)",
  read,
};
