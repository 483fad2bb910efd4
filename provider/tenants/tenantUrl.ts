/**
 * `tenantUrl` handling shared by the tenant-scoped resources (Tenant, TenantSettings): validation for `check`,
 * and the comparison `diff` makes to decide whether a resource moved to another tenant (which replaces it).
 * Outputs always carry the resolved origin, so read/update/delete keep talking to the tenant the object lives
 * in even if the stack's default `qlik:tenantUrl` changes later.
 */
import { z } from "zod";
import { normalizeOrigin } from "../http";
import { isUnknown } from "../unknown";

/** The reason a tenant URL is unusable, or undefined when it is fine. */
export function tenantUrlProblem(value: string): string | undefined {
  try {
    normalizeOrigin(value, "tenantUrl");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export const tenantUrlSchema = z
  .string({ error: "must be a URL string such as https://your-tenant.eu.qlikcloud.com" })
  .superRefine((value, ctx) => {
    const problem = tenantUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The canonical origin of a URL, or undefined when it cannot be parsed (never throws). */
export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return normalizeOrigin(url, "tenantUrl");
  } catch {
    return undefined;
  }
}

/**
 * Whether the tenant changes: the new input (or, without one, the stack's default tenant URL) against the origin
 * recorded in the old outputs. An unknown URL during preview counts as a change; when nothing is known about
 * the new tenant (no input, no default) or the old outputs predate the origin, it does not.
 */
export function tenantUrlChanged(
  oldOrigin: string | undefined,
  newUrl: unknown,
  defaultTenantUrl: string | undefined,
): boolean {
  if (isUnknown(newUrl)) return true;
  const wanted = typeof newUrl === "string" ? newUrl : defaultTenantUrl;
  if (wanted === undefined || oldOrigin === undefined) return false;
  return (originOf(wanted) ?? wanted) !== (originOf(oldOrigin) ?? oldOrigin);
}
