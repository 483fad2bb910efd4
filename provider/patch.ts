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
  /** `remove-value`: Qlik's removal of the listed members from a set-valued path (users' `/assignedGroups`). */
  op: "add" | "replace" | "remove" | "remove-value";
  /** A JSON Pointer (RFC 6901), e.g. `/assignedRoles`. */
  path: string;
  value?: unknown;
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

/**
 * A set Qlik reports, in the order the program wrote it when the two hold the same members (Qlik lists in its own
 * order), so that a refresh does not churn the recorded inputs.
 */
export function setAsWritten(actual: readonly string[], written: unknown): string[] {
  if (!isStringList(written) || !sameSet(actual, written)) return [...actual];
  return unique(written);
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

/** How one path of a resource's document is patched. */
export interface PatchPath {
  /** JSON Pointer of the member, e.g. `/name` or `/hostnames/1`. */
  pointer: string;
  /** Patch the members of an object value one by one (when the object exists on both sides). */
  members?: boolean;
  /**
   * The value is a set (a list whose order does not matter): `add` the items that are new and `remove-value` those
   * no longer wanted, whatever the style, instead of replacing the list (Qlik's users `/assignedGroups`).
   */
  set?: boolean;
}

/**
 * What a PATCH endpoint takes: `replace` only (Qlik's users, groups and tenants endpoints, which also set a member
 * that is absent with `replace`, and where a member is never removed), or RFC 6902's `add` for an absent member,
 * `replace` for a present one and `remove` for one no longer wanted (tenant settings).
 */
export type PatchStyle = "replace" | "rfc6902";

/**
 * The one JSON Patch generator: the operations that turn the values `before` into `after` (both keyed by JSON
 * Pointer, values in the shape the API takes; `undefined` = absent) for the given paths, in their order, and
 * nothing else. A path whose value is equal on both sides yields nothing; with style `replace`, a path absent in
 * `after` yields nothing either (the endpoint cannot remove it).
 */
export function patchOperations(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  paths: readonly PatchPath[],
  style: PatchStyle,
): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const { pointer, members, set } of paths) {
    const from = before[pointer];
    const to = after[pointer];
    if (jsonEqual(from, to)) continue;
    if (set) {
      ops.push(...setOperations(pointer, from, to));
    } else if (style === "replace") {
      if (to !== undefined) ops.push({ op: "replace", path: pointer, value: to });
    } else if (to === undefined) {
      ops.push({ op: "remove", path: pointer });
    } else if (from === undefined) {
      ops.push({ op: "add", path: pointer, value: to });
    } else if (members && isPlainObject(from) && isPlainObject(to)) {
      const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
      const nested = keys.map((key) => ({ pointer: `${pointer}/${escapePointerSegment(key)}` }));
      const prefix = (value: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(value).map(([key, item]) => [`${pointer}/${escapePointerSegment(key)}`, item]),
        );
      ops.push(...patchOperations(prefix(from), prefix(to), nested, style));
    } else {
      ops.push({ op: "replace", path: pointer, value: to });
    }
  }
  return ops;
}

/** `add` of the items of `to` missing from `from`, `remove-value` of those of `from` missing from `to`. */
function setOperations(pointer: string, from: unknown, to: unknown): PatchOperation[] {
  if (to === undefined) return [];
  const list = (value: unknown) => (Array.isArray(value) ? (value as unknown[]) : []);
  const missingFrom = (items: unknown[], other: unknown[]) =>
    items.filter((item) => !other.some((candidate) => jsonEqual(item, candidate)));
  const added = missingFrom(list(to), list(from));
  const removed = missingFrom(list(from), list(to));
  const ops: PatchOperation[] = [];
  if (added.length > 0) ops.push({ op: "add", path: pointer, value: added });
  if (removed.length > 0) ops.push({ op: "remove-value", path: pointer, value: removed });
  return ops;
}

/** Only `replace` operations: repeating such a PATCH after a lost response converges on the same document. */
export function isIdempotentPatch(operations: readonly PatchOperation[]): boolean {
  return operations.every((operation) => operation.op === "replace");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
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
