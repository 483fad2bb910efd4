/**
 * The IQ Server connection inside the provider host: `iqserver:*` from the stack config the engine hands to
 * `configure`, merged over `IQSERVER_*` environment variables (read afresh, so tests can change them).
 */
import { getIqServerClient, type IqServerClient } from "./client";
import {
  iqServerConnection,
  iqServerSettingsFromConfig,
  iqServerSettingsFromEnv,
  mergeIqServerSettings,
  type IqServerSettings,
} from "./config";

let stackSettings: IqServerSettings = {};

/** Synchronous and never throws (see provider/context.ts): problems surface on first use. */
export function configureIqServerFromStack(get: (key: string) => string | undefined): void {
  stackSettings = iqServerSettingsFromConfig(get);
}

export function currentIqServerSettings(): IqServerSettings {
  return mergeIqServerSettings(stackSettings, iqServerSettingsFromEnv());
}

export function iqServerClient(settings: IqServerSettings = currentIqServerSettings()): IqServerClient {
  return getIqServerClient(iqServerConnection(settings));
}
