/**
 * The Space kind: a shared, managed or data space, identified by its Qlik id, found by exact name + type when
 * adopting. Personal spaces are not managed (they have no name and belong to their user).
 *
 * Requests (tiers: GET 1, POST/PATCH/DELETE 2):
 * - create: `POST /spaces` `{ name, type, description? }`, then one `PATCH /spaces/{id}` of `/ownerId` when the
 *   program sets an owner other than the creator (an adopted space: of every managed field that differs); with
 *   `adoptExisting`, first `GET /spaces?name=…&type=…`; a 409 is followed by that lookup;
 * - read: `GET /spaces/{id}`;
 * - update: one `PATCH /spaces/{id}` of `replace`s of exactly the changed paths (`/name`, `/description`,
 *   `/ownerId`); a change of `type` (or tenant) replaces the space;
 * - delete: `DELETE /spaces/{id}` (404 counts as done). Qlik deletes the space's assignments with it.
 */
import { QlikApiError } from "../http";
import type { Kind } from "../engine/kind";
import { withoutUndefined } from "../patch";
import { isUnknown } from "../unknown";
import { createSpace, deleteSpace, fetchSpace, findSpaces, patchSpace, type ApiSpace } from "./api";
import { SPACE_INPUT_KEYS, spaceInputsSchema } from "./schema";

export const spaceKind: Kind<ApiSpace> = {
  name: "Space",
  noun: "space",
  schema: spaceInputsSchema,
  inputKeys: SPACE_INPUT_KEYS,
  fields: [
    { name: "name", read: (space) => space.name, path: "/name", required: true },
    { name: "type", read: (space) => space.type, replaces: true, required: true },
    { name: "description", read: (space) => space.description, path: "/description", absent: "" },
    { name: "ownerId", read: (space) => space.ownerId, path: "/ownerId" },
  ],
  idOutput: "spaceId",
  idOf: (space) => space.id,
  idInPath: true,
  patchStyle: "replace",
  facts: (space) =>
    withoutUndefined({
      spaceId: space.id,
      tenantId: space.tenantId,
      createdAt: space.createdAt,
      createdBy: space.createdBy,
      updatedAt: space.updatedAt,
    }),
  /**
   * A replacement (a new type, or tenant) creates the new space first unless the names could collide: Qlik keeps
   * space names unique, so with the same name (compared case-insensitively, to be safe) or one not known yet, the
   * old space is deleted first. Either way the old space's content and assignments go with it.
   */
  deleteBeforeReplace: (olds, news) =>
    isUnknown(news.name) || String(news.name).toLowerCase() === String(olds.name).toLowerCase(),
  lifecycle: {
    type: "collection",
    describeKey: (desired) => `named "${desired.name}" (type "${desired.type}")`,
    otherKey: "choose another name",
    find: async (client, desired) => (await findSpaces(client, desired.name as string, desired.type as string))[0],
    post: (client, desired) =>
      createSpace(
        client,
        withoutUndefined({
          name: desired.name as string,
          type: desired.type as "shared" | "managed" | "data",
          description: desired.description as string | undefined,
        }),
      ),
    createFailure: (error) => (error instanceof QlikApiError && error.status === 409 ? "conflict" : undefined),
    remove: deleteSpace,
  },
  read: (client, id) => fetchSpace(client, id),
  async patch(client, id, operations) {
    const result = await patchSpace(client, id, operations);
    return result === "gone" ? "gone" : { doc: result };
  },
};
