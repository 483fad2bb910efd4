/**
 * URL policy for tenant and console URLs. The client sends a bearer token to whatever origin it is given, so
 * the origin must be exactly an origin: `https://` (plain http only to loopback, i.e. a local emulator), no
 * path, query or fragment that would silently be dropped, and no user:password that would end up in logs. A service
 * served below a path (IQ Server behind a reverse proxy) takes `normalizeBaseUrl`, which keeps the path.
 */
import { isIP } from "node:net";
import { QlikConfigError } from "./errors";

/** What the messages suggest: an example address, and where the credentials belong instead of the URL. */
export interface OriginHints {
  /** What the URL is, e.g. "your tenant's address". */
  what: string;
  /** An example origin, e.g. `https://your-tenant.eu.qlikcloud.com`. */
  example: string;
  /** The settings that carry the credentials. */
  credentials: string;
}

const QLIK_HINTS: OriginHints = {
  what: "your tenant's address",
  example: "https://your-tenant.eu.qlikcloud.com",
  credentials: "qlik:apiKey or qlik:clientId/qlik:clientSecret (or their environment variables)",
};

/**
 * Returns the canonical origin (`https://host[:port]`, lower-case host, default port omitted). `hints` word the
 * messages for a service other than Qlik Cloud.
 */
export function normalizeOrigin(url: string, propertyName: string, hints: OriginHints = QLIK_HINTS): string {
  return parseServiceUrl(url, propertyName, hints, false).origin;
}

/**
 * As `normalizeOrigin`, for a service that may be served below a path (IQ Server behind a reverse proxy at
 * `https://host/iq`): the origin, and the path without its trailing slash (`""` at the root). A query or fragment
 * is still refused: it would be dropped silently.
 */
export function normalizeBaseUrl(
  url: string,
  propertyName: string,
  hints: OriginHints = QLIK_HINTS,
): { origin: string; basePath: string } {
  return parseServiceUrl(url, propertyName, hints, true);
}

function parseServiceUrl(
  url: string,
  propertyName: string,
  hints: OriginHints,
  allowPath: boolean,
): { origin: string; basePath: string } {
  const { example } = hints;
  const exampleHost = example.replace(/^[a-z]+:\/\//, "");
  if (typeof url !== "string" || url.trim() === "") {
    throw new QlikConfigError(`${propertyName} is empty: set it to ${hints.what}, e.g. ${example}.`, propertyName);
  }
  const text = url.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new QlikConfigError(
      `${propertyName} "${describe(text)}" has no scheme: write it as https://${describe(text).replace(/^\/+/, "")}.`,
      propertyName,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new QlikConfigError(
      `${propertyName} "${describe(text)}" is not a valid URL: use the form ${example}.`,
      propertyName,
    );
  }
  if (parsed.username || parsed.password) {
    // Never echo the URL here: it contains a credential.
    throw new QlikConfigError(
      `${propertyName} must not contain a user name or password: remove the "user:password@" part and set the ` +
        `credentials through ${hints.credentials}.`,
      propertyName,
    );
  }
  const origin = `${parsed.protocol}//${parsed.host}`;
  if (parsed.protocol === "http:") {
    if (!isLoopback(parsed.hostname)) {
      throw new QlikConfigError(
        `${propertyName} "${origin}" uses http://, which would send credentials in clear text: use ` +
          `https://${parsed.host} (http:// is accepted only for loopback addresses such as a local emulator).`,
        propertyName,
      );
    }
  } else if (parsed.protocol !== "https:") {
    throw new QlikConfigError(
      `${propertyName} "${origin}" must use https://, e.g. https://${parsed.host || exampleHost}.`,
      propertyName,
    );
  }
  const basePath = parsed.pathname.replace(/\/+$/, "");
  if ((basePath !== "" && !allowPath) || parsed.search || parsed.hash) {
    const use = allowPath ? `${origin}${basePath}` : origin;
    throw new QlikConfigError(
      `${propertyName} "${describe(text)}" must be ${allowPath ? "a URL without query or fragment" : "an origin without path, query or fragment"}: use ${use}.`,
      propertyName,
    );
  }
  return { origin, basePath };
}

/** 127.0.0.0/8, ::1 (and its IPv4-mapped form) and `localhost`. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "localhost.") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) {
    if (host === "::1" || /^(0{1,4}:){7}0{0,3}1$/.test(host)) return true;
    // IPv4-mapped loopback, as written (::ffff:127.0.0.1) or as the URL parser prints it (::ffff:7f00:1).
    const mapped = /^::ffff:(?:(\d+)\.\d+\.\d+\.\d+|([0-9a-f]{1,4}):[0-9a-f]{1,4})$/.exec(host);
    return (
      mapped !== null && (mapped[1] === "127" || (mapped[2] !== undefined && parseInt(mapped[2], 16) >> 8 === 127))
    );
  }
  return false;
}

/** The user's text, shortened, for messages (URLs with credentials are rejected before they get here). */
function describe(text: string): string {
  const noCredentials = text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, "$1");
  return noCredentials.length > 200 ? `${noCredentials.slice(0, 200)}…` : noCredentials;
}
