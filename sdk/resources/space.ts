import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

export type SpaceType = "shared" | "managed" | "data";

export interface SpaceArgs {
  /** At most 256 characters, none of `"*?<>/|\:`; renamed in place. */
  name: pulumi.Input<string>;
  /** `shared`, `managed` or `data`. A change replaces the space (and deletes the old one's content). */
  type: pulumi.Input<SpaceType>;
  description?: pulumi.Input<string>;
  /** The Qlik user id of the owner; default: whoever creates the space (the API key's or OAuth client's user). */
  ownerId?: pulumi.Input<string>;
  /** Take over a space with the same name and type instead of failing with a conflict. */
  adoptExisting?: pulumi.Input<boolean>;
  tenantUrl?: pulumi.Input<string>;
}

const outputs = [
  "spaceId",
  "name",
  "type",
  "description",
  "ownerId",
  "tenantId",
  "tenantUrl",
  "createdAt",
  "createdBy",
  "updatedAt",
] as const;

/**
 * A Qlik Cloud shared, managed or data space. The resource id is the space id. Personal spaces are not managed.
 * Deleting the resource deletes the space, its assignments and its content.
 */
export class Space extends pulumi.CustomResource {
  /** The Qlik space id (also the resource id). */
  declare readonly spaceId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<SpaceType>;
  declare readonly description: pulumi.Output<string | undefined>;
  /** The owner's user id, as Qlik has it. */
  declare readonly ownerId: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  /** The tenant the space lives in (its origin), resolved at creation. */
  declare readonly tenantUrl: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly createdBy: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: SpaceArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("Space", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /** A read-only reference to an existing space by id; recorded as external, never deleted. */
  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Partial<SpaceArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): Space {
    return new Space(name, { name: "", type: "shared", ...args } as SpaceArgs, { ...opts, id });
  }
}
