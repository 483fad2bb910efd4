/**
 * Who is calling. Tenant API keys work on their own tenant only. OAuth access tokens are bound to the host
 * that issued them (a token from tenant A's /oauth/token is rejected by tenant B and by the console, as
 * audiences differ on the real service). Tenant OAuth clients get tokens from their tenant only; the
 * organization client gets tokens from the console and from the tenants of its subscriptions.
 */
import { createHash } from "node:crypto";
import { newSecretToken } from "../core/ids";
import type { EmulatorSeed } from "../seed/schema";

export const CONSOLE = "console";

/** A stable, ObjectId-like id for a tenant's API key: logs compare across restarts, and it reveals nothing. */
function apiKeyId(tenantId: string): string {
  return createHash("sha256").update(`api-key:${tenantId}`).digest("hex").slice(0, 24);
}

export interface Principal {
  /** Log- and rate-limit identity: `apikey:<id>` or `client:<clientId>`; never a secret. */
  id: string;
  kind: "apiKey" | "tenantClient" | "orgClient";
  /** Subject of the user the principal acts as on a tenant (for /users/me, createdBy). */
  subject?: string;
  /** For the org client: the subscriptions of its organization. */
  subscriptionIds: string[];
}

interface ApiKeyRecord {
  tenantId: string;
  principal: Principal;
}

interface ClientRecord {
  secret: string;
  kind: "tenantClient" | "orgClient";
  /** Tenant clients: their tenant. */
  tenantId?: string;
  /** Per tenant: the subject the client acts as there. */
  subjects: Map<string, string>;
  subscriptionIds: string[];
}

interface TokenRecord {
  clientId: string;
  /** Tenant id or "console". */
  issuer: string;
  expiresAt: number;
  scope?: string;
}

export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; detail: string };

export interface IssuedToken {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  expires_at: string;
  scope?: string;
}

export class AuthRegistry {
  private readonly apiKeys = new Map<string, ApiKeyRecord>();
  private readonly clients = new Map<string, ClientRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  /** Tenant id → subscription id, to check where the org client may get tokens. */
  private readonly tenantSubscriptions = new Map<string, string>();

  constructor(
    seed: EmulatorSeed,
    private readonly tokenTtlSeconds: number,
    /** Wall-clock milliseconds (injectable so tests expire tokens without sleeping). */
    private readonly now: () => number = Date.now,
  ) {
    const org = seed.organization;
    const orgSubjects = new Map<string, string>();
    for (const tenant of seed.tenants) {
      this.tenantSubscriptions.set(tenant.id, tenant.subscriptionId);
      this.apiKeys.set(tenant.apiKey, {
        tenantId: tenant.id,
        principal: {
          id: `apikey:${apiKeyId(tenant.id)}`,
          kind: "apiKey",
          subject: tenant.apiKeyOwner,
          subscriptionIds: [],
        },
      });
      this.clients.set(tenant.oauthClient.clientId, {
        secret: tenant.oauthClient.clientSecret,
        kind: "tenantClient",
        tenantId: tenant.id,
        subjects: new Map([[tenant.id, tenant.oauthClient.userSubject]]),
        subscriptionIds: [],
      });
      if (tenant.orgClientUserSubject) orgSubjects.set(tenant.id, tenant.orgClientUserSubject);
    }
    this.clients.set(org.orgClient.clientId, {
      secret: org.orgClient.clientSecret,
      kind: "orgClient",
      subjects: orgSubjects,
      subscriptionIds: [...org.subscriptionIds],
    });
  }

  /** Client-credentials grant at `host` (tenant id or "console"); undefined when the client may not log in there. */
  issueToken(host: string, clientId: string, clientSecret: string, scope?: string): IssuedToken | undefined {
    const client = this.clients.get(clientId);
    if (!client || client.secret !== clientSecret) return undefined;
    if (client.kind === "tenantClient" && client.tenantId !== host) return undefined;
    if (client.kind === "orgClient" && host !== CONSOLE) {
      const subscription = this.tenantSubscriptions.get(host);
      if (subscription === undefined || !client.subscriptionIds.includes(subscription)) return undefined;
    }
    const token = newSecretToken("emu_at_");
    const expiresAt = this.now() + this.tokenTtlSeconds * 1000;
    this.tokens.set(token, { clientId, issuer: host, expiresAt, scope });
    const issued: IssuedToken = {
      access_token: token,
      token_type: "Bearer",
      expires_in: this.tokenTtlSeconds,
      expires_at: new Date(expiresAt).toISOString(),
    };
    if (scope !== undefined) issued.scope = scope;
    return issued;
  }

  /** Resolves `Authorization: Bearer …` for a request arriving at `host`. */
  authenticate(host: string, authorization: string | undefined): AuthOutcome {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match) {
      return { ok: false, status: 401, detail: "The request has no 'Authorization: Bearer <token>' header." };
    }
    const credential = match[1];
    const apiKey = this.apiKeys.get(credential);
    if (apiKey) {
      if (host === CONSOLE) {
        return {
          ok: false,
          status: 403,
          detail: "Tenant API keys cannot call organization APIs; use an organization OAuth client.",
        };
      }
      if (apiKey.tenantId !== host)
        return { ok: false, status: 401, detail: "The API key is not valid for this tenant." };
      return { ok: true, principal: apiKey.principal };
    }
    const token = this.tokens.get(credential);
    if (!token) return { ok: false, status: 401, detail: "The access token is invalid or has been revoked." };
    if (token.expiresAt <= this.now()) {
      this.tokens.delete(credential);
      return { ok: false, status: 401, detail: "The access token has expired." };
    }
    if (token.issuer !== host) {
      if (host === CONSOLE) {
        return {
          ok: false,
          status: 403,
          detail: "Tenant access tokens cannot call organization APIs; use a token from the console.",
        };
      }
      return { ok: false, status: 401, detail: "The access token was not issued for this tenant." };
    }
    const client = this.clients.get(token.clientId);
    if (!client) return { ok: false, status: 401, detail: "The access token's client no longer exists." };
    return {
      ok: true,
      principal: {
        id: `client:${token.clientId}`,
        kind: client.kind,
        subject: host === CONSOLE ? undefined : client.subjects.get(host),
        subscriptionIds: client.subscriptionIds,
      },
    };
  }

  invalidateTokens(): void {
    this.tokens.clear();
  }
}
