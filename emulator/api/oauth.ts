/**
 * `POST /oauth/token`, client-credentials grant, on every tenant and on the console. Accepts JSON or
 * form-urlencoded bodies, and client credentials in the body or as HTTP Basic auth (RFC 6749 §2.3.1).
 * Errors use the OAuth 2.0 shape (`{error, error_description}`), as token endpoints do.
 */
import type { RouteContext, RouteDefinition, RouteResult } from "../http/route";

function oauthError(status: 400 | 401, error: string, description: string): RouteResult {
  return { status, body: { error, error_description: description }, headers: { "cache-control": "no-store" } };
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

function issueToken(ctx: RouteContext): RouteResult {
  if (typeof ctx.body !== "object" || ctx.body === null || Array.isArray(ctx.body)) {
    return oauthError(400, "invalid_request", "The body must contain client_id, client_secret and grant_type.");
  }
  const body = ctx.body as Record<string, unknown>;
  const grantType = field(body, "grant_type");
  if (grantType === undefined) return oauthError(400, "invalid_request", "grant_type is required.");
  if (grantType !== "client_credentials") {
    return oauthError(
      400,
      "unsupported_grant_type",
      `grant_type "${grantType}" is not supported; use client_credentials.`,
    );
  }
  const basic = basicCredentials(ctx.headers.authorization);
  const clientId = field(body, "client_id") ?? basic?.id;
  const clientSecret = field(body, "client_secret") ?? basic?.secret;
  if (!clientId || !clientSecret)
    return oauthError(400, "invalid_request", "client_id and client_secret are required.");
  const token = ctx.auth.issueToken(ctx.host, clientId, clientSecret, field(body, "scope"));
  if (!token) return oauthError(401, "invalid_client", "Client authentication failed.");
  return { status: 200, body: token, headers: { "cache-control": "no-store" } };
}

export const oauthRoutes: RouteDefinition[] = [
  {
    method: "POST",
    path: "/oauth/token",
    tier: "none",
    family: "gateway",
    authenticated: false,
    acceptsForm: true,
    handle: issueToken,
  },
];
