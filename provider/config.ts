/**
 * Where the provider's connection settings come from: stack config (`qlik:*`, delivered by the engine through
 * `configure`, or read with `pulumi.Config` by data sources in the program), then environment variables.
 * Credentials are resolved here and handed to the HTTP client; they never enter resource inputs or outputs.
 */
import type { ClientOptions, Credentials, RateLimits, Tier } from "./http/types";
import { MIN_SECRET_LENGTH, QlikConfigError } from "./http/errors";
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
  /**
   * Per-tenant credentials (`qlik:tenants` / `QLIK_TENANTS`), keyed by canonical tenant origin. A tenant listed
   * here uses its own credential; every other tenant uses the default one above.
   */
  tenants?: Record<string, TenantCredential>;
}

/** One entry of `qlik:tenants`: an API key, or an OAuth client. */
export type TenantCredential = { apiKey: string } | { clientId: string; clientSecret: string };

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

export const TENANTS_SOURCE = { config: "tenants", env: "QLIK_TENANTS" } as const;

interface Source {
  config: string;
  env: string;
}

/**
 * Allowed ranges of the number settings. Caps keep every derived timer below what Node can wait (2^31 ms,
 * about 24.8 days: a longer timer fires after 1 ms); minimums keep retries meaningful (a deadline shorter than
 * the 250 ms between retries would silently disable them).
 */
interface NumberRange {
  min: number;
  max: number;
  integer?: boolean;
  unit: string;
}

const NUMBER_RANGES: Record<string, NumberRange> = {
  retryDeadlineSeconds: { min: 1, max: 86_400, unit: "seconds" },
  // Qlik's window is a minute; shorter ones are for time-scaled emulators (60 s ÷ time scale).
  rateWindowSeconds: { min: 0.01, max: 3_600, unit: "seconds" },
};

const RATE_LIMIT_RANGE: NumberRange = { min: 1, max: 1_000_000, integer: true, unit: "requests per minute" };

export const RATE_LIMIT_SOURCES: Record<Tier, Source> = {
  tier1: { config: "tier1PerMinute", env: "QLIK_TIER1_PER_MINUTE" },
  tier2: { config: "tier2PerMinute", env: "QLIK_TIER2_PER_MINUTE" },
  special: { config: "specialPerMinute", env: "QLIK_SPECIAL_PER_MINUTE" },
};

/** Secrets, checked for a plausible length where they are read, so the message can name the key. */
const SECRET_SETTINGS: ReadonlySet<string> = new Set(["apiKey", "clientSecret", "orgClientSecret"]);

/** Credentials whose blank stack value must not silently fall back to the environment. */
const CREDENTIAL_SETTINGS: ReadonlySet<string> = new Set([
  "apiKey",
  "clientId",
  "clientSecret",
  "orgClientId",
  "orgClientSecret",
]);

type Lookup = (name: string) => string | undefined;
type SettingSource = "config" | "env";

/** How a setting is named in messages: `qlik:tier2PerMinute` or `QLIK_TIER2_PER_MINUTE`. */
export function settingName(source: Source, pick: SettingSource): string {
  return pick === "config" ? `qlik:${source.config}` : source.env;
}

