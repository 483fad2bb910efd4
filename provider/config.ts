/**
 * Where the provider's connection settings come from: stack config (`qlik:*`, delivered by the engine through
 * `configure`, or read with `pulumi.Config` by data sources in the program), then environment variables.
 * Credentials are resolved here and handed to the HTTP client; they never enter resource inputs or outputs.
 */
import type { ClientOptions, Credentials, RateLimits, Tier } from "./http/types";
import { QlikConfigError } from "./http/errors";
import { normalizeOrigin } from "./http/origin";

export const DEFAULT_CONSOLE_URL = "https://console.qlikcloud.com";

export interface ProviderSettings {
  tenantUrl?: string;
  apiKey?: string;
  clientId?: string;
  clientSecret?: string;
  consoleUrl?: string;
  orgClientId?: string;
  orgClientSecret?: string;
  rateLimits?: Partial<RateLimits>;
  retryDeadlineSeconds?: number;
  /**
   * Length of the window the per-minute limits apply to. Qlik's is a minute; set it shorter only against a
   * time-scaled emulator (60 s ÷ its time scale).
   */
  rateWindowSeconds?: number;
}

/** Stack config keys (all under the `qlik:` namespace) and the environment variables that back them. */
export const SETTINGS_SOURCES = {
  tenantUrl: { config: "tenantUrl", env: "QLIK_TENANT_URL" },
  apiKey: { config: "apiKey", env: "QLIK_API_KEY" },
  clientId: { config: "clientId", env: "QLIK_CLIENT_ID" },
  clientSecret: { config: "clientSecret", env: "QLIK_CLIENT_SECRET" },
  consoleUrl: { config: "consoleUrl", env: "QLIK_CONSOLE_URL" },
  orgClientId: { config: "orgClientId", env: "QLIK_ORG_CLIENT_ID" },
  orgClientSecret: { config: "orgClientSecret", env: "QLIK_ORG_CLIENT_SECRET" },
  retryDeadlineSeconds: { config: "retryDeadlineSeconds", env: "QLIK_RETRY_DEADLINE_SECONDS" },
  rateWindowSeconds: { config: "rateWindowSeconds", env: "QLIK_RATE_WINDOW_SECONDS" },
} as const;

const NUMERIC_SETTINGS: ReadonlySet<string> = new Set(["retryDeadlineSeconds", "rateWindowSeconds"]);

export const RATE_LIMIT_SOURCES: Record<Tier, { config: string; env: string }> = {
  tier1: { config: "tier1PerMinute", env: "QLIK_TIER1_PER_MINUTE" },
  tier2: { config: "tier2PerMinute", env: "QLIK_TIER2_PER_MINUTE" },
  special: { config: "specialPerMinute", env: "QLIK_SPECIAL_PER_MINUTE" },
};

type Lookup = (name: string) => string | undefined;

/** Reads settings through a lookup of bare key names (`apiKey`), from config or environment alike. */
function readSettings(lookup: Lookup, pick: "config" | "env"): ProviderSettings {
  const text = (name: string) => {
    const value = lookup(name);
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const settings: ProviderSettings = {};
  for (const [field, source] of Object.entries(SETTINGS_SOURCES)) {
    const value = text(source[pick]);
    if (value === undefined) continue;
    if (NUMERIC_SETTINGS.has(field)) (settings as Record<string, number>)[field] = positiveNumber(value, source[pick]);
    else (settings as Record<string, string>)[field] = value;
  }
  for (const [tier, source] of Object.entries(RATE_LIMIT_SOURCES) as [Tier, { config: string; env: string }][]) {
    const value = text(source[pick]);
    if (value === undefined) continue;
    settings.rateLimits = { ...settings.rateLimits, [tier]: positiveNumber(value, source[pick]) };
  }
  return settings;
}

function positiveNumber(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new QlikConfigError(`${name} must be a positive number, got "${value}".`);
  }
  return parsed;
}

/** `get` receives fully qualified keys such as `qlik:apiKey`. */
export function settingsFromConfig(get: (key: string) => string | undefined): ProviderSettings {
  return readSettings((name) => get(`qlik:${name}`), "config");
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  return readSettings((name) => env[name], "env");
}

