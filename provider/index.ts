/**
 * The entry the serialized shim requires inside Pulumi's dynamic-provider host
 * (`require("pulumi-qlik/provider")`): configuration, and one implementation per resource kind.
 */
import { configureFromStack } from "./context";
import type { ResourceImplementation, ResourceKind } from "./resource";
import { implementation as user } from "./users";
import { implementation as group } from "./groups";
import { implementation as tenantSettings } from "./tenantSettings";
import { implementation as tenant } from "./tenants";

const implementations: Record<ResourceKind, ResourceImplementation<never, never>> = {
  User: user as ResourceImplementation<never, never>,
  Group: group as ResourceImplementation<never, never>,
  TenantSettings: tenantSettings as ResourceImplementation<never, never>,
  Tenant: tenant as ResourceImplementation<never, never>,
};

export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

export function configure(request: ConfigureRequest): void {
  configureFromStack((key) => request.config.get(key));
}

export function resourceImplementation(kind: ResourceKind): ResourceImplementation<never, never> {
  const found = implementations[kind];
  if (!found) throw new Error(`pulumi-qlik has no resource kind "${kind}"; upgrade pulumi-qlik in this project.`);
  return found;
}

export { getTenantData, getTenantsData } from "./dataSources";
export type { ProviderSettings } from "./config";
export type { ResourceKind } from "./resource";