/** Reads settings through a lookup of bare key names (`apiKey`), from config or environment alike. */
function readSettings(lookup: Lookup, pick: SettingSource): ProviderSettings {
  const text = (field: string, source: Source) => {
    const value = lookup(source[pick]);
    if (value === undefined) return undefined;
    if (value.trim() === "") {
      // A blank stack credential is a mistake (an unset variable in a script, a paste that lost its value);
      // silently using the environment's instead would act as someone else. A blank variable is just unset.
      if (pick === "config" && CREDENTIAL_SETTINGS.has(field)) {
        throw new QlikConfigError(
          `qlik:${source.config} is set but blank. Set it (\`pulumi config set --secret qlik:${source.config} …\`) ` +
            `or remove it (\`pulumi config rm qlik:${source.config}\`) to use ${source.env} from the environment.`,
          `qlik:${source.config}`,
        );
      }
      return undefined;
    }
    return value.trim();
  };
  const settings: ProviderSettings = {};
  for (const [field, source] of Object.entries(SETTINGS_SOURCES)) {
    const value = text(field, source);
    if (value === undefined) continue;
    const range = NUMBER_RANGES[field];
    if (range) (settings as Record<string, number>)[field] = numberSetting(value, source, pick, range);
    else {
      if (SECRET_SETTINGS.has(field)) checkSecretLength(value, settingName(source, pick));
      (settings as Record<string, string>)[field] = value;
    }
  }
  for (const [tier, source] of Object.entries(RATE_LIMIT_SOURCES) as [Tier, Source][]) {
    const value = text(tier, source);
    if (value === undefined) continue;
    settings.rateLimits = { ...settings.rateLimits, [tier]: numberSetting(value, source, pick, RATE_LIMIT_RANGE) };
  }
  const tenants = text("tenants", TENANTS_SOURCE);
  if (tenants !== undefined) settings.tenants = parseTenants(tenants, settingName(TENANTS_SOURCE, pick));
  return settings;
}

function numberSetting(value: string, source: Source, pick: SettingSource, range: NumberRange): number {
  const parsed = Number(value);
  const ok =
    value.trim() !== "" &&
    Number.isFinite(parsed) &&
    parsed >= range.min &&
    parsed <= range.max &&
    (!range.integer || Number.isInteger(parsed));
  if (!ok) {
    const other = pick === "config" ? source.env : `qlik:${source.config}`;
    const kind = range.integer ? "a whole number" : "a number";
    throw new QlikConfigError(
      `${settingName(source, pick)} must be ${kind} of ${range.unit} from ${range.min} to ${range.max}, got ` +
        `"${value}". Fix it or remove it to use the default (it can also be set as ${other}).`,
      settingName(source, pick),
    );
  }
  return parsed;
}

/** Never the value itself in the message, not even its length-revealing prefix. */
function checkSecretLength(value: string, name: string): void {
  if (value.length < MIN_SECRET_LENGTH) {
    throw new QlikConfigError(
      `${name} is only ${value.length} characters long, shorter than any Qlik Cloud credential ` +
        `(at least ${MIN_SECRET_LENGTH}): it was probably cut off when copied. Set the whole value again.`,
      name,
    );
  }
}

const TENANTS_EXAMPLE =
  '{"https://a.eu.qlikcloud.com": {"apiKey": "…"}, "https://b.us.qlikcloud.com": {"clientId": "…", "clientSecret": "…"}}';

/**
 * `qlik:tenants`: a JSON object keyed by tenant URL, each value `{ apiKey }` or `{ clientId, clientSecret }`.
 * Keys are normalized to origins (so `https://A.eu.qlikcloud.com/` and `https://a.eu.qlikcloud.com` are one
 * tenant, and listing both is an error). Messages never quote a credential.
 */
