import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

export interface TenantArgs {
  /** Defaults to the tenant behind the URL (`GET /api/v1/tenants/me`). */
  tenantId?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  /** The tenant alias: `hostnames[1]`. */
  alias?: pulumi.Input<string>;
  autoAssignCreateSharedSpacesRoleToProfessionals?: pulumi.Input<boolean>;
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals?: pulumi.Input<boolean>;
  autoAssignDataServicesContributorRoleToProfessionals?: pulumi.Input<boolean>;
  enableAppOpeningFeedback?: pulumi.Input<boolean>;
  tenantUrl?: pulumi.Input<string>;
}

const outputs = [
  "tenantId",
  "name",
  "alias",
  "autoAssignCreateSharedSpacesRoleToProfessionals",
  "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
  "autoAssignDataServicesContributorRoleToProfessionals",
  "enableAppOpeningFeedback",
  "tenantUrl",
  "hostnames",
  "region",
  "datacenter",
  "status",
  "created",
  "lastUpdated",
] as const;

/**
 * The tenant itself. Creating it adopts the existing tenant, records the values it found for the fields it manages
 * and patches what differs; deleting it puts those values back, and never deletes the tenant (Qlik tenants are
 * created and deactivated elsewhere).
 */
export class Tenant extends pulumi.CustomResource {
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly alias: pulumi.Output<string | undefined>;
  declare readonly autoAssignCreateSharedSpacesRoleToProfessionals: pulumi.Output<boolean>;
  declare readonly autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: pulumi.Output<boolean>;
  declare readonly autoAssignDataServicesContributorRoleToProfessionals: pulumi.Output<boolean>;
  declare readonly enableAppOpeningFeedback: pulumi.Output<boolean>;
  /** The tenant URL the resource talks to, resolved at creation. */
  declare readonly tenantUrl: pulumi.Output<string>;
  declare readonly hostnames: pulumi.Output<string[]>;
  declare readonly region: pulumi.Output<string>;
  declare readonly datacenter: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly created: pulumi.Output<string>;
  declare readonly lastUpdated: pulumi.Output<string>;

  constructor(name: string, args: TenantArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("Tenant", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /** A read-only reference to a tenant by id (pass `tenantUrl` for a tenant other than the stack's default). */
  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Pick<TenantArgs, "tenantUrl">,
    opts?: pulumi.CustomResourceOptions,
  ): Tenant {
    return new Tenant(name, { ...args }, { ...opts, id });
  }
}
