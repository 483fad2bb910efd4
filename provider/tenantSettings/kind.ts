/**
 * The TenantSettings kind: the tenant's settings document (one per tenant, a singleton). id = the document's `id`
 * (read follows it if it was re-created).
 *
 * Requests (GET Tier 1; the rest Tier 2):
 * - create: `GET /tenant-settings`; when the tenant has no document, `POST /tenant-settings` (with the start page
 *   or no-access page) or the inference toggle creates it; then one `PATCH` of the paths that differ (`add`,
 *   `replace`, `remove`) and `POST …/actions/toggle-cross-region-inference` if inference differs;
 * - read: `GET /tenant-settings`;
 * - update: one `PATCH` with exactly the changed paths, one toggle if inference changed; a field the program stops
 *   managing is put back as found at adoption;
 * - delete: when this resource created the document, `DELETE /tenant-settings`; otherwise `GET` and one `PATCH`
 *   (and a toggle) putting back the values found at adoption. Outputs written by 0.1.0 have no such record:
 *   delete then leaves the settings as they are.
 */
import type { Kind } from "../engine/kind";
import { jsonEqual, withoutUndefined } from "../patch";
import {
  deleteDocument,
  getDocument,
  patchDocument,
  postDocument,
  toggleInference,
  type SettingsDocument,
} from "./api";
import { MANAGED_FIELDS, START_PAGE_ROUTES, tenantSettingsSchema, type StartPage } from "./schema";

const TENANT_SETTINGS_INPUT_KEYS = [...MANAGED_FIELDS, "tenantUrl"] as const;

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
function compact(value: object | null | undefined): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined && item !== null));
}

const enabled = (value: unknown) => (value as { enabled?: unknown } | undefined)?.enabled === true;

export const tenantSettingsKind: Kind<SettingsDocument> = {
  name: "TenantSettings",
  noun: "tenant settings document",
  schema: tenantSettingsSchema,
  inputKeys: TENANT_SETTINGS_INPUT_KEYS,
  fields: [
    { name: "preferredStartPage", read: (doc) => startPageValue(doc.preferredStartPage), path: "/preferredStartPage" },
    {
      name: "customizeNoAccess",
      read: (doc) => compact(doc.customizeNoAccess),
      path: "/customizeNoAccess",
      members: true,
      equals: (a, b) => jsonEqual(compact(a as object), compact(b as object)),
      toApi: (value) => compact(value as object),
    },
    { name: "releaseCadence", read: (doc) => doc.releaseCadence ?? undefined, path: "/releaseCadence" },
    { name: "sessionReplayOptOut", read: (doc) => doc.sessionReplayOptOut ?? undefined, path: "/sessionReplayOptOut" },
    {
      name: "crossRegionInference",
      // A document without the flag has Qlik's default: off.
      read: (doc) => ({ enabled: doc.crossRegionDataProcessing === true }),
      // `consentVerified` is the program's attestation, not a setting: Qlik's value, with the program's attestation.
      spelledAs: (actual, written) => {
        const consent = (written as { consentVerified?: boolean }).consentVerified;
        return consent === undefined ? actual : { ...(actual as object), consentVerified: consent };
      },
      // Only `enabled` is a setting; absent reads as off, Qlik's default.
      equals: (a, b) => enabled(a) === enabled(b),
      relevant: (value) => (value as { enabled?: unknown } | undefined)?.enabled,
    },
  ],
  actions: [
    {
      field: "crossRegionInference",
      // Putting back an enabled flag found at adoption repeats the consent given when it was first enabled.
      write: (client, value) => toggleInference(client, enabled(value)),
    },
  ],
  idOutput: "tenantId",
  idOf: (doc) => doc.id,
  idInPath: false,
  patchStyle: "rfc6902",
  facts: (doc) =>
    withoutUndefined({
      tenantId: doc.tenantId,
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
      createdBy: doc.createdBy ?? undefined,
      updatedBy: doc.updatedBy ?? undefined,
    }),
  // One document per tenant: two resources must not own the same one, even for a moment.
  deleteBeforeReplace: () => true,
  lifecycle: {
    type: "singleton",
    /**
     * The tenant's document, or a new one: POST takes only the start page and the no-access page; without them
     * the inference toggle creates the document, with the wanted value or Qlik's default (off).
     */
    async adopt(client, desired) {
      const doc = await getDocument(client);
      if (doc) return { doc, created: false };
      const body = withoutUndefined({
        preferredStartPage: desired.preferredStartPage as StartPage | undefined,
        customizeNoAccess: compact(desired.customizeNoAccess as object | undefined),
      });
      const created =
        Object.keys(body).length > 0
          ? await postDocument(client, body)
          : await toggleInference(client, enabled(desired.crossRegionInference));
      return { doc: created, created: true };
    },
    remove: deleteDocument,
  },
  read: (client) => getDocument(client),
  async patch(client, _id, operations) {
    const doc = await patchDocument(client, operations);
    return doc ? { doc } : "gone";
  },
};
