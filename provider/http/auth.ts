/**
 * Credentials → `Authorization` header values. An API key is used as is; an OAuth client's access token is
 * fetched once, cached, refreshed before it expires and shared by every concurrent request (one fetch in
 * flight at a time, whatever the concurrency). Secrets live only in ES private fields and closures, so
 * `util.inspect`, `JSON.stringify` and enumerable-property walks never see them.
 */
import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Credentials } from "./types";
import { MIN_SECRET_LENGTH, QlikConfigError } from "./errors";
import { systemClock, type Clock } from "./scheduler";

/** What the token endpoint returned, in our terms. */
export interface TokenGrant {
  accessToken: string;
  /** Lifetime from now, in milliseconds. */
  expiresInMs: number;
}

/** Sends `POST /oauth/token` with the given JSON body (the client supplies it, with its retries). */
export type TokenExchange = (body: Record<string, string>) => Promise<TokenGrant>;

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  expires_at: z.union([z.string(), z.number()]).optional(),
});

/** Used when the endpoint states no lifetime: short enough that a 401-refresh is rarely needed. */
const ASSUMED_TTL_MS = 3600_000;

export function grantFromResponse(body: z.infer<typeof tokenResponseSchema>, nowMs: number = Date.now()): TokenGrant {
  let expiresInMs: number | undefined;
  if (body.expires_in !== undefined) expiresInMs = body.expires_in * 1000;
  else if (body.expires_at !== undefined) {
    const at =
      typeof body.expires_at === "number"
        ? body.expires_at < 1e12
          ? body.expires_at * 1000
          : body.expires_at
        : Date.parse(body.expires_at);
    if (Number.isFinite(at)) expiresInMs = at - nowMs;
  }
  return { accessToken: body.access_token, expiresInMs: Math.max(0, expiresInMs ?? ASSUMED_TTL_MS) };
}

/** A per-process key, so fingerprints cannot be compared with (or brute-forced against) another process's. */
const FINGERPRINT_KEY = randomBytes(32);

/** A short stable id of a credential for keys and logs: a keyed hash, never the secret itself. */
export function credentialFingerprint(credentials: Credentials): string {
  const material =
    credentials.kind === "apiKey"
      ? `apiKey\0${credentials.apiKey}`
      : `oauth\0${credentials.clientId}\0${credentials.clientSecret}\0${credentials.scope ?? ""}`;
  return secretFingerprint(material);
}

/** A keyed hash of secret material (the key is random per process): tells credentials apart, reveals nothing. */
export function secretFingerprint(material: string): string {
  return createHmac("sha256", FINGERPRINT_KEY).update(material).digest("hex").slice(0, 16);
}

/** Rejects empty credentials and ones that cannot be sent in a header — without ever echoing them. */
export function validateCredentials(credentials: Credentials | undefined): void {
  if (!credentials || (credentials.kind !== "apiKey" && credentials.kind !== "oauth")) {
    throw new QlikConfigError(
      'credentials must be { kind: "apiKey", apiKey } or { kind: "oauth", clientId, clientSecret }: set qlik:apiKey, ' +
        "or qlik:clientId and qlik:clientSecret (or QLIK_API_KEY / QLIK_CLIENT_ID + QLIK_CLIENT_SECRET).",
      "credentials",
    );
  }
  const fields: [string, unknown][] =
    credentials.kind === "apiKey"
      ? [["apiKey", credentials.apiKey]]
      : [
          ["clientId", credentials.clientId],
          ["clientSecret", credentials.clientSecret],
        ];
  for (const [name, value] of fields) {
    if (typeof value !== "string" || value.trim() === "") {
      throw new QlikConfigError(`credentials.${name} is empty: set it (as a secret) in the stack config.`, name);
    }
    if (!/^[\x21-\x7e]+$/.test(value)) {
      throw new QlikConfigError(
        `credentials.${name} contains spaces, line breaks or non-ASCII characters: copy it again without them.`,
        name,
      );
    }
    if (name !== "clientId" && value.length < MIN_SECRET_LENGTH) {
      // Never the value, not even its first characters.
      throw new QlikConfigError(
        `credentials.${name} is only ${value.length} characters long, which no Qlik Cloud credential is ` +
          `(at least ${MIN_SECRET_LENGTH}): it was probably cut off when copied. Copy the whole value again.`,
        name,
      );
    }
  }
}

interface CachedToken {
  value: string;
  /** Start a background refresh after this (clock ms). */
  refreshAt: number;
  /** Stop using the token after this; a request waits for the new one. */
  expiresAt: number;
}

export class TokenSource {
  readonly kind: Credentials["kind"];
  readonly #credentials: Credentials;
  readonly #exchange: TokenExchange;
  readonly #clock: Clock;
  #cached: CachedToken | undefined;
  #pending: Promise<CachedToken> | undefined;
  /** Every access token handed out, so error messages can be scrubbed of them. */
  readonly #issued = new Set<string>();
  #fetches = 0;

  constructor(credentials: Credentials, exchange: TokenExchange, clock: Clock = systemClock) {
    this.kind = credentials.kind;
    this.#credentials = credentials;
    this.#exchange = exchange;
    this.#clock = clock;
  }

  /** OAuth tokens can be re-fetched after a 401; an API key cannot. */
  get refreshable(): boolean {
    return this.kind === "oauth";
  }

  /** Token fetches made so far (for tests). */
  get fetches(): number {
    return this.#fetches;
  }

  /** The bearer token to send now. */
  async token(): Promise<string> {
    const credentials = this.#credentials;
    if (credentials.kind === "apiKey") return credentials.apiKey;
    const now = this.#clock.now();
    const cached = this.#cached;
    if (cached && now < cached.refreshAt) return cached.value;
    if (cached && now < cached.expiresAt) {
      // Still valid: use it, and renew in the background so no request ever waits on the token endpoint.
      this.#refresh().catch(() => undefined);
      return cached.value;
    }
    return (await this.#refresh()).value;
  }

  /**
   * The server refused `token` (401). Forget it — unless a newer one already replaced it, so that 50 requests
   * failing together on an old token cause one fetch, not fifty.
   */
  invalidate(token: string): void {
    if (this.#cached?.value === token) this.#cached = undefined;
  }

  /** Strings that must never appear in messages or logs. */
  secrets(): string[] {
    const c = this.#credentials;
    const own = c.kind === "apiKey" ? [c.apiKey] : [c.clientSecret];
    return [...own, ...this.#issued];
  }

  #refresh(): Promise<CachedToken> {
    if (this.#pending) return this.#pending;
    const credentials = this.#credentials;
    if (credentials.kind !== "oauth") throw new Error("unreachable: API keys are not refreshed");
    const body: Record<string, string> = {
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      grant_type: "client_credentials",
    };
    if (credentials.scope) body.scope = credentials.scope;
    const requestedAt = this.#clock.now();
    this.#fetches++;
    const pending = this.#exchange(body)
      .then((grant) => {
        this.#issued.add(grant.accessToken);
        // Renew after 80 % of the lifetime (at most 5 min before expiry); stop using it shortly before the end,
        // measured from when we asked, because the server's clock started no later than that.
        const ttl = grant.expiresInMs;
        const cached: CachedToken = {
          value: grant.accessToken,
          refreshAt: requestedAt + Math.max(ttl - 300_000, ttl * 0.8),
          expiresAt: requestedAt + Math.max(ttl - 30_000, ttl * 0.95),
        };
        this.#cached = cached;
        return cached;
      })
      .finally(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
    this.#pending = pending;
    return pending;
  }
}
