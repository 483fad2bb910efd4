/**
 * What a program sees of pulumi-qlik's public types. Compiled by tests/package/package.test.ts inside a user
 * project against the packed package (and by `npm run typecheck` against the sources).
 */
import * as pulumi from "@pulumi/pulumi";
import * as qlik from "pulumi-qlik";

const user = new qlik.User("surface-user", { subject: "auth0|surface", email: "surface@example.com" });
const group = new qlik.Group("surface-group", { name: "Surface", providerType: "custom" });
const settings = new qlik.TenantSettings("surface-settings", { releaseCadence: "monthly" });
const tenant = qlik.Tenant.get("surface-tenant", "tenant-id");
const existing: qlik.User = qlik.User.get("surface-existing", "user-id");

export const outputs: pulumi.Output<string>[] = [user.userId, user.status, group.groupId, tenant.tenantId];
export const existingEmail: pulumi.Output<string | undefined> = existing.email;
export const settingsUrn: pulumi.Output<string> = settings.urn;

// Internal bookkeeping the provider keeps in state is not part of the public types.
// @ts-expect-error managedInputs is internal
export const internal = user.managedInputs;

export const region: pulumi.Output<string | undefined> = qlik.getTenantOutput().apply((t) => t.region);
export async function listed(): Promise<string[]> {
  const result: qlik.GetTenantsResult = await qlik.getTenants({ subscriptionId: "sub" });
  const first: qlik.OrganizationTenant | undefined = result.tenants[0];
  return first ? first.hostnames : [];
}
export const url: string = qlik.tenantUrlFromHostname("acme.eu.qlikcloud.com");
