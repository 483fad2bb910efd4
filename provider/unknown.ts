/**
 * During `pulumi preview`, values that are not known yet (outputs of resources still to be created) reach
 * check and diff as this sentinel string — in any field, even one typed as an array, boolean or object.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when the value is the sentinel or holds it anywhere inside (array items, object fields). */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
