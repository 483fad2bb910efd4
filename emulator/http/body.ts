/**
 * Request bodies: read fully (bounded at Qlik's 500 kB payload limit, so a huge upload cannot exhaust memory),
 * then parsed by content type. Oversized bodies are drained, not buffered, and reported for a 413.
 */
import type { IncomingMessage } from "node:http";

export const MAX_BODY_BYTES = 500 * 1024;

export interface RawBody {
  bytes: Buffer;
  tooLarge: boolean;
}

export function readBody(req: IncomingMessage): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve({ bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on("error", reject);
    // A client that gives up mid-body never sends "end"; do not process half a request.
    req.on("close", () => {
      if (!req.complete) reject(new Error("the client closed the connection before sending the whole body"));
    });
  });
}

export type ParsedBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "form"; value: Record<string, string> }
  | { kind: "invalid"; reason: string }
  | { kind: "unsupported"; contentType: string };

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** JSON bodies must say so (`application/json` or a `+json` type such as `application/json-patch+json`). */
export function parseBody(bytes: Buffer, contentType: string | undefined, acceptsForm: boolean): ParsedBody {
  if (bytes.length === 0) return { kind: "none" };
  const type = mediaType(contentType);
  if (type === "application/json" || /^application\/[\w.+-]*\+json$/.test(type)) {
    try {
      return { kind: "json", value: JSON.parse(bytes.toString("utf8")) };
    } catch (error) {
      return { kind: "invalid", reason: `The request body is not valid JSON: ${(error as Error).message}` };
    }
  }
  if (acceptsForm && type === "application/x-www-form-urlencoded") {
    return { kind: "form", value: Object.fromEntries(new URLSearchParams(bytes.toString("utf8"))) };
  }
  return { kind: "unsupported", contentType: type || "(none)" };
}
