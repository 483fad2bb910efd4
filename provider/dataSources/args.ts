import type { z } from "zod";

/** Validates data-source arguments before any request, throwing one error that names every bad argument. */
export function parseArgs<T>(functionName: string, schema: z.ZodType<T>, args: unknown): T {
  const result = schema.safeParse(args ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys.join(", ")] : issue.path;
    return path.length > 0 ? `${path.join(".")}: ${issue.message}` : issue.message;
  });
  throw new TypeError(`${functionName}: invalid arguments: ${problems.join("; ")}.`);
}
