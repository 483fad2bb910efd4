/**
 * Spaces: every shared, managed and data space (personal spaces are their users' own and no kind manages them),
 * adopted by name and type, named after the space. The owner is a reference to the declared user, so the program
 * reads `ownerId: users.alice.id` where it can.
 */
import type { ApiSpace } from "../../../provider/spaces/api";
import { spaceKind } from "../../../provider/spaces/kind";
import { importerOf, type KindImport } from "../declare";
import { Reference, stringLiteral } from "../source";
import { listSpaces } from "./spaceListing";

export const spacesImport: KindImport<ApiSpace> = {
  kind: "spaces",
  description: spaceKind,
  variable: "spaces",
  heading: "Spaces (shared, managed and data), adopted by name and type",
  async list({ client, progress }) {
    const spaces = await listSpaces(client, progress);
    return { docs: spaces.filter((space) => space.type !== "personal") };
  },
  name: (space) => ({ naturalKey: `${space.type}:${space.name}`, candidates: [space.name], fallback: "space" }),
  describe: (space) => `${space.type ?? "untyped"} space ${stringLiteral(space.name)}`,
  references: (space) => ({ ownerId: space.ownerId === undefined ? undefined : new Reference("users", space.ownerId) }),
};

export const spacesImporter = importerOf(spacesImport);
