/**
 * The one managed-inputs mechanism. Outputs hold Qlik's value of every field a kind knows, managed or not; a
 * refresh (`read`) and `diff` see only outputs; so every kind records in its outputs which inputs the program set:
 * `managedInputs`, sorted. Only those are compared, patched and reported back as inputs by a refresh.
 *
 * Outputs written before that record existed held only the inputs the program set besides Qlik's facts (User,
 * Group, TenantSettings of pulumi-qlik 0.1.0): for them the record is inferred from the keys present. The one
 * exception is `tenantUrl`, which TenantSettings and Tenant always recorded (resolved): it counts as set only
 * when it is not the stack's default tenant.
 */
import { isDefaultTenant } from "./tenant";

/** The names of the inputs set in `inputs`, among `keys`, sorted. The engine's `__provider` is never one. */
export function managedInputsOf(keys: readonly string[], inputs: Readonly<Record<string, unknown>>): string[] {
  return keys.filter((key) => inputs[key] !== undefined).sort();
}

/** The inputs recorded outputs say the program set (see the module comment). */
export function recordedManagedInputs(
  keys: readonly string[],
  recorded: Readonly<Record<string, unknown>>,
  defaultTenantUrl?: string,
): string[] {
  const listed = recorded.managedInputs;
  if (Array.isArray(listed)) return keys.filter((key) => listed.includes(key)).sort();
  return managedInputsOf(keys, recorded).filter(
    (key) =>
      key !== "tenantUrl" ||
      recorded.tenantOrigin !== undefined ||
      !isDefaultTenant(recorded.tenantUrl as string, defaultTenantUrl),
  );
}
