/**
 * Declarations derived from each kind's description in the provider (`provider/<kind>/kind.ts`), so that an
 * importer only says how to list its objects and name them:
 * - the inputs are the kind's fields as the engine reads them from Qlik's document (`valuesOf`), with
 *   `adoptExisting: true` where the kind has it, normalized as the engine records them;
 * - they pass the kind's own input check (`inputs.ts`): a value a program could not set is left unmanaged;
 * - and they are kept only where the engine's own plan for taking the object over (`adoptionWrites`, what create
 *   sends) writes nothing: a field it would still write is left unmanaged too.
 * So "the generated program, applied, changes nothing in Qlik" holds for every kind by construction.
 *
 * Role names (a kind's `roleNames` fields) are written as references to the declared custom role
 * (`roles.analyst.name`): still the role's name, but Pulumi then adopts the role before the user, group or group
 * settings naming it. Default roles, and custom roles the program does not declare, stay plain names.
 */
import type { Kind, Values } from "../../provider/engine/kind";
import { adoptionWrites, normalizeInputs, valuesOf } from "../../provider/engine/values";
import { checkedInputs, type RejectedNotes } from "./inputs";
import type { NameRequest } from "./names";
import { Reference, type Value } from "./source";
import {
  KIND_NAMES,
  type Declaration,
  type ImportContext,
  type KindImporter,
  type KindName,
  type NameOf,
  type Skipped,
} from "./types";

/** What one kind's importer says; everything else comes from the kind's description. */
export interface KindImport<Doc> {
  kind: KindName;
  /** The provider's description of the kind (its SDK class is `qlik.<description.name>`). */
  description: Kind<Doc>;
  /** The program's variable: a map of resources by name, or the one resource of a singleton. */
  variable: string;
  /** The heading comment of its section. */
  heading: string;
  /** Every object to declare, read without writing; objects found that cannot be declared, with the reason. */
  list(context: ImportContext): Promise<{ docs: Doc[]; skipped?: Skipped[] }>;
  /** How to name it; `nameOf` gives the names of objects of earlier kinds the program declares. */
  name(doc: Doc, nameOf: NameOf): NameRequest;
  /** The object in a message, e.g. `user "auth0|jane"` (strings escaped). */
  describe(doc: Doc): string;
  /**
   * Fields the program leaves out although Qlik has them (Tenant: its id; the program follows its URL), given
   * the kinds this import declares (a user's customGroups, when GroupMembers manages the memberships).
   */
  omit?: (kinds: readonly KindName[]) => readonly string[];
  /** The kind's own words for values the check rejects. */
  rejected?: RejectedNotes;
  /**
   * Fields that hold another object's id (or a list of ids), as references to it (written `users.alice.id` when
   * that object is declared too, the raw id otherwise). Each reference's id is the field's value (or the list's
   * item), so the values compared and checked are Qlik's own.
   */
  references?(doc: Doc): Readonly<Record<string, Reference | readonly Reference[] | undefined>>;
  /** Other keys references find the object by (a role: its name). */
  aliases?(doc: Doc): readonly string[];
}

/** What the program writes for one checked value: a reference where one stands for exactly that value. */
function referenced(value: Value, reference: Reference | readonly Reference[]): Value {
  if (!Array.isArray(reference)) return value === (reference as Reference).id ? (reference as Reference) : value;
  if (!Array.isArray(value)) return value;
  return (value as readonly Value[]).map(
    (item) => (reference as readonly Reference[]).find((r) => r.id === item) ?? item,
  );
}

/** Role names as references to the roles by name (see the top of this file). */
function roleReferences<Doc>(kind: Kind<Doc>, args: Record<string, unknown>): Record<string, Reference[]> {
  const references: Record<string, Reference[]> = {};
  for (const field of kind.fields) {
    const names = args[field.name];
    if (field.roleNames && Array.isArray(names)) {
      references[field.name] = names.map((name) => new Reference("roles", String(name), "name"));
    }
  }
  return references;
}

/** What a declaration depends on besides the object: the names of earlier kinds' objects, the kinds imported. */
export interface DeclarationContext {
  nameOf?: NameOf;
  kinds?: readonly KindName[];
}

/** The fields a PATCH operation at `pointer` (or below it, for a field patched member by member) writes. */
function fieldsAt<Doc>(kind: Kind<Doc>, pointer: string): string[] {
  return kind.fields
    .filter((field) => field.path !== undefined && (pointer === field.path || pointer.startsWith(`${field.path}/`)))
    .map((field) => field.name);
}

/** The fields taking over `doc` with `inputs` would write. */
export function fieldsWritten<Doc>(kind: Kind<Doc>, doc: Doc, inputs: Values): string[] {
  const { operations, actions } = adoptionWrites(kind, doc, normalizeInputs(kind, inputs));
  return [...new Set([...operations.flatMap((operation) => fieldsAt(kind, operation.path)), ...actions])];
}

/** The declaration of `doc`, or why it cannot be declared (a required field a program could not set). */
export function declarationOf<Doc>(
  spec: KindImport<Doc>,
  doc: Doc,
  { nameOf = () => undefined, kinds = KIND_NAMES }: DeclarationContext = {},
): Declaration | { problem: string } {
  const kind = spec.description;
  const values = valuesOf(kind, doc);
  const omitted = spec.omit?.(kinds) ?? [];
  const candidate: Values = {};
  for (const key of kind.inputKeys) {
    if (values[key] !== undefined && !omitted.includes(key)) candidate[key] = values[key];
  }
  if (kind.inputKeys.includes("adoptExisting")) candidate.adoptExisting = true;
  const required = kind.fields.filter((field) => field.required).map((field) => field.name);
  let inputs = normalizeInputs(kind, candidate);
  const notes: string[] = [];
  // Each round leaves out at least one field, so this ends.
  for (;;) {
    const checked = checkedInputs(kind.schema, inputs, required, spec.rejected);
    notes.push(...checked.notes);
    if (!checked.inputs) return { problem: checked.problem ?? "the provider's check rejects it" };
    inputs = checked.inputs;
    const written = fieldsWritten(kind, doc, inputs);
    if (written.length === 0) break;
    for (const field of written) {
      if (required.includes(field)) return { problem: `taking it over would change ${field}` };
      notes.push(`${field} not managed: declared with Qlik's value, the first \`pulumi up\` would still write it`);
      delete inputs[field];
    }
  }
  const args = inputs as Declaration["args"] & Record<string, Value>;
  const references = { ...roleReferences(kind, args), ...spec.references?.(doc) };
  for (const [field, reference] of Object.entries(references)) {
    if (reference !== undefined && field in args) args[field] = referenced(args[field], reference);
  }
  const aliases = spec.aliases?.(doc);
  return {
    qlikId: kind.idOf(doc),
    name: spec.name(doc, nameOf),
    ...(aliases === undefined ? {} : { aliases }),
    args,
    notes,
  };
}

/** The registry row for a kind: reads its objects and declares each one that can be. */
export function importerOf<Doc>(spec: KindImport<Doc>): KindImporter {
  return {
    kind: spec.kind,
    className: spec.description.name,
    variable: spec.variable,
    singleton: spec.description.lifecycle.type === "singleton",
    heading: spec.heading,
    async read(context) {
      const { docs, skipped = [] } = await spec.list(context);
      const result = { declarations: [] as Declaration[], skipped: [...skipped] };
      for (const doc of docs) {
        const declared = declarationOf(spec, doc, context);
        if ("problem" in declared) result.skipped.push({ what: spec.describe(doc), reason: declared.problem });
        else result.declarations.push(declared);
      }
      return result;
    },
  };
}
