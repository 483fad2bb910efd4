/**
 * Pure TenantSettings logic: reading Qlik's document into input-shaped values, the RFC 6902 patch that turns
 * one set of values into another, diff, and outputs. No HTTP here.
 */
import { escapePointerSegment, jsonEqual } from "../patch";
import type { DiffResult } from "../resource";
import { containsUnknown, isUnknown } from "../unknown";
import { originOf, tenantUrlChanged } from "../tenants/tenantUrl";
import {
  DOCUMENT_FIELDS,
  MANAGED_FIELDS,
  START_PAGE_ROUTES,
  type CustomizeNoAccess,
  type DocumentField,
  type ReleaseCadence,
  type SettingsValues,
  type StartPage,
  type TenantSettingsOutputs,
} from "./schema";

export type ManagedField = (typeof MANAGED_FIELDS)[number];
export type DocumentValues = Pick<SettingsValues, DocumentField>;

/** One RFC 6902 operation as sent to `PATCH /api/v1/tenant-settings`. */
export type PatchOperation = { op: "add" | "replace"; path: string; value: unknown } | { op: "remove"; path: string };

/** The settings document as the API returns it (see `documentSchema` in api.ts); nulls are treated as absent. */
export interface SettingsDocument {
  id: string;
  tenantId: string;
  createdAt: string;
  updatedAt: string;
  createdBy?: string | null;
  updatedBy?: string | null;
  releaseCadence?: string | null;
  customizeNoAccess?: {
    linkEnabled: boolean;
    linkLabel?: string | null;
    linkUrl?: string | null;
    message?: string | null;
  } | null;
  preferredStartPage?: string | { route?: string | null; value?: string | null } | null;
  sessionReplayOptOut?: boolean | null;
  /** Qlik's name for the cross-region inference flag (set only through the toggle action). */
  crossRegionDataProcessing?: boolean | null;
}

export interface ObservedSettings {
  values: DocumentValues;
  /** `crossRegionDataProcessing`; absent means Qlik's default, off. */
  inferenceEnabled: boolean;
  /** Whether the document carries the inference flag at all. */
  inferenceReported: boolean;
  meta: Pick<TenantSettingsOutputs, "tenantId" | "createdAt" | "updatedAt" | "createdBy" | "updatedBy"> & {
    id: string;
  };
}

/** `{route, value}` → `value`; a plain string stays as it is; a route alone is mapped back to its value. */
export function startPageValue(raw: SettingsDocument["preferredStartPage"]): StartPage | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === "string") return raw as StartPage;
  if (typeof raw.value === "string") return raw.value as StartPage;
  if (typeof raw.route === "string") {
    const found = Object.entries(START_PAGE_ROUTES).find(([, route]) => route === raw.route);
    return found?.[0] as StartPage | undefined;
  }
  return undefined;
}

/** Drops undefined and null members, so values compare and serialize as plain JSON. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

export function observeDocument(doc: SettingsDocument): ObservedSettings {
  const values: DocumentValues = compact({
    preferredStartPage: startPageValue(doc.preferredStartPage),
    customizeNoAccess: doc.customizeNoAccess ? (compact({ ...doc.customizeNoAccess }) as CustomizeNoAccess) : undefined,
    releaseCadence: (doc.releaseCadence ?? undefined) as ReleaseCadence | undefined,
    sessionReplayOptOut: doc.sessionReplayOptOut ?? undefined,
  });
  return {
    values,
    inferenceEnabled: doc.crossRegionDataProcessing === true,
    inferenceReported: typeof doc.crossRegionDataProcessing === "boolean",
    meta: compact({
      id: doc.id,
      tenantId: doc.tenantId,
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
      createdBy: doc.createdBy ?? undefined,
      updatedBy: doc.updatedBy ?? undefined,
    }),
  };
}

function pointer(...segments: string[]): string {
  return "/" + segments.map(escapePointerSegment).join("/");
}

/**
 * The operations that turn the document values `from` into `to` for the given fields, and nothing else:
 * `add` for a member the document lacks, `replace` for one that differs, `remove` for one no longer wanted.
 * `customizeNoAccess` is patched member by member when it exists on both sides.
 */
export function documentPatch(
  from: DocumentValues,
  to: DocumentValues,
  fields: readonly DocumentField[] = DOCUMENT_FIELDS,
): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const field of DOCUMENT_FIELDS) {
    if (!fields.includes(field)) continue;
    const before = from[field];
    const after = to[field];
    if (jsonEqual(before, after)) continue;
    if (after === undefined) {
      ops.push({ op: "remove", path: pointer(field) });
    } else if (before === undefined) {
      ops.push({ op: "add", path: pointer(field), value: after });
    } else if (field === "customizeNoAccess") {
      ops.push(...memberPatch(field, before as CustomizeNoAccess, after as CustomizeNoAccess));
    } else {
      ops.push({ op: "replace", path: pointer(field), value: after });
    }
  }
  return ops;
}

function memberPatch(field: string, before: object, after: object): PatchOperation[] {
  const b = compact(before) as Record<string, unknown>;
  const a = compact(after) as Record<string, unknown>;
  const ops: PatchOperation[] = [];
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (jsonEqual(b[key], a[key])) continue;
    if (a[key] === undefined) ops.push({ op: "remove", path: pointer(field, key) });
    else if (b[key] === undefined) ops.push({ op: "add", path: pointer(field, key), value: a[key] });
    else ops.push({ op: "replace", path: pointer(field, key), value: a[key] });
  }
  return ops;
}

