import fc from "fast-check";
import { assignNames, MAX_NAME_LENGTH, slug, type NameRequest } from "../../../cli/import/names";

const VALID_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const request = fc.record({
  naturalKey: fc.string({ unit: "binary", maxLength: 300 }),
  candidates: fc.array(fc.option(fc.string({ unit: "binary", maxLength: 300 }), { nil: undefined }), { maxLength: 3 }),
  fallback: fc.constantFrom("user", "group"),
});

test("slugs are readable ASCII", () => {
  expect(slug("Émilie O'Brien")).toBe("emilie-o-brien");
  expect(slug("auth0|seed-alice")).toBe("auth0-seed-alice");
  expect(slug("  ${evil}\n\u202e")).toBe("evil");
  expect(slug("財務部")).toBe("");
  expect(slug("x".repeat(256))).toHaveLength(MAX_NAME_LENGTH);
});

test("readable names from the first usable candidate; collisions get a hash of the natural key", () => {
  const names = assignNames([
    { naturalKey: "auth0|alice", candidates: ["alice", "Alice"], fallback: "user" },
    { naturalKey: "idp:Finance", candidates: ["Finance"], fallback: "group" },
    { naturalKey: "custom:Finance", candidates: ["Finance"], fallback: "group" },
    { naturalKey: "財務", candidates: ["財務"], fallback: "group" },
  ]);
  expect(names[0]).toBe("alice");
  expect(names[1]).toMatch(/^finance-[0-9a-f]{6}$/);
  expect(names[2]).toMatch(/^finance-[0-9a-f]{6}$/);
  expect(names[1]).not.toBe(names[2]);
  expect(names[3]).toMatch(/^group-[0-9a-f]{6}$/);
});

test("a singleton's fixed name is kept as it is", () => {
  expect(assignNames([{ naturalKey: "t1", candidates: ["tenant"], fallback: "tenant" }])).toEqual(["tenant"]);
});

test("for any objects: names are valid, unique, and do not depend on listing order", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(request, { maxLength: 40, selector: (r) => r.naturalKey }),
      fc.func(fc.integer()),
      (requests, order) => {
        const names = assignNames(requests);
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) {
          expect(name).toMatch(VALID_NAME);
          expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH + 12);
        }
        // Same objects (natural keys are unique in Qlik), another order: each object keeps its name.
        const shuffled = requests.map((r, i) => ({ r, i })).sort((a, b) => order(a.i) - order(b.i) || a.i - b.i);
        const again = assignNames(shuffled.map(({ r }) => r));
        const pairs = (rs: NameRequest[], ns: string[]) => rs.map((r, i) => JSON.stringify([r, ns[i]])).sort();
        expect(
          pairs(
            shuffled.map(({ r }) => r),
            again,
          ),
        ).toEqual(pairs(requests, names));
      },
    ),
  );
});
