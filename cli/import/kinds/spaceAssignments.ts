/**
 * Space assignments: every assignment of every space the import lists (pages of 100 per space), adopted by
 * space, assignee and type, named `<space>-<assignee>` after the declared space and user or group. The space and
 * the assignee are references, so the program reads `spaceId: spaces.finance.id, assigneeId: users.alice.id`
 * where those objects are declared, and the raw ids otherwise. Roles are a set to the provider (the first
 * `pulumi up` compares them as one); they are written sorted, so the program does not depend on Qlik's order.
 */
import { listAll } from "./collections";
import { apiAssignmentSchema, assignmentsPath, type ApiAssignment } from "../../../provider/spaces/api";
import { spaceAssignmentKind } from "../../../provider/spaceAssignments/kind";
import { importerOf, type KindImport } from "../declare";
import { slug } from "../names";
import { Reference, stringLiteral } from "../source";
import type { KindName } from "../types";
import { listSpaces } from "./spaceListing";

/** An assignment as listed, with the name of its space (for the resource name and messages; optional only so
 * that the SpaceAssignment kind, which reads plain assignments, describes it). */
export interface ListedAssignment extends ApiAssignment {
  spaceName?: string;
}

/** Each part of `<space>-<assignee>` keeps to half of a name, so the assignee is never cut off. */
const PART_LENGTH = 29;

const assigneeKind = (assignment: ApiAssignment): KindName | undefined =>
  assignment.type === "user" ? "users" : assignment.type === "group" ? "groups" : undefined;

function part(text: string | undefined): string | undefined {
  const slugged = text === undefined ? "" : slug(text).slice(0, PART_LENGTH).replace(/-+$/, "");
  return slugged === "" ? undefined : slugged;
}

export const spaceAssignmentsImport: KindImport<ListedAssignment> = {
  kind: "space-assignments",
  description: spaceAssignmentKind,
  variable: "spaceAssignments",
  heading: "Space assignments (a user's or group's roles in a space), adopted by space, assignee and type",
  async list({ client, progress }) {
    const docs: ListedAssignment[] = [];
    for (const space of await listSpaces(client)) {
      if (space.type === "personal") continue;
      const path = assignmentsPath(space.id);
      for (const assignment of await listAll(client, path, apiAssignmentSchema, progress)) {
        docs.push({ ...assignment, roles: [...assignment.roles].sort(), spaceName: space.name });
      }
    }
    return { docs };
  },
  name(assignment, nameOf) {
    const kind = assigneeKind(assignment);
    const space = part(nameOf("spaces", assignment.spaceId)) ?? part(assignment.spaceName) ?? "space";
    const assignee = part(kind && nameOf(kind, assignment.assigneeId)) ?? part(assignment.assigneeId) ?? "assignee";
    return {
      naturalKey: `${assignment.spaceId}/${assignment.type}:${assignment.assigneeId}`,
      candidates: [`${space}-${assignee}`],
      fallback: "assignment",
    };
  },
  describe: (assignment) =>
    `the ${assignment.type} ${stringLiteral(assignment.assigneeId)} in space ${stringLiteral(assignment.spaceName ?? assignment.spaceId)}`,
  references(assignment) {
    const kind = assigneeKind(assignment);
    return {
      spaceId: new Reference("spaces", assignment.spaceId),
      assigneeId: kind === undefined ? undefined : new Reference(kind, assignment.assigneeId),
    };
  },
};

export const spaceAssignmentsImporter = importerOf(spaceAssignmentsImport);
