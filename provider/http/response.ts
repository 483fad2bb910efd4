/**
 * Turning a wire response into what callers get: a parsed, schema-checked body, or a `QlikApiError` built
 * from Qlik's error body. Everything the server sent is scrubbed of our secrets first — a proxy or a buggy
 * endpoint may echo the Authorization header or the token request's body.
 */
import type { HttpMethod, QlikResponse, RequestOptions } from "./types";
import { parseErrorBody, QlikApiError, QlikResponseError, redact, redactDeep } from "./errors";
import type { WireResponse } from "./transport";

export interface Described {
  method: HttpMethod;
  /** Path and query as sent. */
  path: string;
}

/**
 * A 2xx (or allowed) response. The schema describes the success shape, so allowed error statuses (e.g. 404)
 * return their parsed error body unchecked.
 */
export function decodeSuccess<T>(
  request: Described,
  response: WireResponse,
  schema: RequestOptions<T>["schema"],
  secrets: readonly string[],
  service?: string,
): QlikResponse<T> {
  const ok = response.status >= 200 && response.status < 300;
  let body: unknown = undefined;
  if (response.text.trim() !== "") {
    try {
      body = JSON.parse(response.text);
    } catch {
      if (ok) {
        const type = response.headers["content-type"] ?? "no content-type";
        throw new QlikResponseError(
          request.method,
          request.path,
          response.status,
          [{ path: "", message: `not JSON (${type})` }],
          service,
        );
      }
      body = response.text;
    }
  }
  if (schema && ok) {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new QlikResponseError(
        request.method,
        request.path,
        response.status,
        parsed.error.issues.map((issue) => ({ path: issuePath(issue.path), message: redact(issue.message, secrets) })),
        service,
      );
    }
    body = parsed.data;
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

export interface ErrorContext {
  attempts: number;
  secrets: readonly string[];
  hint?: string;
  outcomeUnknown?: boolean;
}

export function decodeApiError(request: Described, response: WireResponse, context: ErrorContext): QlikApiError {
  const text = redact(response.text, context.secrets);
  let json: unknown;
  try {
    // Parsed from the raw text, then redacted string by string: a secret can hide behind JSON escapes.
    json = redactDeep(JSON.parse(response.text), context.secrets);
  } catch {
    json = undefined;
  }
  const { errors, traceId } = parseErrorBody(json, text);
  const headerTrace = response.headers["x-trace-id"] ?? response.headers["traceid"];
  const gaveUp = context.attempts > 1 && !context.outcomeUnknown ? `(gave up after ${context.attempts} attempts)` : "";
  return new QlikApiError({
    method: request.method,
    path: request.path,
    status: response.status,
    errors,
    traceId: traceId ?? (headerTrace === undefined ? undefined : redact(headerTrace, context.secrets)),
    attempts: context.attempts,
    outcomeUnknown: context.outcomeUnknown,
    hint: [context.hint, gaveUp].filter(Boolean).join(" ") || undefined,
  });
}

/** Zod's issue path as people write it: `data[3].email`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
