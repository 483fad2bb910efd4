/**
 * The tenant-settings endpoints pulumi-qlik calls (GET Tier 1; POST, PATCH, DELETE and the toggle Tier 2). The cross-region inference flag is only ever set through
 * `toggle-cross-region-inference`; the deprecated `toggle-cross-region-data-processing` is never called.
 */
import { z } from "zod";
import type { QlikClient } from "../http/types";
import type { PatchOperation } from "../patch";

/** The settings document as the API returns it (see `documentSchema`); nulls are treated as absent. */
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

export const SETTINGS_PATH = "/api/v1/tenant-settings";
export const TOGGLE_INFERENCE_PATH = "/api/v1/tenant-settings/actions/toggle-cross-region-inference";
/** Sent (as "true") when enabling inference: the caller confirms authority and accepts the feature's terms. */
export const CONSENT_HEADER = "x-qlik-consent-verified";

const optionalString = z.string().nullish();

/** Lenient on purpose: values Qlik may add later (a new cadence or start page) must not break refresh. */
export const documentSchema: z.ZodType<SettingsDocument> = z.object({
  id: z.string(),
  tenantId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: optionalString,
  updatedBy: optionalString,
  releaseCadence: optionalString,
  customizeNoAccess: z
    .object({ linkEnabled: z.boolean(), linkLabel: optionalString, linkUrl: optionalString, message: optionalString })
    .nullish(),
  preferredStartPage: z.union([z.string(), z.object({ route: optionalString, value: optionalString })]).nullish(),
  sessionReplayOptOut: z.boolean().nullish(),
  crossRegionDataProcessing: z.boolean().nullish(),
});

/** The tenant's settings document, or undefined when it has none (404). */
export async function getDocument(client: QlikClient): Promise<SettingsDocument | undefined> {
  const response = await client.request({
    method: "GET",
    path: SETTINGS_PATH,
    schema: documentSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? undefined : response.body;
}

export async function postDocument(
  client: QlikClient,
  body: { preferredStartPage?: string; customizeNoAccess?: object },
): Promise<SettingsDocument> {
  const response = await client.request({
    method: "POST",
    path: SETTINGS_PATH,
    body,
    schema: documentSchema,
    // The document did not exist a moment ago, so finding one means our POST landed.
    recover: () => getDocument(client),
  });
  return response.body;
}

/** PATCH answers 200 with the whole document; a 204 without a body is followed by a GET. Undefined: 404. */
export async function patchDocument(client: QlikClient, ops: PatchOperation[]): Promise<SettingsDocument | undefined> {
  const response = await client.request({
    method: "PATCH",
    path: SETTINGS_PATH,
    body: ops,
    schema: documentSchema,
    allowStatus: [404],
  });
  if (response.status === 404) return undefined;
  return response.body ?? (await getDocument(client));
}

/** Creates the document when there is none; enabling carries the consent header. */
export async function toggleInference(client: QlikClient, enabled: boolean): Promise<SettingsDocument> {
  const response = await client.request({
    method: "POST",
    path: TOGGLE_INFERENCE_PATH,
    body: { value: enabled },
    headers: enabled ? { [CONSENT_HEADER]: "true" } : undefined,
    schema: documentSchema,
    // Setting a flag is idempotent: if the document already shows the value, the first attempt landed.
    recover: async () => {
      const doc = await getDocument(client);
      return doc && (doc.crossRegionDataProcessing === true) === enabled ? doc : undefined;
    },
  });
  return response.body;
}

/** Deleting settings that are already gone is done. */
export async function deleteDocument(client: QlikClient): Promise<void> {
  await client.request({ method: "DELETE", path: SETTINGS_PATH, allowStatus: [404] });
}
