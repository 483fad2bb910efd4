/**
 * The tenant's spaces, listed once per import: both the spaces and the space-assignments importers need them,
 * and one listing (pages of 100) serves both. Personal spaces are not among them (Qlik does not list them, and
 * neither kind manages them).
 */
import { apiSpaceSchema, type ApiSpace } from "../../../provider/spaces/api";
import type { QlikClient } from "../../../provider/http/types";
import { listAll } from "./collections";
import type { CollectionProgress } from "../types";

export const SPACES_PATH = "/api/v1/spaces";

const listings = new WeakMap<QlikClient, Promise<ApiSpace[]>>();

/** Every space, sorted by id (a stable order whatever Qlik's); the first call per client sends the requests. */
export function listSpaces(client: QlikClient, progress?: CollectionProgress): Promise<ApiSpace[]> {
  let listing = listings.get(client);
  if (listing === undefined) {
    const quiet: CollectionProgress = { total: () => {}, advance: () => {} };
    listing = listAll(client, SPACES_PATH, apiSpaceSchema, progress ?? quiet).then((spaces) =>
      spaces.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
    listings.set(client, listing);
    // A failed listing is not remembered: the next importer tries again (and reports its own failure).
    listing.catch(() => listings.delete(client));
  }
  return listing;
}
