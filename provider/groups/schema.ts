/**
 * The Group resource's inputs and outputs, and the zod schema `check` validates inputs with. Every failure
 * message names the property and says what to write instead.
 */
import { z } from "zod";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import { adoptExistingField, roleNames, text } from "../users/shared";

export const GROUP_PROVIDER_TYPES = ["idp", "custom"] as const;
export type GroupProviderType = (typeof GROUP_PROVIDER_TYPES)[number];

/** Qlik's limits: group names up to 256 characters, at most 100 roles per group. */
export const GROUP_NAME_MAX = 256;
export const GROUP_ROLES_MAX = 100;

export const GROUP_INPUT_KEYS = [
  "name",
  "providerType",
  "description",
  "assignedRoles",
  "adoptExisting",
  "tenantUrl",
] as const;

export const groupInputsSchema = z
  .strictObject(
    {
      name: z
        .string({
          error: (issue) =>
            issue.input === undefined
              ? "name is required: set it to the group's name (for an IdP group, exactly as the identity provider sends it)."
              : "name must be a string: the group's name.",
        })
        .refine((name) => name.trim() !== "", { error: "name must not be empty: set it to the group's name." })
        .refine((name) => name.length <= GROUP_NAME_MAX, {
          error: (issue) =>
            `name must be at most ${GROUP_NAME_MAX} characters (Qlik's limit for group names); ` +
            `this one has ${(issue.input as string).length}. Shorten it.`,
        }),
      providerType: z
        .enum(GROUP_PROVIDER_TYPES, {
          error:
            'providerType must be "idp" (a group from the identity provider, the default) or "custom" (a group managed in Qlik).',
        })
        .default("idp"),
      description: text("description", "a string").optional(),
      assignedRoles: roleNames("assignedRoles", GROUP_ROLES_MAX).optional(),
      adoptExisting: adoptExistingField.optional(),
      tenantUrl: tenantUrlSchema.optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `${issue.keys.join(", ")} is not a Group input; the inputs are ${GROUP_INPUT_KEYS.join(", ")}.`
          : "Group inputs must be an object.",
    },
  )
  .superRefine((group, context) => {
    if (group.description !== undefined && group.providerType === "idp") {
      context.addIssue({
        code: "custom",
        path: ["description"],
        message:
          'description can only be set on custom groups (Qlik stores no description for IdP groups): set providerType: "custom", or remove description.',
      });
    }
  });

export type GroupInputs = z.infer<typeof groupInputsSchema>;

/** The fields of a group the resource knows, as Qlik has them. */
export interface GroupValues {
  name: string;
  providerType: GroupProviderType;
  /** Absent when Qlik has none (IdP groups never have one). */
  description?: string;
  /** Role names, a set: `[]` when Qlik reports none. */
  assignedRoles: string[];
}

/**
 * What the engine stores: Qlik's value of every field the resource knows, whether the program sets it or not
 * (fields Qlik leaves out are omitted); for the fields the program sets, its value as last applied; the
 * `adoptExisting` and `tenantUrl` inputs when set; facts Qlik reports; and which inputs the program set.
 */
export type GroupOutputs = GroupInputs & {
  // `tenantUrl` (from GroupInputs) holds the tenant's origin as resolved at creation: later calls go there.
  /** The Qlik group id (also the resource id). */
  groupId: string;
  tenantId?: string;
  /** `active` or `disabled`, as Qlik reports it. */
  status?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
  /**
   * The names of the inputs the program set (sorted; `providerType` always, as check defaults it), recorded by
   * create, update and read: the outputs hold every field, managed or not, and a refresh sees only them, so this
   * is how it knows which inputs to report. Absent in outputs written before it was recorded, which held only
   * the inputs the program set besides the facts (a refresh then infers it from the keys present).
   */
  managedInputs?: string[];
};
