/**
 * Coalesces reads of objects by id (users, groups) for one tenant.
 *
 * A `pulumi refresh` sends one Read per resource, at most `--parallel` (8 on two cores) at a time. Two things
 * cut the requests that costs:
 *  - reads that arrive together are answered by one `POST …/actions/filter` with up to 100 ids;
 *  - once reads keep coming (a bulk refresh), the reader lists the whole collection in pages of 100 — when it is
 *    small enough for that to pay off — and answers every later read from that snapshot. Batching alone cannot
 *    beat the engine's parallelism; the snapshot fetches ahead of what was asked.
 * During a bulk operation a batch waits until every read the engine can have in flight has joined it (the most
 * reads seen in flight at once), or `bulkWindowMs`, rather than leaving after `windowMs` with whoever arrived first.
 * Readers of one tenant's collections share a `BulkTracker`, so the reads of a refresh count as one bulk operation
 * whatever their kind: the second collection's reader knows from its first read that a refresh is under way.
 * Objects this process wrote are never answered from a snapshot taken before the write, and a snapshot ends with
 * the bulk operation that took it: reads after a pause longer than `bulkGapMs` (with no read in flight) go to the API
 * again. The reader lets go of the snapshot as soon as that pause has passed, not at the next read: a listing of
 * 10,000 users is megabytes that an idle provider host would otherwise keep until the next command.
 */
export interface BatchReaderOptions<T> {
  idOf(item: T): string;
  /** Fetches up to `maxBatch` objects by id; ids that are not returned are gone. */
  fetchByIds(ids: string[]): Promise<T[]>;
  /** Size of the collection, to decide whether a snapshot is worth it; without it the size counts as 0. */
  countAll?(): Promise<number>;
  /** Every object of the collection, page by page. */
  listAll?(): AsyncIterable<T>;
  /** Shared with the readers of the tenant's other collections; by default this reader's own. */
  tracker?: BulkTracker;
  maxBatch?: number;
  /** How long the first read of a batch waits for company. */
  windowMs?: number;
  /** The same during a bulk operation, unless every read in flight has joined the batch before. */
  bulkWindowMs?: number;
  /** Reads closer together than this belong to one bulk operation (a refresh). For the default tracker. */
  bulkGapMs?: number;
  /** Reads of one bulk operation (of any collection) before it counts as one. For the default tracker. */
  bulkAfterReads?: number;
  /**
   * A snapshot costs one request per page; batched reads cost about one request per `--parallel` reads. The
   * snapshot starts once the reads of this collection seen in this bulk operation reach `readsPerPage` × its page
   * count — taking the reads seen as the estimate of the reads to come keeps the worst case within a small factor
   * of the best.
   */
  readsPerPage?: number;
  /** Never fewer reads than this before a snapshot, however small the collection: a few reads stay a few filters. */
  minReadsBeforeSnapshot?: number;
  pageSize?: number;
  /** How long a snapshot (and a collection size, or a failed attempt to get one) stays valid at most. */
  snapshotTtlMs?: number;
  now?: () => number;
}

/**
 * Reads in progress across the readers of one tenant: whether they form a bulk operation, and how many the
 * engine has in flight at most (its `--parallel`, as far as reads show it).
 */
export class BulkTracker {
  /** Increases when a read comes after a pause longer than `gapMs`: a new bulk operation, or none. */
  generation = 0;
  private reads = 0;
  /** When a read last started or finished. */
  private lastActivityAt = -Infinity;
  private inFlight = 0;
  /** The most reads in flight at once in this bulk operation. */
  peak = 0;

  constructor(
    readonly gapMs = 2_000,
    private readonly afterReads = 8,
  ) {}

  get inBulk(): boolean {
    return this.reads >= this.afterReads;
  }

  started(now: number): void {
    // A pause is time with no read in flight: reads waiting for a long listing are still the same refresh.
    if (this.idleFor(now) > this.gapMs) {
      this.generation++;
      this.reads = 0;
      this.peak = 0;
    }
    this.reads++;
    this.lastActivityAt = now;
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
  }

  finished(now: number): void {
    this.inFlight--;
    this.lastActivityAt = now;
  }

  /** How long no read has been in flight; 0 while one is. */
  idleFor(now: number): number {
    return this.inFlight > 0 ? 0 : now - this.lastActivityAt;
  }
}

interface Waiter<T> {
  id: string;
  resolve(item: T | undefined): void;
  reject(error: unknown): void;
}

interface Snapshot<T> {
  startedAt: number;
  items: Map<string, T>;
  done: Promise<boolean>;
}

