import { collectionReader, readById, type Collection } from "../../../provider/batch/collection";
import type { PageOptions, QlikClient } from "../../../provider/http/types";
import { z } from "zod";

/** A client whose listing and filter calls answer from `items`, counting pages. */
function fakeClient(items: Record<string, unknown>[]) {
  const calls = { pages: 0, filters: 0 };
  const client = {
    origin: "https://tenant.example",
    stats: { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } },
    request: async () => {
      throw new Error("not used");
    },
    async *paginate<T>(options: PageOptions<T>): AsyncIterable<T> {
      const filter = options.method === "POST";
      if (filter) calls.filters++;
      const ids = filter ? JSON.stringify(options.body) : undefined;
      const chosen = filter ? items.filter((item) => ids!.includes(`"${String(item.id)}\\"`)) : items;
      for (let start = 0; start < chosen.length; start += 100) {
        if (!filter) calls.pages++;
        await new Promise((resolve) => setImmediate(resolve));
        for (const item of chosen.slice(start, start + 100)) yield options.item.parse(item);
      }
    },
  } as unknown as QlikClient;
  return { client, calls };
}

const listed = (i: number) => ({
  id: `u-${i}`,
  name: `User ${i}`,
  links: { self: { href: `https://tenant.example/api/v1/users/u-${i}` } },
  assignedScopes: [],
});

describe("collectionReader", () => {
  it("keeps only the fields reads use of each listed object", async () => {
    const items = Array.from({ length: 300 }, (_, i) => listed(i));
    const { client, calls } = fakeClient(items);
    const collection: Collection = { name: "things", path: "/api/v1/things", count: async () => 300, fields: ["name"] };
    const schema = z.object({ id: z.string(), name: z.string() });
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < items.length) {
          const i = next++;
          await expect(readById(client, collection, `u-${i}`, schema)).resolves.toEqual({
            id: `u-${i}`,
            name: `User ${i}`,
          });
        }
      }),
    );
    expect(calls.pages).toBe(3);
    const reader = collectionReader(client, collection);
    expect(reader.retained.snapshotItems).toBe(300);
    // Answered from the listing, which holds the id and the declared fields, nothing else.
    await expect(reader.get("u-299")).resolves.toEqual({ id: "u-299", name: "User 299" });
  });
});
