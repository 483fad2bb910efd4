/**
 * Pieces shared by the User and Group kinds: role-name lists and `adoptExisting`. Groups import these from here;
 * `tenantUrl` handling comes from `../tenants/tenantUrl` and `../engine/tenant`, shared by every kind.
 */
import { z } from "zod";
import { setComparator, unique, uniqueSorted } from "../patch";

/** A required or optional string field whose failure names the field and what to write instead. */
export function text(field: string, what = "a string") {
  return z.string({ error: `${field} must be ${what}.` });
}

/**
 * A `superRefine` for a list whose entries must be distinct: names the field and the repeated entries, and says to
 * list each `noun` once (`note` follows, e.g. " (roles are a set)").
 */
export function listedOnce(field: string, noun: string, note = "") {
  return (values: readonly string[], context: z.core.$RefinementCtx<readonly string[]>): void => {
    const repeated = unique(values.filter((value, index) => values.indexOf(value) !== index));
    if (repeated.length === 0) return;
    context.addIssue({
      code: "custom",
      message: `${field} lists ${repeated.map((value) => `"${value}"`).join(", ")} more than once; list each ${noun} once${note}.`,
    });
  };
}

/** Role names (default roles such as "TenantAdmin", or custom roles), each listed once. */
export function roleNames(field: string, max?: number) {
  const list = z
    .array(
      text(`each entry of ${field}`, 'a role name such as "Developer"').refine((name) => name.trim() !== "", {
        error: `${field} contains an empty role name; remove it or write the role's name, e.g. "Developer".`,
      }),
      { error: `${field} must be a list of role names, e.g. ["TenantAdmin", "Developer"].` },
    )
    .superRefine(listedOnce(field, "role", " (roles are a set)"));
  if (max === undefined) return list;
  return list.max(max, { error: `${field} can hold at most ${max} roles; Qlik rejects more.` });
}

/** Names of custom groups, each listed once. */
export function groupNames(field: string) {
  return z
    .array(
      text(`each entry of ${field}`, 'a custom group\'s name such as "Finance"').refine((name) => name.trim() !== "", {
        error: `${field} contains an empty group name; remove it or write the custom group's name.`,
      }),
      { error: `${field} must be a list of custom group names, e.g. ["Finance", "Analysts"].` },
    )
    .superRefine(listedOnce(field, "group"));
}

export const adoptExistingField = z.boolean({
  error: "adoptExisting must be true or false (true takes over an object that already exists in Qlik).",
});

/**
 * Role names as Qlik reports them, spelled the way the program spells them where the two differ only in case
 * (should Qlik resolve a name like "developer" to its role "Developer"), so a refresh does not invent drift.
 */
export function rolesAsWritten(apiNames: readonly string[], written: readonly string[] = []): string[] {
  const byLowerCase = new Map(written.map((name) => [name.toLowerCase(), name]));
  const names = unique(apiNames.map((name) => byLowerCase.get(name.toLowerCase()) ?? name));
  // Same set as written: keep the program's order so state does not churn.
  if (names.length === unique(written).length && names.every((name) => written.includes(name))) return unique(written);
  return names;
}

export function roleRefs(names: readonly string[]): { name: string }[] {
  return unique(names).map((name) => ({ name }));
}

/** Role lists compare as sets, spelled as the program wrote them where Qlik's spelling differs only in case. */
export const roleField = {
  roleNames: true,
  equals: setComparator,
  spelledAs: (actual: unknown, written: unknown) => rolesAsWritten(actual as string[], written as string[]),
  toApi: (value: unknown) => roleRefs(uniqueSorted(value as string[])),
  absent: [] as string[],
};