/** What a reader holds between bulk operations: nothing, once the last one is over. */
export interface BatchReaderRetained {
  /** Objects of the current snapshot (listed so far). */
  snapshotItems: number;
  /** Ids whose writes still matter to a snapshot. */
  writes: number;
}

export interface BatchReaderStats {
  reads: number;
  batches: number;
  snapshots: number;
  answeredFromSnapshot: number;
}

type ResolvedOptions<T> = Required<Omit<BatchReaderOptions<T>, "countAll" | "listAll" | "tracker">> &
  Pick<BatchReaderOptions<T>, "countAll" | "listAll">;

export class BatchReader<T> {
  private readonly options: ResolvedOptions<T>;
  private readonly tracker: BulkTracker;
  private pending: Waiter<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** The tracker's generation this reader's `reads` and `snapshot` belong to. */
  private generation = -1;
  /** Reads of this collection in the current bulk operation. */
  private reads = 0;
  private snapshot: Snapshot<T> | undefined;
  private size: { total: number; at: number } | undefined;
  private sizePending = false;
  /** Last write time per id: a snapshot started before it must not answer for that id. */
  private readonly writtenAt = new Map<string, number>();
  /** Lets go of the snapshot once the bulk operation is over; armed while there is something to let go of. */
  private releaseTimer: NodeJS.Timeout | undefined;
  readonly stats: BatchReaderStats = { reads: 0, batches: 0, snapshots: 0, answeredFromSnapshot: 0 };

  constructor(options: BatchReaderOptions<T>) {
    const { tracker, ...rest } = options;
    this.options = {
      maxBatch: 100,
      windowMs: 2,
      bulkWindowMs: 25,
      bulkGapMs: 2_000,
      bulkAfterReads: 8,
      readsPerPage: 4,
      minReadsBeforeSnapshot: 0,
      pageSize: 100,
      snapshotTtlMs: 60_000,
      now: Date.now,
      ...rest,
    };
    this.tracker = tracker ?? new BulkTracker(this.options.bulkGapMs, this.options.bulkAfterReads);
  }

  /** The object with this id, or `undefined` when it does not exist. */
  async get(id: string): Promise<T | undefined> {
    this.stats.reads++;
    const now = this.options.now();
    this.tracker.started(now);
    try {
      this.noteRead(now);
      const snapshot = this.usableSnapshot(now);
      if (snapshot && this.snapshotCovers(snapshot, id)) {
        const item = await this.fromSnapshot(snapshot, id);
        if (item !== undefined) return item;
      }
      return await new Promise<T | undefined>((resolve, reject) => this.enqueue({ id, resolve, reject }));
    } finally {
      this.tracker.finished(this.options.now());
      this.scheduleRelease();
    }
  }

  /** Records that this process changed or removed the object, so earlier snapshots no longer speak for it. */
  invalidate(id: string): void {
    this.writtenAt.set(id, this.options.now());
    this.scheduleRelease();
  }

  /** What this reader holds now (for tests and diagnostics). */
  get retained(): BatchReaderRetained {
    return { snapshotItems: this.snapshot?.items.size ?? 0, writes: this.writtenAt.size };
  }

  private scheduleRelease(delayMs = this.tracker.gapMs + 1): void {
    if (this.releaseTimer || (!this.snapshot && this.writtenAt.size === 0)) return;
    this.releaseTimer = setTimeout(() => this.release(), delayMs);
    // Never what keeps the host alive.
    this.releaseTimer.unref();
  }

  /**
   * Once no read has been in flight for the bulk gap, the next read starts a new bulk operation, which would drop
   * the snapshot anyway: drop it now, with the writes only a snapshot taken before them needed.
   */
  private release(): void {
    this.releaseTimer = undefined;
    const now = this.options.now();
    // An expired snapshot answers nothing any more, even while some read is still in flight.
    if (this.snapshot && !this.usableSnapshot(now)) this.snapshot = undefined;
    const idle = this.tracker.idleFor(now);
    if (idle <= this.tracker.gapMs) return this.scheduleRelease(this.tracker.gapMs - idle + 1);
    this.snapshot = undefined;
    // Any later snapshot starts after these writes, so they no longer matter (a write in this very millisecond
    // might not be in a listing started in it: kept).
    for (const [id, at] of this.writtenAt) if (at < now) this.writtenAt.delete(id);
    if (this.writtenAt.size > 0) this.scheduleRelease();
  }

