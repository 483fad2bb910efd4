/**
 * The Role resource's inputs and outputs (a custom role), and the zod schema `check` validates inputs with. Every
 * failure names the property and says what to write instead. Shapes follow `@qlik/api/roles` (`CreateRole`).
 */
import { z } from "zod";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import { adoptExistingField, listedOnce, text } from "../users/shared";

/** Qlik's limit of role-name length (as for group names). */
export const ROLE_NAME_MAX = 256;

export const ROLE_INPUT_KEYS = ["name", "description", "assignedScopes", "adoptExisting", "tenantUrl"] as const;

export const roleInputsSchema = z.strictObject(
  {
    name: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'name is required: set it to the custom role\'s name, e.g. "Report Reviewer".'
            : "name must be a string: the custom role's name.",
      })
      .refine((name) => name.trim() !== "", { error: "name must not be empty: set it to the role's name." })
      .refine((name) => name.length <= ROLE_NAME_MAX, {
        error: `name must be at most ${ROLE_NAME_MAX} characters; shorten it.`,
      }),
    description: text("description", "a string").optional(),
    assignedScopes: z
      .array(
        text("each entry of assignedScopes", 'a scope such as "user_default"').refine((scope) => scope !== "", {
          error: "assignedScopes contains an empty scope; remove it.",
        }),
        { error: 'assignedScopes must be a list of scopes, e.g. ["user_default"].' },
      )
      .superRefine(listedOnce("assignedScopes", "scope"))
      .optional(),
    adoptExisting: adoptExistingField.optional(),
    tenantUrl: tenantUrlSchema.optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.keys.join(", ")} is not a Role input; the inputs are ${ROLE_INPUT_KEYS.join(", ")}.`
        : "Role inputs must be an object.",
  },
);

export type RoleInputs = z.infer<typeof roleInputsSchema>;

/**
 * What the engine stores: Qlik's value of every field, the applied inputs, facts Qlik reports, the tenant
 * (`tenantUrl`, resolved) and which inputs the program set.
 */
export type RoleOutputs = RoleInputs & {
  /** The Qlik role id (also the resource id). */
  roleId: string;
  tenantId?: string;
  /** Always `custom` for a managed role. */
  type?: string;
  level?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
  managedInputs?: string[];
};
