import * as pulumi from "@pulumi/pulumi";
import type { OrganizationTag } from "../../provider/iqserver/types";
import { dynamicResource } from "../resources/common";

export interface OrganizationArgs {
  /**
   * Unique across IQ Server. IQ Server's API cannot rename an organization: a new name creates a new organization
   * (the old one stays in IQ Server, see `delete`).
   */
  name: pulumi.Input<string>;
  /** The parent's id (e.g. another Organization's `organizationId`); left out: the root organization. A change moves it. */
  parentOrganizationId?: pulumi.Input<string>;
  /** Take over the organization that already has this name instead of failing. */
  adoptExisting?: pulumi.Input<boolean>;
}

/** An application tag defined at an organization: `id`, `name`, `description`, `color`. */
export type { OrganizationTag };

const outputs = ["organizationId", "name", "parentOrganizationId", "tags"] as const;

/**
 * An organization in Sonatype IQ Server's hierarchy (type token `pulumi-nodejs:dynamic/iqserver:Organization`),
 * through the Organizations REST API v2 with `iqserver:url`, `iqserver:username` and `iqserver:password`.
 *
 * The API creates, reads and moves organizations; it has no rename and no delete. So changing `name` replaces the
 * organization, and deleting the resource (destroy, or the old half of a replacement) leaves the organization in
 * IQ Server and logs a warning saying so.
 */
export class Organization extends pulumi.CustomResource {
  /** IQ Server's organization id (also the resource id). */
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** The actual parent: `ROOT_ORGANIZATION_ID` for a top-level organization. */
  declare readonly parentOrganizationId: pulumi.Output<string>;
  /** The application tags defined at this organization. */
  declare readonly tags: pulumi.Output<OrganizationTag[]>;

  constructor(name: string, args: OrganizationArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("iqserver:Organization", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /** A read-only reference to an existing organization by its IQ Server id. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Organization {
    return new Organization(name, { name: "" }, { ...opts, id });
  }
}
