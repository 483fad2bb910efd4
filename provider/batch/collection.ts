/**
 * Batched reads by id of a Qlik collection with a SCIM `…/actions/filter` endpoint (users, groups), for one
 * tenant client:
 *  - by id: `POST <path>/actions/filter` with `(id eq "a" or id eq "b" …)`, at most 100 ids, `limit=100` (Special
 *    tier), following `links.next` if the answer is paged after all;
 *  - the whole collection: `GET <path>?limit=100`, page by page (Tier 1), when the BatchReader decides a bulk
 *    refresh makes that cheaper;
 *  - its size: whatever the collection's cheapest count is (`count`).
 * Items travel unvalidated and are validated per caller, so one odd object fails only its own read.
 */
import { z } from "zod";
import { QlikResponseError, scim } from "../http";
import { issuePath } from "../http/response";
import type { QlikClient } from "../http/types";
import { invalidateRead, readerFor } from "./registry";
import type { BatchReader } from "./reader";

export interface Collection {
  /** Registry key, e.g. `users`. */
  name: string;
  /** e.g. `/api/v1/users`. */
  path: string;
  /** The number of objects in the collection (an estimate is enough). */
  count(client: QlikClient): Promise<number>;
}

const rawItemSchema = z.looseObject({ id: z.string() });
type RawItem = z.infer<typeof rawItemSchema>;

export const MAX_IDS_PER_FILTER = 100;
const PAGE = 100;

function filterPath(collection: Collection): string {
  return `${collection.path}/actions/filter`;
}

export function collectionReader(client: QlikClient, collection: Collection): BatchReader<RawItem> {
  return readerFor(client, collection.name, (client) => ({
    idOf: (item: RawItem) => item.id,
    maxBatch: MAX_IDS_PER_FILTER,
    pageSize: PAGE,
    fetchByIds: async (ids: string[]) => {
      const items: RawItem[] = [];
      for await (const item of client.paginate({
        path: filterPath(collection),
        method: "POST",
        query: { limit: PAGE },
        body: { filter: scim.anyOf("id", ids) },
        item: rawItemSchema,
      })) {
        items.push(item);
      }
      return items;
    },
    countAll: () => collection.count(client),
    listAll: () => client.paginate({ path: collection.path, query: { limit: PAGE }, item: rawItemSchema }),
  }));
}

/** The object with this id, validated with `schema`, or `undefined` when the API does not return it. */
export async function readById<T>(
  client: QlikClient,
  collection: Collection,
  id: string,
  schema: z.ZodType<T, unknown>,
): Promise<T | undefined> {
  const raw = await collectionReader(client, collection).get(id);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new QlikResponseError(
    "POST",
    filterPath(collection),
    200,
    parsed.error.issues.map((issue) => ({
      path: issuePath([`data[id=${JSON.stringify(id)}]`, ...issue.path]),
      message: issue.message,
    })),
  );
}

/** After this process wrote (created, patched, deleted) the object: no earlier listing may answer for it. */
export function invalidate(client: QlikClient, collection: Collection, id: string): void {
  invalidateRead(client, collection.name, id);
}
