/**
 * The request log tests assert on. `entries` is the live array handed out as `handle.log`, so it is only ever
 * mutated in place. It keeps the most recent entries only, so a long benchmark cannot exhaust memory.
 */
import type { RequestLogEntry } from "../types";

const MAX_ENTRIES = 200_000;

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  append(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const full: RequestLogEntry = { seq: this.nextSeq++, ...entry };
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, MAX_ENTRIES / 10);
    return full;
  }

  /** Entries with a sequence number greater than `seq`. */
  since(seq: number): RequestLogEntry[] {
    // Sequence numbers are increasing, so a binary search finds the start.
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.entries.slice(lo);
  }

  /** Empties the log; sequence numbers keep increasing so `since` cursors held by clients stay meaningful. */
  clear(): void {
    this.entries.length = 0;
  }
}
