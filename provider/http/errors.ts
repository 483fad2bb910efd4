/**
 * The client's error classes. Each has a stable `code` callers can branch on (the undici habit), a message a
 * person can act on, and no credential anywhere: messages are built from method, path, status and the API's
 * error body only, and transport causes are re-created from their code and a redacted message rather than
 * attached as-is (undici errors can reference request options, which carry the Authorization header).
 */
import { STATUS_CODES } from "node:http";

/** One entry of Qlik's `errors[]` array, normalized (tenant-settings sends numeric codes; we keep strings). */
export interface QlikErrorItem {
  code?: string;
  title?: string;
  detail?: string;
  status?: number;
  source?: { pointer?: string; parameter?: string };
  meta?: unknown;
}

/** Common base so callers can catch every client error with one `instanceof`. */
export abstract class QlikError extends Error {
  abstract readonly code: string;
}

export interface QlikApiErrorInit {
  method: string;
  path: string;
  status: number;
  errors?: QlikErrorItem[];
  traceId?: string;
  /** Attempts made for this logical request (including retries). */
  attempts?: number;
  /** True for a POST whose outcome could not be established (5xx after sending, no `recover`). */
  outcomeUnknown?: boolean;
  /** Extra sentence appended to the message: what to do next. */
  hint?: string;
}

/** The API answered with an error status (or 207 partial success). */
export class QlikApiError extends QlikError {
  readonly code = "QLIK_API_ERROR";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Code of the first error item, e.g. `USERS-7`. */
  readonly qlikCode?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly traceId?: string;
  /** Every error item the API returned (for 207: one per failed operation). */
  readonly errors: QlikErrorItem[];
  readonly attempts: number;
  readonly outcomeUnknown: boolean;

  constructor(init: QlikApiErrorInit) {
    const errors = init.errors ?? [];
    super(formatApiMessage(init.method, init.path, init.status, errors, init.traceId, init.hint));
    this.name = "QlikApiError";
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.errors = errors;
    this.qlikCode = errors[0]?.code;
    this.title = errors[0]?.title;
    this.detail = errors[0]?.detail;
    this.traceId = init.traceId;
    this.attempts = init.attempts ?? 1;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }
}

/** `deadline`: the retry deadline passed while the request waited for a rate-limit slot. */
export type RequestFailure = "network" | "timeout" | "deadline";

export interface QlikRequestErrorInit {
  method: string;
  path: string;
  reason: RequestFailure;
  attempts: number;
  outcomeUnknown?: boolean;
  /** The last transport error, already sanitized (see `sanitizeCause`). */
  cause?: Error;
  hint?: string;
}

/** No usable HTTP response: connection refused/reset, timeout — after retries ran out (or were not allowed). */
export class QlikRequestError extends QlikError {
  readonly code = "QLIK_REQUEST_FAILED";
  readonly method: string;
  readonly path: string;
  readonly reason: RequestFailure;
  readonly attempts: number;
  readonly outcomeUnknown: boolean;

  constructor(init: QlikRequestErrorInit) {
    const what =
      init.reason === "timeout"
        ? "timed out"
        : init.reason === "deadline"
          ? "waited for a rate-limit slot until the retry deadline"
          : `failed (${init.cause?.message ?? "network error"})`;
    const tries = init.attempts === 1 ? "1 attempt" : `${init.attempts} attempts`;
    const hint = init.hint ? ` ${init.hint}` : "";
    super(`${init.method} ${init.path} ${what} after ${tries}.${hint}`, init.cause ? { cause: init.cause } : undefined);
    this.name = "QlikRequestError";
    this.method = init.method;
    this.path = init.path;
    this.reason = init.reason;
    this.attempts = init.attempts;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }
}

/** Bad configuration: names the property and says how to fix it. Thrown before any request is sent. */
export class QlikConfigError extends QlikError {
  readonly code = "QLIK_CONFIG_ERROR";
  /** The offending setting, e.g. `tenantUrl` or `qlik:consoleUrl`, when known. */
  readonly property?: string;

