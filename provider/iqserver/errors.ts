/**
 * IQ Server's answers in error: a `errors[]`/`warnings[]` body of `{type, message}` items (the move endpoint), or a
 * plain-text message (most others). Formatted like every other API error of this package (method, path, status,
 * items, hint) and scrubbed of the credential before anything is kept.
 */
import { formatApiMessage, QlikError, redact } from "../http/errors";

/** One item of IQ Server's `errors[]` or `warnings[]`, e.g. `{type: "PARENT_HIERARCHY", message: "…"}`. */
export interface IqServerMessage {
  type?: string;
  message: string;
}

export interface IqServerApiErrorInit {
  method: string;
  path: string;
  status: number;
  errors: IqServerMessage[];
  warnings?: IqServerMessage[];
  attempts?: number;
  hint?: string;
}

export class IqServerApiError extends QlikError {
  readonly code = "IQSERVER_API_ERROR";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly errors: IqServerMessage[];
  readonly warnings: IqServerMessage[];
  readonly attempts: number;

  constructor(init: IqServerApiErrorInit) {
    const items = init.errors.map((item) => ({ code: item.type, title: item.message }));
    super(formatApiMessage(init.method, init.path, init.status, items, undefined, init.hint));
    this.name = "IqServerApiError";
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.errors = init.errors;
    this.warnings = init.warnings ?? [];
    this.attempts = init.attempts ?? 1;
  }
}

/** Reads an IQ Server body leniently: `{errors, warnings}` JSON, another JSON message, or plain text. */
export function parseIqServerBody(
  rawText: string,
  secrets: readonly string[],
): { errors: IqServerMessage[]; warnings: IqServerMessage[] } {
  const text = redact(rawText, secrets).trim();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { errors: text ? [{ message: text.length > 300 ? `${text.slice(0, 300)}…` : text }] : [], warnings: [] };
  }
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    const errors = messages(record.errors);
    const warnings = messages(record.warnings);
    if (errors.length === 0 && typeof record.message === "string") errors.push({ message: record.message });
    return { errors, warnings };
  }
  return { errors: typeof json === "string" ? [{ message: json }] : [], warnings: [] };
}

export function messages(value: unknown): IqServerMessage[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => !!item && typeof item === "object")
    .map((item) => ({
      ...(typeof item.type === "string" && { type: item.type }),
      message: typeof item.message === "string" ? item.message : JSON.stringify(item),
    }));
}

/** `TYPE: message` per item, for log lines and warnings. */
export function describeMessages(items: readonly IqServerMessage[]): string {
  return items.map((item) => (item.type ? `${item.type}: ${item.message}` : item.message)).join("; ");
}
