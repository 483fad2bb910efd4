/**
 * One BatchReader per (client, collection) for the whole provider host. Shared clients are one per tenant origin
 * and credential, so keying by the client object gives every resource of a tenant the same reader — the reads
 * of a `pulumi refresh` meet in it — while other tenants (and isolated clients in tests) get their own.
 */
import { BatchReader, type BatchReaderOptions } from "./reader";

const readers = new WeakMap<object, Map<string, BatchReader<unknown>>>();

/** The reader of `collection` for `client`, made with `options(client)` on first use. */
export function readerFor<C extends object, T>(
  client: C,
  collection: string,
  options: (client: C) => BatchReaderOptions<T>,
): BatchReader<T> {
  let byCollection = readers.get(client);
  if (!byCollection) {
    byCollection = new Map();
    readers.set(client, byCollection);
  }
  let reader = byCollection.get(collection) as BatchReader<T> | undefined;
  if (!reader) {
    reader = new BatchReader(options(client));
    byCollection.set(collection, reader as BatchReader<unknown>);
  }
  return reader;
}

/**
 * Tells the reader of `collection` (if one exists: without one there is no snapshot to correct) that this process
 * wrote the object `id`.
 */
export function invalidateRead(client: object, collection: string, id: string): void {
  readers.get(client)?.get(collection)?.invalidate(id);
}
