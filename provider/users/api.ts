/**
 * The Qlik Users API calls the User resource makes, with zod schemas for the responses. Request and response
 * shapes are checked at compile time against Qlik's published types (`@qlik/api/users`).
 */
import { z } from "zod";
import { optionalText } from "../apiFields";
import type { JSONPatchArray, User as QlikUser, UserPostSchema } from "@qlik/api/users";
import type { QlikClient } from "../http/types";
import { scim } from "../http";
import { invalidate, readById, type Collection } from "../batch/collection";

const USERS = "/api/v1/users";

/** The parts of a Qlik user this provider reads. */
export interface ApiUser {
  id: string;
  subject: string;
  tenantId?: string;
  name?: string;
  email?: string;
  status?: string;
  picture?: string;
  preferredLocale?: string;
  preferredZoneinfo?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
  assignedRoles?: { name: string }[];
  assignedGroups?: { id?: string; name: string; providerType?: string }[];
}

/** Compile-time check: every user Qlik documents is an `ApiUser`. */
type Assert<T extends true> = T;
export type QlikUserIsApiUser = Assert<QlikUser extends ApiUser ? true : false>;

/** Optional in responses; `null` is read as absent. */
const named = z.array(z.object({ name: z.string() })).nullish();
const groupRefs = z
  .array(z.object({ id: z.string().nullish(), name: z.string(), providerType: z.string().nullish() }))
  .nullish();

const apiUserFields = z.object({
  id: z.string().min(1),
  subject: z.string(),
  tenantId: optionalText,
  name: optionalText,
  email: optionalText,
  status: optionalText,
  picture: optionalText,
  preferredLocale: optionalText,
  preferredZoneinfo: optionalText,
  createdAt: optionalText,
  lastUpdatedAt: optionalText,
  assignedRoles: named,
  assignedGroups: groupRefs,
});

export const apiUserSchema: z.ZodType<ApiUser, unknown> = apiUserFields.transform(
  ({ assignedRoles, assignedGroups, ...user }) => ({
    ...user,
    assignedRoles: assignedRoles?.map(({ name }) => ({ name })),
    assignedGroups: assignedGroups?.map(({ id, name, providerType }) => ({
      name,
      ...(id ? { id } : {}),
      ...(providerType ? { providerType } : {}),
    })),
  }),
);

/**
 * One operation of a users PATCH: a `replace` of a field, or `add` / `remove-value` of custom-group references on
 * `/assignedGroups` (`[{ name, providerType: "custom" }]` or `[{ id }]`).
 */
export type UserPatchOperation = JSONPatchArray[number] & { op: "replace" | "add" | "remove-value" };

export type UserPostBody = UserPostSchema;

/** Qlik marks users it has removed as `deleted`; for this provider they are gone. */
export function isGone(user: ApiUser): boolean {
  return user.status === "deleted";
}

/** Reads by id are batched per tenant (provider/batch): `POST /users/actions/filter`, or a listing during a refresh. */
export const userCollection: Collection = {
  name: "users",
  path: USERS,
  fields: Object.keys(apiUserFields.shape),
  async count(client) {
    const response = await client.request({
      method: "GET",
      path: `${USERS}/actions/count`,
      schema: z.object({ total: z.number().int().nonnegative() }),
    });
    return response.body.total;
  },
};

/**
 * The one place a single user is read (refresh). Returns `undefined` when the user is gone. Reads that arrive
 * together are answered by one `POST /users/actions/filter` (and, in a bulk refresh, from a listing of all users);
 * each caller gets its own object.
 */
export async function fetchUser(client: QlikClient, id: string): Promise<ApiUser | undefined> {
  const user = await readById(client, userCollection, id, apiUserSchema);
  return user === undefined || isGone(user) ? undefined : user;
}

/**
 * The user with exactly this subject, if any. Qlik's filters compare case-insensitively, so the match is
 * confirmed here, case-sensitively.
 */
export async function findUserBySubject(client: QlikClient, subject: string): Promise<ApiUser | undefined> {
  for await (const user of client.paginate({
    path: USERS,
    query: { filter: scim.eq("subject", subject), limit: 100 },
    item: apiUserSchema,
  })) {
    if (user.subject === subject && !isGone(user)) return user;
  }
  return undefined;
}

/**
 * POST /users. An ambiguous failure (connection lost after sending) is resolved by looking the user up by
 * subject, so a retry never creates a second user.
 */
export async function createUser(client: QlikClient, body: UserPostBody): Promise<ApiUser> {
  const response = await client.request({
    method: "POST",
    path: USERS,
    body,
    schema: apiUserSchema,
    recover: () => findUserBySubject(client, body.subject),
  });
  invalidate(client, userCollection, response.body.id);
  return response.body;
}

/**
 * PATCH /users/{id} with the given operations; sends nothing when there are none. False when the user is gone
 * (404).
 */
export async function patchUser(client: QlikClient, id: string, operations: UserPatchOperation[]): Promise<boolean> {
  if (operations.length === 0) return true;
  try {
    const response = await client.request({
      method: "PATCH",
      path: `${USERS}/${encodeURIComponent(id)}`,
      body: operations,
      allowStatus: [404],
    });
    return response.status !== 404;
  } finally {
    // A failed PATCH may still have changed the user (207, a lost response).
    invalidate(client, userCollection, id);
  }
}

/** DELETE /users/{id}; a user that is already gone counts as deleted. */
export async function deleteUser(client: QlikClient, id: string): Promise<void> {
  try {
    await client.request({ method: "DELETE", path: `${USERS}/${encodeURIComponent(id)}`, allowStatus: [404] });
  } finally {
    invalidate(client, userCollection, id);
  }
}
