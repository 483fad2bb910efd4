/**
 * Pure logic of the User resource: input normalization, diff, PATCH operations, and the translation between
 * Qlik's user objects and the resource's inputs/outputs. No HTTP here.
 *
 * A property left unset is not managed: it is never a change, never patched, and refresh does not add it. The
 * outputs still report Qlik's value of every field, and record which inputs the program set (`managedInputs`).
 */
import type { DiffResult } from "../resource";
import { changedKeys, replaceOps, setComparator, uniqueSorted, unique, withoutUndefined } from "../patch";
import { tenantUrlChanged } from "../tenants/tenantUrl";
import type { ApiUser, UserPatchOperation, UserPostBody } from "./api";
import { managedInputsOf, recordedManagedInputs, roleRefs, rolesAsWritten } from "./shared";
import { USER_INPUT_KEYS, type UserInputs, type UserOutputs, type UserValues } from "./schema";

/** The paths Qlik's users PATCH takes for the fields this resource manages. */
export const USER_PATCH_KEYS = ["name", "assignedRoles", "status", "preferredLocale", "preferredZoneinfo"] as const;
export type UserPatchKey = (typeof USER_PATCH_KEYS)[number];

/** Fields Qlik reports and the program may set (everything but `adoptExisting` and `tenantUrl`). */
const USER_API_KEYS = [
  "subject",
  "email",
  "name",
  "status",
  "assignedRoles",
  "preferredLocale",
  "preferredZoneinfo",
  "picture",
] as const;

const sameEmail = (a: unknown, b: unknown) =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

/**
 * The inputs as the engine should record them: only User input keys (the engine's `__provider` and anything
 * else dropped), unset ones omitted, each role listed once.
 */
export function normalizeUserInputs(inputs: UserInputs): UserInputs {
  const picked: Record<string, unknown> = {};
  for (const key of USER_INPUT_KEYS) {
    const value = inputs[key];
    if (value !== undefined) picked[key] = value;
  }
  if (Array.isArray(picked.assignedRoles)) picked.assignedRoles = unique(picked.assignedRoles as string[]);
  return picked as UserInputs;
}

/** The names of the inputs set in `inputs` (sorted), as recorded in the outputs' `managedInputs`. */
export function userManagedInputs(inputs: Partial<UserInputs>): string[] {
  return managedInputsOf(USER_INPUT_KEYS, inputs);
}

/**
 * Diff between the recorded outputs and the checked new inputs. Only the keys set in the new inputs are
 * compared: the outputs also hold Qlik's values of the fields the program leaves unset, which are no change.
 * `subject`, `email` and `picture` are not patchable in Qlik, and another `tenantUrl` is another tenant: a change
 * to any of them replaces the user. Replacement deletes first: Qlik subjects are unique per tenant, so a second
 * user with the same subject could not be created beside the old one. `adoptExisting` only matters when
 * creating: changing it alone is no change.
 */
export function diffUser(olds: Partial<UserOutputs>, news: UserInputs, defaultTenantUrl?: string): DiffResult {
  const replaces: string[] = changedKeys(olds, news, ["subject", "email", "picture"], { email: sameEmail });
  if (tenantUrlChanged(olds.tenantOrigin ?? olds.tenantUrl, news.tenantUrl, defaultTenantUrl)) {
    replaces.push("tenantUrl");
  }
  if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: true };
  const updates = changedKeys(olds, news, USER_PATCH_KEYS, { assignedRoles: setComparator });
  return { changes: updates.length > 0 };
}

/** The patchable fields in the form Qlik's PATCH takes them, roles in canonical (sorted, distinct) order. */
export type UserPatchDocument = Partial<{
  name: string;
  assignedRoles: { name: string }[];
  status: string;
  preferredLocale: string;
  preferredZoneinfo: string;
}>;

export function userPatchDocument(fields: Partial<Record<UserPatchKey, unknown>>): UserPatchDocument {
  const { assignedRoles, ...rest } = fields;
  const document: Record<string, unknown> = {};
  for (const key of USER_PATCH_KEYS) if (key !== "assignedRoles" && rest[key] !== undefined) document[key] = rest[key];
  if (Array.isArray(assignedRoles)) document.assignedRoles = roleRefs(uniqueSorted(assignedRoles as string[]));
  return document as UserPatchDocument;
}

