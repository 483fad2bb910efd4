/**
 * The tenant itself (a singleton: always adopted, never deleted; delete puts back the values it found). Declared
 * without `tenantId`, so the program manages the tenant behind its configured URL; every value the Tenant kind
 * reads is declared.
 */
import { getTenantDocument } from "../../../provider/tenants/api";
import { tenantKind } from "../../../provider/tenants/kind";
import type { TenantDocument } from "../../../provider/tenants/schema";
import { importerOf, type KindImport } from "../declare";
import { readOne } from "./collections";

export const tenantImport: KindImport<TenantDocument> = {
  kind: "tenant",
  description: tenantKind,
  variable: "tenant",
  heading:
    "The tenant itself (adopted; removing it from the program puts back the values it had at adoption, and never deletes the tenant)",
  list: ({ client, progress }) =>
    readOne(progress, () => getTenantDocument(client), {
      what: "the tenant",
      reason: "GET /api/v1/tenants/me found no tenant",
    }),
  name: (doc) => ({ naturalKey: doc.id, candidates: ["tenant"], fallback: "tenant" }),
  describe: () => "the tenant",
  omit: () => ["tenantId"],
};

export const tenantImporter = importerOf(tenantImport);
