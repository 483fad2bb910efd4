/**
 * The registry: one entry per kind the import can write. A kind the provider gains is one small importer module
 * (how to list its objects and name them: the declared values come from the kind's description, see
 * ../declare.ts) and one line here; until then `--only`/`--skip` accept its name and the command says it is not
 * imported yet.
 *
 * An importer returns declarations whose arguments may hold `new Reference(kind, qlikId)` wherever the resource
 * takes another object's id (a group membership's user ids, a space assignment's `assigneeId`): the program
 * writer turns it into `users.alice.id` when that object is declared too, and into the raw id otherwise. Kinds
 * are declared in KIND_NAMES order, so a kind refers only to kinds listed before it.
 */
import { KIND_NAMES, type KindImporter, type KindName } from "../types";
import { groupMembersImporter } from "./groupMembers";
import { groupsImporter } from "./groups";
import { groupSettingsImporter } from "./groupSettings";
import { rolesImporter } from "./roles";
import { spaceAssignmentsImporter } from "./spaceAssignments";
import { spacesImporter } from "./spaces";
import { tenantImporter } from "./tenant";
import { tenantSettingsImporter } from "./tenantSettings";
import { usersImporter } from "./users";

export const IMPORTERS: Partial<Record<KindName, KindImporter>> = {
  roles: rolesImporter,
  users: usersImporter,
  groups: groupsImporter,
  "group-members": groupMembersImporter,
  "group-settings": groupSettingsImporter,
  spaces: spacesImporter,
  "space-assignments": spaceAssignmentsImporter,
  "tenant-settings": tenantSettingsImporter,
  tenant: tenantImporter,
};

/** The kinds this version imports, in declaration order. */
export const IMPLEMENTED_KINDS: KindName[] = KIND_NAMES.filter((kind) => IMPORTERS[kind] !== undefined);
export const PENDING_KINDS: KindName[] = KIND_NAMES.filter((kind) => IMPORTERS[kind] === undefined);

export class UnknownKindError extends Error {
  readonly code = "UNKNOWN_KIND";
}

function parseKindList(option: string, text: string | undefined): KindName[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !(KIND_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UnknownKindError(
      `${option}: unknown kind${unknown.length > 1 ? "s" : ""} ${unknown.map((name) => JSON.stringify(name)).join(", ")}. ` +
        `The kinds are: ${KIND_NAMES.join(", ")}.`,
    );
  }
  if (names.length === 0)
    throw new UnknownKindError(`${option} needs a comma-separated list of kinds: ${KIND_NAMES.join(", ")}.`);
  return names as KindName[];
}

export interface KindSelection {
  /** Importers to run, in declaration order. */
  importers: KindImporter[];
  /** Kinds selected that this version cannot import yet (reported, never silently dropped). */
  pending: KindName[];
}

/** `--only` (default: every kind) minus `--skip`, split into importable and not-yet-importable kinds. */
export function selectKinds(only?: string, skip?: string): KindSelection {
  const included = parseKindList("--only", only) ?? [...KIND_NAMES];
  const skipped = parseKindList("--skip", skip) ?? [];
  const selected = KIND_NAMES.filter((kind) => included.includes(kind) && !skipped.includes(kind));
  return {
    importers: selected.flatMap((kind) => IMPORTERS[kind] ?? []),
    pending: selected.filter((kind) => IMPORTERS[kind] === undefined),
  };
}
