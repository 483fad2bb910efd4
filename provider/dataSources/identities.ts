/**
 * Lookup data sources of a tenant's identities: `getUser`, `getGroup` and `getRoles`. A lookup that finds nothing,
 * or more than one object, fails with an error that says which and what to pass instead.
 *
 * Requests (Tier 1 unless noted): getUser by id `POST /users/actions/filter` (Special), by subject or email
 * `GET /users?filter=…`; getGroup by id `POST /groups/actions/filter` (Special), by name `GET /groups?filter=…`;
 * getRoles `GET /roles` (every page; `filter=type eq "…"` when a type is given).
 */
import { z } from "zod";
import type { ProviderSettings } from "../config";
import { tenantClient } from "../context";
import { idProblem } from "../engine/ids";
import { withoutUndefined } from "../patch";
import { scim } from "../http";
import type { QlikClient } from "../http/types";
import { apiGroupSchema, fetchGroup, providerTypeOf, type ApiGroup } from "../groups/api";
import { GROUP_PROVIDER_TYPES } from "../groups/schema";
import { listRoles } from "../roles/api";
import { apiUserSchema, fetchUser, isGone, type ApiUser } from "../users/api";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import type { GetGroupArgs, GetRolesArgs, GetUserArgs, GroupData, RolesData, UserData } from "./types";
import { parseArgs } from "./args";

const id = (noun: string) =>
  z.string({ error: `id must be a string: the Qlik ${noun} id.` }).refine((value) => !idProblem(noun, value), {
    error: `id must be a Qlik ${noun} id (letters, digits, "_" and "-").`,
  });
const nonEmpty = (field: string, what: string) =>
  z.string({ error: `${field} must be a string: ${what}.` }).refine((value) => value.trim() !== "", {
    error: `${field} must not be empty: ${what}.`,
  });

/** Exactly one of `keys` is set. */
function exactlyOne(functionName: string, keys: readonly string[]) {
  return (value: Record<string, unknown>, context: z.RefinementCtx) => {
    const set = keys.filter((key) => value[key] !== undefined);
    if (set.length !== 1) {
      context.addIssue({
        code: "custom",
        message: `${functionName} needs exactly one of ${keys.join(", ")}${set.length > 1 ? ` (got ${set.join(" and ")})` : ""}.`,
      });
    }
  };
}

const userArgsSchema = z
  .strictObject({
    id: id("user").optional(),
    subject: nonEmpty("subject", "the user's identifier at the identity provider").optional(),
    email: nonEmpty("email", "the user's email address").optional(),
    tenantUrl: tenantUrlSchema.optional(),
  })
  .superRefine(exactlyOne("getUser", ["id", "subject", "email"]));

export function userData(user: ApiUser): UserData {
  const groups = user.assignedGroups ?? [];
  return withoutUndefined({
    id: user.id,
    subject: user.subject,
    email: user.email,
    name: user.name,
    status: user.status,
    assignedRoles: (user.assignedRoles ?? []).map((role) => role.name),
    assignedGroups: groups.map((group) => group.name),
    customGroups: groups.filter((group) => group.providerType === "custom").map((group) => group.name),
    preferredLocale: user.preferredLocale,
    preferredZoneinfo: user.preferredZoneinfo,
    picture: user.picture,
    tenantId: user.tenantId,
    createdAt: user.createdAt,
    lastUpdatedAt: user.lastUpdatedAt,
  });
}

async function usersWhere(client: QlikClient, attribute: string, value: string): Promise<ApiUser[]> {
  const found: ApiUser[] = [];
  for await (const user of client.paginate({
    path: "/api/v1/users",
    query: { filter: scim.eq(attribute, value), limit: 100 },
    item: apiUserSchema,
  })) {
    if (!isGone(user)) found.push(user);
  }
  return found;
}

/** Exactly one match, or an error naming what was looked for. */
function single<T extends { id: string }>(
  functionName: string,
  found: T[],
  what: string,
  origin: string,
  hint: string,
): T {
  if (found.length === 1) return found[0];
  if (found.length === 0) throw new Error(`${functionName}: the tenant at ${origin} has no ${what}. ${hint}`);
  throw new Error(
    `${functionName}: the tenant at ${origin} has ${found.length} of ${what} (ids ${found.map((item) => item.id).join(", ")}); ` +
      `a lookup must find exactly one. ${hint}`,
  );
}

