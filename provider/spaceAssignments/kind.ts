/**
 * The SpaceAssignment kind: the roles of one user or group in one space. Its id is `<spaceId>/<assignmentId>`;
 * it is found by space + assignee + type when adopting (Qlik keeps one assignment per assignee and space).
 *
 * Roles must be valid for the space's type. `check` looks the space up when its id is known (an existing space;
 * not a Space created in the same run, whose id is unknown at preview) and fails naming the roles that type
 * allows; create and update check again against the space before any write.
 *
 * Requests (tiers: GET 1, POST/PUT/DELETE 2):
 * - check: `GET /spaces/{spaceId}` when spaceId is known, the tenant reachable, and the space or the roles differ
 *   from the previous inputs (a preview of an unchanged assignment sends nothing);
 * - create: `GET /spaces/{spaceId}` (the type, for the roles), `POST /spaces/{spaceId}/assignments`
 *   `{ assigneeId, type, roles }`; with `adoptExisting`, first `GET /spaces/{spaceId}/assignments?assigneeId=…&type=…`
 *   and one `PUT` where the roles differ; a 409 is followed by that lookup;
 * - read: `GET /spaces/{spaceId}/assignments/{assignmentId}`;
 * - update (roles): `GET /spaces/{spaceId}`, then one `PUT /spaces/{spaceId}/assignments/{assignmentId}` `{ roles }`;
 *   a change of spaceId, assigneeId, type (or tenant) replaces the assignment;
 * - delete: `DELETE /spaces/{spaceId}/assignments/{assignmentId}` (404 counts as done).
 */
import { QlikApiError } from "../http";
import type { QlikClient } from "../http/types";
import type { Kind, Values } from "../engine/kind";
import { setComparator, unique, uniqueSorted, withoutUndefined } from "../patch";
import { containsUnknown, isUnknown } from "../unknown";
import { rolesAsWritten } from "../users/shared";
import {
  createAssignment,
  deleteAssignment,
  fetchAssignment,
  fetchSpace,
  findAssignment,
  putAssignment,
  type ApiAssignment,
} from "../spaces/api";
import { rolesProblem, SPACE_ASSIGNMENT_INPUT_KEYS, spaceAssignmentInputsSchema } from "../spaces/schema";

/** `<spaceId>/<assignmentId>` → its parts (the engine has checked both are Qlik ids). */
export function assignmentIdParts(id: string): { spaceId: string; assignmentId: string } {
  const [spaceId, assignmentId] = id.split("/");
  return { spaceId, assignmentId };
}

/**
 * Reads the space and throws, before anything is written, when it does not exist or does not take `roles`.
 * Qlik's `meta.assignableRoles` is not needed: the type decides the roles.
 */
async function assertRolesFit(client: QlikClient, spaceId: string, roles: readonly string[]): Promise<void> {
  const space = await fetchSpace(client, spaceId);
  if (!space) {
    throw new Error(
      `spaceId: the tenant at ${client.origin} has no space with id "${spaceId}", so the assignment cannot be ` +
        "written. Check spaceId (e.g. pass a Space's id output), or refresh if the space was deleted outside Pulumi.",
    );
  }
  const problem = rolesProblem(roles, space.type ?? "", space.name);
  if (problem) throw new Error(`${problem} Change roles on this SpaceAssignment; nothing was written.`);
}

export const spaceAssignmentKind: Kind<ApiAssignment> = {
  name: "SpaceAssignment",
  noun: "space assignment",
  schema: spaceAssignmentInputsSchema,
  inputKeys: SPACE_ASSIGNMENT_INPUT_KEYS,
  fields: [
    { name: "spaceId", read: (assignment) => assignment.spaceId, replaces: true, required: true },
    { name: "assigneeId", read: (assignment) => assignment.assigneeId, replaces: true, required: true },
    { name: "type", read: (assignment) => assignment.type, replaces: true, required: true },
    {
      name: "roles",
      read: (assignment) => assignment.roles,
      path: "/roles",
      required: true,
      equals: setComparator,
      spelledAs: (actual, written) => rolesAsWritten(actual as string[], written as string[]),
      // A set: sent in one canonical order, so equal sets are equal documents.
      toApi: (value) => uniqueSorted(value as string[]),
      absent: [],
    },
  ],
  idOutput: "assignmentId",
  idOf: (assignment) => `${assignment.spaceId}/${assignment.id}`,
  idInPath: true,
  idSegments: 2,
  patchStyle: "replace",
  normalize(inputs: Values) {
    if (Array.isArray(inputs.roles) && !containsUnknown(inputs.roles)) inputs.roles = unique(inputs.roles as string[]);
    return inputs;
  },
  facts: (assignment) =>
    withoutUndefined({
      assignmentId: assignment.id,
      tenantId: assignment.tenantId,
      createdAt: assignment.createdAt,
      createdBy: assignment.createdBy,
      updatedAt: assignment.updatedAt,
      updatedBy: assignment.updatedBy,
    }),
  /** Qlik keeps one assignment per assignee and space: the old one goes first when the new one would be the same. */
  deleteBeforeReplace: (olds, news) =>
    isUnknown(news.spaceId) ||
    isUnknown(news.assigneeId) ||
    (news.spaceId === olds.spaceId && news.assigneeId === olds.assigneeId),
  async checkWithTenant(inputs, connection, olds) {
    const { spaceId, roles } = inputs;
    // Roles already applied to this space were checked before they were written: no request on every preview.
    if (olds.spaceId === spaceId && setComparator(olds.roles, roles)) return [];
    const known = typeof spaceId === "string" && !isUnknown(spaceId) && !isUnknown(inputs.tenantUrl);
    if (!known || !Array.isArray(roles) || containsUnknown(roles)) {
      return [];
    }
    const space = await fetchSpace(connection.client(inputs.tenantUrl as string | undefined), spaceId as string);
    const problem = space && rolesProblem(roles as string[], space.type ?? "", space.name);
    return problem ? [{ property: "roles", reason: problem }] : [];
  },
  lifecycle: {
    type: "collection",
    describeKey: (desired) =>
      `for ${desired.type} ${desired.assigneeId} in space ${desired.spaceId} (one assignment per assignee and space)`,
    otherKey: "remove the other assignment first",
    find: (client, desired) =>
      findAssignment(client, desired.spaceId as string, desired.assigneeId as string, desired.type as string),
    async post(client, desired) {
      const spaceId = desired.spaceId as string;
      const roles = desired.roles as string[];
      await assertRolesFit(client, spaceId, roles);
      return createAssignment(client, spaceId, {
        assigneeId: desired.assigneeId as string,
        type: desired.type as "user" | "group",
        roles: roles as never,
      });
    },
    createFailure: (error) => (error instanceof QlikApiError && error.status === 409 ? "conflict" : undefined),
    async remove(client, id) {
      const { spaceId, assignmentId } = assignmentIdParts(id);
      await deleteAssignment(client, spaceId, assignmentId);
    },
  },
  read(client, id) {
    const { spaceId, assignmentId } = assignmentIdParts(id);
    return fetchAssignment(client, spaceId, assignmentId);
  },
  /** The one patchable field is `/roles`, written with a PUT of the whole list. */
  async patch(client, id, operations) {
    const { spaceId, assignmentId } = assignmentIdParts(id);
    const roles = operations.find((operation) => operation.path === "/roles")?.value as string[] | undefined;
    if (roles === undefined) return {};
    await assertRolesFit(client, spaceId, roles);
    const result = await putAssignment(client, spaceId, assignmentId, { roles: roles as never });
    return result === "gone" ? "gone" : { doc: result };
  },
};
