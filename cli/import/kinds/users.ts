/**
 * Users: every user Qlik lists (deleted ones excepted), adopted by subject, named after the email's local part,
 * the display name or the subject. The declared values come from the User kind (declare.ts).
 *
 * Custom-group membership is declared in one place only: by the group-members kind (GroupMembers) when it is
 * imported, and then users leave `customGroups` unmanaged (declaring both would have them undo each other);
 * otherwise (`--skip group-members`, `--only users`) by each user's `customGroups`.
 */
import { apiUserSchema, isGone, userCollection, type ApiUser } from "../../../provider/users/api";
import { userKind } from "../../../provider/users/kind";
import { USER_STATUSES } from "../../../provider/users/schema";
import { importerOf, type KindImport } from "../declare";
import { stringLiteral } from "../source";
import { listCollection } from "./collections";

export const usersImport: KindImport<ApiUser> = {
  kind: "users",
  description: userKind,
  variable: "users",
  heading: "Users, adopted by subject",
  async list({ client, progress }) {
    const users = await listCollection(client, userCollection, apiUserSchema, progress);
    return { docs: users.filter((user) => !isGone(user)) };
  },
  name: (user) => ({
    naturalKey: user.subject,
    candidates: [user.email?.split("@")[0], user.name, user.subject],
    fallback: "user",
  }),
  describe: (user) => `user ${stringLiteral(user.subject)}`,
  omit: (kinds) => (kinds.includes("group-members") ? ["customGroups"] : []),
  rejected: {
    // `provisioned` (and any status Qlik adds) is Qlik's to set.
    status: (status) =>
      (USER_STATUSES as readonly unknown[]).includes(status)
        ? undefined
        : `status not managed: Qlik reports ${stringLiteral(String(status))}, which a program cannot set`,
  },
};

export const usersImporter = importerOf(usersImport);
