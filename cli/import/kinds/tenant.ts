/**
 * The tenant itself (a singleton: always adopted, never deleted). Declared without `tenantId`, so the program
 * manages the tenant behind its configured URL; every patchable value Qlik reports is declared.
 */
import { getTenantDocument } from "../../../provider/tenants/api";
import { PATCHABLE_FIELDS } from "../../../provider/tenants/logic";
import { tenantSchema, type TenantDocument } from "../../../provider/tenants/schema";
import { checkedInputs } from "../inputs";
import type { Declaration, ImportContext, KindImporter, KindResult } from "../types";

export function tenantCandidate(doc: TenantDocument): Record<string, unknown> {
  const observed: Record<string, unknown> = { ...doc, alias: doc.hostnames?.[1] };
  const candidate: Record<string, unknown> = {};
  for (const field of PATCHABLE_FIELDS) {
    if (observed[field] !== undefined && observed[field] !== null) candidate[field] = observed[field];
  }
  return candidate;
}

async function read({ client, progress }: ImportContext): Promise<KindResult> {
  progress.total(1);
  const doc = await getTenantDocument(client);
  progress.advance(1);
  if (doc === undefined)
    return { declarations: [], skipped: [{ what: "the tenant", reason: "GET /api/v1/tenants/me found no tenant" }] };
  const checked = checkedInputs(tenantSchema, tenantCandidate(doc), []);
  return {
    declarations: [
      {
        qlikId: doc.id,
        name: { naturalKey: doc.id, candidates: ["tenant"], fallback: "tenant" },
        args: (checked.inputs ?? {}) as Declaration["args"],
        notes: checked.notes,
      },
    ],
    skipped: [],
  };
}

export const tenantImporter: KindImporter = {
  kind: "tenant",
  className: "Tenant",
  variable: "tenant",
  singleton: true,
  heading: "The tenant itself (always adopted; removing it from the program leaves the tenant as it is)",
  read,
};
