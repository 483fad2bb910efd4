/**
 * The tenant's spaces, listed once per import: both the spaces and the space-assignments importers need them,
 * and one listing (pages of 100) serves both. Personal spaces are not among them (Qlik does not list them, and
 * neither kind manages them).
 */
import { apiSpaceSchema, SPACES, type ApiSpace } from "../../../provider/spaces/api";
import type { QlikClient } from "../../../provider/http/types";
import { listAll, listOnce } from "./collections";
import { QUIET, type CollectionProgress } from "../types";

/** Every space, sorted by id (a stable order whatever Qlik's); the first call per client sends the requests. */
export function listSpaces(client: QlikClient, progress: CollectionProgress = QUIET): Promise<ApiSpace[]> {
  return listOnce(client, "spaces", async () =>
    (await listAll(client, SPACES, apiSpaceSchema, progress)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
}
