/**
 * The Qlik Groups API calls the Group resource makes, with zod schemas for the responses. Request and response
 * shapes are checked at compile time against Qlik's published types (`@qlik/api/groups`).
 */
import { z } from "zod";
import { optionalText } from "../apiFields";
import type { Group as QlikGroup, GroupPatch, GroupPostSchema } from "@qlik/api/groups";
import type { QlikClient } from "../http/types";
import { scim } from "../http";
import { invalidate, readById, type Collection } from "../batch/collection";
import type { GroupProviderType } from "./schema";

const GROUPS = "/api/v1/groups";

/** The parts of a Qlik group this provider reads. */
export interface ApiGroup {
  id: string;
  name: string;
  providerType?: string;
  description?: string;
  status?: string;
  tenantId?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
  assignedRoles?: { name: string }[];
}

/** Compile-time check: every group Qlik documents is an `ApiGroup`. */
type Assert<T extends true> = T;
export type QlikGroupIsApiGroup = Assert<QlikGroup extends ApiGroup ? true : false>;

const apiGroupFields = z.object({
  id: z.string().min(1),
  name: z.string(),
  providerType: optionalText,
  description: optionalText,
  status: optionalText,
  tenantId: optionalText,
  createdAt: optionalText,
  lastUpdatedAt: optionalText,
  assignedRoles: z.array(z.object({ name: z.string() })).nullish(),
});

export const apiGroupSchema: z.ZodType<ApiGroup, unknown> = apiGroupFields.transform(({ assignedRoles, ...group }) => ({
  ...group,
  assignedRoles: assignedRoles?.map(({ name }) => ({ name })),
}));

/**
 * One `replace` of a group field. Qlik's spec writes the paths without a leading slash; its examples (and
 * this provider) send `/assignedRoles`, `/name`, `/description`, which Qlik accepts.
 */
export type GroupPatchOperation = Omit<GroupPatch, "path"> & { path: `/${GroupPatch["path"]}` };

export type GroupPostBody = GroupPostSchema;

/** Qlik's default when a group has none. */
export function providerTypeOf(group: ApiGroup): GroupProviderType {
  return group.providerType === "custom" ? "custom" : "idp";
}

/**
 * Reads by id are batched per tenant (provider/batch): `POST /groups/actions/filter`, or a listing during a refresh.
 * Groups have no count endpoint; the cheapest count is one Tier 1 listing of one group with `totalResults`.
 */
export const groupCollection: Collection = {
  name: "groups",
  path: GROUPS,
  fields: Object.keys(apiGroupFields.shape),
  async count(client) {
    const response = await client.request({
      method: "GET",
      path: GROUPS,
      query: { limit: 1, totalResults: true },
      schema: z.object({ totalResults: z.number().int().nonnegative() }),
    });
    return response.body.totalResults;
  },
};

/**
 * The one place a single group is read (refresh). Returns `undefined` when the group is gone. Reads that arrive
 * together are answered by one `POST /groups/actions/filter` (and, in a bulk refresh, from a listing of all
 * groups); each caller gets its own object.
 */
export async function fetchGroup(client: QlikClient, id: string): Promise<ApiGroup | undefined> {
  return readById(client, groupCollection, id, apiGroupSchema);
}

/**
 * The group with exactly this name (case-sensitive: Qlik's filters compare case-insensitively, and names that
 * differ in case are different groups) and provider type, if any.
 */
export async function findGroup(
  client: QlikClient,
  name: string,
  providerType: GroupProviderType,
): Promise<ApiGroup | undefined> {
  for await (const group of client.paginate({
    path: GROUPS,
    query: { filter: scim.eq("name", name), limit: 100 },
    item: apiGroupSchema,
  })) {
    if (group.name === name && providerTypeOf(group) === providerType) return group;
  }
  return undefined;
}

/**
 * POST /groups. An ambiguous failure (connection lost after sending) is resolved by looking the group up by
 * name and provider type, so a retry never creates a second group.
 */
export async function createGroup(client: QlikClient, body: GroupPostBody): Promise<ApiGroup> {
  const response = await client.request({
    method: "POST",
    path: GROUPS,
    body,
    schema: apiGroupSchema,
    recover: () => findGroup(client, body.name, body.providerType ?? "idp"),
  });
  invalidate(client, groupCollection, response.body.id);
  return response.body;
}

/**
 * PATCH /groups/{id} with the given operations; sends nothing when there are none. False when the group is gone
 * (404).
 */
export async function patchGroup(client: QlikClient, id: string, operations: GroupPatchOperation[]): Promise<boolean> {
  if (operations.length === 0) return true;
  try {
    const response = await client.request({
      method: "PATCH",
      path: `${GROUPS}/${encodeURIComponent(id)}`,
      body: operations,
      allowStatus: [404],
    });
    return response.status !== 404;
  } finally {
    // A failed PATCH may still have changed the group (207, a lost response).
    invalidate(client, groupCollection, id);
  }
}

/** DELETE /groups/{id}; a group that is already gone counts as deleted. */
export async function deleteGroup(client: QlikClient, id: string): Promise<void> {
  try {
    await client.request({ method: "DELETE", path: `${GROUPS}/${encodeURIComponent(id)}`, allowStatus: [404] });
  } finally {
    invalidate(client, groupCollection, id);
  }
}
