/**
 * One emulated tenant's data with the indexes that keep every request cheap at thousands of users: maps by id,
 * by subject and by (providerType, name), and id-sorted arrays that listings page through without re-sorting.
 * The store guards data invariants (unique subjects and group names); API rules live in the api/ handlers.
 */
import { SeedIdSequence } from "../core/ids";
import type { SeedTenant } from "../seed/schema";
import { DEFAULT_ROLES } from "./default-roles";
import { seedSpaces, SpaceStore } from "./space-store";
import type {
  GroupRecord,
  GroupSettingsRecord,
  RoleRecord,
  TenantRecord,
  TenantSettingsRecord,
  UserRecord,
} from "./records";

export const DEFAULT_MAX_GROUPS = 10_000;
/** Qlik's limit of custom roles per tenant. */
export const DEFAULT_MAX_CUSTOM_ROLES = 500;
const SEED_TIME = "2024-01-15T09:00:00.000Z";

export type RoleRef = { id: string } | { name: string };

/** Keeps `list` sorted by id; ids are unique. */
function insertSortedById<T extends { id: string }>(list: T[], item: T): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].id < item.id) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

function removeSortedById<T extends { id: string }>(list: T[], id: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo]?.id === id) list.splice(lo, 1);
}

function groupKey(providerType: string, name: string): string {
  return `${providerType}\u0000${name}`;
}

export class TenantStore {
  readonly tenant: TenantRecord;
  readonly roles = new Map<string, RoleRecord>();
  private readonly roleIdsByName = new Map<string, string>();
  readonly users = new Map<string, UserRecord>();
  private readonly usersSorted: UserRecord[] = [];
  private readonly userIdsBySubject = new Map<string, string>();
  /** Lower-cased subject → ids: filters compare case-insensitively, uniqueness is exact. */
  private readonly userIdsByFoldedSubject = new Map<string, Set<string>>();
  readonly groups = new Map<string, GroupRecord>();
  private readonly groupsSorted: GroupRecord[] = [];
  private readonly groupIdsByKey = new Map<string, string>();
  groupSettings: GroupSettingsRecord;
  tenantSettings: TenantSettingsRecord | undefined;
  readonly maxGroups: number;
  /** Shared, managed and data spaces with their assignments (space-store.ts). */
  readonly spaces = new SpaceStore();
  readonly maxCustomRoles: number;

