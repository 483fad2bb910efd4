/**
 * GroupSettings inputs and outputs, and the zod schema `check` validates them with. Shapes follow Qlik's
 * `@qlik/api/groups` (`GroupSettings`, `SettingsPatch`; type-only imports).
 */
import { z } from "zod";
import { objectError } from "../tenants/messages";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import { roleNames } from "../users/shared";

/** The Everyone group's fixed id in every tenant (`com.qlik.Everyone`). */
export const EVERYONE_GROUP_ID = "000000000000000000000001";

export const GROUP_SETTINGS_FIELDS = ["autoCreateGroups", "everyoneAssignedRoles"] as const;
export const GROUP_SETTINGS_INPUT_KEYS = [...GROUP_SETTINGS_FIELDS, "tenantUrl"] as const;

export const groupSettingsSchema = z
  .strictObject(
    {
      autoCreateGroups: z
        .boolean({
          error:
            "autoCreateGroups must be true or false (true: Qlik creates the groups an identity provider sends at login).",
        })
        .optional(),
      everyoneAssignedRoles: roleNames("everyoneAssignedRoles").optional(),
      tenantUrl: tenantUrlSchema.optional(),
    },
    { error: objectError("GroupSettings", "{ autoCreateGroups: true }", "input") },
  )
  .superRefine((value, ctx) => {
    if (GROUP_SETTINGS_FIELDS.every((field) => value[field] === undefined)) {
      ctx.addIssue({
        code: "custom",
        message:
          `Set at least one of ${GROUP_SETTINGS_FIELDS.join(", ")}: ` +
          "a GroupSettings resource without any of them would manage nothing.",
      });
    }
  });

export type GroupSettingsInputs = z.infer<typeof groupSettingsSchema>;

/**
 * Outputs: both settings as Qlik has them (the managed ones as applied), the tenant id, the tenant the settings
 * belong to (`tenantUrl`, resolved), which inputs the program set and what delete puts back.
 */
export interface GroupSettingsOutputs {
  autoCreateGroups: boolean;
  /** Role names of the Everyone group (every user of the tenant), a set. */
  everyoneAssignedRoles: string[];
  tenantId: string;
  tenantUrl: string;
  managedInputs?: string[];
  restore?: { created: boolean; values: Record<string, unknown> };
}
