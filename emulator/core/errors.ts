/**
 * Qlik's error bodies differ per service, and clients that parse them strictly must see the real variations:
 *
 *   users, groups     {errors:[{code:"USERS-7", title, detail?, status: 404, source?}], traceId}   (status number)
 *   roles             {errors:[{code:"IDENTITIES-10402", title, detail?}], traceId}                (no status)
 *   tenants           {errors:[{code:"TENANTS-8", title, detail?, status: "404"}], traceId}       (status string)
 *   tenant-settings   {errors:[{code: 404, title, detail?}], traceId}                             (integer code)
 *     POST            {errors:[{code:"HTTP-400", title, detail?, status: 400}], traceId} for 400/401/403/500
 *   console, gateway  {errors:[{code:"HTTP-429", title, detail?}], traceId}
 *
 * Codes documented by Qlik are used as documented (USERS-7, GROUPS-7, TENANTS-8, IDENTITIES-10402, HTTP-429,
 * LOGIN-1); the others follow the same pattern and are listed in emulator/README.md.
 */

export type ErrorFamily =
  | "users"
  | "groups"
  | "roles"
  /** spaces: `{errors:[{code:"SPACES-9", title, detail?, meta?: {source}}], traceId}` (no status; source in meta). */
  | "spaces"
  | "tenants"
  | "tenantSettings"
  /** POST /tenant-settings documents string codes with an integer status for its 400/401/403/500. */
  | "tenantSettingsCreate"
  | "console"
  | "gateway";

export interface ErrorSource {
  pointer?: string;
  parameter?: string;
}

export interface ErrorDetails {
  /** The status reported inside this entry when it differs from the response's (207 partial failures). */
  status?: number;
  /** Overrides the family's default code for this status. */
  code?: string | number;
  /** Overrides the family's default title for this status. */
  title?: string;
  detail?: string;
  source?: ErrorSource;
  meta?: unknown;
}

/** Thrown by handlers (and the request pipeline); rendered in the route's error family. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly details: ErrorDetails = {},
    /** Forces a family, e.g. gateway-level errors raised inside a route. */
    readonly family?: ErrorFamily,
  ) {
    super(details.detail ?? details.title ?? `HTTP ${status}`);
  }
}

/** Several errors in one response (207 partial success, or a 400 listing every failed operation). */
export class ApiErrors extends Error {
  constructor(
    readonly status: number,
    readonly entries: ErrorDetails[],
  ) {
    super(entries.map((e) => e.detail ?? e.title).join("; "));
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "API rate limit reached.",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Emulator-chosen code numbers where Qlik documents none; 404s use the documented codes. */
const FAMILY_CODES: Record<number, number> = { 400: 1, 401: 2, 403: 3, 404: 7, 405: 4, 409: 9, 413: 10, 415: 11 };

const CREATE_STRING_CODES = new Set([400, 401, 403, 500]);

function defaultCode(family: ErrorFamily, status: number): string | number {
  switch (family) {
    case "users":
      return `USERS-${FAMILY_CODES[status] ?? status}`;
    case "groups":
      return `GROUPS-${FAMILY_CODES[status] ?? status}`;
    case "tenants":
      return status === 404 ? "TENANTS-8" : `TENANTS-${FAMILY_CODES[status] ?? status}`;
    case "roles":
      return `IDENTITIES-10${status}`;
    case "spaces":
      return `SPACES-${FAMILY_CODES[status] ?? status}`;
    case "tenantSettings":
      return status;
    case "tenantSettingsCreate":
      return CREATE_STRING_CODES.has(status) ? `HTTP-${status}` : status;
    case "console":
    case "gateway":
      return `HTTP-${status}`;
  }
}

export interface QlikErrorEntry {
  code: string | number;
  title: string;
  detail?: string;
  status?: number | string;
  source?: ErrorSource;
  meta?: unknown;
}

export function errorEntry(family: ErrorFamily, responseStatus: number, details: ErrorDetails): QlikErrorEntry {
  const status = details.status ?? responseStatus;
  const entry: QlikErrorEntry = {
    code: details.code ?? defaultCode(family, status),
    title: details.title ?? TITLES[status] ?? `HTTP ${status}`,
  };
  if (details.detail !== undefined) entry.detail = details.detail;
  if (family === "users" || family === "groups" || family === "console") entry.status = status;
  if (family === "tenantSettingsCreate" && CREATE_STRING_CODES.has(status)) entry.status = status;
  if (family === "tenants") entry.status = String(status);
  if (details.source !== undefined && family === "spaces") entry.meta = { source: details.source };
  else if (details.source !== undefined) entry.source = details.source;
  if (details.meta !== undefined) entry.meta = details.meta;
  return entry;
}

export function errorBody(family: ErrorFamily, status: number, entries: ErrorDetails[], traceId: string) {
  return { errors: entries.map((details) => errorEntry(family, status, details)), traceId };
}

/** JSON Pointer of a zod issue path, for `source.pointer`. */
export function pointerOf(path: readonly PropertyKey[]): string {
  return "/" + path.map((part) => String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}
