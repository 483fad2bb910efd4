/**
 * getSpace: one shared, managed or data space, by id (`GET /api/v1/spaces/{id}`) or by exact name
 * (`GET /api/v1/spaces?name=…`, every page; Qlik's name search is open, so names are matched exactly here).
 * Nothing found, or more than one space with that name (of different types), is an error that says what to pass.
 */
import { z } from "zod";
import type { ProviderSettings } from "../config";
import { tenantClient } from "../context";
import type { QlikClient } from "../http/types";
import { fetchSpace, findSpaces, type ApiSpace } from "../spaces/api";
import { spaceTypeSchema } from "../spaces/schema";
import { tenantUrlSchema } from "../tenants/tenantUrl";
import { assertValidId } from "../engine/ids";
import { parseArgs } from "./args";
import type { GetSpaceArgs, SpaceData } from "./types";

export type { GetSpaceArgs, SpaceData } from "./types";

const argsSchema = z
  .strictObject(
    {
      id: z.string({ error: "id must be a string: the space id." }).min(1).optional(),
      name: z.string({ error: "name must be a string: the space's exact name." }).min(1).optional(),
      type: spaceTypeSchema.optional(),
      tenantUrl: tenantUrlSchema.optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `not an argument of getSpace; the arguments are id, name, type, tenantUrl`
          : 'getSpace takes an object: { id: "…" } or { name: "…" }.',
    },
  )
  .refine((args) => (args.id === undefined) !== (args.name === undefined), {
    error: 'pass exactly one of id or name, e.g. getSpace({ name: "Finance" }).',
  });

function spaceData(space: ApiSpace): SpaceData {
  const data: Record<string, unknown> = { ...space };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return data as unknown as SpaceData;
}

/** The lookup itself, on a given client. */
export async function fetchSpaceData(client: QlikClient, args: Omit<GetSpaceArgs, "tenantUrl">): Promise<SpaceData> {
  if (args.id !== undefined) {
    const space = await fetchSpace(client, assertValidId("space", args.id));
    if (!space) throw new Error(`getSpace: the tenant at ${client.origin} has no space with id "${args.id}".`);
    return spaceData(space);
  }
  const name = args.name as string;
  const found = await findSpaces(client, name, args.type);
  const which = `named "${name}"${args.type ? ` of type ${args.type}` : ""}`;
  if (found.length === 0) {
    throw new Error(
      `getSpace: the tenant at ${client.origin} has no space ${which} (names match exactly, case-sensitive; ` +
        "personal spaces cannot be looked up). Check the name, or look the space up by id.",
    );
  }
  if (found.length > 1) {
    throw new Error(
      `getSpace: the tenant at ${client.origin} has ${found.length} spaces ${which} ` +
        `(${found.map((space) => `${space.id} (${space.type})`).join(", ")}). Pass type, or look the space up by id.`,
    );
  }
  // The listing does not carry meta.assignableRoles for every caller: read the one space.
  return spaceData((await fetchSpace(client, found[0].id)) ?? found[0]);
}

export async function getSpaceData(args: GetSpaceArgs, settings: ProviderSettings): Promise<SpaceData> {
  const { tenantUrl, ...lookup } = parseArgs("getSpace", argsSchema, args);
  return fetchSpaceData(tenantClient(tenantUrl, settings), lookup);
}
