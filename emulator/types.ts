/**
 * The emulator's public types: what `startEmulator()` accepts and returns. Response shapes come from Qlik's
 * generated types in `@qlik/api` (type-only imports, so nothing of that ESM package is loaded at run time).
 */
import type { IqServerHandle, IqServerInfo } from "./iqserver/server";
import type { User } from "@qlik/api/users";
import type { Group, GroupSettings } from "@qlik/api/groups";
import type { Role } from "@qlik/api/roles";
import type { Assignment, Space } from "@qlik/api/spaces";
import type { Tenant } from "@qlik/api/tenants";
import type { TenantSettingsDefinition } from "@qlik/api/tenant-settings";
import type { EmulatorSeed } from "./seed/schema";

export type { EmulatorSeed } from "./seed/schema";

/** Qlik's rate-limit tiers, plus "none" for calls that are not limited (`/oauth/token`, unknown routes). */
export type Tier = "tier1" | "tier2" | "special";
export type LogTier = Tier | "none";

export interface RateLimitOptions {
  tier1: number;
  tier2: number;
  special: number;
}

export interface EmulatorOptions {
  /** A seed object, a built-in seed by name (`"default"`, `"rich"`), or the path of a JSON seed file. Default: the built-in seed (see emulator/README.md). */
  seed?: EmulatorSeed | string;
  /** Console listens on `port`, tenants on port+1, port+2, …; 0 or omitted = random free ports. */
  port?: number;
  /** Rate-limit windows and Retry-After are divided by this (60 → a minute lasts one second). Default 1. */
  timeScale?: number;
  /** Requests per minute per tier; `false` disables rate limiting. Defaults: 1000 / 100 / 200. */
  rateLimits?: Partial<RateLimitOptions> | false;
  /** Lifetime of issued OAuth access tokens (not time-scaled). Default 21600. */
  tokenTtlSeconds?: number;
  /**
   * Milliseconds for token lifetimes (wall clock) and rate-limit windows. Default `Date.now` for tokens and
   * `performance.now` for windows. Tests pass a clock they move, so a token expires and a window ends when the
   * test says, not after a sleep or a race whose outcome depends on the machine's load.
   */
  now?: () => number;
  /** Origin written into `links.*.href`. Default: the origin the request came in on. */
  linkOrigin?: string;
  /** Keep parsed request bodies in the request log. */
  logBodies?: boolean;
}

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface EmulatedTenant {
  id: string;
  name: string;
  /** `http://127.0.0.1:<port>`: the origin to send this tenant's API calls to. */
  url: string;
  /** The tenant's Qlik-style hostnames (index 0 primary, 1 alias); informational, nothing resolves them. */
  hostnames: string[];
  regionCode: string;
  subscriptionId: string;
  apiKey: string;
  oauthClient: OAuthClientCredentials;
}

/** Which requests a fault applies to. A string `path` must equal the request path (no query); a RegExp is tested. */
export interface RequestMatch {
  method?: string;
  path?: string | RegExp;
  tenantId?: string | "console";
}

export type FaultKind = "fail" | "delay" | "drop";

export interface RequestLogEntry {
  seq: number;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /** The tenant id the request was sent to, or "console". */
  origin: string;
  method: string;
  path: string;
  query: Record<string, string>;
  tier: LogTier;
  /** HTTP status sent; 0 when the connection was dropped by a fault. */
  status: number;
  /** `apikey:<id>` or `client:<clientId>`; null when the caller was not authenticated. Never a secret. */
  principal: string | null;
  rateLimited: boolean;
  durationMs: number;
  /** The fault that shaped this request, if any. */
  fault?: FaultKind;
  /** Parsed request body, only when the emulator runs with `logBodies`. */
  body?: unknown;
}

export interface FaultControls {
  failNext(n: number, opts?: { status?: 500 | 502 | 503 | 504; match?: RequestMatch }): void;
  delayNext(n: number, ms: number, opts?: { match?: RequestMatch }): void;
  dropNext(n: number, opts?: { match?: RequestMatch; afterProcessing?: boolean }): void;
  clear(): void;
}

/** A point-in-time copy of one tenant's data, rendered as the API would return it. */
export interface TenantSnapshot {
  tenant: Tenant;
  users: User[];
  groups: Group[];
  groupSettings: GroupSettings;
  /** null while the tenant has no tenant-settings document. */
  tenantSettings: TenantSettingsDefinition | null;
  roles: Role[];
  /** Shared, managed and data spaces (not personal ones), each with its assignments. */
  spaces: (Space & { assignments: Assignment[] })[];
}

export interface EmulatorHandle {
  consoleUrl: string;
  /** The emulated Sonatype IQ Server (own port, basic auth): URL, credentials, its organizations, reset. */
  iqServer: IqServerHandle;
  /** The first (default) tenant's url. */
  tenantUrl: string;
  tenants: EmulatedTenant[];
  orgClient: OAuthClientCredentials;
  /** Live array: grows as requests arrive. */
  log: RequestLogEntry[];
  clearLog(): void;
  faults: FaultControls;
  /** Every issued OAuth access token becomes invalid (→ 401); API keys keep working. */
  invalidateTokens(): void;
  /** Defaults to the first tenant. Throws for unknown or listing-only tenants. */
  state(tenantId?: string): TenantSnapshot;
  /** Back to the seed: data, request log, faults and rate-limit windows. Issued tokens stay valid. */
  reset(): void;
  stop(): Promise<void>;
}

/** What `/__emulator/info` and `--json` print. */
export interface EmulatorInfo {
  consoleUrl: string;
  tenantUrl: string;
  tenants: EmulatedTenant[];
  orgClient: OAuthClientCredentials;
  /** The emulated Sonatype IQ Server's URL and basic-auth credentials. */
  iqServer: IqServerInfo;
}
