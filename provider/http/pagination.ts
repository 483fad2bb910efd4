/**
 * Cursor pagination: follow `links.next.href` until it is gone. Only the link's path and query are used and
 * sent to the configured origin: Qlik's links may name `http://` or an internal host, and following them as
 * given would send the token somewhere else.
 */
import { z } from "zod";
import type { PageOptions, QlikResponse, RequestOptions } from "./types";
import { QlikResponseError } from "./errors";

export type RequestFn = <U>(options: RequestOptions<U>) => Promise<QlikResponse<U>>;

/** Path and query of an absolute or relative link (`https://x/api/v1/users?next=abc` → `/api/v1/users?next=abc`). */
export function linkPath(href: string): string {
  const url = new URL(href, "http://placeholder.invalid");
  return `${url.pathname}${url.search}`;
}

/** Appends `query` to `path` (which may already carry a query string); undefined values are skipped. */
export function withQuery(path: string, query: RequestOptions<unknown>["query"]): string {
  if (!query) return path;
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    // encodeURIComponent rather than URLSearchParams: spaces in SCIM filters become %20, not "+", which every
    // server decodes the same way.
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  if (pairs.length === 0) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${pairs.join("&")}`;
}

function pageSchema<T>(item: z.ZodType<T>) {
  return z.object({
    data: z.array(item),
    links: z.object({ next: z.object({ href: z.string().min(1) }).nullish() }).nullish(),
  });
}

export async function* paginate<T>(request: RequestFn, options: PageOptions<T>): AsyncGenerator<T, void, undefined> {
  const schema = pageSchema(options.item);
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  let path: string | undefined = withQuery(options.path, options.query);
  const seen = new Set<string>();
  while (path !== undefined) {
    seen.add(path);
    const page: QlikResponse<z.infer<typeof schema>> = await request({
      method,
      path,
      body: options.body,
      tier: options.tier,
      schema,
    });
    for (const item of page.body.data) yield item;
    const href = page.body.links?.next?.href;
    const next = href === undefined || href === null ? undefined : linkPath(href);
    if (next !== undefined && seen.has(next)) {
      throw new QlikResponseError(method, path, page.status, [
        { path: "links.next.href", message: "points at a page already read (the listing would never end)" },
      ]);
    }
    path = next;
  }
}