  constructor(seed: SeedTenant, namespace: number) {
    const ids = new SeedIdSequence(namespace);
    const created = seed.createdAt ?? SEED_TIME;

    for (const role of DEFAULT_ROLES) {
      this.addRole({
        id: ids.take(),
        ...role,
        type: "default",
        permissions: [],
        assignedScopes: [],
        createdAt: created,
        lastUpdatedAt: created,
      });
    }
    for (const role of seed.customRoles ?? []) {
      this.addRole({
        id: ids.take(),
        name: role.name,
        description: role.description ?? "",
        level: role.level ?? "user",
        type: "custom",
        permissions: [],
        assignedScopes: [],
        createdAt: created,
        lastUpdatedAt: created,
      });
    }
    const roleIdsFor = (names: string[] | undefined, owner: string): string[] =>
      (names ?? []).map((name) => {
        const id = this.roleIdsByName.get(name);
        if (!id) throw new Error(`seed: ${owner} refers to unknown role "${name}"`);
        return id;
      });

    for (const group of seed.groups ?? []) {
      this.insertGroup({
        id: group.id ?? ids.take(),
        name: group.name,
        providerType: group.providerType ?? "idp",
        description: group.description,
        status: "active",
        roleIds: roleIdsFor(group.roles, `group ${group.name}`),
        createdAt: created,
        lastUpdatedAt: created,
      });
    }

    for (const user of seed.users ?? []) {
      const groupIds = (user.groups ?? []).map((ref) => {
        const group = this.groupByName(ref.providerType ?? "idp", ref.name);
        if (!group) throw new Error(`seed: user ${user.subject} refers to unknown group "${ref.name}"`);
        return group.id;
      });
      this.insertUser({
        id: user.id ?? ids.take(),
        subject: user.subject,
        name: user.name ?? user.email ?? user.subject,
        email: user.email,
        status: user.status ?? "active",
        picture: user.picture,
        locale: user.locale,
        zoneinfo: user.zoneinfo,
        preferredLocale: user.preferredLocale,
        preferredZoneinfo: user.preferredZoneinfo,
        inviteExpiry: user.status === "invited" ? Math.floor(Date.parse(created) / 1000) + 7 * 86400 : undefined,
        createdAt: created,
        lastUpdatedAt: created,
        roleIds: roleIdsFor(user.roles, `user ${user.subject}`),
        groupIds,
      });
    }

    const admin = this.userBySubject(seed.apiKeyOwner);
    this.tenant = {
      id: seed.id,
      name: seed.name,
      hostnames: [...seed.hostnames],
      regionCode: seed.regionCode,
      countryCode: seed.countryCode,
      subscriptionId: seed.subscriptionId,
      licenseNumber: seed.licenseNumber,
      status: seed.status === "disabled" ? "disabled" : seed.status === "deleted" ? "deleted" : "active",
      created,
      lastUpdated: created,
      createdByUser: admin?.id ?? "",
      autoAssignCreateSharedSpacesRoleToProfessionals: seed.autoAssignCreateSharedSpacesRoleToProfessionals ?? true,
      autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals:
        seed.autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals ?? true,
      autoAssignDataServicesContributorRoleToProfessionals:
        seed.autoAssignDataServicesContributorRoleToProfessionals ?? true,
      enableAnalyticCreation: seed.enableAnalyticCreation ?? false,
      enableAppOpeningFeedback: seed.enableAppOpeningFeedback ?? true,
    };

    this.groupSettings = {
      autoCreateGroups: seed.groupSettings?.autoCreateGroups ?? true,
      syncIdpGroups: seed.groupSettings?.syncIdpGroups ?? seed.groupSettings?.autoCreateGroups ?? true,
      everyone: {
        roleIds: roleIdsFor(seed.groupSettings?.everyoneRoles, "Everyone"),
        createdAt: created,
        lastUpdatedAt: created,
      },
    };

    if (seed.tenantSettings) {
      this.tenantSettings = {
        id: ids.take(),
        tenantId: seed.id,
        createdAt: created,
        createdBy: admin?.id ?? "",
        updatedAt: created,
        updatedBy: admin?.id,
        ...structuredClone(seed.tenantSettings),
      };
    }
    this.maxGroups = seed.limits?.maxGroups ?? DEFAULT_MAX_GROUPS;
    seedSpaces(
      this.spaces,
      seed.spaces ?? [],
      {
        userId: (subject) => this.userBySubject(subject)?.id,
        groupId: (name, providerType) => this.groupByName(providerType as "idp" | "custom", name)?.id,
      },
      { id: () => ids.take(), owner: seed.apiKeyOwner, at: created },
    );
    this.maxCustomRoles = seed.limits?.maxCustomRoles ?? DEFAULT_MAX_CUSTOM_ROLES;
  }

  // ----- roles

  private addRole(role: RoleRecord): void {
    this.roles.set(role.id, role);
    this.roleIdsByName.set(role.name, role.id);
  }

  /** Role names are matched exactly (case-sensitive), as role names are identifiers, and are unique per tenant. */
  resolveRole(ref: RoleRef): RoleRecord | undefined {
    const id = "id" in ref ? ref.id : this.roleIdsByName.get(ref.name);
    return id === undefined ? undefined : this.roles.get(id);
  }

  insertRole(role: RoleRecord): void {
    if (this.roleIdsByName.has(role.name)) throw new Error(`duplicate role ${role.name}`);
    this.addRole(role);
  }

  renameRole(role: RoleRecord, name: string): void {
    const holder = this.roleIdsByName.get(name);
    if (holder !== undefined && holder !== role.id) throw new Error(`duplicate role ${name}`);
    this.roleIdsByName.delete(role.name);
    role.name = name;
    this.roleIdsByName.set(name, role.id);
  }

  removeRole(id: string): void {
    const role = this.roles.get(id);
    if (!role) return;
    this.roles.delete(id);
    this.roleIdsByName.delete(role.name);
  }

