/**
 * The Role kind: a custom role, identified by its Qlik id, found by its (unique) name when adopting. Qlik's
 * default roles ("TenantAdmin", "Developer", …) cannot be managed: adopting one is refused; they are referenced by
 * name in `assignedRoles`.
 *
 * Requests (GET Tier 1; POST, PATCH, DELETE Tier 2):
 * - create: `POST /roles` (name, description, assignedScopes); with `adoptExisting`, first
 *   `GET /roles?filter=name eq "…"` and, where the adopted role differs, one `PATCH /roles/{id}`; a POST refused
 *   because the name exists is followed by that lookup;
 * - read: `GET /roles/{id}`;
 * - update: one `PATCH /roles/{id}` of `replace`s of exactly the changed paths (`/name`, `/description`,
 *   `/assignedScopes`);
 * - delete: `DELETE /roles/{id}` (404 counts as done). Qlik refuses to delete a role still assigned to a user or
 *   group: the error says so and what to do.
 */
import { QlikApiError } from "../http";
import { qlikErrorWords } from "../http/errors";
import type { Kind, Values } from "../engine/kind";
import { setComparator, unique, uniqueSorted, withoutUndefined } from "../patch";
import {
  createRole,
  deleteRole,
  fetchRole,
  findRoleByName,
  patchRole,
  type ApiRole,
  type RolePatchOperation,
} from "./api";
import { ROLE_INPUT_KEYS, roleInputsSchema } from "./schema";

/** For roles, the error's message is matched too. */
function errorWords(error: QlikApiError): string {
  return qlikErrorWords(error, [error.message]);
}

/** A POST refused because the name is taken (Qlik answers 400 or 409 for it). */
function nameTaken(error: unknown): boolean {
  if (!(error instanceof QlikApiError)) return false;
  return (
    error.status === 409 || (error.status === 400 && /already exists|unique|duplicate|conflict/.test(errorWords(error)))
  );
}

function defaultRoleError(role: ApiRole): Error {
  return new Error(
    `"${role.name}" is one of Qlik's default roles (id ${role.id}); default roles cannot be managed with a Role ` +
      "resource. Reference it by name in assignedRoles (User, Group) or everyoneAssignedRoles (GroupSettings) " +
      "instead, or give this custom role another name.",
  );
}

/** The role with the desired name, refusing a default role. */
async function findCustomRole(client: Parameters<typeof findRoleByName>[0], name: string) {
  const role = await findRoleByName(client, name);
  if (role && role.type !== "custom") throw defaultRoleError(role);
  return role;
}

/** Deleting a role still assigned to someone fails: say so, and what to do. */
export function roleInUseError(error: QlikApiError, id: string, name: unknown): Error {
  const named = typeof name === "string" ? `"${name}" (${id})` : id;
  return new Error(
    `Qlik refused to delete the custom role ${named}: a role that is still assigned to a user or group (or to the ` +
      "Everyone group) cannot be deleted. Remove it from those assignedRoles first (User.assignedRoles, " +
      "Group.assignedRoles, GroupSettings.everyoneAssignedRoles, or in the management console), then run " +
      "`pulumi destroy` / `pulumi up` again. In a program, pass `role.name` (the output) to assignedRoles so that " +
      `Pulumi removes the assignments before the role. (${error.message})`,
    { cause: error },
  );
}

function refusedBecauseAssigned(error: unknown): error is QlikApiError {
  if (!(error instanceof QlikApiError) || (error.status !== 400 && error.status !== 409)) return false;
  return /assign|in use|used by|held/.test(errorWords(error)) || error.status === 409;
}

export const roleKind: Kind<ApiRole> = {
  name: "Role",
  noun: "role",
  schema: roleInputsSchema,
  inputKeys: ROLE_INPUT_KEYS,
  fields: [
    { name: "name", read: (role) => role.name, path: "/name", required: true, declaresRoleName: true },
    { name: "description", read: (role) => role.description, path: "/description", absent: "" },
    {
      name: "assignedScopes",
      read: (role) => role.assignedScopes ?? [],
      path: "/assignedScopes",
      equals: setComparator,
      toApi: (value) => uniqueSorted(value as string[]),
      absent: [],
    },
  ],
  idOutput: "roleId",
  idOf: (role) => role.id,
  idInPath: true,
  patchStyle: "replace",
  normalize(inputs: Values) {
    if (Array.isArray(inputs.assignedScopes)) inputs.assignedScopes = unique(inputs.assignedScopes as string[]);
    return inputs;
  },
  facts: (role) =>
    withoutUndefined({
      roleId: role.id,
      tenantId: role.tenantId,
      type: role.type,
      level: role.level,
      createdAt: role.createdAt,
      lastUpdatedAt: role.lastUpdatedAt,
    }),
  lifecycle: {
    type: "collection",
    describeKey: (desired) => `named "${desired.name}"`,
    otherKey: "choose another name (role names are unique per tenant)",
    find: (client, desired) => findCustomRole(client, desired.name as string),
    post: (client, desired) =>
      createRole(
        client,
        withoutUndefined({
          name: desired.name as string,
          description: desired.description as string | undefined,
          assignedScopes: desired.assignedScopes ? uniqueSorted(desired.assignedScopes as string[]) : undefined,
        }),
      ),
    createFailure: (error) => (nameTaken(error) ? "conflict" : undefined),
    async remove(client, id, props) {
      try {
        await deleteRole(client, id);
      } catch (error) {
        if (refusedBecauseAssigned(error)) throw roleInUseError(error, id, props.name);
        throw error;
      }
    },
  },
  read: (client, id) => fetchRole(client, id),
  async patch(client, id, operations) {
    return (await patchRole(client, id, operations as RolePatchOperation[])) ? {} : "gone";
  },
};