/**
 * Stack settings win over environment settings as a group for credentials (a config API key is never mixed with an
 * environment client secret), and field by field for everything else.
 */
export function mergeSettings(config: ProviderSettings, env: ProviderSettings): ProviderSettings {
  const merged: ProviderSettings = { ...env, ...config, rateLimits: { ...env.rateLimits, ...config.rateLimits } };
  const tenantCredentials = pickCredentials(config) ?? pickCredentials(env);
  merged.apiKey = tenantCredentials?.apiKey;
  merged.clientId = tenantCredentials?.clientId;
  merged.clientSecret = tenantCredentials?.clientSecret;
  const orgConfig = config.orgClientId || config.orgClientSecret ? config : env;
  merged.orgClientId = orgConfig.orgClientId;
  merged.orgClientSecret = orgConfig.orgClientSecret;
  return merged;
}

function pickCredentials(
  s: ProviderSettings,
): Pick<ProviderSettings, "apiKey" | "clientId" | "clientSecret"> | undefined {
  if (s.apiKey) return { apiKey: s.apiKey };
  if (s.clientId || s.clientSecret) return { clientId: s.clientId, clientSecret: s.clientSecret };
  return undefined;
}

function tenantCredentials(settings: ProviderSettings): Credentials {
  if (settings.apiKey) return { kind: "apiKey", apiKey: settings.apiKey };
  if (settings.clientId && settings.clientSecret) {
    return { kind: "oauth", clientId: settings.clientId, clientSecret: settings.clientSecret };
  }
  if (settings.clientId || settings.clientSecret) {
    throw new QlikConfigError(
      "OAuth needs both a client id and a client secret: set qlik:clientId and qlik:clientSecret (secret), " +
        "or QLIK_CLIENT_ID and QLIK_CLIENT_SECRET.",
    );
  }
  throw new QlikConfigError(
    "No Qlik Cloud credentials found. Set an API key with `pulumi config set --secret qlik:apiKey …` (or QLIK_API_KEY), " +
      "or an OAuth client with qlik:clientId + qlik:clientSecret (or QLIK_CLIENT_ID + QLIK_CLIENT_SECRET).",
  );
}

function clientTuning(settings: ProviderSettings): Pick<ClientOptions, "rateLimits" | "rateWindowMs" | "retry"> {
  return {
    rateLimits: settings.rateLimits,
    rateWindowMs: settings.rateWindowSeconds ? settings.rateWindowSeconds * 1000 : undefined,
    retry: settings.retryDeadlineSeconds ? { deadlineMs: settings.retryDeadlineSeconds * 1000 } : undefined,
  };
}

/** Connection to a tenant: the resource's `tenantUrl` input wins over config and environment. */
export function tenantConnection(settings: ProviderSettings, tenantUrl?: string): ClientOptions {
  const url = tenantUrl ?? settings.tenantUrl;
  if (!url) {
    throw new QlikConfigError(
      "No tenant URL: set the resource's tenantUrl input, `pulumi config set qlik:tenantUrl https://<tenant>.<region>.qlikcloud.com`, " +
        "or QLIK_TENANT_URL.",
    );
  }
  const origin = normalizeOrigin(url, tenantUrl ? "tenantUrl" : "qlik:tenantUrl");
  return { origin, credentials: tenantCredentials(settings), ...clientTuning(settings) };
}

/** Connection to the Cloud Console (organization APIs) with the organization OAuth client. */
export function organizationConnection(settings: ProviderSettings): ClientOptions {
  const origin = normalizeOrigin(settings.consoleUrl ?? DEFAULT_CONSOLE_URL, "qlik:consoleUrl");
  if (!settings.orgClientId || !settings.orgClientSecret) {
    throw new QlikConfigError(
      "The organization API needs an organization OAuth client: set qlik:orgClientId and qlik:orgClientSecret (secret), " +
        "or QLIK_ORG_CLIENT_ID and QLIK_ORG_CLIENT_SECRET.",
    );
  }
  return {
    origin,
    credentials: { kind: "oauth", clientId: settings.orgClientId, clientSecret: settings.orgClientSecret },
    ...clientTuning(settings),
  };
}
