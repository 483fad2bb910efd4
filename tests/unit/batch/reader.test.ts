import { BatchReader, BulkTracker } from "../../../provider/batch/reader";

interface Item {
  id: string;
  name: string;
}

function collection(size: number): Map<string, Item> {
  const items = new Map<string, Item>();
  for (let i = 0; i < size; i++) items.set(`id-${i}`, { id: `id-${i}`, name: `user ${i}` });
  return items;
}

/** A fake API with call counters: by-id batches, a count and a paged listing. */
function fakeApi(items: Map<string, Item>) {
  const calls = { byIds: [] as string[][], counts: 0, pages: 0 };
  return {
    calls,
    options: {
      idOf: (item: Item) => item.id,
      fetchByIds: async (ids: string[]) => {
        calls.byIds.push(ids);
        await new Promise((resolve) => setImmediate(resolve));
        return ids.flatMap((id) => (items.has(id) ? [{ ...items.get(id)! }] : []));
      },
      countAll: async () => {
        calls.counts++;
        return items.size;
      },
      listAll: async function* () {
        const all = [...items.values()];
        for (let start = 0; start < all.length; start += 100) {
          calls.pages++;
          await new Promise((resolve) => setImmediate(resolve));
          yield* all.slice(start, start + 100).map((item) => ({ ...item }));
        }
      },
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads every id with at most `parallel` reads in flight, as the engine does during a refresh. With `stagger`,
 * worker w waits w % stagger ms before each read, as reads arriving over gRPC do, one by one.
 */
async function refresh(reader: BatchReader<Item>, ids: string[], parallel = 8, stagger = 0) {
  const results = new Map<string, Item | undefined>();
  let next = 0;
  const worker = async (w: number) => {
    while (next < ids.length) {
      if (stagger > 0) await sleep(w % stagger);
      const id = ids[next++];
      results.set(id, await reader.get(id));
    }
  };
  await Promise.all(Array.from({ length: parallel }, (_, w) => worker(w)));
  return results;
}

/**
 * `refresh` under fake timers (installed by the caller): the clock moves 1 ms per turn until every read is
 * answered, so staggered arrivals and the reader's batching windows interleave the same way on a loaded machine.
 */
async function refreshWithFakeClock(reader: BatchReader<Item>, ids: string[], stagger = 0) {
  let finished = false;
  const refreshing = refresh(reader, ids, 8, stagger).finally(() => (finished = true));
  while (!finished) {
    await jest.advanceTimersByTimeAsync(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return refreshing;
}

const fakeTimers = () => jest.useFakeTimers({ doNotFake: ["setImmediate", "nextTick", "queueMicrotask"] });

describe("BatchReader", () => {
  afterEach(() => jest.useRealTimers());

  it("answers a refresh of 250 objects with at most 3 filter calls, each caller getting its own object", async () => {
    const items = collection(255);
    const api = fakeApi(items);
    const reader = new BatchReader(api.options);
    const ids = [...items.keys()].slice(0, 250);
    const results = await refresh(reader, ids);
    for (const id of ids) expect(results.get(id)).toEqual(items.get(id));
    expect(api.calls.byIds.length).toBeLessThanOrEqual(3);
    expect(api.calls.byIds.flat().length).toBeLessThanOrEqual(3 * 8);
    expect(api.calls.counts).toBe(1);
    expect(api.calls.pages).toBe(3);
    const requests = api.calls.byIds.length + api.calls.counts + api.calls.pages;
    expect(requests).toBeLessThanOrEqual(250 / 30);
  });

  it("answers a missing id as gone, even during a snapshot", async () => {
    const items = collection(40);
    const api = fakeApi(items);
    const reader = new BatchReader(api.options);
    const ids = [...items.keys(), "gone-1", "gone-2"];
    const results = await refresh(reader, ids);
    expect(results.get("gone-1")).toBeUndefined();
    expect(results.get("gone-2")).toBeUndefined();
    expect(results.get("id-39")).toEqual(items.get("id-39"));
  });

  it("sends a single read alone, without counting or listing", async () => {
    const api = fakeApi(collection(10));
    const reader = new BatchReader(api.options);
    await expect(reader.get("id-3")).resolves.toEqual({ id: "id-3", name: "user 3" });
    expect(api.calls).toEqual({ byIds: [["id-3"]], counts: 0, pages: 0 });
  });

  it("merges reads that arrive together into one call of at most 100 ids", async () => {
    const items = collection(250);
    const api = fakeApi(items);
    const reader = new BatchReader({ ...api.options, listAll: undefined });
    const ids = [...items.keys()];
    const results = await Promise.all(ids.map((id) => reader.get(id)));
    expect(results.map((item) => item?.id)).toEqual(ids);
    expect(api.calls.byIds.map((batch) => batch.length)).toEqual([100, 100, 50]);
  });

  it("does not list a collection that is large next to the reads asked for", async () => {
    const items = collection(20_000);
    const api = fakeApi(items);
    const reader = new BatchReader(api.options);
    await refresh(reader, [...items.keys()].slice(0, 100));
    expect(api.calls.pages).toBe(0);
    expect(api.calls.counts).toBe(1);
    expect(api.calls.byIds.flat().length).toBe(100);
  });

  it("with the collections' settings, refreshes 10,000 objects in ≤ 110 requests (pages of 100 are the floor)", async () => {
    const items = collection(10_000);
    const api = fakeApi(items);
    const reader = new BatchReader({ ...api.options, readsPerPage: 0.5, minReadsBeforeSnapshot: 16 });
    const results = await refresh(reader, [...items.keys()]);
    for (const [id, item] of results) expect(item).toEqual(items.get(id));
    expect(api.calls.pages).toBe(100);
    expect(api.calls.counts).toBe(1);
    expect(api.calls.pages + api.calls.counts + api.calls.byIds.length).toBeLessThanOrEqual(110);
  });

  it("with the collections' settings, does not list a small collection for a handful of reads", async () => {
    const items = collection(300);
    const api = fakeApi(items);
    const reader = new BatchReader({ ...api.options, readsPerPage: 0.5, minReadsBeforeSnapshot: 16 });
    await refresh(reader, [...items.keys()].slice(0, 12));
    expect(api.calls.pages).toBe(0);
    expect(api.calls.byIds.flat()).toHaveLength(12);
  });

  it("never answers for an object written after the snapshot was taken", async () => {
    const items = collection(30);
    const api = fakeApi(items);
    let clock = 0;
    const reader = new BatchReader({ ...api.options, now: () => clock });
    await refresh(reader, [...items.keys()]);
    expect(api.calls.pages).toBe(1);
    clock = 10;
    items.set("id-5", { id: "id-5", name: "renamed" });
    reader.invalidate("id-5");
    const before = api.calls.byIds.length;
    await expect(reader.get("id-5")).resolves.toEqual({ id: "id-5", name: "renamed" });
    await expect(reader.get("id-6")).resolves.toEqual(items.get("id-6"));
    expect(api.calls.byIds.length).toBe(before + 1);
  });

  it("rejects only the callers of a failed batch", async () => {
    const api = fakeApi(collection(5));
    let failures = 1;
    const reader = new BatchReader({
      ...api.options,
      fetchByIds: async (ids: string[]) => {
        if (failures-- > 0) throw new Error("boom");
        return api.options.fetchByIds(ids);
      },
    });
    await expect(reader.get("id-1")).rejects.toThrow("boom");
    await expect(reader.get("id-2")).resolves.toEqual({ id: "id-2", name: "user 2" });
  });

  it("falls back to batched reads when the listing fails", async () => {
    const items = collection(50);
    const api = fakeApi(items);
    const reader = new BatchReader({
      ...api.options,
      listAll: async function* () {
        throw new Error("listing failed");
      },
    });
    const results = await refresh(reader, [...items.keys()]);
    expect([...results.values()].every((item) => item !== undefined)).toBe(true);
  });

  it("does not answer from a snapshot once the bulk operation that took it is over", async () => {
    const items = collection(30);
    const api = fakeApi(items);
    let clock = 0;
    const reader = new BatchReader({ ...api.options, now: () => clock });
    await refresh(reader, [...items.keys()]);
    expect(api.calls.pages).toBe(1);
    // Changed elsewhere (not by this process), then read again after a pause: a new refresh sees the change.
    items.set("id-7", { id: "id-7", name: "changed in the UI" });
    const { answeredFromSnapshot } = reader.stats;
    const batches = api.calls.byIds.length;
    clock = 2_001;
    await expect(reader.get("id-7")).resolves.toEqual({ id: "id-7", name: "changed in the UI" });
    expect(api.calls.byIds.slice(batches)).toEqual([["id-7"]]);
    expect(reader.stats.answeredFromSnapshot).toBe(answeredFromSnapshot);
  });

  it("asks for the collection size once per bulk operation, not once per read, when counting fails", async () => {
    const items = collection(50);
    const api = fakeApi(items);
    let counts = 0;
    const reader = new BatchReader({
      ...api.options,
      countAll: async () => {
        counts++;
        throw new Error("count unavailable");
      },
    });
    const results = await refresh(reader, [...items.keys()]);
    expect([...results.values()].every((item) => item !== undefined)).toBe(true);
    expect(counts).toBe(1);
    expect(api.calls.pages).toBe(0);
  });

  it("answers reads still waiting for their batch from a snapshot that starts meanwhile (one filter call in all)", async () => {
    const items = collection(255);
    const api = fakeApi(items);
    const reader = new BatchReader(api.options);
    const ids = [...items.keys(), "gone-1"];
    const results = await refresh(reader, ids);
    for (const id of ids) expect(results.get(id)).toEqual(items.get(id));
    // The first 8 reads share one call; by the next 8 the size is known, and the snapshot takes over those waiting.
    expect(api.calls.byIds.slice(0, 1)).toEqual([ids.slice(0, 8)]);
    expect(api.calls.byIds.slice(1)).toEqual([["gone-1"]]);
    expect(reader.stats.answeredFromSnapshot).toBe(255 - 8);
  });

  it("in a bulk operation, waits for every read in flight before sending a batch, even when they trickle in", async () => {
    const items = collection(200);
    const api = fakeApi(items);
    fakeTimers();
    const reader = new BatchReader({ ...api.options, listAll: undefined });
    const ids = [...items.keys()];
    const results = await refreshWithFakeClock(reader, ids, 4);
    for (const id of ids) expect(results.get(id)).toEqual(items.get(id));
    // Batches wait for as many reads as the refresh has had in flight at once (its peak), so while the staggered
    // workers ramp up they leave with 6 or 7; once the peak is 8, every batch but the last carries all 8.
    const sizes = api.calls.byIds.map((batch) => batch.length);
    const firstFull = sizes.indexOf(8);
    expect(firstFull).toBeGreaterThanOrEqual(0);
    expect(firstFull).toBeLessThanOrEqual(4);
    expect(sizes.slice(firstFull, -1).every((size) => size === 8)).toBe(true);
    expect(api.calls.byIds.length).toBeLessThanOrEqual(200 / 8 + 4);
  });

  it("shares one bulk operation across the readers of a tenant: the next collection lists without by-id calls", async () => {
    const tracker = new BulkTracker();
    const users = fakeApi(collection(300));
    const groups = fakeApi(new Map([...collection(60)].map(([id, item]) => [`g-${id}`, { ...item, id: `g-${id}` }])));
    const userReader = new BatchReader({ ...users.options, tracker });
    const groupReader = new BatchReader({ ...groups.options, tracker });
    const work = [
      ...[...collection(300).keys()].map((id) => () => userReader.get(id)),
      ...[...collection(60).keys()].map((id) => () => groupReader.get(`g-${id}`)),
    ];
    let next = 0;
    const worker = async () => {
      while (next < work.length) expect(await work[next++]()).toBeDefined();
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    // Groups: the refresh was already a bulk operation when their first read came, so the size was asked for at
    // once and the 8 reads in flight waited for the listing (one page) instead of a filter call.
    expect(groups.calls).toEqual({ byIds: [], counts: 1, pages: 1 });
    expect(users.calls.pages).toBe(3);
  });

  it("keeps reads that wait for a listing longer than the bulk gap in one refresh: one listing, not one per gap", async () => {
    const items = collection(3_000);
    const api = fakeApi(items);
    let clock = 0;
    const slowPages = {
      ...api.options,
      // 30 pages, 100 ms each: the reads in flight wait 3 s for the listing, longer than the 2 s bulk gap.
      listAll: async function* () {
        for await (const item of api.options.listAll()) {
          if (Number(item.id.slice(3)) % 100 === 0) clock += 100;
          yield item;
        }
      },
    };
    const reader = new BatchReader({ ...slowPages, readsPerPage: 0.5, minReadsBeforeSnapshot: 16, now: () => clock });
    const results = await refresh(reader, [...items.keys()]);
    for (const [id, item] of results) expect(item).toEqual(items.get(id));
    expect(api.calls.counts).toBe(1);
    expect(api.calls.pages).toBe(30);
    expect(reader.stats.snapshots).toBe(1);
  });
});

describe("BatchReader: what it holds after a refresh", () => {
  afterEach(() => jest.useRealTimers());

  it("lets go of the listing, and of the writes only it needed, once the refresh has paused for the bulk gap", async () => {
    fakeTimers();
    const items = collection(300);
    const api = fakeApi(items);
    const reader = new BatchReader({ ...api.options, readsPerPage: 0.5, minReadsBeforeSnapshot: 16 });
    await refreshWithFakeClock(reader, [...items.keys()]);
    expect(api.calls.pages).toBe(3);
    expect(reader.retained).toEqual({ snapshotItems: 300, writes: 0 });
    reader.invalidate("id-1");
    await jest.advanceTimersByTimeAsync(1_990);
    // Not yet: within the gap the next read still belongs to this refresh and is answered from the listing.
    expect(reader.retained).toEqual({ snapshotItems: 300, writes: 1 });
    await expect(reader.get("id-2")).resolves.toEqual(items.get("id-2"));
    expect(api.calls.pages).toBe(3);
    await jest.advanceTimersByTimeAsync(2_001);
    expect(reader.retained).toEqual({ snapshotItems: 0, writes: 0 });
    // The next refresh starts over, as before: by id first.
    const batches = api.calls.byIds.length;
    await refreshWithFakeClock(reader, ["id-3"]);
    expect(api.calls.byIds.slice(batches)).toEqual([["id-3"]]);
  });

  it("holds nothing after reads that never listed", async () => {
    fakeTimers();
    const items = collection(50);
    const api = fakeApi(items);
    const reader = new BatchReader({ ...api.options, readsPerPage: 0.5, minReadsBeforeSnapshot: 16 });
    await refreshWithFakeClock(reader, [...items.keys()].slice(0, 4));
    expect(api.calls.pages).toBe(0);
    expect(reader.retained).toEqual({ snapshotItems: 0, writes: 0 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("lets go of an expired listing even while a read is still in flight", async () => {
    fakeTimers();
    const items = collection(300);
    const api = fakeApi(items);
    let hang = false;
    const reader = new BatchReader({
      ...api.options,
      readsPerPage: 0.5,
      minReadsBeforeSnapshot: 16,
      // After the refresh, the read of a user this process just wrote never gets its answer.
      fetchByIds: (ids: string[]) => (hang ? new Promise<Item[]>(() => {}) : api.options.fetchByIds(ids)),
    });
    await refreshWithFakeClock(reader, [...items.keys()]);
    hang = true;
    reader.invalidate("id-7");
    void reader.get("id-7");
    await jest.advanceTimersByTimeAsync(30_000);
    expect(reader.retained.snapshotItems).toBe(300);
    // Past the snapshot's 60 s, at the next check (one bulk gap later at most).
    await jest.advanceTimersByTimeAsync(30_000 + 2_001);
    expect(reader.retained.snapshotItems).toBe(0);
  });
});
