/**
 * TenantSettings inputs and outputs, and the zod schema `check` validates them with. Shapes follow Qlik's
 * generated types in `@qlik/api/tenant-settings` (type-only imports: nothing of that package loads at run time).
 */
import { z } from "zod";
import type {
  CustomizeNoAccess as QlikCustomizeNoAccess,
  ReleaseCadenceConfig,
  StartPage as QlikStartPage,
} from "@qlik/api/tenant-settings";
import { objectError } from "../tenants/messages";
import { tenantUrlSchema } from "../tenants/tenantUrl";

/** Every start page Qlik accepts, with the route it reports back (`preferredStartPage` is read as `{route, value}`). */
export const START_PAGE_ROUTES: Record<QlikStartPage, string> = {
  "analytics-hub": "/insights",
  "analytics-creation-hub": "/analytics",
  "data-integration-hub": "/qdi",
  "management-console": "/console",
};
export type StartPage = QlikStartPage;
export const START_PAGES = Object.keys(START_PAGE_ROUTES) as [StartPage, ...StartPage[]];

export const RELEASE_CADENCES = ["monthly", "continuous"] as const satisfies readonly ReleaseCadenceConfig[];
export type ReleaseCadence = ReleaseCadenceConfig;

export type CustomizeNoAccess = QlikCustomizeNoAccess;

export interface CrossRegionInference {
  enabled: boolean;
  /**
   * Must be `true` to enable. It attests that you have the authority to enable cross-region inference for the
   * tenant and accept its terms; it is sent as the header `x-qlik-consent-verified: true`.
   */
  consentVerified?: boolean;
}

export const CONSENT_REQUIRED_MESSAGE =
  "Enabling cross-region inference needs crossRegionInference.consentVerified: true. Setting it attests that you " +
  "have the authority to enable cross-region inference for this tenant and that you accept its terms: the tenant's " +
  "data may be processed by AI models in a Qlik Cloud region other than the tenant's own. pulumi-qlik then sends the " +
  "header `x-qlik-consent-verified: true` with the toggle request, as Qlik requires. Set consentVerified to true, " +
  "or set enabled to false.";

const boolean = (what: string) => z.boolean({ error: `${what} must be true or false` });
const text = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .refine((value) => value.trim() !== "", `${what} must not be empty; leave it out instead`);

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}

const customizeNoAccessSchema = z
  .strictObject(
    {
      linkEnabled: boolean("customizeNoAccess.linkEnabled"),
      linkLabel: text("customizeNoAccess.linkLabel").optional(),
      linkUrl: text("customizeNoAccess.linkUrl")
        .refine(
          isWebUrl,
          "customizeNoAccess.linkUrl must be an absolute http:// or https:// URL, e.g. https://intranet.example.com/qlik-access",
        )
        .optional(),
      message: text("customizeNoAccess.message").optional(),
    },
    { error: objectError("customizeNoAccess", '{ linkEnabled: false, message: "…" }') },
  )
  .superRefine((value, ctx) => {
    if (!value.linkEnabled) return;
    if (value.linkUrl === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["linkUrl"],
        message:
          "customizeNoAccess.linkUrl is required when linkEnabled is true: it is where the no-access page links to",
      });
    }
    if (value.linkLabel === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["linkLabel"],
        message: "customizeNoAccess.linkLabel is required when linkEnabled is true: it is the text of the link",
      });
    }
  });

const crossRegionInferenceSchema = z
  .strictObject(
    {
      enabled: boolean("crossRegionInference.enabled"),
      consentVerified: boolean("crossRegionInference.consentVerified").optional(),
    },
    { error: objectError("crossRegionInference", "{ enabled: false }") },
  )
  .superRefine((value, ctx) => {
    if (value.enabled && value.consentVerified !== true) {
      ctx.addIssue({ code: "custom", path: ["consentVerified"], message: CONSENT_REQUIRED_MESSAGE });
    }
  });

/** The fields that live in the settings document (cross-region inference goes through its toggle action). */
export const DOCUMENT_FIELDS = [
  "preferredStartPage",
  "customizeNoAccess",
  "releaseCadence",
  "sessionReplayOptOut",
] as const;
export type DocumentField = (typeof DOCUMENT_FIELDS)[number];
/** Every setting an input can manage. */
export const MANAGED_FIELDS = [...DOCUMENT_FIELDS, "crossRegionInference"] as const;

export const tenantSettingsSchema = z
  .strictObject(
    {
      preferredStartPage: z
        .enum(START_PAGES, { error: `preferredStartPage must be one of: ${START_PAGES.join(", ")}` })
        .optional(),
      customizeNoAccess: customizeNoAccessSchema.optional(),
      releaseCadence: z
        .enum(RELEASE_CADENCES, { error: `releaseCadence must be one of: ${RELEASE_CADENCES.join(", ")}` })
        .optional(),
      sessionReplayOptOut: boolean("sessionReplayOptOut").optional(),
      crossRegionInference: crossRegionInferenceSchema.optional(),
      tenantUrl: tenantUrlSchema.optional(),
    },
    { error: objectError("TenantSettings", '{ releaseCadence: "monthly" }', "input") },
  )
  .superRefine((value, ctx) => {
    if (MANAGED_FIELDS.every((field) => value[field] === undefined)) {
      ctx.addIssue({
        code: "custom",
        message:
          `Set at least one of ${MANAGED_FIELDS.join(", ")}: ` +
          "a TenantSettings resource without any of them would manage nothing.",
      });
    }
  });

export type TenantSettingsInputs = z.infer<typeof tenantSettingsSchema>;

/** The managed settings as observed (strings for start pages, a plain boolean pair for inference). */
export interface SettingsValues {
  preferredStartPage?: StartPage;
  customizeNoAccess?: CustomizeNoAccess;
  releaseCadence?: ReleaseCadence;
  sessionReplayOptOut?: boolean;
  crossRegionInference?: CrossRegionInference;
}

/**
 * Outputs: every setting as Qlik reports it (the managed ones as applied), plus the document's metadata.
 * `tenantUrl` is the resolved tenant origin, kept so later operations reach the same tenant.
 */
export interface TenantSettingsOutputs extends SettingsValues {
  tenantUrl: string;
  tenantId: string;
  createdAt: string;
  updatedAt: string;
  createdBy?: string;
  updatedBy?: string;
  /** The names of the inputs the program set (see provider/engine/managed.ts). */
  managedInputs?: string[];
  /** What delete puts back: the values found at adoption, and whether this resource created the document. */
  restore?: { created: boolean; values: Record<string, unknown> };
}
