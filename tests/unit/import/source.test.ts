/**
 * What lands in the generated program: for any strings Qlik may hold, the program type-checks against the SDK
 * and evaluates back to exactly the values read (round trip), with references written as expressions.
 */
import fc from "fast-check";
import { nameDeclarations, renderProgram, type KindSection } from "../../../cli/import/program";
import { comment, Reference, renderValue, stringLiteral, type Value } from "../../../cli/import/source";
import type { Declaration, KindImporter } from "../../../cli/import/types";
import { evaluateProgram, typeCheckPrograms } from "../../support/typecheck";

/** Strings with the characters that break naive code generators, mixed into arbitrary Unicode. */
const hostile = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
    fc.constantFrom(
      '"',
      "'",
      "`",
      "\\",
      "${",
      "*/",
      "\n",
      "\r",
      "\u2028",
      "\u2029",
      "\u202e",
      "\u200b",
      "\ufeff",
      "\0",
      "\ud800",
      "\udc00",
      "😀",
      "é",
      "__proto__",
    ),
  ),
  maxLength: 256,
});

const importer = (
  kind: KindImporter["kind"],
  className: string,
  variable: string,
  singleton = false,
): KindImporter => ({
  kind,
  className,
  variable,
  singleton,
  heading: className,
  read: async () => ({ declarations: [], skipped: [] }),
});

function section(imp: KindImporter, declarations: Declaration[]): KindSection {
  return { importer: imp, declarations: nameDeclarations(declarations), skipped: [] };
}

test("string literals: JSON escapes plus the invisible characters", () => {
  expect(stringLiteral('a"b\\c${d}\n')).toBe('"a\\"b\\\\c${d}\\n"');
  expect(stringLiteral("\u202eevil\u2028")).toBe('"\\u202eevil\\u2028"');
  expect(stringLiteral("\ud800")).toBe('"\\ud800"');
  expect(stringLiteral("\u{e0041}")).toBe('"\\u{e0041}"');
  expect(stringLiteral("Zoë 😀")).toBe('"Zoë 😀"');
  expect(comment("a\nb\u202e")).toBe("// a\\u000ab\\u202e");
});

test("for any value tree, the rendered expression evaluates to the value", () => {
  const json = fc.letrec<{ value: Value }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      hostile,
      fc.boolean(),
      fc.integer(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(hostile, tie("value"), { maxKeys: 4 }),
    ),
  })).value;
  fc.assert(
    fc.property(json, (value) => {
      const source = renderValue(value);
      const evaluated: unknown = new Function(`return (${source});`)();
      expect(evaluated).toEqual(value);
      // Own properties only: a "__proto__" key must not have set a prototype.
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        expect(Object.keys(evaluated as object).sort()).toEqual(Object.keys(value).sort());
      }
    }),
  );
});

interface UserData {
  id: string;
  subject: string;
  name: string;
  roles: string[];
}

test("for any users and groups, the program type-checks and round-trips every value and reference", () => {
  const programs: Record<string, string> = {};
  const users = fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[0-9a-f]{24}$/),
      subject: hostile,
      name: hostile,
      roles: fc.array(hostile, { maxLength: 3 }),
    }),
    { maxLength: 6, selector: (user) => user.subject },
  );
  const groups = fc.uniqueArray(fc.record({ name: hostile, description: hostile }), {
    maxLength: 4,
    selector: (g) => g.name,
  });
  let run = 0;
  fc.assert(
    fc.property(users, groups, (userData: UserData[], groupData) => {
      const userDeclarations: Declaration[] = userData.map((user) => ({
        qlikId: user.id,
        name: { naturalKey: user.subject, candidates: [user.name, user.subject], fallback: "user" },
        args: { subject: user.subject, name: user.name, assignedRoles: user.roles, adoptExisting: true },
        notes: [`a note about ${stringLiteral(user.name)}`],
      }));
      // A kind that refers to users by id (as group members will): declared users become expressions.
      const memberIds = [...userData.map((user) => user.id), "not-in-the-program"];
      const groupDeclarations: Declaration[] = groupData.map((group, index) => ({
        qlikId: `g${index}`,
        name: { naturalKey: `custom:${group.name}`, candidates: [group.name], fallback: "group" },
        args: {
          name: group.name,
          providerType: "custom",
          description: group.description,
          assignedRoles: memberIds.map((id) => new Reference("users", id)),
        },
        notes: [],
      }));
      const sections = [
        section(importer("users", "User", "users"), userDeclarations),
        section(importer("groups", "Group", "groups"), groupDeclarations),
        section(importer("tenant", "Tenant", "tenant", true), [
          {
            qlikId: "t",
            name: { naturalKey: "t", candidates: ["tenant"], fallback: "tenant" },
            args: { name: userData[0]?.name ?? "x" },
            notes: [],
          },
        ]),
      ];
      const source = renderProgram(sections, { tenantUrl: "https://acme.eu.qlikcloud.com", pending: ["spaces"] });
      programs[`program${run++}`] = source;

      const constructed = evaluateProgram(source);
      const byName = new Map(
        sections[0].declarations.map((declaration) => [declaration.qlikId, declaration.resourceName]),
      );
      expect(constructed.filter((c) => c.className === "User")).toEqual(
        sections[0].declarations.map((declaration) => ({
          className: "User",
          name: declaration.resourceName,
          args: declaration.args,
        })),
      );
      const expectedMembers = memberIds.map((id) => (byName.has(id) ? `User:${byName.get(id)}` : id));
      expect(constructed.filter((c) => c.className === "Group")).toEqual(
        sections[1].declarations.map((declaration) => ({
          className: "Group",
          name: declaration.resourceName,
          args: { ...declaration.args, assignedRoles: expectedMembers },
        })),
      );
      expect(constructed.filter((c) => c.className === "Tenant")).toHaveLength(1);
    }),
    { numRuns: 60 },
  );
  // The checker is live: a program that misuses the SDK is caught.
  programs.broken = 'import * as qlik from "pulumi-qlik";\nnew qlik.User("x", { subject: 1 });\n';
  const diagnostics = typeCheckPrograms(programs);
  expect(diagnostics.broken.join("\n")).toMatch(/not assignable to type/);
  delete diagnostics.broken;
  const failing = Object.entries(diagnostics).filter(([, lines]) => lines.length > 0);
  expect(failing.map(([name, lines]) => `${name}:\n${lines.join("\n")}\n${programs[name]}`)).toEqual([]);
});
