/** Small fetch helpers for emulator tests (deliberately independent of pulumi-qlik's own HTTP client). */

/** Response bodies are whatever the emulator sent; tests assert on their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Raw body, sent as is (with `contentType`). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  redirect?: "manual" | "follow" | "error";
}

export async function call<T = Json>(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined;
  if (options.raw !== undefined) {
    payload = options.raw;
    if (options.contentType) headers["content-type"] = options.contentType;
  } else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers["content-type"] = options.contentType ?? "application/json";
  }
  const response = await fetch(base + path, { method, headers, body: payload, redirect: options.redirect ?? "manual" });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get("content-type") ?? "").includes("json") && text.length > 0) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T };
}

export type Api = ReturnType<typeof client>;

/** A client bound to one origin and token: `api.get("/api/v1/users")`. */
export function client(base: string, token: string) {
  const send = <T = Json>(method: string, path: string, options: Omit<CallOptions, "token"> = {}) =>
    call<T>(base, method, path, { ...options, token });
  return {
    get: <T = Json>(path: string, options?: Omit<CallOptions, "token" | "body">) => send<T>("GET", path, options),
    post: <T = Json>(path: string, body?: unknown, options?: Omit<CallOptions, "token" | "body">) =>
      send<T>("POST", path, { ...options, body }),
    patch: <T = Json>(path: string, body?: unknown, options?: Omit<CallOptions, "token" | "body">) =>
      send<T>("PATCH", path, { ...options, body }),
    delete: <T = Json>(path: string) => send<T>("DELETE", path),
    send,
  };
}

export async function oauthToken(base: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await call(base, "POST", "/oauth/token", {
    body: { client_id: clientId, client_secret: clientSecret, grant_type: "client_credentials" },
  });
  if (response.status !== 200)
    throw new Error(`token request failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.access_token as string;
}

/** Follows links.next.href (re-based on `base`) and returns every item. */
export async function collectPages(api: Api, firstPath: string): Promise<Json[]> {
  const items: Json[] = [];
  let path: string | undefined = firstPath;
  while (path) {
    const page: ApiResponse = await api.get(path);
    if (page.status !== 200) throw new Error(`page ${path}: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.data);
    const next: string | undefined = page.body.links.next?.href;
    path = next === undefined ? undefined : next.replace(/^https?:\/\/[^/]+/, "");
  }
  return items;
}
