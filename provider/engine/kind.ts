/**
 * The declarative description of one resource kind, which the shared engine (engine.ts) drives through
 * check/diff/create/read/update/delete. A kind says what its inputs are, how each field reads from Qlik's
 * document and where the PATCH writes it, which fields replace the object, how it is found for adoption, and
 * which HTTP calls create, read, patch and delete it (the calls themselves live in each kind's api.ts, which
 * also names the rate-limit tier of each: see the tier notes there and provider/http/tiers.ts).
 */
import type { z } from "zod";
import type { QlikClient } from "../http/types";
import type { Comparator, PatchOperation, PatchStyle } from "../patch";
import type { CheckFailure, ResourceKind } from "../resource";
import type { Connection } from "./connection";

/** Input-shaped values keyed by input name. */
export type Values = Record<string, unknown>;

export interface FieldSpec<Doc> {
  /** The input (and output) name. */
  name: string;
  /** The value in input terms, read from Qlik's document; `undefined` when Qlik has none. */
  read(doc: Doc): unknown;
  /** Qlik's value spelled as the program wrote it where the two are equal (names Qlik compares case-insensitively). */
  spelledAs?(actual: unknown, written: unknown): unknown;
  /** Equality of a recorded and a desired value; default: JSON equality. */
  equals?: Comparator;
  /** The part of a desired value that matters, for telling whether an unknown value (preview) may change it. */
  relevant?(value: unknown): unknown;
  /** Where the PATCH writes it (JSON Pointer). Absent: written at creation only, or by an action. */
  path?: string;
  /** The value as the PATCH (and POST) takes it; default: as is. */
  toApi?(value: unknown): unknown;
  /** Patch the members of this object field one by one. */
  members?: boolean;
  /** A set-valued field patched with `add` / `remove-value` of the items that changed (see PatchPath.set). */
  set?: boolean;
  /** A change replaces the object (the field cannot be patched). */
  replaces?: boolean;
  /** What a refresh reports for a managed field Qlik no longer has (so that drift shows); default: nothing. */
  absent?: unknown;
  /** Reported as an input by every refresh (a required input). */
  required?: boolean;
  /** A list of role names, checked against the tenant's roles at `check` when the tenant can be reached. */
  roleNames?: boolean;
  /** The name of a role this resource makes (Role): valid in role lists checked later in the deployment. */
  declaresRoleName?: boolean;
}

/** A field written by its own call rather than the PATCH (TenantSettings' cross-region inference toggle). */
export interface ActionSpec<Doc> {
  field: string;
  /** Writes `value` (input-shaped; `undefined` when putting back a value Qlik did not have) and returns the object. */
  write(client: QlikClient, value: unknown): Promise<Doc>;
}

/** The result of a PATCH: Qlik's document when it answers with one, `undefined` for 204, `"gone"` for 404. */
export type PatchResult<Doc> = { doc?: Doc } | "gone";

/** Objects in a collection (users, groups): created with a POST, adopted by natural key, deleted with DELETE. */
export interface CollectionLifecycle<Doc> {
  type: "collection";
  /** The natural key, for messages: e.g. `with subject "auth0|jane"`. */
  describeKey(desired: Values): string;
  /** What else a program can do about a conflict, e.g. "use a different subject". */
  otherKey: string;
  /** The object with the desired natural key, if any (adoption, conflicts). */
  find(client: QlikClient, desired: Values): Promise<Doc | undefined>;
  post(client: QlikClient, desired: Values): Promise<Doc>;
  /**
   * What a failed POST means: `"conflict"` (the natural key exists: adopt or explain), an Error to throw instead,
   * or undefined (throw the API error as it is).
   */
  createFailure(error: unknown, desired: Values): "conflict" | Error | undefined;
  /** Deletes the object; `props` are its recorded outputs (for messages, or what a membership kind removes). */
  remove(client: QlikClient, id: string, props: Values): Promise<void>;
}

/**
 * One object per tenant (settings, the tenant itself): create adopts what exists (or creates it where Qlik has
 * none yet) and records the values it found for the managed fields; delete puts them back, and removes the object
 * only if this resource created it.
 */
export interface SingletonLifecycle<Doc> {
  type: "singleton";
  /** The existing object, or a new one where the API creates it (`created: true`). */
  adopt(client: QlikClient, desired: Values): Promise<{ doc: Doc; created: boolean }>;
  /** Removes the object; only called when this resource created it. Absent: never removed. */
  remove?(client: QlikClient): Promise<void>;
}

export interface Kind<Doc> {
  name: ResourceKind;
  /** Noun for messages, e.g. "user". */
  noun: string;
  schema: z.ZodType;
  /** Every input, in the order outputs list them. */
  inputKeys: readonly string[];
  fields: readonly FieldSpec<Doc>[];
  actions?: readonly ActionSpec<Doc>[];
  /** The output holding the object's id (absent from the props of a `get` lookup). */
  idOutput: string;
  idOf(doc: Doc): string;
  /** Ids are checked before they go into a path (see ids.ts); false: the id is never part of a path. */
  idInPath: boolean;
  /** How many Qlik ids, joined by "/", make one id (default 1; SpaceAssignment: `<spaceId>/<assignmentId>`). */
  idSegments?: number;
  /**
   * Checks that need the tenant (SpaceAssignment: roles valid for the type of a space that exists), run by `check`
   * after the schema passed, with the previous inputs (`{}` for a new resource). Where the tenant cannot answer
   * (or takes more than 15 s) check reports no failures; create/update validate again before any write.
   */
  checkWithTenant?(inputs: Values, connection: Connection, olds: Values): Promise<CheckFailure[]>;
  patchStyle: PatchStyle;
  /** The inputs as recorded: input keys only, defaults filled, lists made distinct. Default: input keys only. */
  normalize?(inputs: Values): Values;
  /** Facts Qlik reports (ids, timestamps, …) for the outputs. */
  facts(doc: Doc): Values;
  /** Facts after a PATCH that answered without the object (Tenant: the alias is also `hostnames[1]`). */
  factsAfterPatch?(facts: Values, values: Values): Values;
  /** Fields whose PATCH path applies to these desired inputs (Group: an IdP group's name is never patched). */
  patchable?(desired: Values): (field: string) => boolean;
  /** Replace-forcing changes beyond the fields marked `replaces` and the tenant. */
  extraReplaces?(olds: Values, news: Values): string[];
  /** Whether a replacement must delete the old object first (natural keys are unique); absent: Pulumi's default. */
  deleteBeforeReplace?(olds: Values, news: Values): boolean;
  lifecycle: CollectionLifecycle<Doc> | SingletonLifecycle<Doc>;
  read(client: QlikClient, id: string, props: Values): Promise<Doc | undefined>;
  patch(client: QlikClient, id: string, operations: PatchOperation[]): Promise<PatchResult<Doc>>;
}
