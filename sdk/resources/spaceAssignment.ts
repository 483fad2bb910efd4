import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

/**
 * Space roles. Which a space accepts depends on its type — shared: codeveloper, consumer, dataconsumer,
 * facilitator, producer; managed: basicconsumer, consumer, contributor, dataconsumer, facilitator, publisher;
 * data: consumer, dataconsumer, datapreview, facilitator, operator, producer, publisher.
 */
export type SpaceRole =
  | "basicconsumer"
  | "codeveloper"
  | "consumer"
  | "contributor"
  | "dataconsumer"
  | "datapreview"
  | "facilitator"
  | "operator"
  | "producer"
  | "publisher";

export interface SpaceAssignmentArgs {
  /** The space (e.g. a `Space`'s `id`). A change replaces the assignment. */
  spaceId: pulumi.Input<string>;
  /** The Qlik id of the user or group. A change replaces the assignment. */
  assigneeId: pulumi.Input<string>;
  /** `user` or `group`: what `assigneeId` is. A change replaces the assignment. */
  type: pulumi.Input<"user" | "group">;
  /** At least one role valid for the space's type; compared as a set; a change is one PUT. */
  roles: pulumi.Input<pulumi.Input<SpaceRole>[]>;
  /** Take over the assignee's existing assignment in the space instead of failing with a conflict. */
  adoptExisting?: pulumi.Input<boolean>;
  tenantUrl?: pulumi.Input<string>;
}

const outputs = [
  "assignmentId",
  "spaceId",
  "assigneeId",
  "type",
  "roles",
  "tenantId",
  "tenantUrl",
  "createdAt",
  "createdBy",
  "updatedAt",
  "updatedBy",
] as const;

/**
 * The roles of one user or group in one space. The resource id is `<spaceId>/<assignmentId>`. Roles are checked
 * against the space's type at preview when the space already exists, else before the assignment is written.
 */
export class SpaceAssignment extends pulumi.CustomResource {
  /** The assignment's own Qlik id. */
  declare readonly assignmentId: pulumi.Output<string>;
  declare readonly spaceId: pulumi.Output<string>;
  declare readonly assigneeId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<"user" | "group">;
  declare readonly roles: pulumi.Output<SpaceRole[]>;
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly tenantUrl: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly createdBy: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  declare readonly updatedBy: pulumi.Output<string>;

  constructor(name: string, args: SpaceAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("SpaceAssignment", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /** A read-only reference to an existing assignment by `<spaceId>/<assignmentId>`. */
  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Partial<SpaceAssignmentArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): SpaceAssignment {
    const placeholders = { spaceId: "", assigneeId: "", type: "user", roles: [] };
    return new SpaceAssignment(name, { ...placeholders, ...args } as SpaceAssignmentArgs, { ...opts, id });
  }
}
