/**
 * TypeScript source text for values read from Qlik. Everything a tenant holds (names, subjects, descriptions)
 * is hostile input here: it must land in the generated program as exactly the value Qlik has, and the source
 * must read as what it is. So strings are JSON string literals (quotes, backslashes and control characters
 * escaped; `${` is inert in a double-quoted literal), with the characters that change how text *displays*
 * without being visible — format characters such as bidi overrides ("Trojan Source"), line and paragraph
 * separators, private-use and unassigned code points, lone surrogates — escaped as well.
 */

/** A reference to another declared object; rendered as an expression when that object is in the program. */
export class Reference {
  constructor(
    /** The kind (`users`, `groups`, …) of the object referred to. */
    readonly kind: string,
    /** Its Qlik id. */
    readonly id: string,
    /** The output to read from it. */
    readonly property = "id",
  ) {}
}

/** A value as it is written into the program: JSON, or references to other declarations. */
export type Value = string | number | boolean | null | Reference | readonly Value[] | { readonly [key: string]: Value };

/** Characters escaped beyond what JSON escapes (lone surrogates included): invisible or display-altering ones. */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/gu;

function escapeCodePoint(character: string): string {
  const code = character.codePointAt(0) as number;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** A double-quoted TypeScript string literal that evaluates to exactly `value`. */
export function stringLiteral(value: string): string {
  // JSON.stringify escapes `"`, `\`, control characters and (since ES2019) lone surrogates.
  return JSON.stringify(value).replace(INVISIBLE, escapeCodePoint);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Words that cannot follow a `.` in old engines or read oddly as keys; quoted to be safe and plain. */
const RESERVED = new Set(["__proto__"]);

/** An object-literal key for `key`: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  // `__proto__: x` (bare or quoted) in an object literal sets the prototype; a computed key defines a property.
  if (RESERVED.has(key)) return `[${stringLiteral(key)}]`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/** `.key` or `["key"]`: reading `key` from an object expression. */
export function propertyAccess(key: string): string {
  return IDENTIFIER.test(key) && !RESERVED.has(key) ? `.${key}` : `[${stringLiteral(key)}]`;
}

/**
 * A `//` comment line. Text in it cannot end the line or hide: control, format and separator characters and
 * lone surrogates are written as `\\u` escapes.
 */
export function comment(text: string, indent = ""): string {
  let safe = "";
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    const hidden = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u.test(character) || (code >= 0xd800 && code <= 0xdfff);
    safe += hidden ? escapeCodePoint(character) : character;
  }
  return `${indent}// ${safe}`;
}

/** How a reference is written when its target is declared: e.g. `users.alice.id`. */
export type ResolveReference = (reference: Reference) => string | undefined;

/** Source text of `value`, indented for a position `indent` deep; references resolve through `resolve`. */
export function renderValue(value: Value, resolve: ResolveReference = () => undefined, indent = ""): string {
  if (value instanceof Reference) return resolve(value) ?? stringLiteral(value.id);
  if (value === null) return "null";
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write the number ${value} into a program`);
    return Object.is(value, -0) ? "0" : String(value);
  }
  if (typeof value === "boolean") return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = (value as readonly Value[]).map((item) => renderValue(item, resolve, inner));
    if (items.length === 0) return "[]";
    const flat = `[${items.join(", ")}]`;
    if (flat.length <= 80 && !flat.includes("\n")) return flat;
    return `[\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, Value>);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, item]) => `${inner}${propertyKey(key)}: ${renderValue(item, resolve, inner)},`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}