/**
 * `replace` operations that bring `current` (recorded outputs, or fields read from Qlik) to `desired`: one per
 * changed path among /name, /assignedRoles (the whole list), /status, /preferredLocale, /preferredZoneinfo.
 */
export function userPatchOperations(
  current: Partial<Record<UserPatchKey, unknown>>,
  desired: Partial<UserInputs>,
): UserPatchOperation[] {
  return replaceOps(userPatchDocument(current), userPatchDocument(desired), USER_PATCH_KEYS) as UserPatchOperation[];
}

/** POST body: what Qlik can set at creation. Status, locale and time zone follow in one PATCH. */
export function userPostBody(inputs: UserInputs): UserPostBody {
  return withoutUndefined({
    subject: inputs.subject,
    email: inputs.email,
    name: inputs.name,
    picture: inputs.picture,
    assignedRoles: inputs.assignedRoles ? roleRefs(inputs.assignedRoles) : undefined,
  });
}

/** Every program-settable field as Qlik has it; `status` may be one the program cannot set (`provisioned`). */
export type UserFields = Required<Omit<UserInputs, "adoptExisting" | "tenantUrl" | "status">> & { status: string };

/** Values whose spelling the program's wins when Qlik's differs only in case. */
export interface WrittenSpelling {
  email?: string;
  assignedRoles?: readonly string[];
}

/**
 * Every program-settable field as Qlik has it. Fields Qlik leaves out read as "" (roles as []), so a desired
 * value always compares as different from "nothing". Role names and email keep the spelling of `written` where
 * they differ only in case.
 */
export function userFieldsFromApi(user: ApiUser, written: WrittenSpelling = {}): UserFields {
  const email = user.email ?? "";
  return {
    subject: user.subject,
    email: written.email !== undefined && sameEmail(written.email, email) ? written.email : email,
    name: user.name ?? "",
    status: user.status ?? "",
    assignedRoles: rolesAsWritten(
      (user.assignedRoles ?? []).map((role) => role.name),
      written.assignedRoles,
    ),
    preferredLocale: user.preferredLocale ?? "",
    preferredZoneinfo: user.preferredZoneinfo ?? "",
    picture: user.picture ?? "",
  };
}

/**
 * The user's fields as Qlik has them, for the outputs: those Qlik leaves out are omitted, roles are `[]` when it
 * reports none. Role names and email keep the spelling of `written` where they differ only in case.
 */
export function userValuesFromApi(user: ApiUser, written: WrittenSpelling = {}): UserValues {
  const fields = userFieldsFromApi(user, written);
  const values: Record<string, unknown> = { subject: fields.subject, assignedRoles: fields.assignedRoles };
  for (const key of USER_API_KEYS) if (user[key] !== undefined && !(key in values)) values[key] = fields[key];
  return values as unknown as UserValues;
}

/**
 * The fields as recorded in earlier outputs, for an update that does not read the user again. Outputs written
 * before they held every field hold only the managed ones: nothing is made up for the others.
 */
export function recordedValues(olds: Partial<UserOutputs>): Partial<UserValues> {
  const values: Record<string, unknown> = {};
  for (const key of USER_API_KEYS) if (olds[key] !== undefined) values[key] = olds[key];
  return values as Partial<UserValues>;
}

/**
 * The inputs a refresh reports: the keys the program set (`managed`: recorded in `managedInputs`, or inferred
 * from outputs written before that), with the values Qlik has now — so a name or role changed in Qlik shows up
 * as drift in the next preview. Fields Qlik leaves out read as "" (roles as []).
 */
export function inputsFromApi(
  recorded: Partial<UserOutputs>,
  user: ApiUser,
  managed: readonly string[] = recordedManagedInputs(USER_INPUT_KEYS, recorded),
): UserInputs {
  const actual = userFieldsFromApi(user, recorded);
  const inputs: Record<string, unknown> = { subject: actual.subject };
  for (const key of USER_API_KEYS) if (managed.includes(key)) inputs[key] = actual[key];
  for (const key of ["adoptExisting", "tenantUrl"] as const) {
    if (managed.includes(key) && recorded[key] !== undefined) inputs[key] = recorded[key];
  }
  return inputs as UserInputs;
}

