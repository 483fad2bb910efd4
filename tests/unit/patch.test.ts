import fc from "fast-check";
import {
  applyPatch,
  changedKeys,
  escapePointerSegment,
  jsonEqual,
  parsePointer,
  patchOperations,
  sameSet,
  setAsWritten,
  setComparator,
  unique,
  uniqueSorted,
  withoutUndefined,
} from "../../provider/patch";
import { UNKNOWN } from "../../provider/unknown";

const KEYS = ["name", "status", "assignedRoles", "preferredLocale", "a/b", "t~x"] as const;
type Key = (typeof KEYS)[number];

/** `replace` operations for the top-level keys of two documents, through the one generator. */
function replaceOps(
  current: Partial<Record<Key, unknown>>,
  desired: Partial<Record<Key, unknown>>,
  keys: readonly Key[],
) {
  const byPointer = (doc: Partial<Record<Key, unknown>>) =>
    Object.fromEntries(keys.map((key) => [`/${escapePointerSegment(key)}`, doc[key]]));
  const paths = keys.map((key) => ({ pointer: `/${escapePointerSegment(key)}` }));
  return patchOperations(byPointer(current), byPointer(desired), paths, "replace");
}

const json = fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const documentArb = fc.record(
  Object.fromEntries(KEYS.map((key) => [key, json])) as Record<Key, fc.Arbitrary<unknown>>,
  {
    requiredKeys: [],
  },
);

