/**
 * Declarations derived from each kind's description in the provider (`provider/<kind>/kind.ts`), so that an
 * importer only says how to list its objects and name them:
 * - the inputs are the kind's fields as the engine reads them from Qlik's document (`valuesOf`), with
 *   `adoptExisting: true` where the kind has it, normalized as the engine records them;
 * - they pass the kind's own input check (`inputs.ts`): a value a program could not set is left unmanaged;
 * - and they are kept only where the engine's own plan for taking the object over (`adoptionWrites`, what create
 *   sends) writes nothing: a field it would still write is left unmanaged too.
 * So "the generated program, applied, changes nothing in Qlik" holds for every kind by construction.
 */
import type { Kind, Values } from "../../provider/engine/kind";
import { adoptionWrites, normalizeInputs, valuesOf } from "../../provider/engine/values";
import { checkedInputs, type RejectedNotes } from "./inputs";
import type { NameRequest } from "./names";
import type { Reference } from "./source";
import type { Declaration, ImportContext, KindImporter, KindName, NameOf, Skipped } from "./types";

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
  /** Fields the program leaves out although Qlik has them (Tenant: its id; the program follows its URL). */
  omit?: readonly string[];
  /** The kind's own words for values the check rejects. */
  rejected?: RejectedNotes;
  /**
   * Fields that hold another object's id, as references to it (written `users.alice.id` when that object is
   * declared too, the raw id otherwise). Each reference's id is the field's value, so the values compared and
   * checked are Qlik's own.
   */
  references?(doc: Doc): Readonly<Record<string, Reference | undefined>>;
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
  nameOf: NameOf = () => undefined,
): Declaration | { problem: string } {
  const kind = spec.description;
  const values = valuesOf(kind, doc);
  const candidate: Values = {};
  for (const key of kind.inputKeys) {
    if (values[key] !== undefined && !spec.omit?.includes(key)) candidate[key] = values[key];
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
  const args = inputs as Declaration["args"] & Record<string, unknown>;
  for (const [field, reference] of Object.entries(spec.references?.(doc) ?? {})) {
    if (reference !== undefined && args[field] === reference.id) args[field] = reference;
  }
  return { qlikId: kind.idOf(doc), name: spec.name(doc, nameOf), args, notes };
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
        const declared = declarationOf(spec, doc, context.nameOf);
        if ("problem" in declared) result.skipped.push({ what: spec.describe(doc), reason: declared.problem });
        else result.declarations.push(declared);
      }
      return result;
    },
  };
}
