/**
 * `/api/v1/tenant-settings`: one document per tenant. GET/PATCH/DELETE answer 404 until POST or the
 * cross-region-inference toggle creates it. PATCH is RFC 6902 on the stored document, in which
 * `preferredStartPage` is the plain value string (responses render it as `{route, value}`).
 *
 * Cross-region inference lives in the field `crossRegionDataProcessing` (Qlik kept the old name in the
 * document when it renamed the toggle). It is changed only through
 * `POST /actions/toggle-cross-region-inference`; enabling needs the header `x-qlik-consent-verified: true`.
 */
import { z } from "zod";
import { ApiError } from "../core/errors";
import { newObjectId } from "../core/ids";
import { applyJsonPatch, JsonPatchError, parsePointer, type JsonValue, type PatchOperation } from "../core/json-patch";
import { noContent, ok, storeOf, type RouteContext, type RouteDefinition, type RouteResult } from "../http/route";
import { START_PAGES } from "../seed/schema";
import { START_PAGE_ROUTES, type TenantSettingsRecord } from "../state/records";
import { renderTenantSettings } from "../state/render";
import type { TenantStore } from "../state/tenant-store";
import { issueToError, validateBody } from "./validation";

export const CONSENT_HEADER = "x-qlik-consent-verified";
export const CROSS_REGION_FIELD = "crossRegionDataProcessing";

const READ_ONLY_FIELDS = new Set(["id", "tenantId", "createdAt", "createdBy", "updatedAt", "updatedBy"]);

const customizeNoAccessSchema = z.strictObject({
  linkEnabled: z.boolean({ error: "customizeNoAccess.linkEnabled is required and must be a boolean" }),
  linkLabel: z.string().optional(),
  linkUrl: z.string().optional(),
  message: z.string().optional(),
});
const startPageSchema = z.enum(START_PAGES, { error: `preferredStartPage must be one of ${START_PAGES.join(", ")}` });

function settingsNotFound(): ApiError {
  return new ApiError(404, { title: "Tenant settings for this tenant do not exist." });
}

function existingSettings(store: TenantStore): TenantSettingsRecord {
  if (!store.tenantSettings) throw settingsNotFound();
  return store.tenantSettings;
}

function callerUserId(ctx: RouteContext): string {
  const subject = ctx.principal?.subject;
  return (subject !== undefined ? storeOf(ctx).userBySubject(subject)?.id : undefined) ?? ctx.principal?.id ?? "";
}

function newSettings(ctx: RouteContext): TenantSettingsRecord {
  const store = storeOf(ctx);
  const userId = callerUserId(ctx);
  return {
    id: newObjectId(),
    tenantId: store.tenant.id,
    createdAt: ctx.now,
    createdBy: userId,
    updatedAt: ctx.now,
    updatedBy: userId,
  };
}

const createSchema = z.strictObject({
  customizeNoAccess: customizeNoAccessSchema.optional(),
  preferredStartPage: startPageSchema.optional(),
});

function createSettings(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const body = validateBody(createSchema, ctx.body, "tenant settings");
  if (body.customizeNoAccess === undefined && body.preferredStartPage === undefined) {
    throw new ApiError(400, { detail: "At least one of preferredStartPage or customizeNoAccess must be provided." });
  }
  if (store.tenantSettings) {
    throw new ApiError(409, { title: "Tenant settings already exist for this tenant; use PATCH to change them." });
  }
  const settings: TenantSettingsRecord = { ...newSettings(ctx) };
  if (body.customizeNoAccess) settings.customizeNoAccess = body.customizeNoAccess;
  if (body.preferredStartPage) settings.preferredStartPage = body.preferredStartPage;
  store.tenantSettings = settings;
  return ok(renderTenantSettings(settings), 201);
}

const patchOperationSchema = z.union(
  [
    z.strictObject({
      op: z.enum(["add", "replace", "test"]),
      path: z.string(),
      value: z.unknown().refine((v) => v !== undefined, "value is required"),
    }),
    z.strictObject({ op: z.literal("remove"), path: z.string() }),
    z.strictObject({ op: z.enum(["move", "copy"]), from: z.string(), path: z.string() }),
  ],
  {
    error:
      'each operation must be {op: "add"|"replace"|"test", path, value}, {op: "remove", path} or {op: "move"|"copy", from, path}',
  },
);

/** Top-level field a JSON Pointer starts in ("" for the whole document). */
function topField(pointer: string, index: number): string {
  try {
    return parsePointer(pointer)[0] ?? "";
  } catch (error) {
    throw new ApiError(400, { detail: `operation ${index}: ${(error as Error).message}` });
  }
}

/** The document as it may look after a patch; values are normalized (start page object → value string). */
const patchedDocumentSchema = z.strictObject({
  id: z.string(),
  tenantId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().optional(),
  releaseCadence: z
    .enum(["monthly", "continuous"], { error: 'releaseCadence must be "monthly" or "continuous"' })
    .optional(),
  customizeNoAccess: customizeNoAccessSchema.optional(),
  preferredStartPage: z
    .union([startPageSchema, z.strictObject({ route: z.string(), value: startPageSchema })])
    .refine(
      (v) => typeof v === "string" || START_PAGE_ROUTES[v.value] === v.route,
      "preferredStartPage route does not match its value",
    )
    .transform((v) => (typeof v === "string" ? v : v.value))
    .optional(),
  sessionReplayOptOut: z.boolean({ error: "sessionReplayOptOut must be a boolean" }).optional(),
  crossRegionDataProcessing: z.boolean().optional(),
});

