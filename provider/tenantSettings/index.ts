/**
 * TenantSettings: the tenant's settings document (one per tenant).
 *
 * - id: the settings document's `id` (Qlik uses one document per tenant; read follows it if it was re-created).
 * - create adopts the existing document; delete removes it, restoring Qlik's defaults. The `retainOnDelete`
 *   resource option keeps the settings when the resource leaves the stack.
 * - Only the settings set in the inputs are managed; dropping one from the inputs returns it to Qlik's default
 *   (a `remove` in the PATCH; for cross-region inference, a toggle to off).
 */
import { defaultTenantUrl, tenantClient } from "../context";
import { tenantSettingsImplementation } from "./implementation";

export const implementation = tenantSettingsImplementation({
  client: (tenantUrl) => tenantClient(tenantUrl),
  defaultTenantUrl,
});

export { tenantSettingsImplementation, type Connection } from "./implementation";
export { CONSENT_REQUIRED_MESSAGE } from "./schema";
export type {
  CrossRegionInference,
  CustomizeNoAccess,
  ReleaseCadence,
  StartPage,
  TenantSettingsInputs,
  TenantSettingsOutputs,
} from "./schema";
