/**
 * Resource names for imported objects: readable (from an email, a name, a subject), valid everywhere a name
 * goes (a Pulumi URN, an object key, a `users.alice` access), unique within a kind, and stable — the same
 * tenant imports to the same names, whatever order Qlik lists it in.
 *
 * A name is a slug of lowercase ASCII letters, digits and single hyphens. Objects whose slugs collide all get a
 * short hash of their natural key appended, so no object's name depends on which of them was listed first.
 */
import { createHash } from "node:crypto";

/** Slugs stay short enough to read in a preview line; the suffix adds 7. */
export const MAX_NAME_LENGTH = 60;

/** `Émilie O'Brien <x>` → `emilie-o-brien-x`; "" when nothing usable is left. */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, "");
}

/** Six hex digits of SHA-256: which object, among those whose slugs collide. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

export interface NameRequest {
  /** What identifies the object for good (a subject, `providerType:name`): decides the suffix. */
  naturalKey: string;
  /** Readable candidates, best first (an email's local part, a display name, a subject). */
  candidates: readonly (string | undefined)[];
  /** Used when no candidate gives a slug, e.g. `user`. */
  fallback: string;
}

/** The slug of the first usable candidate, or undefined when none gives one. */
function baseName(request: NameRequest): string | undefined {
  for (const candidate of request.candidates) {
    const base = candidate === undefined ? "" : slug(candidate);
    if (base !== "") return base;
  }
  return undefined;
}

/**
 * One unique name per request, in the same order. Bases that collide (or are the bare fallback) get
 * `-<hash of the natural key>`; should two suffixed names still collide (equal natural keys, or a base that
 * happened to end in another's hash), a counter settles it in natural-key order, which is stable too.
 */
export function assignNames(requests: readonly NameRequest[]): string[] {
  const bases = requests.map((request) => baseName(request) ?? request.fallback);
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  const wanted = bases.map((base, index) =>
    counts.get(base) === 1 && baseName(requests[index]) !== undefined
      ? base
      : `${base}-${shortHash(requests[index].naturalKey)}`,
  );
  const order = requests
    .map((request, index) => ({ key: request.naturalKey, index }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  const taken = new Set<string>();
  const names: string[] = new Array<string>(requests.length);
  // Names that need no counter first, so a counter never takes a name another object wants as it is.
  const wantedCounts = new Map<string, number>();
  for (const name of wanted) wantedCounts.set(name, (wantedCounts.get(name) ?? 0) + 1);
  for (const { index } of order) {
    if (wantedCounts.get(wanted[index]) === 1) {
      names[index] = wanted[index];
      taken.add(wanted[index]);
    }
  }
  for (const { index } of order) {
    if (names[index] !== undefined) continue;
    let n = 2;
    while (taken.has(`${wanted[index]}-${n}`) || wantedCounts.has(`${wanted[index]}-${n}`)) n++;
    names[index] = `${wanted[index]}-${n}`;
    taken.add(names[index]);
  }
  return names;
}
