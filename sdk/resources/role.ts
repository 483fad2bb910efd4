import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

export interface RoleArgs {
  /** The custom role's name, unique in the tenant (a default role's name cannot be used). Renaming patches it. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** The scopes the role grants, compared as a set. */
  assignedScopes?: pulumi.Input<pulumi.Input<string>[]>;
  /** Take over a custom role with the same name instead of failing with a conflict. */
  adoptExisting?: pulumi.Input<boolean>;
  tenantUrl?: pulumi.Input<string>;
}

const outputs = [
  "roleId",
  "name",
  "description",
  "assignedScopes",
  "type",
  "level",
  "tenantId",
  "tenantUrl",
  "createdAt",
  "lastUpdatedAt",
] as const;

/**
 * A Qlik Cloud custom role. The resource id is the Qlik role id. Default roles ("TenantAdmin", "Developer", …)
 * cannot be managed; reference them by name in `assignedRoles`.
 *
 * Qlik refuses to delete a role that is still assigned to a user or group: pass `role.name` (this output) to
 * `assignedRoles` so Pulumi removes those assignments before it deletes the role.
 */
export class Role extends pulumi.CustomResource {
  /** The Qlik role id (also the resource id). */
  declare readonly roleId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /** The scopes the role grants; `[]` when it has none. */
  declare readonly assignedScopes: pulumi.Output<string[]>;
  /** `custom` (default roles cannot be managed). */
  declare readonly type: pulumi.Output<string>;
  declare readonly level: pulumi.Output<string | undefined>;
  declare readonly tenantId: pulumi.Output<string>;
  /** The tenant the role lives in (its origin), resolved at creation. */
  declare readonly tenantUrl: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly lastUpdatedAt: pulumi.Output<string>;

  constructor(name: string, args: RoleArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("Role", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /** A read-only reference to an existing role by id (pass `tenantUrl` for a tenant other than the default). */
  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Partial<RoleArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): Role {
    return new Role(name, { name: "", ...args } as RoleArgs, { ...opts, id });
  }
}