/**
 * Whether `read` was called for a lookup by id (`User.get`) rather than a refresh: the props are then the
 * arguments given to `get` (the SDK's placeholder subject, perhaps a tenantUrl), not outputs recorded by
 * create/read, which always hold `userId`.
 */
export function isLookup(props: Partial<UserOutputs>): boolean {
  return props.userId === undefined;
}

/**
 * The inputs a lookup by id reports: every program-settable field Qlik has for the user (nothing says which of
 * them a program manages), and the tenant if `get` was given one.
 */
export function lookupInputsFromApi(props: Partial<UserOutputs>, user: ApiUser): UserInputs {
  const actual = userFieldsFromApi(user);
  const inputs: Record<string, unknown> = { subject: actual.subject, assignedRoles: actual.assignedRoles };
  for (const key of USER_API_KEYS) if (actual[key] !== "" && key !== "assignedRoles") inputs[key] = actual[key];
  if (props.tenantUrl !== undefined) inputs.tenantUrl = props.tenantUrl;
  return inputs as UserInputs;
}

/** Output fields that are facts from Qlik (and where it lives) rather than inputs. */
export type UserFacts = Pick<
  UserOutputs,
  "userId" | "tenantId" | "createdAt" | "lastUpdatedAt" | "assignedGroups" | "tenantOrigin"
>;

/** Facts about `user`, read from the tenant at `origin`. */
export function userFacts(user: ApiUser, origin: string | undefined): UserFacts {
  return withoutUndefined({
    userId: user.id,
    tenantId: user.tenantId,
    createdAt: user.createdAt,
    lastUpdatedAt: user.lastUpdatedAt,
    assignedGroups: user.assignedGroups ? unique(user.assignedGroups.map((group) => group.name)) : undefined,
    tenantOrigin: origin,
  });
}

/**
 * Outputs: Qlik's values of every field (`actual`), the program's normalized `inputs` over them (the managed
 * fields, as applied), the facts, and `managedInputs`. Plain JSON: nothing `undefined`.
 */
export function userOutputs(
  actual: Partial<UserValues>,
  inputs: UserInputs,
  facts: UserFacts,
  managed: readonly string[],
): UserOutputs {
  return {
    ...withoutUndefined(actual),
    ...normalizeUserInputs(inputs),
    ...withoutUndefined(facts),
    managedInputs: [...managed],
  } as UserOutputs;
}

/**
 * What `read` reports for `user`, read from the tenant at `origin`: as props, Qlik's values of every field and
 * the facts; as inputs, for a refresh, the inputs the program set (recorded in `managedInputs`, or inferred from
 * outputs written before that) with Qlik's values, and for a lookup by id (`User.get`), every field Qlik has,
 * all then recorded as managed.
 */
export function readUser(
  props: Partial<UserOutputs>,
  user: ApiUser,
  origin: string | undefined,
): { props: UserOutputs; inputs: UserInputs } {
  const managed = isLookup(props) ? undefined : recordedManagedInputs(USER_INPUT_KEYS, props);
  const inputs = managed ? inputsFromApi(props, user, managed) : lookupInputsFromApi(props, user);
  const outs = userOutputs(
    userValuesFromApi(user, props),
    inputs,
    userFacts(user, origin),
    managed ?? userManagedInputs(inputs),
  );
  return { props: outs, inputs };
}

/** The facts recorded in earlier outputs, for an update that does not read the user again. */
export function recordedFacts(olds: Partial<UserOutputs>, id: string): UserFacts {
  return withoutUndefined({
    userId: olds.userId ?? id,
    tenantId: olds.tenantId,
    createdAt: olds.createdAt,
    lastUpdatedAt: olds.lastUpdatedAt,
    assignedGroups: olds.assignedGroups,
    tenantOrigin: olds.tenantOrigin,
  });
}