export function parseTenants(text: string, name: string): Record<string, TenantCredential> {
  const fix = `Set it to a JSON object keyed by tenant URL, e.g. ${TENANTS_EXAMPLE} (as a secret).`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new QlikConfigError(`${name} is not valid JSON. ${fix}`, name);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new QlikConfigError(
      `${name} must be a JSON object, got ${Array.isArray(parsed) ? "an array" : typeof parsed}. ${fix}`,
      name,
    );
  }
  const tenants: Record<string, TenantCredential> = {};
  for (const [url, value] of Object.entries(parsed as Record<string, unknown>)) {
    const origin = normalizeOrigin(url, `A key of ${name}:`);
    const entry = `${name}["${origin}"]`;
    if (tenants[origin]) throw new QlikConfigError(`${name} lists ${origin} twice: keep one entry.`, name);
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new QlikConfigError(
        `${entry} must be { "apiKey": "…" } or { "clientId": "…", "clientSecret": "…" }.`,
        name,
      );
    }
    const fields = value as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((k) => !["apiKey", "clientId", "clientSecret"].includes(k));
    if (unknown.length > 0) {
      throw new QlikConfigError(
        `${entry} has unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}: ` +
          'use "apiKey", or "clientId" and "clientSecret".',
        name,
      );
    }
    const str = (field: string) => {
      const v = fields[field];
      if (v === undefined) return undefined;
      if (typeof v !== "string" || v.trim() === "") {
        throw new QlikConfigError(`${entry}.${field} must be a non-empty string.`, name);
      }
      return v.trim();
    };
    const apiKey = str("apiKey");
    const clientId = str("clientId");
    const clientSecret = str("clientSecret");
    if (apiKey !== undefined && (clientId !== undefined || clientSecret !== undefined)) {
      throw new QlikConfigError(`${entry} has both an apiKey and an OAuth client: keep one of them.`, name);
    }
    if (apiKey !== undefined) {
      checkSecretLength(apiKey, `${entry}.apiKey`);
      tenants[origin] = { apiKey };
    } else if (clientId !== undefined && clientSecret !== undefined) {
      checkSecretLength(clientSecret, `${entry}.clientSecret`);
      tenants[origin] = { clientId, clientSecret };
    } else {
      throw new QlikConfigError(
        `${entry} needs "apiKey", or both "clientId" and "clientSecret"${clientId !== undefined || clientSecret !== undefined ? " (one of the two is missing)" : ""}.`,
        name,
      );
    }
  }
  return tenants;
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
  // The per-tenant map, too, is taken whole from one place: the stack's if it has one.
  merged.tenants = config.tenants ?? env.tenants;
  return merged;
}

/** What is configured but probably not meant: said once, as a warning, by whoever resolves the settings. */
export function settingsWarnings(settings: ProviderSettings): string[] {
  const warnings: string[] = [];
  if (settings.apiKey && (settings.clientId || settings.clientSecret)) {
    warnings.push(
      "Both an API key (qlik:apiKey / QLIK_API_KEY) and an OAuth client (qlik:clientId + qlik:clientSecret) are " +
        "configured in the same place: the API key is used and the OAuth client is ignored. Remove the one you do not mean.",
    );
  }
  return warnings;
}

/** Passes each of `settingsWarnings(settings)` to `warn`, skipping those already in `said` (and recording them). */
export function warnOnce(settings: ProviderSettings, said: Set<string>, warn: (message: string) => void): void {
  for (const message of settingsWarnings(settings)) {
    if (said.has(message)) continue;
    said.add(message);
    warn(message);
  }
}

function pickCredentials(
  s: ProviderSettings,
): Pick<ProviderSettings, "apiKey" | "clientId" | "clientSecret"> | undefined {
  // All three travel together (the API key wins in `tenantCredentials`; `settingsWarnings` reports the mix).
  if (s.apiKey || s.clientId || s.clientSecret) {
    return { apiKey: s.apiKey, clientId: s.clientId, clientSecret: s.clientSecret };
  }
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
      "or an OAuth client with qlik:clientId + qlik:clientSecret (or QLIK_CLIENT_ID + QLIK_CLIENT_SECRET)" +
      (settings.tenants ? ", or list this tenant in qlik:tenants." : "."),
  );
}

/** The credential for `origin`: its own from `qlik:tenants` if listed, else the default one. */
export function credentialsFor(settings: ProviderSettings, origin: string): Credentials {
  const own = settings.tenants?.[origin];
  if (own) {
    return "apiKey" in own
      ? { kind: "apiKey", apiKey: own.apiKey }
      : { kind: "oauth", clientId: own.clientId, clientSecret: own.clientSecret };
  }
  return tenantCredentials(settings);
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
  return { origin, credentials: credentialsFor(settings, origin), ...clientTuning(settings) };
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
