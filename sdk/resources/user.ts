import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

export type UserStatus = "invited" | "active" | "disabled";

export interface UserArgs {
  /** The user's identifier at the identity provider. Unique per tenant; changing it replaces the user. */
  subject: pulumi.Input<string>;
  /** Required by Qlik when the user is invited. Not patchable: changing it replaces the user. */
  email?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  /** Qlik creates users as `invited`; any other status is applied right after creation. Unset: not managed. */
  status?: pulumi.Input<UserStatus>;
  /** Role names (default or custom), compared as a set. */
  assignedRoles?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Names of the custom groups the user belongs to, compared as a set: the user joins the ones listed and leaves
   * the other custom groups. IdP groups come from the identity provider and are never touched. Do not combine with
   * a GroupMembers resource for the same group.
   */
  customGroups?: pulumi.Input<pulumi.Input<string>[]>;
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
  "customGroups",
  "preferredLocale",
  "preferredZoneinfo",
  "picture",
  "assignedGroups",
  "tenantId",
  "tenantUrl",
  "createdAt",
  "lastUpdatedAt",
] as const;

/**
 * A Qlik Cloud user. The resource id is the Qlik user id.
 *
 * Only the properties the program sets are managed: one left unset is never changed in Qlik, and a change made
 * to it in Qlik is no drift. The outputs report Qlik's actual value of every field either way (a new user's
 * `status` is `invited`, and its `assignedRoles` are `[]` unless set), known once the user exists. Fields Qlik
 * does not have (no locale, say) are `undefined`.
 */
export class User extends pulumi.CustomResource {
  /** The Qlik user id (also the resource id). */
  declare readonly userId: pulumi.Output<string>;
  declare readonly subject: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string | undefined>;
  /**
   * The user's status in Qlik: `invited`, `active` or `disabled` — or `provisioned`, which a program cannot set.
   */
  declare readonly status: pulumi.Output<string>;
  /** Names of the roles assigned to the user (default or custom); `[]` when it has none. */
  declare readonly assignedRoles: pulumi.Output<string[]>;
  /** Names of the custom groups the user belongs to; `[]` when none. */
  declare readonly customGroups: pulumi.Output<string[]>;
  declare readonly preferredLocale: pulumi.Output<string | undefined>;
  declare readonly preferredZoneinfo: pulumi.Output<string | undefined>;
  declare readonly picture: pulumi.Output<string | undefined>;
  /** Names of the groups the user belongs to, as Qlik reports them. */
  declare readonly assignedGroups: pulumi.Output<string[] | undefined>;
  declare readonly tenantId: pulumi.Output<string>;
  /** The tenant the user lives in (its origin), resolved at creation: the `tenantUrl` input or the stack's default. */
  declare readonly tenantUrl: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly lastUpdatedAt: pulumi.Output<string>;

  constructor(name: string, args: UserArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("User", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /** A read-only reference to an existing user by id (see the README for which engines support it). */
  /** @deprecated Use `tenantUrl`, the one name every pulumi-qlik resource gives the tenant it lives in. */
  get tenantOrigin(): pulumi.Output<string> {
    return this.tenantUrl;
  }

  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Partial<UserArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): User {
    return new User(name, { subject: "", ...args } as UserArgs, { ...opts, id });
  }
}
