/**
 * Pure logic of the Group resource: input normalization, diff, PATCH operations, and the translation between
 * Qlik's group objects and the resource's inputs/outputs. No HTTP here.
 *
 * A property left unset is not managed: it is never a change, never patched, and refresh does not add it. The
 * outputs still report Qlik's value of every field, and record which inputs the program set (`managedInputs`).
 */
import type { DiffResult } from "../resource";
import { changedKeys, replaceOps, setComparator, unique, uniqueSorted, withoutUndefined } from "../patch";
import { isUnknown } from "../unknown";
import { tenantUrlChanged } from "../tenants/tenantUrl";
import { managedInputsOf, recordedManagedInputs, roleRefs, rolesAsWritten } from "../users/shared";
import { providerTypeOf, type ApiGroup, type GroupPatchOperation, type GroupPostBody } from "./api";
import {
  GROUP_INPUT_KEYS,
  type GroupInputs,
  type GroupOutputs,
  type GroupProviderType,
  type GroupValues,
} from "./schema";

export const GROUP_PATCH_KEYS = ["name", "description", "assignedRoles"] as const;
export type GroupPatchKey = (typeof GROUP_PATCH_KEYS)[number];

/** The inputs as the engine should record them: Group input keys only, unset ones omitted, roles listed once. */
export function normalizeGroupInputs(inputs: GroupInputs): GroupInputs {
  const picked: Record<string, unknown> = {};
  for (const key of GROUP_INPUT_KEYS) {
    const value = inputs[key];
    if (value !== undefined) picked[key] = value;
  }
  picked.providerType ??= "idp";
  if (Array.isArray(picked.assignedRoles)) picked.assignedRoles = unique(picked.assignedRoles as string[]);
  return picked as GroupInputs;
}

/** The names of the inputs set in `inputs` (sorted), as recorded in the outputs' `managedInputs`. */
export function groupManagedInputs(inputs: Partial<GroupInputs>): string[] {
  return managedInputsOf(GROUP_INPUT_KEYS, inputs);
}

function typeOf(fields: { providerType?: unknown }): GroupProviderType | "unknown" {
  if (isUnknown(fields.providerType)) return "unknown";
  return fields.providerType === "custom" ? "custom" : "idp";
}

/**
 * Diff between the recorded outputs and the checked new inputs. Only the keys set in the new inputs are
 * compared: the outputs also hold Qlik's values of the fields the program leaves unset, which are no change.
 *
 * Replaced: a change of providerType, of tenant, or of the name of an IdP group (Qlik renames custom groups
 * only; an IdP group's name is what the identity provider sends). Updated in place: a custom group's name and
 * description, and roles of any group (compared as a set).
 *
 * Replacement creates the new group before deleting the old one — the default, which keeps role assignments
 * available throughout — except when the two could collide: Qlik keeps names unique per provider type and
 * tenant, so when the name (compared case-insensitively, to be safe) and provider type stay the same, or either
 * is not known yet, the old group is deleted first. In practice that is a move to another `tenantUrl`, which
 * may well be the same tenant under another address (an alias).
 */
export function diffGroup(olds: Partial<GroupOutputs>, news: GroupInputs, defaultTenantUrl?: string): DiffResult {
  const oldType = typeOf(olds);
  const newType = typeOf(news);
  const replaces: string[] = [];
  if (newType !== oldType) replaces.push("providerType");
  if (tenantUrlChanged(olds.tenantOrigin ?? olds.tenantUrl, news.tenantUrl, defaultTenantUrl)) {
    replaces.push("tenantUrl");
  }
  const renamed = changedKeys(olds, news, ["name"]).length > 0;
  if (renamed && (oldType !== "custom" || newType !== "custom")) replaces.push("name");

  if (replaces.length > 0) {
    const mayCollide =
      newType === oldType &&
      newType !== "unknown" &&
      (isUnknown(news.name) || String(news.name).toLowerCase() === String(olds.name).toLowerCase());
    const unsure = newType === "unknown" || isUnknown(news.name);
    return { changes: true, replaces, deleteBeforeReplace: mayCollide || unsure };
  }
  const updates = changedKeys(olds, news, GROUP_PATCH_KEYS, { assignedRoles: setComparator });
  return { changes: updates.length > 0 };
}

/** The patchable fields in the form Qlik's PATCH takes them, roles in canonical (sorted, distinct) order. */
export type GroupPatchDocument = Partial<{ name: string; description: string; assignedRoles: { name: string }[] }>;

