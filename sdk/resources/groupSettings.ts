import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

export interface GroupSettingsArgs {
  /** Whether Qlik creates the groups an identity provider sends at login (needed to seed IdP groups ahead). */
  autoCreateGroups?: pulumi.Input<boolean>;
  /** Role names of the Everyone group (every user of the tenant), compared as a set. */
  everyoneAssignedRoles?: pulumi.Input<pulumi.Input<string>[]>;
  tenantUrl?: pulumi.Input<string>;
}

const outputs = ["autoCreateGroups", "everyoneAssignedRoles", "tenantId", "tenantUrl"] as const;

/**
 * The tenant's group settings (one per tenant). Creating it adopts the settings and records the values it found
 * for the settings it manages; deleting it puts those back — use `retainOnDelete: true` to keep the managed values
 * instead. The resource id is the tenant id.
 */
export class GroupSettings extends pulumi.CustomResource {
  declare readonly autoCreateGroups: pulumi.Output<boolean>;
  /** Role names of the Everyone group, as Qlik has them. */
  declare readonly everyoneAssignedRoles: pulumi.Output<string[]>;
  declare readonly tenantId: pulumi.Output<string>;
  /** The tenant the settings belong to (its origin), resolved at creation. */
  declare readonly tenantUrl: pulumi.Output<string>;

  constructor(name: string, args: GroupSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("GroupSettings", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /**
   * A read-only reference to a tenant's group settings by tenant id (pass `tenantUrl` for a tenant other than the
   * stack's default). Pulumi records it as external: destroying the stack leaves the settings alone.
   */
  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Pick<GroupSettingsArgs, "tenantUrl">,
    opts?: pulumi.CustomResourceOptions,
  ): GroupSettings {
    return new GroupSettings(name, { ...args }, { ...opts, id });
  }
}
