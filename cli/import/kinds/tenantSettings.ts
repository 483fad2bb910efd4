/**
 * The tenant's settings document (a singleton: creating the resource adopts the document). A tenant without a
 * document is not declared: creating the resource would create one. Cross-region inference is declared only
 * when it is off: managing it while on needs `consentVerified: true`, an attestation only a person can make (the
 * TenantSettings check refuses it without).
 */
import { getDocument, type SettingsDocument } from "../../../provider/tenantSettings/api";
import { tenantSettingsKind } from "../../../provider/tenantSettings/kind";
import { importerOf, type KindImport } from "../declare";
import { readOne } from "./collections";

export const INFERENCE_ON_NOTE =
  "crossRegionInference not managed: it is on in Qlik, and managing it needs consentVerified: true, which attests " +
  "that you have the authority to enable it and accept its terms; add it yourself if that is so";

const NO_DOCUMENT =
  "the tenant has no settings document (Qlik's defaults apply); declaring TenantSettings would create one";

export const tenantSettingsImport: KindImport<SettingsDocument> = {
  kind: "tenant-settings",
  description: tenantSettingsKind,
  variable: "tenantSettings",
  heading: "The tenant's settings document (adopted; removing it from the program puts back the values it had)",
  list: ({ client, progress }) =>
    readOne(progress, () => getDocument(client), { what: "tenant settings", reason: NO_DOCUMENT }),
  name: (doc) => ({ naturalKey: doc.id, candidates: ["tenant-settings"], fallback: "tenant-settings" }),
  describe: () => "tenant settings",
  rejected: { crossRegionInference: () => INFERENCE_ON_NOTE },
};

export const tenantSettingsImporter = importerOf(tenantSettingsImport);
