/**
 * Where the IQ Server connection comes from: stack config `iqserver:url`, `iqserver:username`,
 * `iqserver:password` (secret), then `IQSERVER_URL`, `IQSERVER_USERNAME`, `IQSERVER_PASSWORD`. The URL wins field
 * by field; the user name and password are taken as a pair from one source, never mixed.
 */
import { QlikConfigError } from "../http/errors";
import { normalizeBaseUrl, type OriginHints } from "../http/origin";

export interface IqServerSettings {
  url?: string;
  username?: string;
  password?: string;
}

export interface IqServerConnection {
  /** `https://iq.example.com[:port]`; `http://` only for loopback (a local emulator). */
  origin: string;
  /**
   * The path IQ Server is served below, without a trailing slash: `/iq` for `https://proxy.example.com/iq`
   * (a reverse proxy's context path); `""` at the root. Prefixed to every API path.
   */
  basePath: string;
  username: string;
  password: string;
}

export const IQSERVER_SOURCES = {
  url: { config: "iqserver:url", env: "IQSERVER_URL" },
  username: { config: "iqserver:username", env: "IQSERVER_USERNAME" },
  password: { config: "iqserver:password", env: "IQSERVER_PASSWORD" },
} as const;

const HINTS: OriginHints = {
  what: "your IQ Server's address",
  example: "https://iq.example.com",
  credentials: "iqserver:username and iqserver:password (or IQSERVER_USERNAME and IQSERVER_PASSWORD)",
};

type Lookup = (name: string) => string | undefined;

function read(lookup: Lookup, pick: "config" | "env"): IqServerSettings {
  const settings: IqServerSettings = {};
  for (const [field, source] of Object.entries(IQSERVER_SOURCES)) {
    const value = lookup(source[pick]);
    // The password is kept as given (spaces may be part of it); the others are trimmed.
    const text = field === "password" ? value : value?.trim();
    if (text !== undefined && text !== "") settings[field as keyof IqServerSettings] = text;
  }
  return settings;
}

/** `get` receives fully qualified keys such as `iqserver:url`. */
export function iqServerSettingsFromConfig(get: (key: string) => string | undefined): IqServerSettings {
  return read(get, "config");
}

export function iqServerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IqServerSettings {
  return read((name) => env[name], "env");
}

export function mergeIqServerSettings(config: IqServerSettings, env: IqServerSettings): IqServerSettings {
  const credentials = config.username !== undefined || config.password !== undefined ? config : env;
  return { url: config.url ?? env.url, username: credentials.username, password: credentials.password };
}

/** Validates the settings into a connection; every error names the config keys and variables to set. */
export function iqServerConnection(settings: IqServerSettings): IqServerConnection {
  if (!settings.url) {
    throw new QlikConfigError(
      "No IQ Server URL: `pulumi config set iqserver:url https://iq.example.com` (or set IQSERVER_URL).",
      IQSERVER_SOURCES.url.config,
    );
  }
  const { origin, basePath } = normalizeBaseUrl(settings.url, IQSERVER_SOURCES.url.config, HINTS);
  if (!settings.username || !settings.password) {
    const missing = !settings.username ? "user name" : "password";
    throw new QlikConfigError(
      `No IQ Server ${missing}: set iqserver:username and \`pulumi config set --secret iqserver:password …\` ` +
        "(or IQSERVER_USERNAME and IQSERVER_PASSWORD). The user needs the 'Edit IQ Elements' permission on the " +
        "organizations it manages.",
      !settings.username ? IQSERVER_SOURCES.username.config : IQSERVER_SOURCES.password.config,
    );
  }
  if (settings.username.includes(":")) {
    throw new QlikConfigError(
      "iqserver:username must not contain ':' (HTTP basic authentication cannot carry it); use the user's login name.",
      IQSERVER_SOURCES.username.config,
    );
  }
  return { origin, basePath, username: settings.username, password: settings.password };
}