describe("jsonEqual", () => {
  it.each([
    [1, 1, true],
    ["a", "b", false],
    [null, null, true],
    [null, {}, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [{ a: 1, b: [1] }, { b: [1], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[], {}, false],
  ])("%j vs %j → %s", (a, b, expected) => {
    expect(jsonEqual(a, b)).toBe(expected);
  });
});

describe("sets", () => {
  it("sameSet ignores order and repetition", () => {
    expect(sameSet(["b", "a", "a"], ["a", "b"])).toBe(true);
    expect(sameSet(["a"], ["a", "b"])).toBe(false);
    expect(sameSet(undefined, [])).toBe(false);
    expect(sameSet(undefined, undefined)).toBe(true);
  });

  it("setComparator falls back to JSON equality for non-lists", () => {
    expect(setComparator(["x", "y"], ["y", "x"])).toBe(true);
    expect(setComparator("x", "x")).toBe(true);
    expect(setComparator(undefined, ["x"])).toBe(false);
  });

  it("unique keeps first-seen order, uniqueSorted sorts", () => {
    expect(unique(["b", "a", "b"])).toEqual(["b", "a"]);
    expect(uniqueSorted(["b", "a", "b"])).toEqual(["a", "b"]);
  });
});

describe("pointers", () => {
  it("escapes ~ and / (RFC 6901) and parses back", () => {
    expect(escapePointerSegment("a/b~c")).toBe("a~1b~0c");
    expect(parsePointer("/a~1b~0c/0")).toEqual(["a/b~c", "0"]);
    expect(parsePointer("")).toEqual([]);
  });

  it("accepts Qlik's slash-less group paths", () => {
    expect(parsePointer("assignedRoles")).toEqual(["assignedRoles"]);
  });

  it("round-trips any segment", () => {
    fc.assert(fc.property(fc.string(), (segment) => parsePointer(`/${escapePointerSegment(segment)}`)[0] === segment));
  });
});

describe("applyPatch", () => {
  const doc = { name: "A", roles: [{ name: "x" }], nested: { deep: 1 } };

  it("applies add, replace and remove without touching the input", () => {
    const result = applyPatch(doc, [
      { op: "replace", path: "/name", value: "B" },
      { op: "add", path: "/roles/-", value: { name: "y" } },
      { op: "add", path: "/roles/0", value: { name: "w" } },
      { op: "replace", path: "/nested/deep", value: 2 },
      { op: "remove", path: "/roles/1" },
      { op: "add", path: "/extra", value: true },
    ]);
    expect(result).toEqual({ name: "B", roles: [{ name: "w" }, { name: "y" }], nested: { deep: 2 }, extra: true });
    expect(doc).toEqual({ name: "A", roles: [{ name: "x" }], nested: { deep: 1 } });
  });

  it("replace on a missing member sets it, as Qlik's PATCH does", () => {
    expect(applyPatch({}, [{ op: "replace", path: "/preferredLocale", value: "en" }])).toEqual({
      preferredLocale: "en",
    });
  });

  it("rejects paths that do not resolve", () => {
    expect(() => applyPatch(doc, [{ op: "replace", path: "/missing/deep", value: 1 }])).toThrow(/does not resolve/);
    expect(() => applyPatch(doc, [{ op: "remove", path: "/nope" }])).toThrow(/nothing to remove/);
    expect(() => applyPatch(doc, [{ op: "replace", path: "/roles/5", value: 1 }])).toThrow(/out of range/);
    expect(() => applyPatch(doc, [{ op: "replace", path: "/roles/x", value: 1 }])).toThrow(/not an array index/);
    expect(() => applyPatch(doc, [{ op: "replace", path: "/name/x", value: 1 }])).toThrow(/does not point into/);
  });
});

describe("changedKeys", () => {
  it("ignores unmanaged keys and counts unknown values as changes", () => {
    expect(changedKeys({ name: "a", status: "x" }, { name: "a" }, ["name", "status"])).toEqual([]);
    expect(changedKeys({ name: "a" }, { name: UNKNOWN }, ["name"])).toEqual(["name"]);
    expect(changedKeys({ roles: ["a"] }, { roles: ["a", UNKNOWN] }, ["roles"])).toEqual(["roles"]);
    expect(changedKeys({ roles: ["a", "b"] }, { roles: ["b", "a"] }, ["roles"], { roles: setComparator })).toEqual([]);
  });
});

describe("patchOperations, style replace (properties)", () => {
  it("replaceOps(x, x) is empty", () => {
    fc.assert(fc.property(documentArb, (doc) => replaceOps(doc, doc, KEYS).length === 0));
  });

  it("touches exactly the changed, managed keys, once each, as escaped pointers", () => {
    fc.assert(
      fc.property(documentArb, documentArb, (current, desired) => {
        const ops = replaceOps(current, desired, KEYS);
        const expected = KEYS.filter((key) => desired[key] !== undefined && !jsonEqual(current[key], desired[key]));
        expect(ops.map((op) => parsePointer(op.path)[0])).toEqual(expected);
        expect(ops.every((op) => op.op === "replace")).toBe(true);
      }),
    );
  });

  it("applied to the current document gives the desired one (over the managed keys)", () => {
    fc.assert(
      fc.property(documentArb, documentArb, (current, desired) => {
        const patched = applyPatch(current, replaceOps(current, desired, KEYS));
        expect(jsonEqual(patched, { ...current, ...withoutUndefined(desired) })).toBe(true);
      }),
    );
  });
});

describe("patchOperations, set paths (users' /assignedGroups)", () => {
  const path = [{ pointer: "/assignedGroups", set: true }];
  it("adds the new members and removes-value the gone ones, whatever the style; nothing for an equal set", () => {
    const ref = (name: string) => ({ name, providerType: "custom" });
    for (const style of ["replace", "rfc6902"] as const) {
      expect(
        patchOperations(
          { "/assignedGroups": [ref("A"), ref("B")] },
          { "/assignedGroups": [ref("B"), ref("C")] },
          path,
          style,
        ),
      ).toEqual([
        { op: "add", path: "/assignedGroups", value: [ref("C")] },
        { op: "remove-value", path: "/assignedGroups", value: [ref("A")] },
      ]);
    }
    expect(patchOperations({ "/assignedGroups": ["a"] }, { "/assignedGroups": undefined }, path, "replace")).toEqual(
      [],
    );
    expect(patchOperations({}, { "/assignedGroups": ["a"] }, path, "replace")).toEqual([
      { op: "add", path: "/assignedGroups", value: ["a"] },
    ]);
  });

  it("a set read back keeps the program's order when the members are the same", () => {
    expect(setAsWritten(["a", "b"], ["b", "a"])).toEqual(["b", "a"]);
    expect(setAsWritten(["a", "b"], ["b"])).toEqual(["a", "b"]);
    expect(setAsWritten(["a"], undefined)).toEqual(["a"]);
  });
});

describe("withoutUndefined", () => {
  it("drops undefined members only", () => {
    expect(withoutUndefined({ a: 1, b: undefined, c: null, d: "" })).toEqual({ a: 1, c: null, d: "" });
  });
});
