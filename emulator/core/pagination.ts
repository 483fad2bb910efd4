/**
 * Cursor pagination over a sorted array. A cursor names the boundary item by its sort key and id, so pages stay
 * correct while items are created or deleted between calls (as with Qlik's ObjectId cursors). Cursors are
 * opaque to clients: base64url JSON that also pins the sort and filter they were made for.
 */

export type SortValue = string | number;

export interface SortOrder<T> {
  /** The canonical sort parameter, e.g. "+name"; part of the cursor. */
  spec: string;
  descending: boolean;
  key(item: T): SortValue;
  id(item: T): string;
}

export interface Cursor {
  direction: "next" | "prev";
  sort: string;
  /** Fingerprint of the filter the listing was made with. */
  filter: string;
  key: SortValue;
  id: string;
}

export class CursorError extends Error {}

export function encodeCursor(cursor: Cursor): string {
  const payload = [cursor.direction === "next" ? "n" : "p", cursor.sort, cursor.filter, cursor.key, cursor.id];
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

export function decodeCursor(raw: string, direction: "next" | "prev"): Cursor {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw new CursorError(`invalid ${direction} cursor`);
  }
  if (
    !Array.isArray(payload) ||
    payload.length !== 5 ||
    payload[0] !== (direction === "next" ? "n" : "p") ||
    typeof payload[1] !== "string" ||
    typeof payload[2] !== "string" ||
    (typeof payload[3] !== "string" && typeof payload[3] !== "number") ||
    typeof payload[4] !== "string"
  ) {
    throw new CursorError(`invalid ${direction} cursor`);
  }
  return { direction, sort: payload[1], filter: payload[2], key: payload[3], id: payload[4] };
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The total order every listing uses: sort key, then id as tie-breaker, both reversed for descending. */
export function compareBy<T>(order: SortOrder<T>): (a: T, b: T) => number {
  return (a, b) => {
    const c = compareValues(order.key(a), order.key(b)) || compareValues(order.id(a), order.id(b));
    return order.descending ? -c : c;
  };
}

function compareToBoundary<T>(order: SortOrder<T>, item: T, key: SortValue, id: string): number {
  const c = compareValues(order.key(item), key) || compareValues(order.id(item), id);
  return order.descending ? -c : c;
}

/** First index whose item is after (strict) or at-or-after the boundary. */
function search<T>(items: readonly T[], order: SortOrder<T>, key: SortValue, id: string, strict: boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareToBoundary(order, items[mid], key, id);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Page<T> {
  items: T[];
  next?: Cursor;
  prev?: Cursor;
}

/** `items` must already be sorted with `compareBy(order)`. */
export function pageOf<T>(
  items: readonly T[],
  order: SortOrder<T>,
  limit: number,
  filterFingerprint: string,
  cursor?: Cursor,
): Page<T> {
  let start: number;
  let end: number;
  if (cursor?.direction === "prev") {
    end = search(items, order, cursor.key, cursor.id, false);
    start = Math.max(0, end - limit);
  } else {
    start = cursor ? search(items, order, cursor.key, cursor.id, true) : 0;
    end = Math.min(items.length, start + limit);
  }
  const page = items.slice(start, end);
  const boundary = (item: T, direction: "next" | "prev"): Cursor => ({
    direction,
    sort: order.spec,
    filter: filterFingerprint,
    key: order.key(item),
    id: order.id(item),
  });
  const result: Page<T> = { items: page };
  // With limit 0 (allowed by the console API) there is no item to anchor a cursor on, so no links either.
  if (end < items.length && page.length > 0) result.next = boundary(page[page.length - 1], "next");
  if (start > 0 && page.length > 0) result.prev = boundary(page[0], "prev");
  return result;
}