export function groupPatchDocument(fields: Partial<Record<GroupPatchKey, unknown>>): GroupPatchDocument {
  const document: Record<string, unknown> = {};
  if (fields.name !== undefined) document.name = fields.name;
  if (fields.description !== undefined) document.description = fields.description;
  if (Array.isArray(fields.assignedRoles)) {
    document.assignedRoles = roleRefs(uniqueSorted(fields.assignedRoles as string[]));
  }
  return document;
}

/**
 * `replace` operations that bring `current` to `desired`: one per changed path among /name, /description
 * (custom groups only; check rejects a description on IdP groups) and /assignedRoles (the whole list).
 * An IdP group's name is never patched (diff replaces the group instead).
 */
export function groupPatchOperations(
  current: Partial<Record<GroupPatchKey, unknown>>,
  desired: Partial<Record<GroupPatchKey, unknown>> & { providerType?: unknown },
): GroupPatchOperation[] {
  const keys = typeOf(desired) === "custom" ? GROUP_PATCH_KEYS : (["description", "assignedRoles"] as const);
  return replaceOps(groupPatchDocument(current), groupPatchDocument(desired), keys) as GroupPatchOperation[];
}

export function groupPostBody(inputs: GroupInputs): GroupPostBody {
  return withoutUndefined({
    name: inputs.name,
    providerType: inputs.providerType ?? "idp",
    description: inputs.description,
    status: "active" as const,
    assignedRoles: inputs.assignedRoles ? roleRefs(inputs.assignedRoles) : undefined,
  });
}

/**
 * Every program-settable field as Qlik has it: a missing description reads as "", missing roles as [];
 * role names keep the spelling of `written` where they differ only in case.
 */
export function groupFieldsFromApi(
  group: ApiGroup,
  written: { assignedRoles?: readonly string[] } = {},
): Required<Pick<GroupInputs, "name" | "providerType" | "description" | "assignedRoles">> {
  return {
    name: group.name,
    providerType: providerTypeOf(group),
    description: group.description ?? "",
    assignedRoles: rolesAsWritten(
      (group.assignedRoles ?? []).map((role) => role.name),
      written.assignedRoles,
    ),
  };
}

/**
 * The group's fields as Qlik has them, for the outputs: a description Qlik leaves out is omitted, roles are `[]`
 * when it reports none, spelled as in `written` where they differ only in case.
 */
export function groupValuesFromApi(group: ApiGroup, written: { assignedRoles?: readonly string[] } = {}): GroupValues {
  const { description, ...fields } = groupFieldsFromApi(group, written);
  return group.description === undefined ? fields : { ...fields, description };
}

/**
 * The fields as recorded in earlier outputs, for an update that does not read the group again. Outputs written
 * before they held every field hold only the managed ones: nothing is made up for the others.
 */
export function recordedValues(olds: Partial<GroupOutputs>): Partial<GroupValues> {
  return withoutUndefined({
    name: olds.name,
    providerType: olds.providerType,
    description: olds.description,
    assignedRoles: olds.assignedRoles,
  });
}

/**
 * The inputs a refresh reports: name and providerType always, description and roles when the program set them
 * (`managed`: recorded in `managedInputs`, or inferred from outputs written before that), with the values Qlik
 * has now (so a rename or role change made in Qlik shows as drift).
 */
export function inputsFromApi(
  recorded: Partial<GroupOutputs>,
  group: ApiGroup,
  managed: readonly string[] = recordedManagedInputs(GROUP_INPUT_KEYS, recorded),
): GroupInputs {
  const actual = groupFieldsFromApi(group, recorded);
  const inputs: Record<string, unknown> = { name: actual.name, providerType: actual.providerType };
  if (managed.includes("description")) inputs.description = actual.description;
  if (managed.includes("assignedRoles")) inputs.assignedRoles = actual.assignedRoles;
  for (const key of ["adoptExisting", "tenantUrl"] as const) {
    if (managed.includes(key) && recorded[key] !== undefined) inputs[key] = recorded[key];
  }
  return inputs as GroupInputs;
}

/**
 * Whether `read` was called for a lookup by id (`Group.get`) rather than a refresh: the props are then the
 * arguments given to `get`, not outputs recorded by create/read, which always hold `groupId`.
 */
