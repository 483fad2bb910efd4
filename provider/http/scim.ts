/**
 * SCIM (RFC 7644 §3.4.2.2) filter builder. Values are always quoted and escaped, so a user-supplied subject or
 * group name can never change the structure of the filter (no injection). `or` groups are parenthesized so
 * they can be AND-ed onto anything, which is how Qlik wants status conditions combined.
 */

export type ScimValue = string | number | boolean | null;

/** Attribute paths: `name`, `emails.value`, or a URN-qualified name; nothing that could carry an operator. */
const ATTRIBUTE = /^(urn:[A-Za-z0-9.:_-]+:)?[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)?$/;

/** A SCIM string literal: `\` and `"` escaped, everything else verbatim. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function literal(value: ScimValue): string {
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`SCIM filter value must be a finite number, got ${value}.`);
    return String(value);
  }
  return String(value);
}

function attribute(attr: string): string {
  if (!ATTRIBUTE.test(attr)) {
    throw new RangeError(`"${attr}" is not a SCIM attribute name (letters, digits, "_" or "-", one optional ".sub").`);
  }
  return attr;
}

export type ScimOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

export function compare(attr: string, op: ScimOperator, value: ScimValue): string {
  return `${attribute(attr)} ${op} ${literal(value)}`;
}

/** `attr eq "value"`. */
export function eq(attr: string, value: ScimValue): string {
  return compare(attr, "eq", value);
}

/** `attr pr` (attribute present). */
export function present(attr: string): string {
  return `${attribute(attr)} pr`;
}

/**
 * Conditions joined by `and`. Operands built with `or`/`anyOf` are already parenthesized; and-ing and-chains
 * needs no parentheses (and binds tighter than or), so the result is safe to nest either way.
 */
export function and(...filters: string[]): string {
  const parts = nonEmpty(filters, "and");
  return parts.join(" and ");
}

/** Conditions joined by `or`, in parentheses (a single condition is returned as is). */
export function or(...filters: string[]): string {
  const parts = nonEmpty(filters, "or");
  return parts.length === 1 ? parts[0] : `(${parts.join(" or ")})`;
}

/** `(attr eq "a" or attr eq "b")`. An empty list has no SCIM equivalent (it would match nothing): skip the call. */
export function anyOf(attr: string, values: readonly ScimValue[]): string {
  if (values.length === 0) {
    throw new RangeError(`anyOf("${attr}", []) matches nothing; check for an empty list before building the filter.`);
  }
  return `(${values.map((v) => eq(attr, v)).join(" or ")})`;
}

/** `not (…)`. */
export function not(filter: string): string {
  return `not (${filter})`;
}

function nonEmpty(filters: string[], op: string): string[] {
  const parts = filters.filter((f) => f.trim() !== "");
  if (parts.length === 0) throw new RangeError(`${op}() needs at least one condition.`);
  return parts;
}
