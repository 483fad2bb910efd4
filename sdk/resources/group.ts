import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

export type GroupProviderType = "idp" | "custom";

export interface GroupArgs {
  /** At most 256 characters, case-sensitive. Renaming an IdP group replaces it; a custom group is renamed in place. */
  name: pulumi.Input<string>;
  /** `idp` (default): a group from the identity provider, seeded ahead of logins. `custom`: managed in Qlik. */
  providerType?: pulumi.Input<GroupProviderType>;
  /** Custom groups only. */
  description?: pulumi.Input<string>;
  /** Role names (default or custom), compared as a set. */
  assignedRoles?: pulumi.Input<pulumi.Input<string>[]>;
  /** Take over a group with the same name and provider type instead of failing with a conflict. */
  adoptExisting?: pulumi.Input<boolean>;
  tenantUrl?: pulumi.Input<string>;
}

const outputs = [
  "groupId",
  "name",
  "providerType",
  "description",
  "assignedRoles",
  "status",
  "tenantId",
  "tenantUrl",
  "createdAt",
  "lastUpdatedAt",
] as const;

/**
 * A Qlik Cloud group. The resource id is the Qlik group id.
 *
 * Only the properties the program sets are managed: one left unset is never changed in Qlik, and a change made
 * to it in Qlik is no drift. The outputs report Qlik's actual value of every field either way, known once the
 * group exists.
 */
export class Group extends pulumi.CustomResource {
  /** The Qlik group id (also the resource id). */
  declare readonly groupId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly providerType: pulumi.Output<GroupProviderType>;
  /** `undefined` when Qlik has none (IdP groups never have one). */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Names of the roles assigned to the group (default or custom); `[]` when it has none. */
  declare readonly assignedRoles: pulumi.Output<string[]>;
  /** `active` or `disabled`, as Qlik reports it. */
  declare readonly status: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  /** The tenant the group lives in (its origin), resolved at creation: the `tenantUrl` input or the stack's default. */
  declare readonly tenantUrl: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly lastUpdatedAt: pulumi.Output<string>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("Group", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /** @deprecated Use `tenantUrl`, the one name every pulumi-qlik resource gives the tenant it lives in. */
  get tenantOrigin(): pulumi.Output<string> {
    return this.tenantUrl;
  }

  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Partial<GroupArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): Group {
    return new Group(name, { name: "", ...args } as GroupArgs, { ...opts, id });
  }
}
