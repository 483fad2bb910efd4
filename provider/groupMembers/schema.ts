/**
 * GroupMembers inputs and outputs, and the zod schema `check` validates them with: the complete member list of one
 * custom group.
 */
import { z } from "zod";
import { idProblem } from "../engine/ids";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import { listedOnce } from "../users/shared";

export const GROUP_MEMBERS_INPUT_KEYS = ["groupId", "userIds", "tenantUrl"] as const;

/** A Qlik id that goes into a path; `missing` is the message when it is not set. */
const qlikId = (field: string, noun: string, missing: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? missing : `${field} must be a string: the Qlik ${noun} id.`),
    })
    .refine((id) => idProblem(noun, id) === undefined, {
      error: (issue) =>
        `${field}: ${JSON.stringify(issue.input)} is not a Qlik ${noun} id (letters, digits, "_" and "-"); ` +
        `pass the ${noun}'s id.`,
    });

export const groupMembersSchema = z.strictObject(
  {
    groupId: qlikId(
      "groupId",
      "group",
      'groupId is required: set it to the id of a custom group (e.g. `group.groupId` of a Group with providerType "custom").',
    ),
    userIds: z
      .array(qlikId("each entry of userIds", "user", "each entry of userIds must be a Qlik user id."), {
        error: (issue) =>
          issue.input === undefined
            ? "userIds is required: list the ids of every user who should be in the group ([] for none)."
            : "userIds must be a list of Qlik user ids, e.g. [jane.userId, omar.userId].",
      })
      .superRefine(listedOnce("userIds", "user")),
    tenantUrl: tenantUrlSchema.optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.keys.join(", ")} is not a GroupMembers input; the inputs are ${GROUP_MEMBERS_INPUT_KEYS.join(", ")}.`
        : "GroupMembers inputs must be an object.",
  },
);

export type GroupMembersInputs = z.infer<typeof groupMembersSchema>;

export type GroupMembersOutputs = GroupMembersInputs & {
  /** The group's name, as Qlik has it. */
  groupName?: string;
  tenantId?: string;
  managedInputs?: string[];
};
