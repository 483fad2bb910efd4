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
  /**
   * The fields (top level) reads validate and use. A listing keeps only these of each object, since the reader
   * holds the whole listing (10,000 users) for the rest of the refresh; without them it keeps every field.
   */
  fields?: readonly string[];
}

const rawItemSchema = z.looseObject({ id: z.string() });
type RawItem = z.infer<typeof rawItemSchema>;

export const MAX_IDS_PER_FILTER = 100;
const PAGE = 100;
/**
 * When a bulk refresh lists the collection: after half a read per page it would take. Counted in rate budget
 * rather than requests, a listing page (Tier 1, 1,000/min) costs a fifth of a filter call (Special, 200/min) that
 * answers the ~8 reads the engine has in flight, so listing pays off after ~1.6 reads per page; starting at a third
 * of that keeps a refresh that stops right there within ~4× of the budget batching alone would spend, and lets a
 * refresh of a whole 10,000-user tenant cost ~108 requests (100 pages, a count, a few filter calls) instead of ~150.
 */
const READS_PER_PAGE = 0.5;
/** …but not before two full batches of the engine's reads (8 in flight): a handful of reads stays a few filters. */
const MIN_READS_BEFORE_SNAPSHOT = 16;

function filterPath(collection: Collection): string {
  return `${collection.path}/actions/filter`;
}

export function collectionReader(client: QlikClient, collection: Collection): BatchReader<RawItem> {
  return readerFor(client, collection.name, (client) => ({
    idOf: (item: RawItem) => item.id,
    maxBatch: MAX_IDS_PER_FILTER,
    pageSize: PAGE,
    readsPerPage: READS_PER_PAGE,
    minReadsBeforeSnapshot: MIN_READS_BEFORE_SNAPSHOT,
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
    listAll: () =>
      keepingFields(
        client.paginate({ path: collection.path, query: { limit: PAGE }, item: rawItemSchema }),
        collection,
      ),
  }));
}

async function* keepingFields(items: AsyncIterable<RawItem>, collection: Collection): AsyncGenerator<RawItem> {
  const { fields } = collection;
  for await (const item of items) {
    if (!fields) {
      yield item;
      continue;
    }
    const kept: RawItem = { id: item.id };
    for (const field of fields) if (Object.hasOwn(item, field)) kept[field] = item[field];
    yield kept;
  }
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
