/**
 * Imported values pass the provider's own input check before they are written: a value Qlik holds that a
 * program could not set (an email the check rejects, an empty name, a start page this version does not know)
 * would fail `pulumi up` or — worse — be "corrected". Such a field is left out of the program, so it is not
 * managed and Qlik keeps it, and the program says so in a comment.
 */
import type { z } from "zod";
import { stringLiteral } from "./source";

/**
 * A kind's own words, by field, for a value Qlik holds that the check rejects, given the candidate inputs:
 * a note; `null` to say nothing (a value Qlik ignores anyway); `undefined` for the check's message.
 */
export type RejectedNotes = Readonly<
  Record<string, (value: unknown, inputs: Readonly<Record<string, unknown>>) => string | null | undefined>
>;

export interface CheckedInputs {
  /** The candidate without the fields the check rejected; undefined when a required field was rejected. */
  inputs?: Record<string, unknown>;
  /** Comment lines: which field was left out and why (values escaped). */
  notes: string[];
  /** Why the object cannot be declared at all, when `inputs` is undefined. */
  problem?: string;
}

/**
 * Checks `candidate` with `schema`, dropping each top-level field an issue points at until it passes. A rejected
 * `required` field, or an issue that points at no field, means the object cannot be declared.
 */
export function checkedInputs(
  schema: z.ZodType,
  candidate: Record<string, unknown>,
  required: readonly string[],
  rejected: RejectedNotes = {},
): CheckedInputs {
  const inputs = { ...candidate };
  const notes: string[] = [];
  for (let round = 0; round <= Object.keys(candidate).length; round++) {
    const result = schema.safeParse(inputs);
    if (result.success) return { inputs, notes };
    const fields = new Set<string>();
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      if (typeof field !== "string" || !(field in inputs)) continue;
      if (required.includes(field)) {
        return { notes, problem: `${field} ${stringLiteral(String(inputs[field]))} is not valid: ${issue.message}` };
      }
      if (!fields.has(field)) {
        const note = Object.hasOwn(rejected, field) ? rejected[field](inputs[field], inputs) : undefined;
        if (note !== null) {
          notes.push(note ?? `${field} not managed (Qlik has a value the provider's check rejects: ${issue.message})`);
        }
      }
      fields.add(field);
    }
    if (fields.size === 0) return { notes, problem: result.error.issues.map((issue) => issue.message).join("; ") };
    for (const field of fields) delete inputs[field];
  }
  return { notes, problem: "the provider's check keeps rejecting the values" };
}
