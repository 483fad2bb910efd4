/**
 * The Space and SpaceAssignment inputs and the zod schemas `check` validates them with, and which roles each
 * space type allows (Qlik's `RoleType` documentation in `@qlik/api/spaces`). Every failure names the property
 * and says what to write instead.
 */
import { z } from "zod";
import type { RoleType, SpaceType } from "@qlik/api/spaces";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import { adoptExistingField, listedOnce, text } from "../users/shared";

export const SPACE_TYPES = ["shared", "managed", "data"] as const satisfies readonly SpaceType[];

/** The roles Qlik assigns in each type of space (`@qlik/api/spaces` `RoleType`, "Supported roles by space type"). */
export const SPACE_ROLES: Readonly<Record<SpaceType, readonly RoleType[]>> = {
  shared: ["codeveloper", "consumer", "dataconsumer", "facilitator", "producer"],
  managed: ["basicconsumer", "consumer", "contributor", "dataconsumer", "facilitator", "publisher"],
  data: ["consumer", "dataconsumer", "datapreview", "facilitator", "operator", "producer", "publisher"],
};

export const ALL_SPACE_ROLES = [...new Set(Object.values(SPACE_ROLES).flat())].sort() as RoleType[];

/** Qlik's rules for space names: at most 256 characters, none of `"*?<>/|\:`. */
export const SPACE_NAME_MAX = 256;
export const SPACE_NAME_FORBIDDEN = /["*?<>/|\\:]/;

export const SPACE_INPUT_KEYS = ["name", "type", "description", "ownerId", "adoptExisting", "tenantUrl"] as const;

const qlikId = (field: string, what: string) =>
  text(field, `${what} (a Qlik id)`).regex(/^[A-Za-z0-9_-]{1,128}$/, {
    error: `${field} must be ${what}: a Qlik id of letters, digits, "_" and "-".`,
  });

function unrecognized(kind: string, keys: readonly string[]) {
  return (issue: z.core.$ZodRawIssue) =>
    issue.code === "unrecognized_keys"
      ? `${(issue as { keys: string[] }).keys.join(", ")} is not a ${kind} input; the inputs are ${keys.join(", ")}.`
      : `${kind} inputs must be an object.`;
}

export const spaceNameSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined ? "name is required: set it to the space's name." : "name must be a string.",
  })
  .refine((name) => name.trim() !== "", { error: "name must not be empty: set it to the space's name." })
  .refine((name) => name.length <= SPACE_NAME_MAX, {
    error: (issue) =>
      `name must be at most ${SPACE_NAME_MAX} characters (Qlik's limit for space names); this one has ` +
      `${(issue.input as string).length}. Shorten it.`,
  })
  .refine((name) => !SPACE_NAME_FORBIDDEN.test(name), {
    error: (issue) =>
      `name must not contain any of " * ? < > / | \\ : (Qlik refuses them in space names); ` +
      `"${issue.input as string}" does. Remove or replace those characters.`,
  });

export const spaceTypeSchema = z.enum(SPACE_TYPES, {
  error:
    'type must be "shared" (members collaborate on content), "managed" (content is published to it) or ' +
    '"data" (data integration projects).',
});

export const spaceInputsSchema = z.strictObject(
  {
    name: spaceNameSchema,
    type: spaceTypeSchema,
    description: text("description", "a string").optional(),
    ownerId: qlikId("ownerId", "the Qlik user id of the space's owner").optional(),
    adoptExisting: adoptExistingField.optional(),
    tenantUrl: tenantUrlSchema.optional(),
  },
  { error: unrecognized("Space", SPACE_INPUT_KEYS) },
);

export type SpaceInputs = z.infer<typeof spaceInputsSchema>;

export type SpaceOutputs = SpaceInputs & {
  /** The Qlik space id (also the resource id). */
  spaceId: string;
  tenantId?: string;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  managedInputs?: string[];
};

export const ASSIGNEE_TYPES = ["user", "group"] as const;

export const SPACE_ASSIGNMENT_INPUT_KEYS = [
  "spaceId",
  "assigneeId",
  "type",
  "roles",
  "adoptExisting",
  "tenantUrl",
] as const;

export const spaceRolesSchema = z
  .array(
    z.enum(ALL_SPACE_ROLES as [RoleType, ...RoleType[]], {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a space role; space roles are ${ALL_SPACE_ROLES.join(", ")} ` +
        "(which of them a space accepts depends on its type).",
    }),
    { error: 'roles must be a list of space roles, e.g. ["consumer"].' },
  )
  .min(1, { error: 'roles must not be empty: list at least one role, e.g. ["consumer"] (Qlik requires one).' })
  .superRefine(listedOnce("roles", "role"));

export const spaceAssignmentInputsSchema = z.strictObject(
  {
    spaceId: qlikId("spaceId", "the id of the space (e.g. a Space's id output)"),
    assigneeId: qlikId("assigneeId", "the Qlik id of the user or group to assign"),
    type: z.enum(ASSIGNEE_TYPES, {
      error: 'type must be "user" (assigneeId is a user id) or "group" (assigneeId is a group id).',
    }),
    roles: spaceRolesSchema,
    adoptExisting: adoptExistingField.optional(),
    tenantUrl: tenantUrlSchema.optional(),
  },
  { error: unrecognized("SpaceAssignment", SPACE_ASSIGNMENT_INPUT_KEYS) },
);

export type SpaceAssignmentInputs = z.infer<typeof spaceAssignmentInputsSchema>;

export type SpaceAssignmentOutputs = SpaceAssignmentInputs & {
  /** The assignment's own Qlik id (the resource id is `<spaceId>/<assignmentId>`). */
  assignmentId: string;
  tenantId?: string;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  updatedBy?: string;
  managedInputs?: string[];
};

/**
 * The reason `roles` cannot be assigned in a space of `spaceType`, or undefined when they can. Names the roles
 * the type allows, so the fix is in the message.
 */
export function rolesProblem(roles: readonly string[], spaceType: string, spaceName?: string): string | undefined {
  const allowed = SPACE_ROLES[spaceType as SpaceType] as readonly string[] | undefined;
  if (!allowed) return undefined;
  const invalid = roles.filter((role) => !allowed.includes(role));
  if (invalid.length === 0) return undefined;
  const space = spaceName === undefined ? `a ${spaceType} space` : `the ${spaceType} space "${spaceName}"`;
  return (
    `roles ${invalid.map((role) => `"${role}"`).join(", ")} cannot be assigned in ${space}; ` +
    `a ${spaceType} space allows ${allowed.join(", ")}.`
  );
}
