/**
 * Pieces shared by the User and Group resources: role-name lists, `adoptExisting`, and where an object
 * lives. Groups import these from here; `tenantUrl` handling comes from `../tenants/tenantUrl`, shared
 * by every tenant-scoped resource.
 */
import { z } from "zod";
import { unique } from "../patch";

/** A required or optional string field whose failure names the field and what to write instead. */
export function text(field: string, what = "a string") {
  return z.string({ error: `${field} must be ${what}.` });
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
    .superRefine((names, context) => {
      const repeated = unique(names.filter((name, index) => names.indexOf(name) !== index));
      if (repeated.length > 0) {
        const listed = repeated.map((name) => `"${name}"`).join(", ");
        context.addIssue({
          code: "custom",
          message: `${field} lists ${listed} more than once; list each role once (roles are a set).`,
        });
      }
    });
  if (max === undefined) return list;
  return list.max(max, { error: `${field} can hold at most ${max} roles; Qlik rejects more.` });
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

/**
 * The names of the inputs a program set among `keys`, sorted: recorded in the outputs as `managedInputs`. The
 * engine's `__provider` is never one. Outputs hold Qlik's value of every field, managed or not, and `diff` and
 * `read` see only outputs: this record is how a refresh knows which inputs to report.
 */
export function managedInputsOf<K extends string>(keys: readonly K[], inputs: Partial<Record<K, unknown>>): K[] {
  return keys.filter((key) => inputs[key] !== undefined).sort();
}

/**
 * The inputs recorded outputs say the program set: their `managedInputs` (known keys only, sorted), or — for
 * outputs written before that was recorded, which held only the inputs the program set besides Qlik's facts —
 * the input keys present in them.
 */
export function recordedManagedInputs<K extends string>(
  keys: readonly K[],
  recorded: Partial<Record<K, unknown>> & { managedInputs?: unknown },
): K[] {
  const listed = recorded.managedInputs;
  if (Array.isArray(listed)) return keys.filter((key) => listed.includes(key)).sort();
  return managedInputsOf(keys, recorded);
}

/**
 * Where an existing object lives: the origin recorded when it was created or adopted (outputs from before that
 * was recorded fall back to the `tenantUrl` input, then to the default tenant).
 */
export function recordedTenant(props: { tenantOrigin?: string; tenantUrl?: string }): string | undefined {
  return props.tenantOrigin ?? props.tenantUrl;
}
