/**
 * Pure pieces of the engine: a kind's field values read from Qlik's document, the PATCH between two sets of
 * values, what a refresh reports as inputs, and the outputs every kind records. No HTTP here.
 */
import { jsonEqual, patchOperations, withoutUndefined, type PatchOperation, type PatchPath } from "../patch";
import { containsUnknown, isUnknown } from "../unknown";
import type { ActionSpec, FieldSpec, Kind, Values } from "./kind";
import { managedInputsOf } from "./managed";

/** Output keys the engine owns (never facts, never patched). */
const ENGINE_KEYS = ["tenantUrl", "tenantOrigin", "managedInputs", "restore", "__provider"];

/**
 * What a singleton found before it first managed each field (`null`: Qlik had no value), and whether this resource
 * created the object; put back by delete, and for a field the program stops managing.
 */
export interface RestoreRecord {
  created: boolean;
  values: Record<string, unknown>;
}

export function fieldNamed<Doc>(kind: Kind<Doc>, name: string): FieldSpec<Doc> | undefined {
  return kind.fields.find((field) => field.name === name);
}

/** Every field Qlik has a value for, in input terms; spelled as `written` where a field says how. */
export function valuesOf<Doc>(kind: Kind<Doc>, doc: Doc, written: Values = {}): Values {
  const values: Values = {};
  for (const field of kind.fields) {
    let value = field.read(doc);
    if (value === undefined || value === null) continue;
    if (field.spelledAs && written[field.name] !== undefined) value = field.spelledAs(value, written[field.name]);
    values[field.name] = value;
  }
  return values;
}

/** The field values recorded in earlier outputs (for an update that does not read the object again). */
export function recordedValues<Doc>(kind: Kind<Doc>, olds: Values): Values {
  const values: Values = {};
  for (const field of kind.fields) if (olds[field.name] !== undefined) values[field.name] = olds[field.name];
  return values;
}

/** The facts recorded in earlier outputs: everything that is neither a field, an input nor the engine's. */
export function recordedFacts<Doc>(kind: Kind<Doc>, olds: Values): Values {
  const skip = new Set([...kind.fields.map((field) => field.name), ...kind.inputKeys, ...ENGINE_KEYS]);
  return Object.fromEntries(Object.entries(olds).filter(([key, value]) => !skip.has(key) && value !== undefined));
}

/** The inputs as recorded: input keys only, unset ones omitted (then the kind's own normalization). */
export function normalizeInputs<Doc>(kind: Kind<Doc>, inputs: Values): Values {
  const picked: Values = {};
  for (const key of kind.inputKeys) if (inputs[key] !== undefined) picked[key] = inputs[key];
  return kind.normalize ? kind.normalize(picked) : picked;
}

/** Whether the desired value of `field` differs from the recorded one (unknown values always do). */
export function differs<Doc>(kind: Kind<Doc>, name: string, recorded: unknown, desired: unknown): boolean {
  const field = fieldNamed(kind, name);
  if (containsUnknown(field?.relevant && !isUnknown(desired) ? field.relevant(desired) : desired)) return true;
  return !(field?.equals ?? jsonEqual)(recorded, desired);
}

/**
 * The PATCH that brings the fields named in `target` (input-shaped; `undefined` = absent, which only an RFC 6902
 * endpoint can express) from `current` to their target values, for the fields with a PATCH path.
 */
export function patchFor<Doc>(
  kind: Kind<Doc>,
  current: Values,
  target: Values,
  names: readonly string[],
  patchable: (field: string) => boolean = () => true,
): PatchOperation[] {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const paths: PatchPath[] = [];
  for (const field of kind.fields) {
    if (!field.path || !names.includes(field.name) || !patchable(field.name)) continue;
    const toApi = (value: unknown) => (value === undefined || !field.toApi ? value : field.toApi(value));
    // Equal values (by the field's own comparison) are left alone, whatever their spelling.
    if (!differs(kind, field.name, current[field.name], target[field.name])) continue;
    before[field.path] = toApi(current[field.name]);
    after[field.path] = toApi(target[field.name]);
    paths.push({ pointer: field.path, members: field.members, set: field.set });
  }
  return patchOperations(before, after, paths, kind.patchStyle);
}

/** The actions whose field must change to bring the values `current` to `target`, among the fields `names`. */
export function pendingActions<Doc>(
  kind: Kind<Doc>,
  current: Values,
  target: Values,
  names: readonly string[],
): ActionSpec<Doc>[] {
  return (kind.actions ?? []).filter(
    (action) =>
      names.includes(action.field) && differs(kind, action.field, current[action.field], target[action.field]),
  );
}

/**
 * What taking over `doc` (adopted, or just created) with the inputs `desired` writes: the PATCH of the managed
 * fields that differ (create sends exactly this one), then the actions whose field differs (create decides those
 * again from the PATCH's answer). Both empty: the adoption changes nothing in Qlik, which `pulumi-qlik import`
 * relies on.
 */
export function adoptionWrites<Doc>(
  kind: Kind<Doc>,
  doc: Doc,
  desired: Values,
): { operations: PatchOperation[]; actions: string[] } {
  const managed = managedInputsOf(kind.inputKeys, desired);
  const actual = valuesOf(kind, doc, desired);
  return {
    operations: patchFor(kind, actual, desired, managed, kind.patchable?.(desired)),
    actions: pendingActions(kind, actual, desired, managed).map((action) => action.field),
  };
}

/**
 * What a refresh reports as inputs: the managed ones, fields with Qlik's values (a managed field Qlik no longer
 * has reads as the field's `absent` value, so the drift shows), other inputs as recorded; required fields always.
 */
export function inputsFromValues<Doc>(
  kind: Kind<Doc>,
  actual: Values,
  recorded: Values,
  managed: readonly string[],
): Values {
  const inputs: Values = {};
  for (const key of kind.inputKeys) {
    const field = fieldNamed(kind, key);
    if (field?.required) inputs[key] = actual[key] ?? field.absent;
    else if (!managed.includes(key)) continue;
    else if (field) inputs[key] = actual[key] ?? field.absent;
    else if (recorded[key] !== undefined) inputs[key] = recorded[key];
  }
  return withoutUndefined(inputs);
}

/** The inputs a lookup by id (`Resource.get`) reports: every field Qlik has a value for. */
export function lookupInputs<Doc>(kind: Kind<Doc>, actual: Values, props: Values): Values {
  const inputs: Values = {};
  for (const key of kind.inputKeys) {
    const value = actual[key];
    if (value !== undefined && value !== "") inputs[key] = value;
  }
  if (props.tenantUrl !== undefined) inputs.tenantUrl = props.tenantUrl;
  return inputs;
}

/**
 * Outputs: Qlik's value of every field (`actual`), the applied inputs over them, the facts, the tenant the
 * object lives in (resolved origin), which inputs the program set, and a singleton's restore record.
 */
export function outputsOf(parts: {
  actual: Values;
  inputs: Values;
  facts: Values;
  tenantUrl: string;
  managed: readonly string[];
  restore?: RestoreRecord;
}): Values {
  return {
    ...withoutUndefined(parts.actual),
    ...withoutUndefined(parts.inputs),
    ...withoutUndefined(parts.facts),
    tenantUrl: parts.tenantUrl,
    managedInputs: [...parts.managed],
    ...(parts.restore && { restore: parts.restore }),
  };
}
