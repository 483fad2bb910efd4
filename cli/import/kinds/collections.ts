/** Reading whole collections for import: the collection's own count for the progress bar, then every page of 100. */
import type { z } from "zod";
import type { Collection } from "../../../provider/batch/collection";
import type { QlikClient } from "../../../provider/http/types";
import type { CollectionProgress, Skipped } from "../types";

/** Qlik's largest page for users and groups: the fewest requests for a whole collection. */
export const PAGE_SIZE = 100;

/** Every item of a listing, following `links.next` (the shared client paces and retries each page). */
export async function listAll<T>(
  client: QlikClient,
  path: string,
  item: z.ZodType<T>,
  progress: CollectionProgress,
): Promise<T[]> {
  const items: T[] = [];
  for await (const value of client.paginate({ path, query: { limit: PAGE_SIZE }, item })) {
    items.push(value);
    // One tick per page keeps a 2,000-user bar from redrawing 2,000 times.
    if (items.length % PAGE_SIZE === 0) progress.advance(PAGE_SIZE);
  }
  progress.advance(items.length % PAGE_SIZE);
  return items;
}

/** A whole collection: its size first (the provider's cheapest count, for the bar), then every page. */
export async function listCollection<T>(
  client: QlikClient,
  collection: Collection,
  item: z.ZodType<T>,
  progress: CollectionProgress,
): Promise<T[]> {
  progress.total(await collection.count(client));
  return listAll(client, collection.path, item, progress);
}

const listings = new WeakMap<QlikClient, Map<string, Promise<unknown[]>>>();

/**
 * A listing several importers need (spaces: spaces and space-assignments; groups: groups and group-members), sent
 * once per client: the first caller's `load` sends the requests, later callers share its result. A failed listing
 * is not remembered: the next importer tries again (and reports its own failure).
 */
export function listOnce<T>(client: QlikClient, key: string, load: () => Promise<T[]>): Promise<T[]> {
  let byKey = listings.get(client);
  if (byKey === undefined) listings.set(client, (byKey = new Map()));
  let listing = byKey.get(key) as Promise<T[]> | undefined;
  if (listing === undefined) {
    listing = load();
    byKey.set(key, listing);
    listing.catch(() => byKey.delete(key));
  }
  return listing;
}

/** A singleton's one document, read once; when there is none, `missing` says why nothing is declared. */
export async function readOne<T>(
  progress: CollectionProgress,
  read: () => Promise<T | undefined>,
  missing: Skipped,
): Promise<{ docs: T[]; skipped: Skipped[] }> {
  progress.total(1);
  const doc = await read();
  progress.advance(1);
  return doc === undefined ? { docs: [], skipped: [missing] } : { docs: [doc], skipped: [] };
}
