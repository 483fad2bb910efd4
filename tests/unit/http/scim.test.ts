import fc from "fast-check";
import { and, anyOf, eq, not, or, present, quote } from "../../../provider/http/scim";

/** A strict reference parser for the SCIM filter grammar (RFC 7644 §3.4.2.2) the builder emits. */
type Node =
  | { op: "and" | "or"; left: Node; right: Node }
  | { op: "not"; filter: Node }
  | { op: "cmp"; attr: string; cmp: string; value: string | number | boolean | null }
  | { op: "pr"; attr: string };

function parse(text: string): Node {
  let i = 0;
  const peekWord = () => /^[A-Za-z][A-Za-z0-9_.:-]*/.exec(text.slice(i))?.[0];
  const expect = (s: string) => {
    if (text.slice(i, i + s.length) !== s) throw new Error(`expected ${JSON.stringify(s)} at ${i} in ${text}`);
    i += s.length;
  };
  const value = (): string | number | boolean | null => {
    if (text[i] === '"') {
      i++;
      let out = "";
      for (;;) {
        if (i >= text.length) throw new Error("unterminated string");
        const c = text[i++];
        if (c === "\\") out += text[i++];
        else if (c === '"') return out;
        else out += c;
      }
    }
    const word = /^(true|false|null|-?\d+(\.\d+)?)/.exec(text.slice(i))?.[0];
    if (!word) throw new Error(`bad value at ${i}`);
    i += word.length;
    return word === "true" ? true : word === "false" ? false : word === "null" ? null : Number(word);
  };
  const primary = (): Node => {
    if (text[i] === "(") {
      i++;
      const inner = orExpr();
      expect(")");
      return inner;
    }
    if (text.startsWith("not (", i)) {
      i += 4;
      return { op: "not", filter: primary() };
    }
    const attr = peekWord();
    if (!attr) throw new Error(`expected attribute at ${i}`);
    i += attr.length;
    expect(" ");
    const cmp = peekWord();
    if (!cmp) throw new Error("expected operator");
    i += cmp.length;
    if (cmp === "pr") return { op: "pr", attr };
    expect(" ");
    return { op: "cmp", attr, cmp, value: value() };
  };
  const andExpr = (): Node => {
    let left = primary();
    while (text.startsWith(" and ", i)) {
      i += 5;
      left = { op: "and", left, right: primary() };
    }
    return left;
  };
  const orExpr = (): Node => {
    let left = andExpr();
    while (text.startsWith(" or ", i)) {
      i += 4;
      left = { op: "or", left, right: andExpr() };
    }
    return left;
  };
  const tree = orExpr();
  if (i !== text.length) throw new Error(`trailing input at ${i}: ${text.slice(i)}`);
  return tree;
}

const orOf = (nodes: Node[]): Node => nodes.reduce((left, right) => ({ op: "or", left, right }));

describe("SCIM filter builder", () => {
  it("builds the filters the provider uses", () => {
    expect(eq("subject", "abc")).toBe('subject eq "abc"');
    expect(anyOf("id", ["a", "b"])).toBe('(id eq "a" or id eq "b")');
    expect(and(eq("name", "x"), eq("providerType", "custom"))).toBe('name eq "x" and providerType eq "custom"');
    expect(and(anyOf("id", ["a", "b"]), eq("status", "active"))).toBe(
      '(id eq "a" or id eq "b") and status eq "active"',
    );
    expect(or(eq("a", 1), eq("b", true))).toBe("(a eq 1 or b eq true)");
    expect(present("email")).toBe("email pr");
    expect(not(eq("status", "deleted"))).toBe('not (status eq "deleted")');
    expect(quote('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });

  it("refuses attribute names that could smuggle operators, and empty lists", () => {
    expect(() => eq('name eq "x" or id', "y")).toThrow(RangeError);
    expect(() => eq("", "y")).toThrow(RangeError);
    expect(() => anyOf("id", [])).toThrow(/matches nothing/);
    expect(() => and()).toThrow(RangeError);
  });

  it("round-trips any string value exactly (no injection)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        expect(parse(eq("subject", value))).toEqual({ op: "cmp", attr: "subject", cmp: "eq", value });
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the structure of composed filters for any values", () => {
    const tricky = fc.oneof(
      fc.string(),
      fc.constantFrom('" or 1 eq 1 or "', '\\" or id pr', "\\", '"', ") or (id pr", 'a\\\\"b'),
    );
    fc.assert(
      fc.property(tricky, fc.array(tricky, { minLength: 1, maxLength: 5 }), (name, ids) => {
        const filter = and(eq("name", name), anyOf("id", ids), eq("status", "active"));
        const expected: Node = {
          op: "and",
          left: {
            op: "and",
            left: { op: "cmp", attr: "name", cmp: "eq", value: name },
            right: orOf(ids.map((id) => ({ op: "cmp", attr: "id", cmp: "eq", value: id }))),
          },
          right: { op: "cmp", attr: "status", cmp: "eq", value: "active" },
        };
        expect(parse(filter)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
