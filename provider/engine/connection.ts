/**
 * How every resource kind reaches Qlik: one interface, injected into the engine. The provider host passes
 * `hostConnection` (the shared clients of provider/context.ts); unit tests pass fakes, so each kind's create,
 * update and recovery paths run without a server.
 */
import { defaultTenantUrl, tenantClient } from "../context";
import type { QlikClient } from "../http/types";
import { listRoles } from "../roles/api";
import { declareRoleName, declaredRoleNames, roleCatalog } from "../roles/catalog";

export interface Connection {
  /** A client for the tenant at `tenantUrl`, or at the stack's default tenant when it is undefined. */
  client(tenantUrl?: string): QlikClient;
  /** The stack's default tenant URL, if any; never throws (diff must not fail on configuration). */
  defaultTenantUrl(): string | undefined;
  /**
   * The names of the roles of the tenant at `tenantUrl` (default: the stack's), or `undefined` when the tenant
   * cannot be reached now; never throws (check must not fail on configuration). Absent: roles are not checked.
   */
  roleNames?(tenantUrl?: string): Promise<string[] | undefined>;
  /** Records that a Role of this deployment will have `name` in the tenant at `tenantUrl` (see roleNames). */
  declareRoleName?(tenantUrl: string | undefined, name: string): void;
}

export const hostConnection: Connection = {
  client: (tenantUrl) => tenantClient(tenantUrl),
  defaultTenantUrl,
  async roleNames(tenantUrl) {
    let client: QlikClient;
    try {
      client = tenantClient(tenantUrl);
    } catch {
      return undefined; // no tenant or credentials configured yet
    }
    const roles = await roleCatalog(client, listRoles);
    return roles && [...roles.map((role) => role.name), ...declaredRoleNames(client.origin)];
  },
  declareRoleName(tenantUrl, name) {
    try {
      declareRoleName(tenantClient(tenantUrl).origin, name);
    } catch {
      // No tenant or credentials yet: nothing is checked either.
    }
  },
};
