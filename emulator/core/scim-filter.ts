/**
 * SCIM filter expressions (RFC 7644 §3.4.2.2) as Qlik accepts them in `filter=`:
 *
 *   filter  := or
 *   or      := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" "(" filter ")" | "(" filter ")" | attr "pr" | attr op value
 *   op      := eq | ne | co | sw | ew | gt | ge | lt | le
 *   value   := "string with \" escapes" | true | false | null | number
 *
 * Keywords, operators and attribute names are case-insensitive; string comparisons are case-insensitive too
 * ("All conditional statements within this query parameter are case insensitive"). Each endpoint states which
 * attributes and operators it supports; anything else is a 400, as on the real service.
 */

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type FilterOp = CompareOp | "pr";
export type FilterLiteral = string | number | boolean | null;

export type FilterNode =
  | { kind: "and" | "or"; items: FilterNode[] }
  | { kind: "not"; item: FilterNode }
  | { kind: "compare"; attr: string; op: CompareOp; value: FilterLiteral }
  | { kind: "present"; attr: string };

export class FilterError extends Error {}

const COMPARE_OPS = new Set<string>(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);

type Token =
  | { type: "lparen" | "rparen"; pos: number }
  | { type: "string"; value: string; pos: number }
  | { type: "word"; value: string; pos: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ type: ch === "(" ? "lparen" : "rparen", pos: i });
      i++;
    } else if (ch === '"') {
      const start = i;
      let value = "";
      i++;
      for (;;) {
        if (i >= input.length) throw new FilterError(`unterminated string starting at position ${start}`);
        const c = input[i];
        if (c === '"') {
          i++;
          break;
        }
        if (c === "\\") {
          const next = input[i + 1];
          const simple: Record<string, string> = {
            '"': '"',
            "\\": "\\",
            "/": "/",
            b: "\b",
            f: "\f",
            n: "\n",
            r: "\r",
            t: "\t",
          };
          if (next !== undefined && next in simple) {
            value += simple[next];
            i += 2;
          } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(input.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(input.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            throw new FilterError(`invalid escape sequence at position ${i}`);
          }
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ type: "string", value, pos: start });
    } else {
      const start = i;
      while (i < input.length && !/[\s()"]/.test(input[i])) i++;
      const word = input.slice(start, i);
      if (/[[\]]/.test(word)) throw new FilterError(`complex attribute filters are not supported (position ${start})`);
      tokens.push({ type: "word", value: word, pos: start });
    }
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw new FilterError("the filter is empty");
    const node = this.parseOr();
    const extra = this.tokens[this.index];
    if (extra) throw new FilterError(`unexpected ${this.describe(extra)} at position ${extra.pos}`);
    return node;
  }

  private peekKeyword(keyword: string): boolean {
    const token = this.tokens[this.index];
    return token?.type === "word" && token.value.toLowerCase() === keyword;
  }

  private parseOr(): FilterNode {
    const items = [this.parseAnd()];
    while (this.peekKeyword("or")) {
      this.index++;
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: "or", items };
  }

  private parseAnd(): FilterNode {
    const items = [this.parseUnary()];
    while (this.peekKeyword("and")) {
      this.index++;
      items.push(this.parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: "and", items };
  }

  private parseUnary(): FilterNode {
    const token = this.tokens[this.index];
    if (!token) throw new FilterError(`the filter ends unexpectedly: "${this.source}"`);
    if (token.type === "lparen") {
      this.index++;
      const inner = this.parseOr();
      this.expect("rparen");
      return inner;
    }
    if (token.type === "word" && token.value.toLowerCase() === "not") {
      this.index++;
      const open = this.tokens[this.index];
      if (open?.type !== "lparen") throw new FilterError(`"not" must be followed by a parenthesized expression`);
      this.index++;
      const inner = this.parseOr();
      this.expect("rparen");
      return { kind: "not", item: inner };
    }
    if (token.type !== "word") throw new FilterError(`expected an attribute name at position ${token.pos}`);
    if (!/^[A-Za-z_$][A-Za-z0-9_.$-]*$/.test(token.value)) {
      throw new FilterError(`invalid attribute name "${token.value}" at position ${token.pos}`);
    }
    this.index++;
    const attr = token.value;
    const opToken = this.tokens[this.index];
    if (opToken?.type !== "word") throw new FilterError(`expected an operator after "${attr}"`);
    const op = opToken.value.toLowerCase();
    this.index++;
    if (op === "pr") return { kind: "present", attr };
    if (!COMPARE_OPS.has(op)) throw new FilterError(`unknown operator "${opToken.value}" at position ${opToken.pos}`);
    return { kind: "compare", attr, op: op as CompareOp, value: this.parseValue(attr) };
  }

  private parseValue(attr: string): FilterLiteral {
    const token = this.tokens[this.index];
    if (!token) throw new FilterError(`expected a value after the operator for "${attr}"`);
    this.index++;
    if (token.type === "string") return token.value;
    if (token.type === "word") {
      const lower = token.value.toLowerCase();
      if (lower === "true") return true;
      if (lower === "false") return false;
      if (lower === "null") return null;
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.value)) return Number(token.value);
      throw new FilterError(`values must be quoted strings, numbers, true, false or null (got ${token.value})`);
    }
    throw new FilterError(`expected a value at position ${token.pos}`);
  }

  private expect(type: "rparen"): void {
    const token = this.tokens[this.index];
    if (token?.type !== type) throw new FilterError(`missing ")" in "${this.source}"`);
    this.index++;
  }

  private describe(token: Token): string {
    return token.type === "word" || token.type === "string"
      ? `"${token.value}"`
      : token.type === "lparen"
        ? '"("'
        : '")"';
  }
}

