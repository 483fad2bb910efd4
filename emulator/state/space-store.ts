/**
 * One emulated tenant's spaces and space assignments. The store guards data invariants (space names unique per
 * type, compared case-insensitively; one assignment per assignee and space); API rules (name characters, roles per
 * space type, owners that exist) live in api/spaces.ts.
 */
import type { AssignmentType, RoleType, SpaceType } from "@qlik/api/spaces";
import type { SeedSpace } from "../seed/schema";

export interface SpaceRecord {
  id: string;
  name: string;
  type: SpaceType;
  description?: string;
  ownerId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface AssignmentRecord {
  id: string;
  spaceId: string;
  assigneeId: string;
  type: AssignmentType;
  roles: RoleType[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** Supported roles by space type, as `@qlik/api/spaces` documents them on `RoleType`. */
export const ASSIGNABLE_ROLES: Readonly<Record<SpaceType, readonly RoleType[]>> = {
  shared: ["codeveloper", "consumer", "dataconsumer", "facilitator", "producer"],
  managed: ["basicconsumer", "consumer", "contributor", "dataconsumer", "facilitator", "publisher"],
  data: ["consumer", "dataconsumer", "datapreview", "facilitator", "operator", "producer", "publisher"],
};

const nameKey = (type: string, name: string) => `${type}\u0000${name.toLowerCase()}`;

export class SpaceStore {
  readonly spaces = new Map<string, SpaceRecord>();
  private readonly idsByName = new Map<string, string>();
  /** Assignments by space id, then by assignment id. */
  private readonly assignmentsBySpace = new Map<string, Map<string, AssignmentRecord>>();

  /** The space of `type` whose name equals `name` case-insensitively. */
  byName(type: string, name: string): SpaceRecord | undefined {
    const id = this.idsByName.get(nameKey(type, name));
    return id === undefined ? undefined : this.spaces.get(id);
  }

  /** Every space, sorted by id (creation order). */
  list(): SpaceRecord[] {
    return [...this.spaces.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  insert(space: SpaceRecord): void {
    if (this.byName(space.type, space.name)) throw new Error(`duplicate space ${space.type}/${space.name}`);
    this.spaces.set(space.id, space);
    this.idsByName.set(nameKey(space.type, space.name), space.id);
    this.assignmentsBySpace.set(space.id, new Map());
  }

  rename(space: SpaceRecord, name: string): void {
    const holder = this.byName(space.type, name);
    if (holder && holder.id !== space.id) throw new Error(`duplicate space ${space.type}/${name}`);
    this.idsByName.delete(nameKey(space.type, space.name));
    space.name = name;
    this.idsByName.set(nameKey(space.type, name), space.id);
  }

  /** Removes the space and its assignments. */
  remove(id: string): boolean {
    const space = this.spaces.get(id);
    if (!space) return false;
    this.spaces.delete(id);
    this.idsByName.delete(nameKey(space.type, space.name));
    this.assignmentsBySpace.delete(id);
    return true;
  }

  assignments(spaceId: string): AssignmentRecord[] {
    return [...(this.assignmentsBySpace.get(spaceId)?.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  assignment(spaceId: string, id: string): AssignmentRecord | undefined {
    return this.assignmentsBySpace.get(spaceId)?.get(id);
  }

  /** The assignee's assignment in the space (there is at most one); no copy or sort of the space's assignments. */
  assignmentOf(spaceId: string, assigneeId: string): AssignmentRecord | undefined {
    for (const assignment of this.assignmentsBySpace.get(spaceId)?.values() ?? []) {
      if (assignment.assigneeId === assigneeId) return assignment;
    }
    return undefined;
  }

  insertAssignment(assignment: AssignmentRecord): void {
    const assignments = this.assignmentsBySpace.get(assignment.spaceId);
    if (!assignments) throw new Error(`no space ${assignment.spaceId}`);
    if (this.assignmentOf(assignment.spaceId, assignment.assigneeId)) {
      throw new Error(`duplicate assignment of ${assignment.assigneeId} in ${assignment.spaceId}`);
    }
    assignments.set(assignment.id, assignment);
  }

  removeAssignment(spaceId: string, id: string): boolean {
    return this.assignmentsBySpace.get(spaceId)?.delete(id) ?? false;
  }
}

/** Seeded spaces and their assignments, checked like the API checks them; a bad reference fails start-up. */
export function seedSpaces(
  spaces: SpaceStore,
  seeded: readonly SeedSpace[],
  refs: {
    userId(subject: string): string | undefined;
    groupId(name: string, providerType: string): string | undefined;
  },
  next: { id(): string; owner: string; at: string },
): void {
  for (const seed of seeded) {
    const ownerId = refs.userId(seed.owner ?? next.owner);
    if (!ownerId) throw new Error(`seed: space ${seed.name} refers to unknown owner "${seed.owner}"`);
    if (spaces.byName(seed.type, seed.name)) throw new Error(`seed: duplicate ${seed.type} space "${seed.name}"`);
    const space: SpaceRecord = {
      id: seed.id ?? next.id(),
      name: seed.name,
      type: seed.type,
      description: seed.description,
      ownerId,
      createdAt: next.at,
      createdBy: ownerId,
      updatedAt: next.at,
    };
    spaces.insert(space);
    for (const assignment of seed.assignments ?? []) {
      const [type, assigneeId, who] =
        "user" in assignment
          ? (["user", refs.userId(assignment.user), assignment.user] as const)
          : (["group", refs.groupId(assignment.group, assignment.providerType ?? "idp"), assignment.group] as const);
      if (!assigneeId) throw new Error(`seed: space ${seed.name} assigns unknown ${type} "${who}"`);
      const invalid = assignment.roles.filter((role) => !(ASSIGNABLE_ROLES[seed.type] as string[]).includes(role));
      if (invalid.length > 0) {
        throw new Error(`seed: space ${seed.name} (${seed.type}) cannot assign ${invalid.join(", ")} to ${who}`);
      }
      spaces.insertAssignment({
        id: next.id(),
        spaceId: space.id,
        assigneeId,
        type,
        roles: assignment.roles as RoleType[],
        createdAt: next.at,
        createdBy: ownerId,
        updatedAt: next.at,
        updatedBy: ownerId,
      });
    }
  }
}
