import {
  checkFilter,
  FilterError,
  matchesFilter,
  parseFilter,
  pinnedValues,
  type AttributeValue,
} from "../../emulator/core/scim-filter";

type Row = Record<string, AttributeValue | AttributeValue[]>;
const read = (row: Row, attr: string): AttributeValue[] => {
  const value = row[attr];
  return Array.isArray(value) ? value : [value];
};
const matches = (filter: string, row: Row) => matchesFilter(parseFilter(filter), row, read);

describe("SCIM filter parser", () => {
  test("precedence: and binds tighter than or; parentheses and not", () => {
    expect(parseFilter('a eq "1" or b eq "2" and c eq "3"')).toEqual({
      kind: "or",
      items: [
        { kind: "compare", attr: "a", op: "eq", value: "1" },
        {
          kind: "and",
          items: [
            { kind: "compare", attr: "b", op: "eq", value: "2" },
            { kind: "compare", attr: "c", op: "eq", value: "3" },
          ],
        },
      ],
    });
    expect(parseFilter('NOT (a EQ "1")')).toEqual({
      kind: "not",
      item: { kind: "compare", attr: "a", op: "eq", value: "1" },
    });
    expect(parseFilter("a pr")).toEqual({ kind: "present", attr: "a" });
  });

  test("string escapes, numbers, booleans and null", () => {
    expect(parseFilter('a eq "say \\"hi\\" \\\\ \\u0041"')).toMatchObject({ value: 'say "hi" \\ A' });
    expect(parseFilter("a gt 42")).toMatchObject({ value: 42 });
    expect(parseFilter("a eq true")).toMatchObject({ value: true });
    expect(parseFilter("a eq null")).toMatchObject({ value: null });
  });

  test.each([
    "",
    "   ",
    'a eq "x',
    "a eq x",
    'a "x"',
    'a like "x"',
    'a eq "x" and',
    '(a eq "x"',
    'a eq "x")',
    'emails[type eq "work"]',
    'a eq "\\q"',
    'not a eq "x"',
  ])("rejects %p", (filter) => {
    expect(() => parseFilter(filter)).toThrow(FilterError);
  });

  test("checkFilter canonicalizes attribute names and enforces operators", () => {
    const rules = { subject: ["eq", "co"], status: ["eq"] } as const;
    expect(checkFilter(parseFilter('SUBJECT co "x"'), rules)).toMatchObject({ attr: "subject" });
    expect(() => checkFilter(parseFilter('status co "x"'), rules)).toThrow(/operator "co"/);
    expect(() => checkFilter(parseFilter('colour eq "x"'), rules)).toThrow(/unsupported filter attribute/);
  });
});

describe("SCIM filter evaluation", () => {
  const alice: Row = { name: "Alice Smith", status: "active", roles: ["Developer", "TenantAdmin"], age: 30 };

  test("comparisons are case-insensitive", () => {
    expect(matches('name eq "alice smith"', alice)).toBe(true);
    expect(matches('name co "SMI"', alice)).toBe(true);
    expect(matches('name sw "al"', alice)).toBe(true);
    expect(matches('name ew "TH"', alice)).toBe(true);
    expect(matches('name ne "bob"', alice)).toBe(true);
  });

  test("multi-valued attributes match if any value does; ne needs all to differ", () => {
    expect(matches('roles eq "developer"', alice)).toBe(true);
    expect(matches('roles ne "developer"', alice)).toBe(false);
  });

  test("numbers compare numerically, absent values and pr", () => {
    expect(matches("age gt 29", alice)).toBe(true);
    expect(matches("age lt 29", alice)).toBe(false);
    expect(matches("email eq null", alice)).toBe(true);
    expect(matches("email pr", alice)).toBe(false);
    expect(matches('not (status eq "active") or name pr', alice)).toBe(true);
  });

  test("pinnedValues finds index-friendly equality conditions", () => {
    expect(pinnedValues(parseFilter('id eq "a" or id eq "b"'), "id")).toEqual(["a", "b"]);
    expect(pinnedValues(parseFilter('(id eq "a" or id eq "b") and status eq "active"'), "id")).toEqual(["a", "b"]);
    expect(pinnedValues(parseFilter('id eq "a" or name eq "b"'), "id")).toBeUndefined();
    expect(pinnedValues(parseFilter('not (id eq "a")'), "id")).toBeUndefined();
  });
});
