/**
 * Roles: the tenant's custom roles, adopted by name. Qlik's default roles are never declared (a Role resource
 * cannot manage them): users, groups and the group settings name them as plain strings. A declared custom role is
 * also found by its name (its alias), so role lists elsewhere read `roles.analyst.name` and Pulumi adopts the role
 * first.
 */
import { apiRoleSchema, ROLES, type ApiRole } from "../../../provider/roles/api";
import { roleKind } from "../../../provider/roles/kind";
import { importerOf, type KindImport } from "../declare";
import { stringLiteral } from "../source";
import { listAll } from "./collections";

export const rolesImport: KindImport<ApiRole> = {
  kind: "roles",
  description: roleKind,
  variable: "roles",
  heading: "Custom roles, adopted by name (default roles are referenced by name, never declared)",
  async list({ client, progress }) {
    const roles = await listAll(client, ROLES, apiRoleSchema, progress);
    return { docs: roles.filter((role) => role.type === "custom") };
  },
  name: (role) => ({ naturalKey: role.name, candidates: [role.name], fallback: "role" }),
  describe: (role) => `role ${stringLiteral(role.name)}`,
  aliases: (role) => [role.name],
};

export const rolesImporter = importerOf(rolesImport);