  /** The item once the snapshot is complete; `undefined` if it failed or lacks the id (which is then asked for). */
  private async fromSnapshot(snapshot: Snapshot<T>, id: string): Promise<T | undefined> {
    const complete = await snapshot.done;
    const item = snapshot.items.get(id);
    // An id missing from a complete snapshot may have been created elsewhere since: ask for it directly.
    if (!complete || item === undefined) return undefined;
    this.stats.answeredFromSnapshot++;
    return item;
  }

  private noteRead(now: number): void {
    if (this.generation !== this.tracker.generation) {
      // A new bulk operation: what the last one listed may have changed since.
      this.generation = this.tracker.generation;
      this.reads = 0;
      this.snapshot = undefined;
    }
    this.reads++;
    if (!this.options.listAll || !this.tracker.inBulk || this.usableSnapshot(now)) return;
    if (this.size && now - this.size.at <= this.options.snapshotTtlMs) this.considerSnapshot(now);
    else if (!this.sizePending) {
      this.sizePending = true;
      void this.lookUpSize(now);
    }
  }

  /** Starts a snapshot if the reads seen in this bulk operation make it pay off. */
  private considerSnapshot(now: number): void {
    if (!this.size || this.usableSnapshot(now)) return;
    const pages = Math.max(1, Math.ceil(this.size.total / this.options.pageSize));
    const { readsPerPage, minReadsBeforeSnapshot } = this.options;
    if (this.reads >= Math.max(minReadsBeforeSnapshot, readsPerPage * pages)) this.startSnapshot(now);
  }

  private async lookUpSize(now: number): Promise<void> {
    const generation = this.generation;
    try {
      const total = this.options.countAll ? await this.options.countAll() : 0;
      this.size = { total, at: now };
    } catch {
      // Without a size there is no snapshot; batched reads carry on, and the size is not asked for again (once
      // per read) until the time a size would have stayed valid has passed.
      this.size = { total: Infinity, at: now };
    } finally {
      this.sizePending = false;
    }
    // The reads that came while the size was on its way may already be enough.
    if (this.generation === generation && this.tracker.generation === generation) {
      this.considerSnapshot(this.options.now());
    }
  }

  private usableSnapshot(now: number): Snapshot<T> | undefined {
    const snapshot = this.snapshot;
    if (!snapshot || now - snapshot.startedAt > this.options.snapshotTtlMs) return undefined;
    return snapshot;
  }

  private snapshotCovers(snapshot: Snapshot<T>, id: string): boolean {
    const written = this.writtenAt.get(id);
    return written === undefined || written < snapshot.startedAt;
  }

  private startSnapshot(now: number): void {
    const listAll = this.options.listAll!;
    const items = new Map<string, T>();
    const done = (async () => {
      for await (const item of listAll()) items.set(this.options.idOf(item), item);
      return true;
    })().catch(() => false);
    const snapshot = { startedAt: now, items, done };
    this.snapshot = snapshot;
    this.stats.snapshots++;
    // Reads still waiting for their batch to leave are answered by the snapshot too, instead of one more filter call.
    const waiting = this.pending;
    this.pending = [];
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    for (const waiter of waiting) {
      if (!this.snapshotCovers(snapshot, waiter.id)) this.enqueue(waiter);
      else
        void this.fromSnapshot(snapshot, waiter.id).then((item) =>
          item ? waiter.resolve(item) : this.enqueue(waiter),
        );
    }
    void done.then((complete) => {
      if (complete || this.snapshot !== snapshot) return;
      this.snapshot = undefined;
      // Try again only after as many reads again as it took to decide on this one.
      this.reads = 0;
    });
  }

  private enqueue(waiter: Waiter<T>): void {
    this.pending.push(waiter);
    const { maxBatch, windowMs, bulkWindowMs } = this.options;
    if (this.pending.length >= maxBatch) return this.flush();
    if (this.tracker.inBulk && this.pending.length >= this.tracker.peak) {
      // In a bulk operation nobody else can join once every read in flight is waiting here — except reads arriving
      // in this same turn of the event loop, which are what a burst of reads looks like.
      this.immediate ??= setImmediate(() => this.flush());
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.tracker.inBulk ? bulkWindowMs : windowMs);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      void this.fetchBatch(batch);
    }
  }

  private async fetchBatch(batch: Waiter<T>[]): Promise<void> {
    this.stats.batches++;
    const ids = [...new Set(batch.map((waiter) => waiter.id))];
    try {
      const found = new Map<string, T>();
      for (const item of await this.options.fetchByIds(ids)) found.set(this.options.idOf(item), item);
      for (const waiter of batch) waiter.resolve(found.get(waiter.id));
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    }
  }
}