/** The document fields set in some inputs or outputs. */
export function documentFieldsIn(values: object): DocumentField[] {
  const record = values as Record<string, unknown>;
  return DOCUMENT_FIELDS.filter((field) => record[field] !== undefined);
}

/** Every managed field (document fields and `crossRegionInference`) set in some inputs or outputs. */
export function managedFieldsIn(values: object): ManagedField[] {
  const record = values as Record<string, unknown>;
  return MANAGED_FIELDS.filter((field) => record[field] !== undefined);
}

export function documentValuesOf(values: SettingsValues): DocumentValues {
  return compact({
    preferredStartPage: values.preferredStartPage,
    customizeNoAccess: values.customizeNoAccess ? compact({ ...values.customizeNoAccess }) : undefined,
    releaseCadence: values.releaseCadence,
    sessionReplayOptOut: values.sessionReplayOptOut,
  });
}

/**
 * Diff without HTTP. Old outputs hold the managed settings as last observed; a field that is set now, was
 * managed before, or is not yet known (preview) is compared. `consentVerified` alone is not a change: it only
 * matters at the moment inference is switched on. A different tenant replaces the resource, deleting the old
 * settings first (one document per tenant: two resources must not own the same one, even for a moment).
 */
export function diffTenantSettings(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaultTenantUrl?: string,
): DiffResult {
  const replaces = tenantUrlChanged(olds.tenantUrl as string | undefined, news.tenantUrl, defaultTenantUrl)
    ? ["tenantUrl"]
    : [];
  const changed = DOCUMENT_FIELDS.filter(
    (field) => containsUnknown(news[field]) || !jsonEqual(olds[field], news[field]),
  );
  const changes =
    replaces.length > 0 || changed.length > 0 || inferenceChanged(olds.crossRegionInference, news.crossRegionInference);
  return replaces.length > 0 ? { changes, replaces, deleteBeforeReplace: true } : { changes };
}

function inferenceChanged(old: unknown, wanted: unknown): boolean {
  if (isUnknown(wanted)) return true;
  if (wanted === undefined || old === undefined) return wanted !== old;
  const enabled = (wanted as Record<string, unknown>).enabled;
  return isUnknown(enabled) || enabled !== (old as Record<string, unknown>).enabled;
}

/**
 * Outputs for the given managed fields from an observed document. Fields the document does not report are left
 * out, so the next diff shows them as missing (drift) rather than pretending they are set.
 */
export function settingsOutputs(
  observed: ObservedSettings,
  managed: readonly ManagedField[],
  tenantUrl: string,
  consentVerified: boolean | undefined,
): TenantSettingsOutputs {
  const outs: TenantSettingsOutputs = {
    tenantUrl,
    tenantId: observed.meta.tenantId,
    createdAt: observed.meta.createdAt,
    updatedAt: observed.meta.updatedAt,
    ...(observed.meta.createdBy !== undefined && { createdBy: observed.meta.createdBy }),
    ...(observed.meta.updatedBy !== undefined && { updatedBy: observed.meta.updatedBy }),
  };
  for (const field of DOCUMENT_FIELDS) {
    const value = observed.values[field];
    if (managed.includes(field) && value !== undefined) (outs as unknown as Record<string, unknown>)[field] = value;
  }
  if (managed.includes("crossRegionInference")) {
    outs.crossRegionInference = {
      enabled: observed.inferenceEnabled,
      ...(consentVerified !== undefined && { consentVerified }),
    };
  }
  return outs;
}

/**
 * What `read` reports as the resource's inputs: the managed settings as observed, and the tenant unless it is the
 * stack's default. A read sees the old outputs only, never the old inputs; the outputs always carry the resolved
 * tenant, but a program relying on the default tenant has no `tenantUrl` input, and reporting one would record an
 * input it never set (which the engine then shows as `-tenantUrl` in the diff of the next update).
 */
export function inputsFromOutputs(outs: TenantSettingsOutputs, defaultTenantUrl?: string): Record<string, unknown> {
  const isDefault = defaultTenantUrl !== undefined && originOf(defaultTenantUrl) === originOf(outs.tenantUrl);
  const inputs: Record<string, unknown> = isDefault ? {} : { tenantUrl: outs.tenantUrl };
  for (const field of MANAGED_FIELDS) if (outs[field] !== undefined) inputs[field] = outs[field];
  return inputs;
}

/** The fields read manages when the old outputs name none (a `Resource.get` lookup): everything the document has. */
export function fieldsReported(observed: ObservedSettings): ManagedField[] {
  const fields: ManagedField[] = documentFieldsIn(observed.values);
  if (observed.inferenceReported) fields.push("crossRegionInference");
  return fields;
}

/** The body of `POST /api/v1/tenant-settings`, which accepts only these two fields; undefined if neither is set. */
export function createBody(
  values: SettingsValues,
): { preferredStartPage?: StartPage; customizeNoAccess?: CustomizeNoAccess } | undefined {
  const body = compact({
    preferredStartPage: values.preferredStartPage,
    customizeNoAccess: values.customizeNoAccess ? compact({ ...values.customizeNoAccess }) : undefined,
  });
  return Object.keys(body).length > 0 ? body : undefined;
}
