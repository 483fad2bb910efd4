/**
 * Users: every user Qlik lists (deleted ones excepted), adopted by subject. Every field Qlik has is declared,
 * so it is managed with the value it has now: adoption finds nothing to patch.
 */
import { z } from "zod";
import { apiUserSchema, isGone, type ApiUser } from "../../../provider/users/api";
import { userInputsSchema, USER_STATUSES } from "../../../provider/users/schema";
import { unique } from "../../../provider/patch";
import { checkedInputs } from "../inputs";
import { stringLiteral } from "../source";
import type { Declaration, ImportContext, KindImporter, KindResult } from "../types";
import { listAll } from "./collections";

const USERS = "/api/v1/users";

/** The User arguments for `user` as Qlik has it (before the provider's check). */
export function userCandidate(user: ApiUser): Record<string, unknown> {
  const candidate: Record<string, unknown> = { subject: user.subject };
  if (user.email !== undefined) candidate.email = user.email;
  if (user.name !== undefined) candidate.name = user.name;
  // `provisioned` (and any status Qlik adds) cannot be set by a program: left unmanaged.
  if ((USER_STATUSES as readonly string[]).includes(user.status ?? "")) candidate.status = user.status;
  candidate.assignedRoles = unique((user.assignedRoles ?? []).map((role) => role.name));
  if (user.preferredLocale !== undefined) candidate.preferredLocale = user.preferredLocale;
  if (user.preferredZoneinfo !== undefined) candidate.preferredZoneinfo = user.preferredZoneinfo;
  if (user.picture !== undefined) candidate.picture = user.picture;
  candidate.adoptExisting = true;
  return candidate;
}

export function userDeclaration(user: ApiUser): Declaration | { problem: string } {
  const checked = checkedInputs(userInputsSchema, userCandidate(user), ["subject"]);
  if (!checked.inputs) return { problem: checked.problem ?? "invalid" };
  const notes = [...checked.notes];
  if (user.status !== undefined && !(USER_STATUSES as readonly string[]).includes(user.status)) {
    notes.push(`status not managed: Qlik reports ${stringLiteral(user.status)}, which a program cannot set`);
  }
  return {
    qlikId: user.id,
    name: {
      naturalKey: user.subject,
      candidates: [user.email?.split("@")[0], user.name, user.subject],
      fallback: "user",
    },
    args: checked.inputs as Declaration["args"],
    notes,
  };
}

async function read({ client, progress }: ImportContext): Promise<KindResult> {
  const count = await client.request({
    method: "GET",
    path: `${USERS}/actions/count`,
    schema: z.object({ total: z.number().int().nonnegative() }),
  });
  progress.total(count.body.total);
  const users = (await listAll(client, USERS, apiUserSchema, progress)).filter((user) => !isGone(user));
  const result: KindResult = { declarations: [], skipped: [] };
  for (const user of users) {
    const declared = userDeclaration(user);
    if ("problem" in declared)
      result.skipped.push({ what: `user ${stringLiteral(user.subject)}`, reason: declared.problem });
    else result.declarations.push(declared);
  }
  return result;
}

export const usersImporter: KindImporter = {
  kind: "users",
  className: "User",
  variable: "users",
  singleton: false,
  heading: "Users, adopted by subject",
  read,
};
