/**
 * Shared, pure helpers for resources whose `diff` compares recorded outputs with desired inputs and whose
 * `update` is one JSON Patch (RFC 6902) of `replace` operations. No HTTP, no Pulumi.
 *
 * Conventions every helper here follows:
 * - a key whose desired value is `undefined` is not managed: it is never a change and never patched;
 * - a desired value that is (or holds) Pulumi's unknown sentinel is always a change, since preview cannot
 *   tell what it will be.
 */
import { containsUnknown } from "./unknown";

export interface PatchOperation {
  op: "add" | "replace" | "remove";
  /** A JSON Pointer (RFC 6901), e.g. `/assignedRoles`. */
  path: string;
  value?: unknown;
}

/** A `replace` operation, the only kind Qlik's users/groups/tenants PATCH endpoints take for our fields. */
export interface ReplaceOperation<P extends string = string> {
  op: "replace";
  path: P;
  value: unknown;
}

export type Comparator = (recorded: unknown, desired: unknown) => boolean;

/** Structural equality for plain JSON values (key order of objects does not matter, array order does). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const left = definedEntries(a as Record<string, unknown>);
  const right = definedEntries(b as Record<string, unknown>);
  if (left.length !== right.length) return false;
  const other = b as Record<string, unknown>;
  return left.every(([key, value]) => jsonEqual(value, other[key]));
}

function definedEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, item]) => item !== undefined);
}

/** The distinct values, sorted: the canonical form of a list that means a set. */
export function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** The distinct values in first-seen order. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Two lists hold the same set of strings: order and repetition do not matter. */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return jsonEqual(uniqueSorted(a), uniqueSorted(b));
}

/** Comparator for set-valued fields (role lists): order and duplicates are irrelevant. */
export const setComparator: Comparator = (recorded, desired) =>
  isStringList(recorded) && isStringList(desired) ? sameSet(recorded, desired) : jsonEqual(recorded, desired);

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/**
 * The keys (in the order given) whose desired value differs from the recorded one, by `equals[key]` or else
 * `jsonEqual`. Unmanaged keys (desired `undefined`) never count; unknown desired values always do.
 */
export function changedKeys<K extends string>(
  recorded: Partial<Record<K, unknown>>,
  desired: Partial<Record<K, unknown>>,
  keys: readonly K[],
  equals: Partial<Record<K, Comparator>> = {},
): K[] {
  return keys.filter((key) => {
    const next = desired[key];
    if (next === undefined) return false;
    if (containsUnknown(next)) return true;
    return !(equals[key] ?? jsonEqual)(recorded[key], next);
  });
}

/**
 * One `replace` operation per changed top-level key of two canonical documents (values already in the shape
 * the API takes), in the order of `keys`. Applying them to `current` yields `current` overlaid with the
 * defined keys of `desired`.
 */
export function replaceOps<K extends string>(
  current: Partial<Record<K, unknown>>,
  desired: Partial<Record<K, unknown>>,
  keys: readonly K[],
): ReplaceOperation<`/${K}`>[] {
  return changedKeys(current, desired, keys).map((key) => ({
    op: "replace",
    path: `/${escapePointerSegment(key)}` as `/${K}`,
    value: desired[key],
  }));
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  // Qlik's groups spec writes paths without the leading slash; accept that form too.
  const body = pointer.startsWith("/") ? pointer.slice(1) : pointer;
  return body.split("/").map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Applies `add`, `replace` and `remove` operations to a copy of a JSON document and returns the copy.
 * One deliberate difference from RFC 6902, matching Qlik's PATCH endpoints: `replace` on an object member that
 * does not exist yet sets it (Qlik accepts `replace /preferredLocale` on a user that has none).
 * Throws on paths that do not resolve.
 */
export function applyPatch<T>(document: T, operations: readonly PatchOperation[]): T {
  let result: unknown = structuredClone(document);
  for (const operation of operations) {
    const segments = parsePointer(operation.path);
    if (segments.length === 0) {
      if (operation.op === "remove") throw new Error("cannot remove the whole document");
      result = structuredClone(operation.value);
      continue;
    }
    const parent = resolve(result, segments.slice(0, -1), operation.path);
    const last = segments[segments.length - 1];
    const value = structuredClone(operation.value);
    if (Array.isArray(parent)) {
      const index = last === "-" && operation.op === "add" ? parent.length : arrayIndex(last, operation.path);
      const limit = operation.op === "add" ? parent.length : parent.length - 1;
      if (index > limit) throw new Error(`index ${index} out of range at ${operation.path}`);
      if (operation.op === "add") parent.splice(index, 0, value);
      else if (operation.op === "replace") parent[index] = value;
      else parent.splice(index, 1);
    } else if (parent !== null && typeof parent === "object") {
      const target = parent as Record<string, unknown>;
      if (operation.op === "remove") {
        if (!(last in target)) throw new Error(`nothing to remove at ${operation.path}`);
        delete target[last];
      } else target[last] = value;
    } else {
      throw new Error(`${operation.path} does not point into an object or array`);
    }
  }
  return result as T;
}

function resolve(root: unknown, segments: readonly string[], pointer: string): unknown {
  let value = root;
  for (const segment of segments) {
    if (Array.isArray(value)) value = value[arrayIndex(segment, pointer)];
    else if (value !== null && typeof value === "object") value = (value as Record<string, unknown>)[segment];
    else value = undefined;
    if (value === undefined) throw new Error(`${pointer} does not resolve`);
  }
  return value;
}

function arrayIndex(segment: string, pointer: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(segment)) throw new Error(`"${segment}" is not an array index in ${pointer}`);
  return Number(segment);
}

/** A copy without the keys whose value is `undefined`: outputs must be plain JSON. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