  constructor(message: string, property?: string) {
    super(message);
    this.name = "QlikConfigError";
    this.property = property;
  }
}

/**
 * The client was halted: the Pulumi engine that started this provider host is gone (the CLI was killed), so no
 * result could be recorded any more. Nothing queued was sent; requests on the wire were abandoned.
 */
export class QlikHaltedError extends QlikError {
  readonly code = "QLIK_HALTED";

  constructor(readonly reason: string) {
    super(
      `pulumi-qlik stopped sending requests: ${reason}. Nothing that was still waiting was sent. Recover the ` +
        'stack as the README\'s "Interrupted deployments" section describes.',
    );
    this.name = "QlikHaltedError";
  }
}

export interface ResponseIssue {
  /** Where in the body, e.g. `data[3].email` (empty for the root). */
  path: string;
  message: string;
}

/** A 2xx response whose body is not JSON or does not match the schema the caller expects. */
export class QlikResponseError extends QlikError {
  readonly code = "QLIK_RESPONSE_INVALID";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly issues: ResponseIssue[];

  /** `service`: what the URL should point at, for the message. */
  constructor(method: string, path: string, status: number, issues: ResponseIssue[], service = "a Qlik Cloud tenant") {
    const listed = issues
      .slice(0, 5)
      .map((i) => `${i.path || "(body)"}: ${i.message}`)
      .join("; ");
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
    super(
      `${method} ${path} → ${statusLine(status)}: unexpected response shape: ${listed}${more}. ` +
        `The API may have changed or the URL may not point at ${service}.`,
    );
    this.name = "QlikResponseError";
    this.method = method;
    this.path = path;
    this.status = status;
    this.issues = issues;
  }
}

/**
 * The words of a Qlik error to match against, in lower case: its code, then `extra` (e.g. the message), then each
 * error item's code, title and detail. Qlik words the same failure differently across endpoints and versions.
 */
export function qlikErrorWords(
  error: { qlikCode?: string; errors?: readonly { code?: string; title?: string; detail?: string }[] },
  extra: readonly (string | undefined)[] = [],
): string {
  return [error.qlikCode, ...extra, ...(error.errors ?? []).flatMap((item) => [item.code, item.title, item.detail])]
    .filter((word): word is string => typeof word === "string")
    .join(" ")
    .toLowerCase();
}

export function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

/** `METHOD path → status: first error; also: …[traceId …]. hint` — shared by every HTTP client's error class. */
export function formatApiMessage(
  method: string,
  path: string,
  status: number,
  errors: QlikErrorItem[],
  traceId: string | undefined,
  hint: string | undefined,
): string {
  let text = `${method} ${path} → ${statusLine(status)}`;
  if (status === 207) {
    const n = errors.length;
    text += `: partial success, ${n} operation${n === 1 ? "" : "s"} failed: ` + errors.map(describeItem).join("; ");
  } else if (errors.length > 0) {
    text += errors[0].code ? ` (${errors[0].code}): ` : ": ";
    text += describeItem({ ...errors[0], code: undefined });
    if (errors.length > 1) text += `; also: ${errors.slice(1).map(describeItem).join("; ")}`;
  }
  if (traceId) text += ` [traceId ${traceId}]`;
  if (hint) text += `${/[.!?\]]$/.test(text) ? "" : "."} ${hint}`;
  return text;
}

function describeItem(item: QlikErrorItem): string {
  const parts: string[] = [];
  if (item.code) parts.push(`(${item.code})`);
  const words = [item.title, item.detail].filter((s): s is string => !!s && s.length > 0);
  // Qlik often repeats the title inside the detail; say it once.
  if (words.length === 2 && words[1].startsWith(words[0])) words.shift();
  if (words.length > 0) parts.push(words.join(": "));
  const where = item.source?.pointer ?? item.source?.parameter;
  if (where) parts.push(`at ${where}`);
  return parts.join(" ") || "no details";
}

/**
 * Reads Qlik's error body (`{errors: [...], traceId}`) leniently: numeric codes become strings, unknown shapes
 * (OAuth's `{error, error_description}`, plain text from a proxy) become one item.
 */
