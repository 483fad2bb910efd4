import { z } from "zod";
import type { CheckFailure, CheckResult } from "./resource";
import { containsUnknown, isUnknown } from "./unknown";

export interface Checked<T> {
  /** The normalized inputs; fields that were unknown are passed through untouched. */
  inputs: T;
  failures: CheckFailure[];
}

/**
 * Validates resource inputs with zod without ever throwing, tolerating Pulumi's unknown sentinel: an issue is
 * dropped when the value it is about (or any value above it) is unknown, because preview cannot judge it yet.
 * The checked inputs keep unknown fields as they came, so the engine sees them as unknown still.
 */
export function checkInputs<T>(schema: z.ZodType<T>, news: Record<string, unknown>): Checked<T> {
  const withoutProviderKey = Object.fromEntries(Object.entries(news).filter(([key]) => key !== "__provider"));
  const result = schema.safeParse(withoutProviderKey);
  if (result.success) return { inputs: result.data, failures: [] };

  const failures = result.error.issues
    .filter((issue) => !touchesUnknown(withoutProviderKey, issue.path))
    .map((issue) => ({ property: propertyName(issue), reason: issue.message }));
  if (failures.length > 0) return { inputs: withoutProviderKey as T, failures: dedupe(failures) };

  // Every issue was about an unknown value: keep the known parts as they are (with defaults where the
  // schema can fill them in) so that diff can still compare what is known.
  return { inputs: withDefaults(schema, withoutProviderKey) as T, failures: [] };
}

function touchesUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  let value: unknown = root;
  if (isUnknown(value)) return true;
  for (const key of path) {
    if (value === null || typeof value !== "object") return false;
    value = (value as Record<PropertyKey, unknown>)[key];
    if (isUnknown(value)) return true;
  }
  // A refinement over a whole object or list that still holds unknowns cannot be judged either.
  return containsUnknown(value);
}

function propertyName(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") return [...path, issue.keys[0]].join(".");
  return path.join(".") || "(inputs)";
}

function dedupe(failures: CheckFailure[]): CheckFailure[] {
  const seen = new Set<string>();
  return failures.filter((failure) => {
    const key = `${failure.property}\u0000${failure.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function withDefaults(schema: z.ZodType, inputs: Record<string, unknown>): Record<string, unknown> {
  if (!(schema instanceof z.ZodObject)) return inputs;
  const shape = schema.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = { ...inputs };
  for (const [key, fieldSchema] of Object.entries(shape)) {
    if (out[key] !== undefined) continue;
    const parsed = fieldSchema.safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out;
}

/**
 * A resource kind's `check`: `checkInputs`, with `failures` only when there are some. Keys whose value is
 * `undefined` are not inputs: the SDK seeds its declared outputs that way.
 */
export async function checkResource<T>(schema: z.ZodType<T>, news: Record<string, unknown>): Promise<CheckResult<T>> {
  const given = Object.fromEntries(Object.entries(news).filter(([, value]) => value !== undefined));
  const { inputs, failures } = checkInputs(schema, given);
  return failures.length > 0 ? { inputs, failures } : { inputs };
}
