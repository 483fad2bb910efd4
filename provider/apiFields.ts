/**
 * Field schemas shared by the API response schemas of every kind (`provider/<kind>/api.ts`): Qlik leaves optional
 * fields out, or sends `null`; either way the value read is `undefined`, so outputs and diffs never see `null`.
 */
import { z } from "zod";

/** `schema`, with an absent or `null` value read as `undefined`. */
export function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined);
}

/** An optional string field. */
export const optionalText = optional(z.string());
