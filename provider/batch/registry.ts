/**
 * One BatchReader per (client, collection) for the whole provider host. Shared clients are one per tenant origin
 * and credential, so keying by the client object gives every resource of a tenant the same reader — the reads
 * of a `pulumi refresh` meet in it — while other tenants (and isolated clients in tests) get their own. The
 * readers of one client share a BulkTracker: a refresh of users and groups is one bulk operation.
 */
import { BatchReader, BulkTracker, type BatchReaderOptions } from "./reader";

interface ClientReaders {
  tracker: BulkTracker;
  byCollection: Map<string, BatchReader<unknown>>;
}

const readers = new WeakMap<object, ClientReaders>();

/** The reader of `collection` for `client`, made with `options(client)` on first use. */
export function readerFor<C extends object, T>(
  client: C,
  collection: string,
  options: (client: C) => BatchReaderOptions<T>,
): BatchReader<T> {
  let entry = readers.get(client);
  if (!entry) {
    entry = { tracker: new BulkTracker(), byCollection: new Map() };
    readers.set(client, entry);
  }
  let reader = entry.byCollection.get(collection) as BatchReader<T> | undefined;
  if (!reader) {
    reader = new BatchReader({ tracker: entry.tracker, ...options(client) });
    entry.byCollection.set(collection, reader as BatchReader<unknown>);
  }
  return reader;
}

/**
 * Tells the reader of `collection` (if one exists: without one there is no snapshot to correct) that this process
 * wrote the object `id`.
 */
export function invalidateRead(client: object, collection: string, id: string): void {
  readers.get(client)?.byCollection.get(collection)?.invalidate(id);
}
