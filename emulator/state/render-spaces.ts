/**
 * Space and assignment records → Qlik's JSON shapes, typed against `@qlik/api/spaces` so a drift from the
 * published contract fails the type check.
 */
import type { Assignment, Space } from "@qlik/api/spaces";
import { ASSIGNABLE_ROLES, type AssignmentRecord, type SpaceRecord } from "./space-store";

const ACTIONS = ["change_owner", "create", "read", "update", "delete", "publish"] as const;

export function renderSpace(space: SpaceRecord, tenantId: string, origin: string): Space {
  const self = `${origin}/api/v1/spaces/${space.id}`;
  const rendered: Space = {
    id: space.id,
    name: space.name,
    type: space.type,
    ownerId: space.ownerId,
    tenantId,
    createdAt: space.createdAt,
    createdBy: space.createdBy,
    updatedAt: space.updatedAt,
    meta: {
      actions: space.type === "shared" ? ACTIONS.filter((action) => action !== "publish") : [...ACTIONS],
      assignableRoles: [...ASSIGNABLE_ROLES[space.type]],
      roles: [],
    },
    links: { self: { href: self }, assignments: { href: `${self}/assignments` } },
  };
  if (space.description !== undefined) rendered.description = space.description;
  return rendered;
}

export function renderAssignment(assignment: AssignmentRecord, tenantId: string, origin: string): Assignment {
  const space = `${origin}/api/v1/spaces/${assignment.spaceId}`;
  return {
    id: assignment.id,
    spaceId: assignment.spaceId,
    assigneeId: assignment.assigneeId,
    type: assignment.type,
    roles: [...assignment.roles],
    tenantId,
    createdAt: assignment.createdAt,
    createdBy: assignment.createdBy,
    updatedAt: assignment.updatedAt,
    updatedBy: assignment.updatedBy,
    links: { self: { href: `${space}/assignments/${assignment.id}` }, space: { href: space } },
  };
}
