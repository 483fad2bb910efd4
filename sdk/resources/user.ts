import * as pulumi from "@pulumi/pulumi";
import { QlikResource } from "./common";

export type UserStatus = "invited" | "active" | "disabled";

export interface UserArgs {
  /** The user's identifier at the identity provider. Unique per tenant; changing it replaces the user. */
  subject: pulumi.Input<string>;
  /** Required by Qlik when the user is invited. Not patchable: changing it replaces the user. */
  email?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  /** Qlik creates users as `invited`; any other status is applied right after creation. */
  status?: pulumi.Input<UserStatus>;
  /** Role names (default or custom), compared as a set. */
  assignedRoles?: pulumi.Input<pulumi.Input<string>[]>;
  preferredLocale?: pulumi.Input<string>;
  preferredZoneinfo?: pulumi.Input<string>;
  /** Not patchable: changing it replaces the user. */
  picture?: pulumi.Input<string>;
  /** Take over a user with the same subject that already exists instead of failing with a conflict. */
  adoptExisting?: pulumi.Input<boolean>;
  /** The tenant, e.g. `https://acme.eu.qlikcloud.com`; defaults to `qlik:tenantUrl` / `QLIK_TENANT_URL`. */
  tenantUrl?: pulumi.Input<string>;
}

const outputs = [
  "userId",
  "subject",
  "email",
  "name",
  "status",
  "assignedRoles",
  "preferredLocale",
  "preferredZoneinfo",
  "picture",
  "assignedGroups",
  "tenantId",
  "tenantOrigin",
  "createdAt",
  "lastUpdatedAt",
] as const;

/** A Qlik Cloud user. The resource id is the Qlik user id. */
export class User extends QlikResource {
  /** The Qlik user id (also the resource id). */
  declare readonly userId: pulumi.Output<string>;
  declare readonly subject: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly status: pulumi.Output<UserStatus | undefined>;
  declare readonly assignedRoles: pulumi.Output<string[] | undefined>;
  declare readonly preferredLocale: pulumi.Output<string | undefined>;
  declare readonly preferredZoneinfo: pulumi.Output<string | undefined>;
  declare readonly picture: pulumi.Output<string | undefined>;
  /** Names of the groups the user belongs to, as Qlik reports them. */
  declare readonly assignedGroups: pulumi.Output<string[] | undefined>;
  declare readonly tenantId: pulumi.Output<string>;
  /** The tenant origin the user lives in, resolved at creation. */
  declare readonly tenantOrigin: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly lastUpdatedAt: pulumi.Output<string>;

  constructor(name: string, args: UserArgs, opts?: pulumi.CustomResourceOptions) {
    super("User", name, args, outputs, opts);
  }

  /** A read-only reference to an existing user by id (see the README for which engines support it). */
  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Partial<UserArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): User {
    return new User(name, { subject: "", ...args } as UserArgs, { ...opts, id });
  }
}
