import * as pulumi from "@pulumi/pulumi";
import { dynamicResource } from "./common";

export type StartPage = "analytics-hub" | "analytics-creation-hub" | "data-integration-hub" | "management-console";

export interface CustomizeNoAccessArgs {
  linkEnabled: pulumi.Input<boolean>;
  linkLabel?: pulumi.Input<string>;
  linkUrl?: pulumi.Input<string>;
  message?: pulumi.Input<string>;
}

export interface CrossRegionInferenceArgs {
  enabled: pulumi.Input<boolean>;
  /**
   * Must be `true` to enable: it attests that you have the authority to let this tenant's data be processed by
   * AI inference in another region and accept Qlik's terms for it. It is sent as `x-qlik-consent-verified: true`.
   */
  consentVerified?: pulumi.Input<boolean>;
}

export interface TenantSettingsArgs {
  preferredStartPage?: pulumi.Input<StartPage>;
  customizeNoAccess?: pulumi.Input<CustomizeNoAccessArgs>;
  releaseCadence?: pulumi.Input<"monthly" | "continuous">;
  sessionReplayOptOut?: pulumi.Input<boolean>;
  crossRegionInference?: pulumi.Input<CrossRegionInferenceArgs>;
  tenantUrl?: pulumi.Input<string>;
}

const outputs = [
  "preferredStartPage",
  "customizeNoAccess",
  "releaseCadence",
  "sessionReplayOptOut",
  "crossRegionInference",
  "tenantUrl",
  "tenantId",
  "createdAt",
  "updatedAt",
  "createdBy",
  "updatedBy",
] as const;

/**
 * The tenant's settings document (one per tenant). Creating it adopts settings that already exist and records the
 * values it found for the settings it manages; deleting it puts those back (and removes the document only if it
 * created it) — use `retainOnDelete: true` to keep the managed values instead.
 */
export class TenantSettings extends pulumi.CustomResource {
  declare readonly preferredStartPage: pulumi.Output<StartPage | undefined>;
  declare readonly customizeNoAccess: pulumi.Output<
    { linkEnabled: boolean; linkLabel?: string; linkUrl?: string; message?: string } | undefined
  >;
  declare readonly releaseCadence: pulumi.Output<string | undefined>;
  declare readonly sessionReplayOptOut: pulumi.Output<boolean | undefined>;
  declare readonly crossRegionInference: pulumi.Output<{ enabled: boolean; consentVerified?: boolean } | undefined>;
  /** The tenant the settings belong to, resolved at creation. */
  declare readonly tenantUrl: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  declare readonly createdBy: pulumi.Output<string | undefined>;
  declare readonly updatedBy: pulumi.Output<string | undefined>;

  constructor(name: string, args: TenantSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = dynamicResource("TenantSettings", args, outputs);
    super(resource.type, name, resource.props, opts);
    resource.registered();
  }

  /**
   * A read-only reference to a tenant's settings document by its id (pass `tenantUrl` for a tenant other than
   * the stack's default). Pulumi records it as external: destroying the stack leaves the settings alone.
   */
  static get(
    name: string,
    id: pulumi.Input<string>,
    args?: Pick<TenantSettingsArgs, "tenantUrl">,
    opts?: pulumi.CustomResourceOptions,
  ): TenantSettings {
    return new TenantSettings(name, { ...args }, { ...opts, id });
  }
}
