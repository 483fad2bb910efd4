/**
 * The Organizations REST API (v2) of Sonatype IQ Server, as documented at
 * https://help.sonatype.com/en/organizations-rest-api.html: list (optionally by name), get by id, create, and
 * move under another parent. There is no rename and no delete (see README "Sonatype IQ Server").
 */
import { z } from "zod";
import type { IqServerClient } from "./client";
import { messages, type IqServerMessage } from "./errors";

/** The id IQ Server gives its root organization, and reports as the parent of top-level organizations. */
export const ROOT_ORGANIZATION_ID = "ROOT_ORGANIZATION_ID";

const ORGANIZATIONS = "/api/v2/organizations";

export const tagSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  color: z.string().optional(),
});

export const apiOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Absent (or null) only for the root organization. */
  parentOrganizationId: z.string().nullish(),
  tags: z.array(tagSchema).nullish(),
});

export type ApiTag = z.infer<typeof tagSchema>;
export type ApiOrganization = z.infer<typeof apiOrganizationSchema>;

const listSchema = z.object({ organizations: z.array(apiOrganizationSchema) });

export interface PostOrganization {
  name: string;
  parentOrganizationId?: string;
}

/** Every organization, or those the name query matches (exact match is checked here, not trusted to the server). */
export async function listOrganizations(client: IqServerClient, name?: string): Promise<ApiOrganization[]> {
  const response = await client.request({
    method: "GET",
    path: ORGANIZATIONS,
    query: { organizationName: name },
    schema: listSchema,
  });
  const organizations = response.body.organizations;
  return name === undefined ? organizations : organizations.filter((organization) => organization.name === name);
}

/** Names are unique in IQ Server: at most one organization has this one. */
export async function findOrganization(client: IqServerClient, name: string): Promise<ApiOrganization | undefined> {
  return (await listOrganizations(client, name))[0];
}

/** `undefined` when IQ Server has no organization with this id (404). */
export async function fetchOrganization(client: IqServerClient, id: string): Promise<ApiOrganization | undefined> {
  const response = await client.request({
    method: "GET",
    path: `${ORGANIZATIONS}/${encodeURIComponent(id)}`,
    schema: apiOrganizationSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? undefined : response.body;
}

/** One POST; after an ambiguous failure the unique name tells whether it landed. */
export async function createOrganization(client: IqServerClient, body: PostOrganization): Promise<ApiOrganization> {
  const response = await client.request({
    method: "POST",
    path: ORGANIZATIONS,
    body,
    schema: apiOrganizationSchema,
    recover: () => findOrganization(client, body.name),
  });
  return response.body;
}

const moveResponseSchema = z
  .object({ warnings: z.unknown().optional() })
  .nullish()
  .transform((body) => messages(body?.warnings));

/**
 * Moves an organization under a new parent (one PUT; repeating it converges, so it is retried like a GET). A 409
 * (hierarchy conflicts) is thrown as an IqServerApiError listing the API's `errors[]`; a successful move's
 * `warnings[]` (waivers or policy monitoring that no longer apply) are returned for the user to see.
 */
export async function moveOrganization(
  client: IqServerClient,
  id: string,
  destinationId: string,
): Promise<IqServerMessage[]> {
  const response = await client.request({
    method: "PUT",
    path: `${ORGANIZATIONS}/${encodeURIComponent(id)}/move/destination/${encodeURIComponent(destinationId)}`,
    schema: moveResponseSchema,
  });
  return response.body;
}
