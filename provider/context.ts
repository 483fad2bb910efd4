/**
 * Module-level connection state of the provider host. One host process serves every dynamic resource of a
 * deployment, so the settings from `configure` and the shared HTTP clients (with their rate-limit schedulers and
 * token caches) live here, once, for all of them.
 */
import { getSharedClient, haltSharedClients, QlikHaltedError } from "./http";
import { hostEngineAddress, watchEngine, type EngineWatch } from "./engineWatch";
import { tuneHostGc } from "./hostGc";
import type { QlikClient } from "./http/types";
import {
  mergeSettings,
  organizationConnection,
  settingsFromConfig,
  settingsFromEnv,
  warnOnce,
  tenantConnection,
  type ProviderSettings,
} from "./config";

let stackSettings: ProviderSettings = {};
let engineWatch: EngineWatch | undefined;

/** How long a host whose engine is gone waits for abandoned exchanges to unwind before it exits. */
const ORPHAN_EXIT_GRACE_MS = 1_000;

/**
 * Inside Pulumi's dynamic-provider host (only there): watch the engine, and when it is gone halt every client —
 * what waits in the schedulers is dropped, nothing new is sent — and exit, rather than live on as an orphan that
 * creates objects no state will ever record. Idempotent.
 */
export function watchEngineOfHost(argv: readonly string[] = process.argv): void {
  if (engineWatch) return;
  const engineAddress = hostEngineAddress(argv);
  if (!engineAddress) return;
  engineWatch = watchEngine({
    engineAddress,
    onGone: (reason) => {
      haltSharedClients(new QlikHaltedError(reason));
      console.error(`pulumi-qlik: ${reason}; dropping queued requests and exiting.`);
      setTimeout(() => process.exit(1), ORPHAN_EXIT_GRACE_MS);
    },
  });
}
let configureError: Error | undefined;

/**
 * Called by the engine once per provider text, before any CRUD call, with the whole stack config. It must
 * assign synchronously (the host caches the provider before awaiting configure), and it must not throw: a
 * failure here would leave a cached, unconfigured provider, so the error is kept and reported on first use.
 */
export function configureFromStack(get: (key: string) => string | undefined): void {
  watchEngineOfHost();
  tuneHostGc();
  try {
    stackSettings = settingsFromConfig(get);
    configureError = undefined;
  } catch (error) {
    configureError = error as Error;
  }
}

/** Warnings about the settings already said. They go to stderr, which the host forwards to the CLI's output. */
const warned = new Set<string>();

/** Stack config merged over environment variables, read afresh so tests can change the environment. */
export function currentSettings(): ProviderSettings {
  if (configureError) throw configureError;
  const settings = mergeSettings(stackSettings, settingsFromEnv());
  warnOnce(settings, warned, (message) => console.warn(`warning: pulumi-qlik: ${message}`));
  return settings;
}

/**
 * The configuration error every operation would fail with (malformed `qlik:tenants`, a number out of range, a
 * blank credential…), or `undefined`. For `check`, so a bad setting is reported before anything is planned.
 */
export function configurationProblem(): Error | undefined {
  try {
    currentSettings();
    return undefined;
  } catch (error) {
    return error as Error;
  }
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
  watchEngineOfHost();
  return getSharedClient(tenantConnection(settings, tenantUrl));
}

export function organizationClient(settings: ProviderSettings = currentSettings()): QlikClient {
  watchEngineOfHost();
  return getSharedClient(organizationConnection(settings));
}
