import * as pulumi from "@pulumi/pulumi";
import {
  mergeSettings,
  settingsFromConfig,
  settingsFromEnv,
  warnOnce,
  type ProviderSettings,
} from "../provider/config";

const warned = new Set<string>();

/**
 * Settings for data sources, which run in the program's own process: stack config (`qlik:*`) over environment
 * variables, the same precedence the provider host applies. `runtime.getConfig` reads secrets as plain strings
 * without marking them, which is fine here: they go to the HTTP client only, never into outputs.
 */
export function programSettings(): ProviderSettings {
  const settings = mergeSettings(
    settingsFromConfig((key) => pulumi.runtime.getConfig(key)),
    settingsFromEnv(),
  );
  warnOnce(settings, warned, (message) => void pulumi.log.warn(`pulumi-qlik: ${message}`));
  return settings;
}