export async function fetchUserData(client: QlikClient, args: Omit<GetUserArgs, "tenantUrl">): Promise<UserData> {
  const hint = "Check the value and tenantUrl, or look the user up by id.";
  if (args.id !== undefined) {
    const user = await fetchUser(client, args.id);
    return userData(single("getUser", user ? [user] : [], `user with id "${args.id}"`, client.origin, hint));
  }
  if (args.subject !== undefined) {
    // Qlik's filter compares case-insensitively; subjects are case-sensitive identifiers.
    const found = (await usersWhere(client, "subject", args.subject)).filter((user) => user.subject === args.subject);
    return userData(single("getUser", found, `user with subject "${args.subject}"`, client.origin, hint));
  }
  const email = args.email as string;
  const found = (await usersWhere(client, "email", email)).filter(
    (user) => user.email?.toLowerCase() === email.toLowerCase(),
  );
  return userData(
    single("getUser", found, `user with email "${email}"`, client.origin, "Look the user up by subject or id."),
  );
}

export async function getUserData(args: GetUserArgs, settings: ProviderSettings): Promise<UserData> {
  const { tenantUrl, ...lookup } = parseArgs("getUser", userArgsSchema, args);
  return fetchUserData(tenantClient(tenantUrl, settings), lookup);
}

const groupArgsSchema = z
  .strictObject({
    id: id("group").optional(),
    name: nonEmpty("name", "the group's name (case-sensitive)").optional(),
    providerType: z.enum(GROUP_PROVIDER_TYPES, { error: 'providerType must be "idp" or "custom".' }).optional(),
    tenantUrl: tenantUrlSchema.optional(),
  })
  .superRefine(exactlyOne("getGroup", ["id", "name"]))
  .superRefine((value, context) => {
    if (value.providerType !== undefined && value.name === undefined) {
      context.addIssue({ code: "custom", message: "getGroup: providerType goes with name; remove it or pass name." });
    }
  });

export function groupData(group: ApiGroup): GroupData {
  return withoutUndefined({
    id: group.id,
    name: group.name,
    providerType: providerTypeOf(group),
    description: group.description,
    status: group.status,
    assignedRoles: (group.assignedRoles ?? []).map((role) => role.name),
    tenantId: group.tenantId,
    createdAt: group.createdAt,
    lastUpdatedAt: group.lastUpdatedAt,
  });
}

export async function fetchGroupData(client: QlikClient, args: Omit<GetGroupArgs, "tenantUrl">): Promise<GroupData> {
  if (args.id !== undefined) {
    const group = await fetchGroup(client, args.id);
    return groupData(
      single(
        "getGroup",
        group ? [group] : [],
        `group with id "${args.id}"`,
        client.origin,
        "Check the id and tenantUrl.",
      ),
    );
  }
  const name = args.name as string;
  const found: ApiGroup[] = [];
  for await (const group of client.paginate({
    path: "/api/v1/groups",
    query: { filter: scim.eq("name", name), limit: 100 },
    item: apiGroupSchema,
  })) {
    if (group.name === name && (args.providerType === undefined || providerTypeOf(group) === args.providerType)) {
      found.push(group);
    }
  }
  const what = `group named "${name}"${args.providerType ? ` (providerType "${args.providerType}")` : ""}`;
  const hint =
    found.length > 1
      ? 'Pass providerType ("idp" or "custom") to choose.'
      : "Check the name (case-sensitive) and tenantUrl.";
  return groupData(single("getGroup", found, what, client.origin, hint));
}

export async function getGroupData(args: GetGroupArgs, settings: ProviderSettings): Promise<GroupData> {
  const { tenantUrl, ...lookup } = parseArgs("getGroup", groupArgsSchema, args);
  return fetchGroupData(tenantClient(tenantUrl, settings), lookup);
}

const rolesArgsSchema = z.strictObject({
  type: z
    .enum(["default", "custom"], { error: 'type must be "default" or "custom" (or unset for every role).' })
    .optional(),
  tenantUrl: tenantUrlSchema.optional(),
});

export async function fetchRolesData(client: QlikClient, type?: "default" | "custom"): Promise<RolesData> {
  const roles = await listRoles(client, type === undefined ? undefined : scim.eq("type", type));
  return {
    roles: roles
      .filter((role) => type === undefined || role.type === type)
      .map((role) => withoutUndefined({ id: role.id, name: role.name, type: role.type, level: role.level })),
  };
}

export async function getRolesData(args: GetRolesArgs, settings: ProviderSettings): Promise<RolesData> {
  const { type, tenantUrl } = parseArgs("getRoles", rolesArgsSchema, args);
  return fetchRolesData(tenantClient(tenantUrl, settings), type);
}

export type { GetGroupArgs, GetRolesArgs, GetUserArgs, GroupData, RolesData, UserData } from "./types";
