/**
 * Pure Tenant logic: the tenant document under input names, the PATCH (op `replace` only, the paths Qlik
 * allows), diff and outputs. No HTTP here.
 */
import type { TenantPatchSchema } from "@qlik/api/tenants";
import type { DiffResult } from "../resource";
import { isUnknown } from "../unknown";
import type { TenantDocument, TenantInputs, TenantOutputs, TenantStatus, TenantValues } from "./schema";
import { tenantUrlChanged } from "./tenantUrl";

export type TenantPatchOperation = TenantPatchSchema[number];
export type PatchableField = keyof TenantValues;

/** Input name → PATCH path, in the order operations are sent. */
export const PATCH_PATHS: Record<PatchableField, TenantPatchOperation["path"]> = {
  name: "/name",
  alias: "/hostnames/1",
  autoAssignCreateSharedSpacesRoleToProfessionals: "/autoAssignCreateSharedSpacesRoleToProfessionals",
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals:
    "/autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
  autoAssignDataServicesContributorRoleToProfessionals: "/autoAssignDataServicesContributorRoleToProfessionals",
  enableAppOpeningFeedback: "/enableAppOpeningFeedback",
};
export const PATCHABLE_FIELDS = Object.keys(PATCH_PATHS) as PatchableField[];

/** Hostnames are case-insensitive; everything else compares exactly. */
export function sameTenantValue(field: PatchableField, a: unknown, b: unknown): boolean {
  if (field === "alias" && typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/** The outputs for an observed tenant document (absent members left out). */
export function tenantOutputs(doc: TenantDocument, tenantUrl: string): TenantOutputs {
  const hostnames = doc.hostnames ?? [];
  const outs: TenantOutputs = { tenantId: doc.id, tenantUrl, name: doc.name, hostnames };
  const optional = {
    alias: hostnames[1],
    autoAssignCreateSharedSpacesRoleToProfessionals: doc.autoAssignCreateSharedSpacesRoleToProfessionals,
    autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals:
      doc.autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals,
    autoAssignDataServicesContributorRoleToProfessionals: doc.autoAssignDataServicesContributorRoleToProfessionals,
    enableAppOpeningFeedback: doc.enableAppOpeningFeedback,
    region: doc.region,
    datacenter: doc.datacenter,
    status: doc.status as TenantStatus | null | undefined,
    created: doc.created,
    lastUpdated: doc.lastUpdated,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined && value !== null) (outs as unknown as Record<string, unknown>)[key] = value;
  }
  return outs;
}

/** `replace` operations for the fields set in `wanted` that differ from `current`, and nothing else. */
export function tenantPatch(current: Partial<TenantValues>, wanted: Partial<TenantValues>): TenantPatchOperation[] {
  const ops: TenantPatchOperation[] = [];
  for (const field of PATCHABLE_FIELDS) {
    const value = wanted[field];
    if (value === undefined || sameTenantValue(field, current[field], value)) continue;
    ops.push({ op: "replace", path: PATCH_PATHS[field], value });
  }
  return ops;
}

/** Outputs after a PATCH (which answers 204, no body): the previous outputs with the sent values applied. */
export function applyTenantPatch(outs: TenantOutputs, wanted: Partial<TenantValues>): TenantOutputs {
  const next: TenantOutputs = { ...outs, hostnames: [...outs.hostnames] };
  for (const field of PATCHABLE_FIELDS) {
    const value = wanted[field];
    if (value === undefined) continue;
    (next as unknown as Record<string, unknown>)[field] = value;
    // The alias is the second hostname; a tenant always has its primary one first.
    if (field === "alias" && next.hostnames.length > 0) next.hostnames[1] = value as string;
  }
  return next;
}

/**
 * Diff without HTTP. Only fields set in the new inputs are managed and compared (an input left out leaves the
 * tenant's value alone). A different `tenantId` or tenant URL replaces the resource — cheap, since create
 * adopts and delete does nothing. Without a `tenantId` input the tenant stays the one behind the URL.
 */
export function diffTenant(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaultTenantUrl?: string,
): DiffResult {
  const replaces: string[] = [];
  const wantedId = news.tenantId;
  if (isUnknown(wantedId) || (typeof wantedId === "string" && wantedId !== olds.tenantId)) replaces.push("tenantId");
  if (tenantUrlChanged(olds.tenantUrl as string | undefined, news.tenantUrl, defaultTenantUrl))
    replaces.push("tenantUrl");
  const changed = PATCHABLE_FIELDS.some(
    (field) =>
      news[field] !== undefined && (isUnknown(news[field]) || !sameTenantValue(field, olds[field], news[field])),
  );
  return replaces.length > 0 ? { changes: true, replaces } : { changes: changed };
}

/** The patchable values of some inputs. */
export function wantedValues(inputs: TenantInputs): Partial<TenantValues> {
  const wanted: Partial<TenantValues> = {};
  for (const field of PATCHABLE_FIELDS) {
    if (inputs[field] !== undefined) (wanted as Record<string, unknown>)[field] = inputs[field];
  }
  return wanted;
}

/** Every Tenant input. */
const TENANT_INPUT_KEYS = ["tenantId", "tenantUrl", ...PATCHABLE_FIELDS] as const;

/** The names of the inputs a program set, for `managedInputs` in the outputs. */
export function managedInputsOf(inputs: TenantInputs): string[] {
  const given = inputs as Record<string, unknown>;
  return TENANT_INPUT_KEYS.filter((key) => given[key] !== undefined);
}

/**
 * What `read` reports as inputs: the observed values of the inputs the program set (`managed`, from the
 * outputs' `managedInputs`), so drift shows and nothing the program left out appears as an input. Without that
 * record (outputs from before it existed): every patchable value, the tenant id and origin.
 */
export function tenantInputsFromOutputs(outs: TenantOutputs, managed?: readonly string[]): TenantInputs {
  const keys = managed ?? TENANT_INPUT_KEYS;
  const values = outs as unknown as Record<string, unknown>;
  const inputs: Record<string, unknown> = {};
  for (const key of keys) if (values[key] !== undefined) inputs[key] = values[key];
  return inputs as TenantInputs;
}
