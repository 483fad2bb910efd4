/** The "what to do next" sentences appended to error messages. Pure, so their wording is easy to review. */
import type { Credentials } from "./types";

/** Natural-key lookups to suggest when a create's outcome is unknown. */
const LOOKUPS: [RegExp, string][] = [
  [/^\/api\/v1\/users(\?|$)/, 'GET /api/v1/users?filter=subject eq "…"'],
  [/^\/api\/v1\/groups(\?|$)/, 'GET /api/v1/groups?filter=name eq "…"'],
];

export function unknownOutcomeHint(path: string): string {
  const lookup = LOOKUPS.find(([pattern]) => pattern.test(path))?.[1];
  return (
    "The request may or may not have been applied (the connection failed or the server erred after it was sent). " +
    `Look the object up before trying again${lookup ? `, e.g. ${lookup}` : ""}; ` +
    "if it exists, adopt it (adoptExisting: true) instead of creating it again."
  );
}

export function rateLimitHint(deadlineMs: number): string {
  return (
    `Still rate limited after ${formatMs(deadlineMs)} of retrying: another process may be spending the same ` +
    "user's budget; raise retry.deadlineMs (qlik:retryDeadlineSeconds) or run fewer operations at once."
  );
}

export function refusedRedirectHint(target: string, origin: string): string {
  return (
    `The server redirected to ${target}, which is not ${origin}: refused, so that neither the credential nor ` +
    "the answer crosses origins. Check that the tenant URL is the tenant's own address (no proxy or login page)."
  );
}

export function unreachableHint(origin: string): string {
  return `Check that ${origin} is reachable from here (network, proxy, DNS).`;
}

export function statusHint(status: number, path: string, kind: Credentials["kind"]): string | undefined {
  if (status === 401 && path === "/oauth/token") {
    return "The OAuth client id or secret was refused: check qlik:clientId/qlik:clientSecret (or the organization client's).";
  }
  if (status === 401) {
    return kind === "apiKey"
      ? "The API key was refused: check that qlik:apiKey (or QLIK_API_KEY) is current and belongs to this tenant."
      : "A freshly issued OAuth token was refused: check that the OAuth client belongs to this tenant or organization.";
  }
  if (status === 403) {
    return "The credential lacks permission for this call: it needs the TenantAdmin role (or the organization scope).";
  }
  return undefined;
}

export function formatMs(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}