export function parseErrorBody(body: unknown, rawText: string): { errors: QlikErrorItem[]; traceId?: string } {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const traceId = typeof record.traceId === "string" ? record.traceId : undefined;
    if (Array.isArray(record.errors)) {
      return { errors: record.errors.filter(isObject).map(normalizeItem), traceId };
    }
    if (typeof record.error === "string") {
      const detail = typeof record.error_description === "string" ? record.error_description : undefined;
      return { errors: [{ title: record.error, detail }], traceId };
    }
    if (typeof record.message === "string" || typeof record.title === "string") {
      return { errors: [normalizeItem(record)], traceId };
    }
    return { errors: [], traceId };
  }
  const text = rawText.trim();
  return { errors: text ? [{ detail: text.length > 300 ? `${text.slice(0, 300)}…` : text }] : [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object";
}

function normalizeItem(raw: Record<string, unknown>): QlikErrorItem {
  const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
  const item: QlikErrorItem = {};
  const code = str(raw.code);
  if (code !== undefined) item.code = code;
  const title = str(raw.title) ?? str(raw.message);
  if (title !== undefined) item.title = title;
  const detail = str(raw.detail);
  if (detail !== undefined) item.detail = detail;
  const status = typeof raw.status === "number" ? raw.status : Number(str(raw.status));
  if (Number.isFinite(status)) item.status = status;
  if (isObject(raw.source)) {
    const pointer = str(raw.source.pointer);
    const parameter = str(raw.source.parameter);
    item.source = {
      ...(pointer !== undefined && { pointer }),
      ...(parameter !== undefined && { parameter }),
    };
  }
  if (raw.meta !== undefined) item.meta = raw.meta;
  return item;
}

/**
 * Credentials shorter than this are refused at configuration (`validateCredentials`): a secret of one or two
 * characters cannot be redacted without mangling every message, and is no credential a service issues.
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * A pattern matching a secret however a server may have encoded it in the text it sends back: each character
 * as is, `\uXXXX`-escaped (either case), backslash-escaped (`\/`, `\"`, `\\` inside JSON strings) or
 * `%XX`-encoded (an echoed form body or query) — in any mix.
 */
function secretPattern(secret: string): RegExp {
  let cached = patterns.get(secret);
  if (cached) return cached;
  const hex = (n: number, width: number) =>
    Array.from(n.toString(16).padStart(width, "0"), (h) => (/[a-f]/.test(h) ? `[${h}${h.toUpperCase()}]` : h)).join("");
  const source = Array.from(secret, (c) => {
    const code = c.codePointAt(0) as number;
    const alternatives = [escapeRegExp(c)];
    if (code <= 0xffff) alternatives.push(`\\\\u${hex(code, 4)}`);
    if (code < 0x80) alternatives.push(`%${hex(code, 2)}`);
    if (c === '"' || c === "\\" || c === "/") alternatives.push(`\\\\${escapeRegExp(c)}`);
    return `(?:${alternatives.join("|")})`;
  }).join("");
  cached = new RegExp(source, "g");
  if (patterns.size > 64) patterns.clear();
  patterns.set(secret, cached);
  return cached;
}

const patterns = new Map<string, RegExp>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Replaces every occurrence of each secret, in any of its encoded forms (and a `Bearer …` value), in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.replace(secretPattern(secret), "[REDACTED]");
  }
  return out.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1[REDACTED]");
}

/**
 * `redact` for a parsed JSON value: every string (and key) in it, after JSON decoding — so escapes the text
 * form could hide (`\u0061bc`) are undone before the secret is looked for.
 */
export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redact(key, secrets), redactDeep(item, secrets)]),
    );
  }
  return value;
}

/**
 * A copy of a transport error safe to expose as `cause`: same name, code and (redacted) message, nothing
 * else — no request options, no headers, no socket.
 */
export function sanitizeCause(error: unknown, secrets: readonly string[]): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redact(source.message, secrets));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === "string") Object.defineProperty(copy, "code", { value: code, enumerable: true });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
