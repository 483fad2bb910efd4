/**
 * Tenant inputs and outputs, the zod schema `check` validates them with, and the tenant document as the API
 * returns it (shared with the getTenant data source). Shapes follow `@qlik/api/tenants` (type-only imports).
 */
import { z } from "zod";
import type { Tenant as QlikTenant } from "@qlik/api/tenants";
import { objectError } from "./messages";
import { tenantUrlSchema } from "./tenantUrl";

const boolean = (what: string) => z.boolean({ error: `${what} must be true or false` });

/** Qlik tenant ids: 32 characters of [A-Za-z0-9_-]; anything URL-safe is accepted so odd ids still work. */
export const tenantIdSchema = z
  .string({ error: "tenantId must be a string" })
  .regex(
    /^[A-Za-z0-9_-]+$/,
    "tenantId must be a Qlik tenant id (letters, digits, '_' and '-'), e.g. ep78msTXXZhOAN1shd9hq58E6PT7hJK_",
  );

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The reason an alias is not a usable hostname, or undefined. */
export function aliasProblem(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes("/")) {
    return "alias is a hostname, without scheme or path: e.g. acme-europe.eu.qlikcloud.com";
  }
  const labels = value.split(".");
  if (value.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return `alias "${value}" is not a hostname: write the full alias host, e.g. acme-europe.eu.qlikcloud.com`;
  }
  return undefined;
}

export const tenantSchema = z.strictObject(
  {
    tenantId: tenantIdSchema.optional(),
    name: z
      .string({ error: "name must be a string" })
      .refine((value) => value.trim() !== "", "name must not be empty")
      .optional(),
    alias: z
      .string({ error: "alias must be a string" })
      .superRefine((value, ctx) => {
        const problem = aliasProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
    autoAssignCreateSharedSpacesRoleToProfessionals: boolean(
      "autoAssignCreateSharedSpacesRoleToProfessionals",
    ).optional(),
    autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: boolean(
      "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
    ).optional(),
    autoAssignDataServicesContributorRoleToProfessionals: boolean(
      "autoAssignDataServicesContributorRoleToProfessionals",
    ).optional(),
    enableAppOpeningFeedback: boolean("enableAppOpeningFeedback").optional(),
    tenantUrl: tenantUrlSchema.optional(),
  },
  { error: objectError("Tenant", '{ name: "Acme" }', "input") },
);

export type TenantInputs = z.infer<typeof tenantSchema>;

export type TenantStatus = NonNullable<QlikTenant["status"]>;

/** The tenant's values under the input names (`alias` is `hostnames[1]`). */
export interface TenantValues {
  name: string;
  alias?: string;
  autoAssignCreateSharedSpacesRoleToProfessionals?: boolean;
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals?: boolean;
  autoAssignDataServicesContributorRoleToProfessionals?: boolean;
  enableAppOpeningFeedback?: boolean;
}

/**
 * Outputs: the tenant as observed (every patchable value, managed or not, so programs can use them), its
 * read-only facts, and the resolved tenant origin. Absent values are left out.
 */
export interface TenantOutputs extends TenantValues {
  tenantId: string;
  tenantUrl: string;
  hostnames: string[];
  region?: string;
  datacenter?: string;
  status?: TenantStatus;
  created?: string;
  lastUpdated?: string;
  /**
   * The names of the inputs the program set, recorded by create and update. A read sees the old outputs, never
   * the old inputs, and the outputs hold every value, managed or not: this is how a refresh knows which inputs
   * to report. Absent in outputs recorded before it existed (a refresh then reports every value).
   */
  managedInputs?: string[];
  /** What delete puts back: the values found at adoption (see provider/engine/values.ts, RestoreRecord). */
  restore?: { created: boolean; values: Record<string, unknown> };
}

const optionalString = z.string().nullish();
const optionalBoolean = z.boolean().nullish();

/** `GET /api/v1/tenants/{id}` (and `/me` after its redirect). Lenient: extra members are ignored. */
export const tenantDocumentSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostnames: z.array(z.string()).nullish(),
  datacenter: optionalString,
  region: optionalString,
  status: optionalString,
  created: optionalString,
  lastUpdated: optionalString,
  createdByUser: optionalString,
  autoAssignCreateSharedSpacesRoleToProfessionals: optionalBoolean,
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: optionalBoolean,
  autoAssignDataServicesContributorRoleToProfessionals: optionalBoolean,
  enableAppOpeningFeedback: optionalBoolean,
});

export type TenantDocument = z.infer<typeof tenantDocumentSchema>;