function patchSettings(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const current = existingSettings(store);
  if (!Array.isArray(ctx.body) || ctx.body.length === 0) {
    throw new ApiError(400, { detail: "The body must be a non-empty JSON Patch array." });
  }
  const operations = ctx.body.map((raw: unknown, index: number): PatchOperation => {
    const parsed = patchOperationSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, issueToError(parsed.error.issues[0], [index]));
    const operation = parsed.data as PatchOperation;
    const touched = [
      operation.path,
      ...(operation.from !== undefined && operation.op === "move" ? [operation.from] : []),
    ];
    for (const pointer of touched) {
      const field = topField(pointer, index);
      if (operation.op === "test") continue;
      if (READ_ONLY_FIELDS.has(field) || field === "") {
        throw new ApiError(400, { detail: `operation ${index}: "${pointer}" is read-only.` });
      }
      if (field === CROSS_REGION_FIELD) {
        throw new ApiError(400, {
          detail: `operation ${index}: ${CROSS_REGION_FIELD} can only be changed with POST /api/v1/tenant-settings/actions/toggle-cross-region-inference.`,
        });
      }
    }
    return operation;
  });
  let patched: Record<string, JsonValue>;
  try {
    patched = applyJsonPatch(structuredClone(current) as unknown as Record<string, JsonValue>, operations);
  } catch (error) {
    if (error instanceof JsonPatchError) {
      throw new ApiError(error.testFailed ? 409 : 400, { detail: error.message });
    }
    throw error;
  }
  const checked = patchedDocumentSchema.safeParse(patched);
  if (!checked.success) throw new ApiError(400, issueToError(checked.error.issues[0]));
  const next: TenantSettingsRecord = { ...checked.data, updatedAt: ctx.now, updatedBy: callerUserId(ctx) };
  store.tenantSettings = next;
  return ok(renderTenantSettings(next));
}

const toggleSchema = z.strictObject({ value: z.boolean({ error: "value is required and must be a boolean" }) });

function toggleCrossRegionInference(ctx: RouteContext): RouteResult {
  const store = storeOf(ctx);
  const body = validateBody(toggleSchema, ctx.body, "{value: boolean}");
  const consent = ctx.headers[CONSENT_HEADER];
  if (body.value && (typeof consent !== "string" || consent.trim().toLowerCase() !== "true")) {
    throw new ApiError(400, {
      title: "Consent required",
      detail: `Enabling cross-region inference requires the header "${CONSENT_HEADER}: true", confirming that you have the authority to enable this feature and accept its terms.`,
    });
  }
  const settings: TenantSettingsRecord = store.tenantSettings ? { ...store.tenantSettings } : newSettings(ctx);
  settings.crossRegionDataProcessing = body.value;
  settings.updatedAt = ctx.now;
  settings.updatedBy = callerUserId(ctx);
  store.tenantSettings = settings;
  return ok(renderTenantSettings(settings));
}

export const tenantSettingsRoutes: RouteDefinition[] = [
  {
    method: "GET",
    path: "/api/v1/tenant-settings",
    tier: "tier1",
    family: "tenantSettings",
    handle: (ctx) => ok(renderTenantSettings(existingSettings(storeOf(ctx)))),
  },
  {
    method: "POST",
    path: "/api/v1/tenant-settings",
    tier: "tier2",
    family: "tenantSettingsCreate",
    handle: createSettings,
  },
  { method: "PATCH", path: "/api/v1/tenant-settings", tier: "tier2", family: "tenantSettings", handle: patchSettings },
  {
    method: "DELETE",
    path: "/api/v1/tenant-settings",
    tier: "tier2",
    family: "tenantSettings",
    handle: (ctx) => {
      const store = storeOf(ctx);
      existingSettings(store);
      store.tenantSettings = undefined;
      return noContent();
    },
  },
  {
    method: "POST",
    path: "/api/v1/tenant-settings/actions/toggle-cross-region-inference",
    tier: "tier2",
    family: "tenantSettings",
    handle: toggleCrossRegionInference,
  },
  {
    method: "POST",
    path: "/api/v1/tenant-settings/actions/toggle-cross-region-data-processing",
    tier: "tier2",
    family: "tenantSettings",
    handle: () => {
      throw new ApiError(410, {
        title: "Gone",
        detail:
          "toggle-cross-region-data-processing was deprecated and has been removed; use POST /api/v1/tenant-settings/actions/toggle-cross-region-inference.",
      });
    },
  },
  {
    method: "GET",
    path: "/api/v1/tenant-settings/start-pages",
    tier: "tier1",
    family: "tenantSettings",
    handle: () =>
      ok({
        values: (["analytics-hub", "analytics-creation-hub", "data-integration-hub"] as const).map((value) => ({
          route: START_PAGE_ROUTES[value],
          value,
        })),
        defaultValue: "analytics-hub",
      }),
  },
];
