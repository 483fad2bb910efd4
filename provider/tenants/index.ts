/**
 * Tenant: the tenant behind a URL (or a given `tenantId`), adopted and patched. id = the tenant id.
 * Delete makes no API call: the tenant is left as it is.
 */
import { defaultTenantUrl, tenantClient } from "../context";
import { tenantImplementation } from "./implementation";

export const implementation = tenantImplementation({
  client: (tenantUrl) => tenantClient(tenantUrl),
  defaultTenantUrl,
});

export { tenantImplementation, type Connection } from "./implementation";
export type { TenantInputs, TenantOutputs, TenantStatus, TenantValues } from "./schema";
