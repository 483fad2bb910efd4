/**
 * The benchmark's resources: N users and G custom groups in one tenant, what the program declares for them, and
 * the change an update makes (a user's name, a group's description: one PATCH each).
 */
export type Kind = "User" | "Group";

export interface BenchResource {
  kind: Kind;
  name: string;
  /** What the program declares (without `__provider`). */
  inputs: Record<string, unknown>;
  /** The declaration after the change. */
  changed: Record<string, unknown>;
}

export interface Workload {
  label: string;
  users: number;
  groups: number;
}

export function resourcesOf(workload: Workload, tenantUrl: string): BenchResource[] {
  const users = Array.from({ length: workload.users }, (_, i): BenchResource => {
    const inputs = {
      subject: `bench|user-${i}`,
      email: `user-${i}@bench.example`,
      name: `Bench User ${i}`,
      assignedRoles: ["Developer"],
      tenantUrl,
    };
    return { kind: "User", name: `user-${i}`, inputs, changed: { ...inputs, name: `Bench User ${i} (renamed)` } };
  });
  const groups = Array.from({ length: workload.groups }, (_, i): BenchResource => {
    const inputs = { name: `Bench group ${i}`, providerType: "custom", assignedRoles: ["Developer"], tenantUrl };
    return { kind: "Group", name: `group-${i}`, inputs, changed: { ...inputs, description: `Group ${i}, updated` } };
  });
  return [...users, ...groups];
}
