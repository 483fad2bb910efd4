/**
 * The query conventions shared by every Qlik list endpoint: `limit`, `sort`, `filter`, `next`/`prev` cursors,
 * `totalResults`, and the `{data, links}` envelope. Invalid parameters are 400s naming the parameter.
 */
import { createHash } from "node:crypto";
import { ApiError } from "../core/errors";
import {
  compareBy,
  CursorError,
  decodeCursor,
  encodeCursor,
  pageOf,
  type Cursor,
  type SortOrder,
  type SortValue,
} from "../core/pagination";
import { checkFilter, FilterError, parseFilter, type FilterNode, type FilterRules } from "../core/scim-filter";

function badParameter(parameter: string, detail: string): ApiError {
  return new ApiError(400, { detail, source: { parameter } });
}

export function parseLimit(query: URLSearchParams, range: { min: number; max: number; fallback: number }): number {
  const raw = query.get("limit");
  if (raw === null) return range.fallback;
  if (!/^-?\d+$/.test(raw.trim()))
    throw badParameter("limit", `limit must be an integer between ${range.min} and ${range.max}`);
  const value = Number(raw);
  if (value < range.min || value > range.max) {
    throw badParameter("limit", `limit must be between ${range.min} and ${range.max} (got ${value})`);
  }
  return value;
}

export function parseFilterText(
  raw: string | null | undefined,
  rules: FilterRules,
  parameter = "filter",
): FilterNode | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (raw.trim() === "") throw badParameter(parameter, "filter must not be empty");
  try {
    return checkFilter(parseFilter(raw), rules);
  } catch (error) {
    if (error instanceof FilterError) throw badParameter(parameter, `Invalid filter: ${error.message}`);
    throw error;
  }
}

/** `fields` maps sortable names to key functions; `spec` accepts "name", "+name", "-name". */
export function parseSort<T>(
  raw: string | null,
  fields: Record<string, (item: T) => SortValue>,
  fallback: string,
  id: (item: T) => string,
): SortOrder<T> {
  const spec = (raw ?? fallback).trim();
  const match = /^([+-]?)([A-Za-z_][A-Za-z0-9_.]*)$/.exec(spec);
  const key = match ? fields[match[2]] : undefined;
  if (!match || !key) {
    throw badParameter(
      "sort",
      `sort must be one of ${Object.keys(fields)
        .map((f) => `[+-]${f}`)
        .join(", ")} (got "${spec}")`,
    );
  }
  const descending = match[1] === "-";
  return { spec: `${descending ? "-" : "+"}${match[2]}`, descending, key, id };
}

export function fingerprint(filter: string | null | undefined): string {
  return filter ? createHash("sha1").update(filter).digest("base64url").slice(0, 12) : "";
}

/** Reads `next`/`prev` and checks the cursor belongs to this sort and filter. */
export function parseCursor(query: URLSearchParams, sortSpec: string, filterFingerprint: string): Cursor | undefined {
  const next = query.get("next");
  const prev = query.get("prev");
  if (next !== null && prev !== null) throw badParameter("next", "next and prev cannot be used together");
  const raw = next ?? prev;
  if (raw === null) return undefined;
  const parameter = next !== null ? "next" : "prev";
  let cursor: Cursor;
  try {
    cursor = decodeCursor(raw, parameter);
  } catch (error) {
    if (error instanceof CursorError) throw badParameter(parameter, `Invalid cursor: ${error.message}`);
    throw error;
  }
  if (cursor.sort !== sortSpec || cursor.filter !== filterFingerprint) {
    throw badParameter(
      parameter,
      "The cursor was made for a different sort or filter; start again from the first page",
    );
  }
  return cursor;
}

export function parseBooleanParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null) return false;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw badParameter(name, `${name} must be "true" or "false"`);
}

export interface Listing<T> {
  data: unknown[];
  links: { self: { href: string }; next?: { href: string }; prev?: { href: string } };
  totalResults?: number;
  /** The page's items (before rendering), for callers that need them. */
  items: T[];
}

function hrefWith(origin: string, path: string, query: URLSearchParams, cursor?: Cursor): string {
  const params = new URLSearchParams(query);
  if (cursor) {
    params.delete("next");
    params.delete("prev");
    params.set(cursor.direction, encodeCursor(cursor));
  }
  const search = params.toString();
  return `${origin}${path}${search ? `?${search}` : ""}`;
}

/** Sorts (unless already in order), pages and wraps `items` in Qlik's list envelope. */
export function listResponse<T>(options: {
  items: readonly T[];
  alreadySorted?: boolean;
  order: SortOrder<T>;
  limit: number;
  filterFingerprint: string;
  cursor?: Cursor;
  render: (item: T) => unknown;
  origin: string;
  path: string;
  query: URLSearchParams;
  totalResults: boolean;
}): Listing<T> {
  const sorted = options.alreadySorted ? options.items : [...options.items].sort(compareBy(options.order));
  const page = pageOf(sorted, options.order, options.limit, options.filterFingerprint, options.cursor);
  const listing: Listing<T> = {
    data: page.items.map(options.render),
    links: { self: { href: hrefWith(options.origin, options.path, options.query) } },
    items: page.items,
  };
  if (page.next) listing.links.next = { href: hrefWith(options.origin, options.path, options.query, page.next) };
  if (page.prev) listing.links.prev = { href: hrefWith(options.origin, options.path, options.query, page.prev) };
  if (options.totalResults) listing.totalResults = sorted.length;
  return listing;
}

/** The envelope without the internal `items`. */
export function envelope<T>(listing: Listing<T>): Omit<Listing<T>, "items"> {
  const { data, links, totalResults } = listing;
  return totalResults === undefined ? { data, links } : { data, links, totalResults };
}
