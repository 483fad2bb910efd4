/**
 * The tenant's settings document (a singleton: creating the resource adopts the document). A tenant without a
 * document is not declared: creating the resource would create one. Cross-region inference is declared only
 * when it is off: managing it while on needs `consentVerified: true`, an attestation only a person can make.
 */
import { getDocument } from "../../../provider/tenantSettings/api";
import { observeDocument, type SettingsDocument } from "../../../provider/tenantSettings/logic";
import { tenantSettingsSchema } from "../../../provider/tenantSettings/schema";
import { checkedInputs } from "../inputs";
import type { Declaration, ImportContext, KindImporter, KindResult } from "../types";

export const INFERENCE_ON_NOTE =
  "crossRegionInference not managed: it is on in Qlik, and managing it needs consentVerified: true, which attests " +
  "that you have the authority to enable it and accept its terms; add it yourself if that is so";

export function settingsCandidate(doc: SettingsDocument): { candidate: Record<string, unknown>; notes: string[] } {
  const observed = observeDocument(doc);
  const candidate: Record<string, unknown> = { ...observed.values };
  if (!observed.inferenceEnabled)
    return { candidate: { ...candidate, crossRegionInference: { enabled: false } }, notes: [] };
  return { candidate, notes: [INFERENCE_ON_NOTE] };
}

async function read({ client, progress }: ImportContext): Promise<KindResult> {
  progress.total(1);
  const doc = await getDocument(client);
  progress.advance(1);
  if (doc === undefined) {
    return {
      declarations: [],
      skipped: [
        {
          what: "tenant settings",
          reason:
            "the tenant has no settings document (Qlik's defaults apply); declaring TenantSettings would create one",
        },
      ],
    };
  }
  const { candidate, notes } = settingsCandidate(doc);
  const checked = checkedInputs(tenantSettingsSchema, candidate, []);
  return {
    declarations: [
      {
        qlikId: doc.id,
        name: { naturalKey: doc.id, candidates: ["tenant-settings"], fallback: "tenant-settings" },
        args: (checked.inputs ?? {}) as Declaration["args"],
        notes: [...notes, ...checked.notes],
      },
    ],
    skipped: [],
  };
}

export const tenantSettingsImporter: KindImporter = {
  kind: "tenant-settings",
  className: "TenantSettings",
  variable: "tenantSettings",
  singleton: true,
  heading: "The tenant's settings document (adopted)",
  read,
};
