/**
 * The Qlik Spaces API calls Space, SpaceAssignment and getSpace make, with zod schemas for the responses.
 * Request and response shapes are checked at compile time against Qlik's published types (`@qlik/api/spaces`).
 * Tiers (provider/http/tiers.ts): GET Tier 1; POST, PATCH, PUT, DELETE Tier 2.
 */
import { z } from "zod";
import { optionalText } from "../apiFields";
import type {
  Assignment as QlikAssignment,
  AssignmentCreate,
  AssignmentUpdate,
  Space as QlikSpace,
  SpaceCreate,
  SpacePatch,
} from "@qlik/api/spaces";
import type { QlikClient } from "../http/types";
import type { PatchOperation } from "../patch";
import type { SpaceData } from "../dataSources/types";

/** The spaces collection (also listed by `pulumi-qlik import`). */
export const SPACES = "/api/v1/spaces";

/**
 * The parts of a Qlik space this provider reads: the same shape `getSpace` returns, so there is one definition
 * (in the data sources' import-free types module).
 */
export type ApiSpace = SpaceData;

/** The parts of a Qlik space assignment this provider reads. */
export interface ApiAssignment {
  id: string;
  spaceId: string;
  assigneeId: string;
  type: string;
  roles: string[];
  tenantId?: string;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  updatedBy?: string;
}

type Assert<T extends true> = T;
/** Compile-time checks: what Qlik documents fits what this provider reads, and what it sends fits Qlik's bodies. */
export type QlikSpaceIsApiSpace = Assert<
  Omit<QlikSpace, "meta"> extends Omit<ApiSpace, "assignableRoles"> ? true : false
>;
export type QlikAssignmentIsApiAssignment = Assert<QlikAssignment extends ApiAssignment ? true : false>;

export const apiSpaceSchema: z.ZodType<ApiSpace, unknown> = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    type: optionalText,
    description: optionalText,
    ownerId: optionalText,
    tenantId: optionalText,
    createdAt: optionalText,
    createdBy: optionalText,
    updatedAt: optionalText,
    meta: z.object({ assignableRoles: z.array(z.string()).nullish() }).nullish(),
  })
  .transform(({ meta, name, ...space }) => ({
    ...space,
    name: name ?? "",
    assignableRoles: meta?.assignableRoles ?? undefined,
  }));

export const apiAssignmentSchema: z.ZodType<ApiAssignment, unknown> = z.object({
  id: z.string().min(1),
  spaceId: z.string().min(1),
  assigneeId: z.string().min(1),
  type: z.string(),
  roles: z.array(z.string()),
  tenantId: optionalText,
  createdAt: optionalText,
  createdBy: optionalText,
  updatedAt: optionalText,
  updatedBy: optionalText,
});

const spacePath = (id: string) => `${SPACES}/${encodeURIComponent(id)}`;
export const assignmentsPath = (spaceId: string) => `${spacePath(spaceId)}/assignments`;
const assignmentPath = (spaceId: string, id: string) => `${assignmentsPath(spaceId)}/${encodeURIComponent(id)}`;

// ----- spaces

/** GET /spaces/{id}; `undefined` when the space does not exist (404). */
export async function fetchSpace(client: QlikClient, id: string): Promise<ApiSpace | undefined> {
  const response = await client.request({
    method: "GET",
    path: spacePath(id),
    schema: apiSpaceSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? undefined : response.body;
}

/**
 * Every space whose name is exactly `name` (case-sensitive), optionally of one type. Qlik's `name` query is an open
 * search (case-insensitive, wildcards on both sides), so the listing is filtered here; personal spaces are not
 * listed by Qlik.
 */
export async function findSpaces(client: QlikClient, name: string, type?: string): Promise<ApiSpace[]> {
  const found: ApiSpace[] = [];
  for await (const space of client.paginate({
    path: SPACES,
    query: { name, type, limit: 100 },
    item: apiSpaceSchema,
  })) {
    if (space.name === name && (type === undefined || space.type === type)) found.push(space);
  }
  return found;
}

/** POST /spaces. An ambiguous failure is resolved by looking the space up by name and type before retrying. */
export async function createSpace(client: QlikClient, body: SpaceCreate): Promise<ApiSpace> {
  const response = await client.request({
    method: "POST",
    path: SPACES,
    body,
    schema: apiSpaceSchema,
    recover: async () => (await findSpaces(client, body.name, body.type))[0],
  });
  return response.body;
}

/** PATCH /spaces/{id} (`replace` of `/name`, `/description`, `/ownerId`); `"gone"` on 404. */
export async function patchSpace(
  client: QlikClient,
  id: string,
  operations: PatchOperation[],
): Promise<ApiSpace | "gone"> {
  const response = await client.request({
    method: "PATCH",
    path: spacePath(id),
    body: operations as SpacePatch,
    schema: apiSpaceSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? "gone" : response.body;
}

/** DELETE /spaces/{id}; a space that is already gone counts as deleted. */
export async function deleteSpace(client: QlikClient, id: string): Promise<void> {
  await client.request({ method: "DELETE", path: spacePath(id), allowStatus: [404] });
}

// ----- assignments

/** GET /spaces/{spaceId}/assignments/{id}; `undefined` when the space or the assignment does not exist. */
export async function fetchAssignment(
  client: QlikClient,
  spaceId: string,
  id: string,
): Promise<ApiAssignment | undefined> {
  const response = await client.request({
    method: "GET",
    path: assignmentPath(spaceId, id),
    schema: apiAssignmentSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? undefined : response.body;
}

/** The assignment of `assigneeId` (of `type`) in the space, if any: Qlik has at most one per assignee. */
export async function findAssignment(
  client: QlikClient,
  spaceId: string,
  assigneeId: string,
  type: string,
): Promise<ApiAssignment | undefined> {
  for await (const assignment of client.paginate({
    path: assignmentsPath(spaceId),
    query: { assigneeId, type, limit: 100 },
    item: apiAssignmentSchema,
  })) {
    if (assignment.assigneeId === assigneeId && assignment.type === type) return assignment;
  }
  return undefined;
}

/** POST /spaces/{spaceId}/assignments; an ambiguous failure is resolved by looking the assignee's assignment up. */
export async function createAssignment(
  client: QlikClient,
  spaceId: string,
  body: AssignmentCreate,
): Promise<ApiAssignment> {
  const response = await client.request({
    method: "POST",
    path: assignmentsPath(spaceId),
    body,
    schema: apiAssignmentSchema,
    recover: () => findAssignment(client, spaceId, body.assigneeId, body.type),
  });
  return response.body;
}

/** PUT /spaces/{spaceId}/assignments/{id} `{ roles }` (the whole role list); `"gone"` on 404. */
export async function putAssignment(
  client: QlikClient,
  spaceId: string,
  id: string,
  body: AssignmentUpdate,
): Promise<ApiAssignment | "gone"> {
  const response = await client.request({
    method: "PUT",
    path: assignmentPath(spaceId, id),
    body,
    schema: apiAssignmentSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? "gone" : response.body;
}

/** DELETE /spaces/{spaceId}/assignments/{id}; 404 (assignment or space gone) counts as deleted. */
export async function deleteAssignment(client: QlikClient, spaceId: string, id: string): Promise<void> {
  await client.request({ method: "DELETE", path: assignmentPath(spaceId, id), allowStatus: [404] });
}