export function isLookup(props: Partial<GroupOutputs>): boolean {
  return props.groupId === undefined;
}

/**
 * The inputs a lookup by id reports: name, provider type and roles, the description when Qlik has one, and the
 * tenant if `get` was given one.
 */
export function lookupInputsFromApi(props: Partial<GroupOutputs>, group: ApiGroup): GroupInputs {
  const actual = groupFieldsFromApi(group);
  const inputs: Record<string, unknown> = {
    name: actual.name,
    providerType: actual.providerType,
    assignedRoles: actual.assignedRoles,
  };
  if (actual.description !== "") inputs.description = actual.description;
  if (props.tenantUrl !== undefined) inputs.tenantUrl = props.tenantUrl;
  return inputs as GroupInputs;
}

/** Output fields that are facts from Qlik (and where it lives) rather than inputs. */
export type GroupFacts = Pick<
  GroupOutputs,
  "groupId" | "tenantId" | "status" | "createdAt" | "lastUpdatedAt" | "tenantOrigin"
>;

/** Facts about `group`, read from the tenant at `origin`. */
export function groupFacts(group: ApiGroup, origin: string | undefined): GroupFacts {
  return withoutUndefined({
    groupId: group.id,
    tenantId: group.tenantId,
    status: group.status,
    createdAt: group.createdAt,
    lastUpdatedAt: group.lastUpdatedAt,
    tenantOrigin: origin,
  });
}

/** The facts recorded in earlier outputs, for an update that does not read the group again. */
export function recordedFacts(olds: Partial<GroupOutputs>, id: string): GroupFacts {
  return withoutUndefined({
    groupId: olds.groupId ?? id,
    tenantId: olds.tenantId,
    status: olds.status,
    createdAt: olds.createdAt,
    lastUpdatedAt: olds.lastUpdatedAt,
    tenantOrigin: olds.tenantOrigin,
  });
}

/**
 * Outputs: Qlik's values of every field (`actual`), the program's normalized `inputs` over them (the managed
 * fields, as applied), the facts, and `managedInputs`. Plain JSON: nothing `undefined`.
 */
export function groupOutputs(
  actual: Partial<GroupValues>,
  inputs: GroupInputs,
  facts: GroupFacts,
  managed: readonly string[],
): GroupOutputs {
  return {
    ...withoutUndefined(actual),
    ...normalizeGroupInputs(inputs),
    ...withoutUndefined(facts),
    managedInputs: [...managed],
  } as GroupOutputs;
}

/**
 * What `read` reports for `group`, read from the tenant at `origin`: as props, Qlik's values of every field and
 * the facts; as inputs, for a refresh, the inputs the program set (recorded in `managedInputs`, or inferred from
 * outputs written before that) with Qlik's values, and for a lookup by id (`Group.get`), every field Qlik has,
 * all then recorded as managed.
 */
export function readGroup(
  props: Partial<GroupOutputs>,
  group: ApiGroup,
  origin: string | undefined,
): { props: GroupOutputs; inputs: GroupInputs } {
  const managed = isLookup(props) ? undefined : recordedManagedInputs(GROUP_INPUT_KEYS, props);
  const inputs = managed ? inputsFromApi(props, group, managed) : lookupInputsFromApi(props, group);
  const facts = groupFacts(group, origin);
  const outs = groupOutputs(groupValuesFromApi(group, props), inputs, facts, managed ?? groupManagedInputs(inputs));
  return { props: outs, inputs };
}

/** What a failed group POST means, judged from Qlik's error (status, code, title and detail). */
export type GroupCreateFailure = "conflict" | "groupLimit" | "autoCreateGroupsDisabled";

export function classifyCreateFailure(error: {
  status: number;
  qlikCode?: string;
  errors?: readonly { code?: string; title?: string; detail?: string }[];
}): GroupCreateFailure | undefined {
  const words = [error.qlikCode, ...(error.errors ?? []).flatMap((item) => [item.code, item.title, item.detail])]
    .filter((text): text is string => typeof text === "string")
    .join(" ")
    .toLowerCase();
  if (/autocreategroups|auto-create|auto create/.test(words)) return "autoCreateGroupsDisabled";
  if (/maximum (number )?of ([\d,.]+ )?(active )?groups|group limit|too many groups|10[,.]?000 groups/.test(words)) {
    return "groupLimit";
  }
  if (error.status === 409) return "conflict";
  return undefined;
}
