/**
 * Module-level connection state of the provider host. One host process serves every dynamic resource of a
 * deployment, so the settings from `configure` and the shared HTTP clients (with their rate-limit schedulers and
 * token caches) live here, once, for all of them.
 */
import { getSharedClient } from "./http";
import type { QlikClient } from "./http/types";
import {
  mergeSettings,
  organizationConnection,
  settingsFromConfig,
  settingsFromEnv,
  tenantConnection,
  type ProviderSettings,
} from "./config";

let stackSettings: ProviderSettings = {};
let configureError: Error | undefined;

/**
 * Called by the engine once per provider text, before any CRUD call, with the whole stack config. It must
 * assign synchronously (the host caches the provider before awaiting configure), and it must not throw: a
 * failure here would leave a cached, unconfigured provider, so the error is kept and reported on first use.
 */
export function configureFromStack(get: (key: string) => string | undefined): void {
  try {
    stackSettings = settingsFromConfig(get);
    configureError = undefined;
  } catch (error) {
    configureError = error as Error;
  }
}

/** Stack config merged over environment variables, read afresh so tests can change the environment. */
export function currentSettings(): ProviderSettings {
  if (configureError) throw configureError;
  return mergeSettings(stackSettings, settingsFromEnv());
}

/** The tenant a resource without `tenantUrl` uses (stack config or environment); for diff, so never throws. */
export function defaultTenantUrl(): string | undefined {
  try {
    return currentSettings().tenantUrl;
  } catch {
    return undefined;
  }
}

export function tenantClient(tenantUrl?: string, settings: ProviderSettings = currentSettings()): QlikClient {
  return getSharedClient(tenantConnection(settings, tenantUrl));
}

export function organizationClient(settings: ProviderSettings = currentSettings()): QlikClient {
  return getSharedClient(organizationConnection(settings));
}
