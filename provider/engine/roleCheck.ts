/**
 * Role names given to a resource (User and Group `assignedRoles`, GroupSettings `everyoneAssignedRoles`) are
 * checked at `check` time against the tenant's roles, when the provider can reach the tenant: an unknown name is a
 * check failure that lists the valid names (at preview), instead of Qlik's 400 at `up`. The tenant's list is read
 * once per tenant per provider process (see roles/catalog.ts). When the tenant cannot be reached (no credentials
 * yet, network, a slow answer) nothing is checked and nothing fails.
 */
import type { CheckFailure } from "../resource";
import { containsUnknown, isUnknown } from "../unknown";
import type { Connection } from "./connection";
import type { Kind, Values } from "./kind";

/** Records the role names a resource declares (a Role's name), so later checks accept them. */
export function declareRoleNames<Doc>(kind: Kind<Doc>, inputs: Values, connection: Connection): void {
  if (isUnknown(inputs.tenantUrl) || !connection.declareRoleName) return;
  for (const field of kind.fields) {
    const name = inputs[field.name];
    if (field.declaresRoleName && typeof name === "string" && !isUnknown(name)) {
      connection.declareRoleName(inputs.tenantUrl as string | undefined, name);
    }
  }
}

/** The failures for role names `inputs` gives that the tenant does not have. */
export async function roleFailures<Doc>(
  kind: Kind<Doc>,
  inputs: Values,
  connection: Connection,
): Promise<CheckFailure[]> {
  const fields = kind.fields.filter(
    (field) => field.roleNames && Array.isArray(inputs[field.name]) && !containsUnknown(inputs[field.name]),
  );
  if (fields.length === 0 || !connection.roleNames || isUnknown(inputs.tenantUrl)) return [];
  const known = await connection.roleNames(inputs.tenantUrl as string | undefined);
  if (known === undefined) return [];
  // Qlik resolves role names case-insensitively in places; only names no role has in any case are refused.
  const folded = new Set(known.map((name) => name.toLowerCase()));
  const failures: CheckFailure[] = [];
  for (const field of fields) {
    const unknown = (inputs[field.name] as string[]).filter((name) => !folded.has(name.toLowerCase()));
    if (unknown.length === 0) continue;
    const listed = unknown.map((name) => `"${name}"`).join(", ");
    failures.push({
      property: field.name,
      reason:
        `${field.name}: the tenant has no role ${listed}. Valid role names: ${[...known].sort().join(", ")}. ` +
        "A custom role managed in this program is valid too: pass its `name` output (role.name) so it exists first.",
    });
  }
  return failures;
}
