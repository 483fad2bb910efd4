/**
 * The one name for the tenant an object lives in: the output `tenantUrl`, the tenant's origin as resolved when the
 * object was created or adopted (the input of the same name, when a program sets it, says which tenant to use;
 * without it the stack's default tenant is used, and recorded). Later reads, updates and deletes go there even if
 * the stack's default changes.
 *
 * pulumi-qlik 0.1.0 recorded that origin as `tenantOrigin` for User and Group (their `tenantUrl` output was the
 * input as written): `recordedTenantUrl` reads either, so stacks written then keep working.
 */
import { originOf } from "../tenants/tenantUrl";

export interface TenantRecord {
  tenantUrl?: unknown;
  /** pulumi-qlik 0.1.0 (User, Group): the resolved origin. */
  tenantOrigin?: unknown;
}

/** Where a recorded object lives: its resolved origin (or, for outputs older than that, the URL recorded). */
export function recordedTenantUrl(props: TenantRecord): string | undefined {
  const recorded = props.tenantOrigin ?? props.tenantUrl;
  return typeof recorded === "string" ? recorded : undefined;
}

/** Whether `url` names the stack's default tenant (compared as origins). */
export function isDefaultTenant(url: string | undefined, defaultTenantUrl: string | undefined): boolean {
  return url !== undefined && defaultTenantUrl !== undefined && originOf(url) === originOf(defaultTenantUrl);
}
