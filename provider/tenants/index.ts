/**
 * Tenant: the tenant behind a URL (or a given `tenantId`), adopted and patched; the Tenant kind (kind.ts) driven
 * by the shared engine over the provider host's connection. id = the tenant id. Delete puts back the values found
 * at adoption; the tenant itself is never deleted.
 */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { TenantDocument } from "./schema";
import { tenantKind } from "./kind";
import type { TenantInputs, TenantOutputs } from "./schema";

export const implementation = resourceOf<TenantDocument, TenantInputs, TenantOutputs>(tenantKind, hostConnection);

export { tenantKind } from "./kind";
export type { TenantInputs, TenantOutputs, TenantStatus, TenantValues } from "./schema";