export function parseFilter(source: string): FilterNode {
  return new Parser(tokenize(source), source).parse();
}

/** Which attributes an endpoint supports, with their operators. Keys are the canonical attribute names. */
export type FilterRules = Record<string, readonly FilterOp[]>;

/** Checks attributes and operators against the endpoint's rules; returns a copy with canonical attribute names. */
export function checkFilter(node: FilterNode, rules: FilterRules): FilterNode {
  const canonical = new Map(Object.keys(rules).map((name) => [name.toLowerCase(), name]));
  const visit = (n: FilterNode): FilterNode => {
    switch (n.kind) {
      case "and":
      case "or":
        return { kind: n.kind, items: n.items.map(visit) };
      case "not":
        return { kind: "not", item: visit(n.item) };
      case "compare":
      case "present": {
        const attr = canonical.get(n.attr.toLowerCase());
        if (attr === undefined) {
          throw new FilterError(
            `unsupported filter attribute "${n.attr}"; supported: ${Object.keys(rules).join(", ")}`,
          );
        }
        const op: FilterOp = n.kind === "present" ? "pr" : n.op;
        if (!rules[attr].includes(op)) {
          throw new FilterError(
            `operator "${op}" is not supported for "${attr}"; supported: ${rules[attr].join(", ")}`,
          );
        }
        return { ...n, attr };
      }
    }
  };
  return visit(node);
}

export type AttributeValue = string | number | boolean | null | undefined;
/** Returns every value of the attribute on one record (several for multi-valued attributes like roles). */
export type AttributeReader<T> = (record: T, attr: string) => AttributeValue[];

function normalize(value: AttributeValue): string {
  return value === null || value === undefined ? "" : String(value).toLowerCase();
}

function compareOne(actual: AttributeValue, op: CompareOp, expected: FilterLiteral): boolean {
  if (expected === null) {
    const absent = actual === null || actual === undefined || actual === "";
    return op === "eq" ? absent : op === "ne" ? !absent : false;
  }
  if (actual === null || actual === undefined) return op === "ne";
  if (
    (op === "gt" || op === "ge" || op === "lt" || op === "le") &&
    typeof actual === "number" &&
    typeof expected === "number"
  ) {
    return op === "gt"
      ? actual > expected
      : op === "ge"
        ? actual >= expected
        : op === "lt"
          ? actual < expected
          : actual <= expected;
  }
  const a = normalize(actual);
  const b = normalize(expected);
  switch (op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "co":
      return a.includes(b);
    case "sw":
      return a.startsWith(b);
    case "ew":
      return a.endsWith(b);
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
  }
}

export function matchesFilter<T>(node: FilterNode, record: T, read: AttributeReader<T>): boolean {
  switch (node.kind) {
    case "and":
      return node.items.every((item) => matchesFilter(item, record, read));
    case "or":
      return node.items.some((item) => matchesFilter(item, record, read));
    case "not":
      return !matchesFilter(node.item, record, read);
    case "present":
      return read(record, node.attr).some((value) => value !== null && value !== undefined && value !== "");
    case "compare": {
      const values = read(record, node.attr);
      if (node.op === "ne") return values.every((value) => compareOne(value, "ne", node.value));
      if (values.length === 0) return compareOne(undefined, node.op, node.value);
      return values.some((value) => compareOne(value, node.op, node.value));
    }
  }
}

/** Top-level conjuncts: `a and (b or c) and d` → [a, (b or c), d]. */
export function conjuncts(node: FilterNode): FilterNode[] {
  return node.kind === "and" ? node.items : [node];
}

/** Every comparison leaf in the tree. */
export function leaves(node: FilterNode): Extract<FilterNode, { kind: "compare" | "present" }>[] {
  switch (node.kind) {
    case "and":
    case "or":
      return node.items.flatMap(leaves);
    case "not":
      return leaves(node.item);
    default:
      return [node];
  }
}

/**
 * The exact values an `eq` on `attr` pins the result to, when the filter is a single such comparison or an
 * `or` of them (or contains one as a top-level conjunct): lets stores answer from an index instead of scanning.
 */
export function pinnedValues(node: FilterNode, attr: string): string[] | undefined {
  const direct = (n: FilterNode): string[] | undefined => {
    if (n.kind === "compare" && n.attr === attr && n.op === "eq" && typeof n.value === "string") return [n.value];
    if (n.kind === "or") {
      const values: string[] = [];
      for (const item of n.items) {
        const found = direct(item);
        if (!found) return undefined;
        values.push(...found);
      }
      return values;
    }
    return undefined;
  };
  for (const part of conjuncts(node)) {
    const found = direct(part);
    if (found) return found;
  }
  return undefined;
}
