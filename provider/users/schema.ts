/**
 * The User resource's inputs and outputs, and the zod schema `check` validates inputs with. Every failure
 * message names the property and says what to write instead.
 */
import { z } from "zod";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import { adoptExistingField, groupNames, roleNames, text } from "./shared";

export const USER_STATUSES = ["invited", "active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_INPUT_KEYS = [
  "subject",
  "email",
  "name",
  "status",
  "assignedRoles",
  "customGroups",
  "preferredLocale",
  "preferredZoneinfo",
  "picture",
  "adoptExisting",
  "tenantUrl",
] as const;

export const userInputsSchema = z.strictObject(
  {
    subject: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? "subject is required: set it to the user's identifier at the identity provider (its subject claim)."
            : "subject must be a string: the user's identifier at the identity provider.",
      })
      .refine((subject) => subject.trim() !== "", {
        error: "subject must not be empty: set it to the user's identifier at the identity provider.",
      }),
    email: z.email({ error: 'email must be an email address such as "jane.doe@example.com".' }).optional(),
    name: text("name", "a string (the user's display name)")
      .min(1, { error: "name must not be empty (Qlik rejects an empty name); leave it unset to keep Qlik's name." })
      .optional(),
    status: z
      .enum(USER_STATUSES, {
        error: `status must be one of ${USER_STATUSES.map((s) => `"${s}"`).join(", ")} (or left unset).`,
      })
      .optional(),
    assignedRoles: roleNames("assignedRoles").optional(),
    customGroups: groupNames("customGroups").optional(),
    preferredLocale: text("preferredLocale", 'a language tag such as "en-US"')
      .min(1, { error: 'preferredLocale must not be empty; write a language tag such as "en-US" or leave it unset.' })
      .optional(),
    preferredZoneinfo: text("preferredZoneinfo", 'a time zone such as "Europe/Stockholm"')
      .min(1, {
        error: 'preferredZoneinfo must not be empty; write a time zone such as "Europe/Stockholm" or leave it unset.',
      })
      .optional(),
    picture: z
      .url({
        protocol: /^https?$/,
        error: 'picture must be an http(s) URL of the avatar image, e.g. "https://example.com/jane.png".',
      })
      .optional(),
    adoptExisting: adoptExistingField.optional(),
    tenantUrl: tenantUrlSchema.optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.keys.join(", ")} is not a User input; the inputs are ${USER_INPUT_KEYS.join(", ")}.`
        : "User inputs must be an object.",
  },
);

export type UserInputs = z.infer<typeof userInputsSchema>;

/**
 * The fields of a user the resource knows, as Qlik has them. `status` may be one a program cannot set
 * (`provisioned`).
 */
export interface UserValues {
  subject: string;
  email?: string;
  name?: string;
  status?: string;
  /** Role names, a set: `[]` when Qlik reports none. */
  assignedRoles: string[];
  /** Names of the custom groups the user belongs to, a set. */
  customGroups?: string[];
  preferredLocale?: string;
  preferredZoneinfo?: string;
  picture?: string;
}

/**
 * What the engine stores: Qlik's value of every field the resource knows, whether the program sets it or not
 * (fields Qlik leaves out are omitted); for the fields the program sets, its value as last applied; the
 * `adoptExisting` and `tenantUrl` inputs when set; facts Qlik reports; and which inputs the program set.
 */
export type UserOutputs = UserInputs & {
  // `tenantUrl` (from UserInputs) holds the tenant's origin as resolved at creation: later calls go there.
  // `status` keeps the input's type, so that outputs can be handed back as inputs; when the program leaves it
  // unset, it holds whatever Qlik reports, which may be a status a program cannot set (`provisioned`).
  /** The Qlik user id (also the resource id). */
  userId: string;
  tenantId?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
  /** Names of the groups the user belongs to (managed by the identity provider or custom groups). */
  assignedGroups?: string[];
  /**
   * The names of the inputs the program set (sorted), recorded by create, update and read: the outputs hold
   * every field, managed or not, and a refresh sees only them, so this is how it knows which inputs to report.
   * Absent in outputs written before it was recorded, which held only the inputs the program set besides the
   * facts (a refresh then infers it from the keys present).
   */
  managedInputs?: string[];
};