  customRoleCount(): number {
    let count = 0;
    for (const role of this.roles.values()) if (role.type === "custom") count++;
    return count;
  }

  /** Who holds the role: users, groups and the Everyone group (a role held by anyone cannot be deleted). */
  roleHolders(id: string): { users: number; groups: number; everyone: boolean } {
    let users = 0;
    let groups = 0;
    for (const user of this.users.values()) if (user.roleIds.includes(id)) users++;
    for (const group of this.groups.values()) if (group.roleIds.includes(id)) groups++;
    return { users, groups, everyone: this.groupSettings.everyone.roleIds.includes(id) };
  }

  roleList(): RoleRecord[] {
    return [...this.roles.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  // ----- users

  userBySubject(subject: string): UserRecord | undefined {
    const id = this.userIdsBySubject.get(subject);
    return id === undefined ? undefined : this.users.get(id);
  }

  usersWithSubjectLike(subject: string): UserRecord[] {
    const ids = this.userIdsByFoldedSubject.get(subject.toLowerCase());
    return ids ? [...ids].map((id) => this.users.get(id) as UserRecord) : [];
  }

  /** Every user, sorted by id (creation order). Do not mutate. */
  sortedUsers(): readonly UserRecord[] {
    return this.usersSorted;
  }

  insertUser(user: UserRecord): void {
    if (this.userIdsBySubject.has(user.subject)) throw new Error(`duplicate subject ${user.subject}`);
    if (this.users.has(user.id)) throw new Error(`duplicate user id ${user.id}`);
    this.users.set(user.id, user);
    insertSortedById(this.usersSorted, user);
    this.userIdsBySubject.set(user.subject, user.id);
    const folded = user.subject.toLowerCase();
    let set = this.userIdsByFoldedSubject.get(folded);
    if (!set) this.userIdsByFoldedSubject.set(folded, (set = new Set()));
    set.add(user.id);
  }

  removeUser(id: string): boolean {
    const user = this.users.get(id);
    if (!user) return false;
    this.users.delete(id);
    removeSortedById(this.usersSorted, id);
    this.userIdsBySubject.delete(user.subject);
    const folded = user.subject.toLowerCase();
    const set = this.userIdsByFoldedSubject.get(folded);
    set?.delete(id);
    if (set?.size === 0) this.userIdsByFoldedSubject.delete(folded);
    return true;
  }

  // ----- groups

  /** Names are case-sensitive and unique per provider type. */
  groupByName(providerType: "idp" | "custom", name: string): GroupRecord | undefined {
    const id = this.groupIdsByKey.get(groupKey(providerType, name));
    return id === undefined ? undefined : this.groups.get(id);
  }

  /** Every group, sorted by id. Do not mutate. */
  sortedGroups(): readonly GroupRecord[] {
    return this.groupsSorted;
  }

  insertGroup(group: GroupRecord): void {
    const key = groupKey(group.providerType, group.name);
    if (this.groupIdsByKey.has(key)) throw new Error(`duplicate group ${group.providerType}/${group.name}`);
    if (this.groups.has(group.id)) throw new Error(`duplicate group id ${group.id}`);
    this.groups.set(group.id, group);
    insertSortedById(this.groupsSorted, group);
    this.groupIdsByKey.set(key, group.id);
  }

  renameGroup(group: GroupRecord, name: string): void {
    const key = groupKey(group.providerType, name);
    const holder = this.groupIdsByKey.get(key);
    if (holder !== undefined && holder !== group.id) throw new Error(`duplicate group ${group.providerType}/${name}`);
    this.groupIdsByKey.delete(groupKey(group.providerType, group.name));
    group.name = name;
    this.groupIdsByKey.set(key, group.id);
  }

  removeGroup(id: string): boolean {
    const group = this.groups.get(id);
    if (!group) return false;
    this.groups.delete(id);
    removeSortedById(this.groupsSorted, id);
    this.groupIdsByKey.delete(groupKey(group.providerType, group.name));
    return true;
  }

  activeGroupCount(): number {
    return this.groups.size;
  }
}
