import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

export interface GroupMembersArgs {
  /** The id of a custom group (e.g. `group.groupId` of a Group with `providerType: "custom"`). A change replaces. */
  groupId: pulumi.Input<string>;
  /** Every member of the group: users not listed are removed from it. Compared as a set. */
  userIds: pulumi.Input<pulumi.Input<string>[]>;
  tenantUrl?: pulumi.Input<string>;
}

const outputs = ["groupId", "userIds", "groupName", "tenantId", "tenantUrl"] as const;

/**
 * The complete member list of one custom group. The resource id is the group id.
 *
 * Users not listed are removed from the group; deleting the resource removes the listed members (the group stays).
 * Each member added or removed is one users PATCH (`/assignedGroups`). IdP groups get their members from the
 * identity provider and cannot be managed. Do not combine with `User.customGroups` for the same group: the two
 * would undo each other's changes on every `pulumi up`.
 */
export class GroupMembers extends pulumi.CustomResource {
  declare readonly groupId: pulumi.Output<string>;
  /** The members' user ids, as Qlik has them. */
  declare readonly userIds: pulumi.Output<string[]>;
  declare readonly groupName: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string | undefined>;
  /** The tenant the group lives in (its origin), resolved at creation. */
  declare readonly tenantUrl: pulumi.Output<string>;

  constructor(name: string, args: GroupMembersArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("GroupMembers", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /** A read-only view of a custom group's members, by group id. */
  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Pick<GroupMembersArgs, "tenantUrl">,
    opts?: pulumi.CustomResourceOptions,
  ): GroupMembers {
    return new GroupMembers(name, { ...args } as GroupMembersArgs, { ...opts, id });
  }
}
