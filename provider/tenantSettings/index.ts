/**
 * TenantSettings: the tenant's settings document (one per tenant), the TenantSettings kind (kind.ts) driven by
 * the shared engine over the provider host's connection.
 *
 * - create adopts the existing document (or creates it) and records the values it found for the managed fields;
 *   delete puts them back, and removes the document only if this resource created it.
 * - Only the settings set in the inputs are managed; dropping one from the inputs puts back the value found.
 */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { SettingsDocument } from "./api";
import { tenantSettingsKind } from "./kind";
import type { TenantSettingsInputs, TenantSettingsOutputs } from "./schema";

export const implementation = resourceOf<SettingsDocument, TenantSettingsInputs, TenantSettingsOutputs>(
  tenantSettingsKind,
  hostConnection,
);

export { tenantSettingsKind } from "./kind";
export { CONSENT_REQUIRED_MESSAGE } from "./schema";
export type {
  CrossRegionInference,
  CustomizeNoAccess,
  ReleaseCadence,
  StartPage,
  TenantSettingsInputs,
  TenantSettingsOutputs,
} from "./schema";
