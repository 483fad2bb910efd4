/**
 * Wires the emulator together: seed → stores, credentials, rate limiter, faults, log; one listener per
 * emulated tenant plus one for the console; and the handle tests drive it with.
 */
import type http from "node:http";
import { consoleTenantRoutes } from "./api/console-tenants";
import { groupRoutes } from "./api/groups";
import { handleAdmin, type AdminControls } from "./api/admin";
import { oauthRoutes } from "./api/oauth";
import { roleRoutes } from "./api/roles";
import { spaceRoutes } from "./api/spaces";
import { renderAssignment, renderSpace } from "./state/render-spaces";
import { tenantSettingsRoutes } from "./api/tenant-settings";
import { tenantRoutes } from "./api/tenants";
import { userRoutes } from "./api/users";
import { buildRouter, listen, Pipeline, type PipelineDeps } from "./http/server";
import { defaultIqServerSeed } from "./iqserver/seed";
import { startIqServer, type IqServerHandle } from "./iqserver/server";
import { AuthRegistry, CONSOLE } from "./runtime/auth";
import { FaultInjector, type FaultRule } from "./runtime/faults";
import { DEFAULT_RATE_LIMITS, RateLimiter } from "./runtime/rate-limiter";
import { RequestLog } from "./runtime/request-log";
import { defaultSeed } from "./seed/default-seed";
import { richSeed } from "./seed/rich-seed";
import { loadSeedFile, validateSeed, type EmulatorSeed } from "./seed/schema";
import { Organization } from "./state/organization";
import {
  renderGroup,
  renderGroupSettings,
  renderRole,
  renderTenant,
  renderTenantSettings,
  renderUser,
} from "./state/render";
import { TenantStore } from "./state/tenant-store";
import type { EmulatedTenant, EmulatorHandle, EmulatorInfo, EmulatorOptions, TenantSnapshot } from "./types";

/** Built-in seeds by name (`--seed rich`); any other string is the path of a seed file. */
export const BUILT_IN_SEEDS: Readonly<Record<string, () => EmulatorSeed>> = { default: defaultSeed, rich: richSeed };

function resolveSeed(seed: EmulatorOptions["seed"]): EmulatorSeed {
  if (seed === undefined) return defaultSeed();
  if (typeof seed === "string" && Object.hasOwn(BUILT_IN_SEEDS, seed)) return BUILT_IN_SEEDS[seed]();
  if (typeof seed === "string") return loadSeedFile(seed);
  return validateSeed(structuredClone(seed));
}

function checkOptions(options: EmulatorOptions): void {
  if (options.timeScale !== undefined && !(options.timeScale > 0))
    throw new Error("timeScale must be a positive number");
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port < 65536)) {
    throw new Error("port must be an integer between 0 and 65535");
  }
  if (options.tokenTtlSeconds !== undefined && !(options.tokenTtlSeconds > 0))
    throw new Error("tokenTtlSeconds must be positive");
  if (options.rateLimits) {
    for (const [tier, limit] of Object.entries(options.rateLimits)) {
      if (!(Number.isInteger(limit) && (limit as number) >= 0))
        throw new Error(`rateLimits.${tier} must be a non-negative integer`);
    }
  }
}

function stopServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets would hold close() open until they time out.
    server.closeAllConnections();
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  checkOptions(options);
  const seed = resolveSeed(options.seed);
  const stores = new Map<string, TenantStore>();
  const loadStores = () => {
    stores.clear();
    seed.tenants.forEach((tenant, index) => {
      try {
        stores.set(tenant.id, new TenantStore(tenant, index + 1));
      } catch (error) {
        throw new Error(
          `Invalid emulator seed: tenant ${tenant.name}: ${(error as Error).message.replace(/^seed: /, "")}`,
        );
      }
    });
  };
  loadStores();

  const organization = new Organization(seed, stores);
  const auth = new AuthRegistry(seed, options.tokenTtlSeconds ?? 21_600, options.now);
  const limiter = new RateLimiter(
    options.rateLimits === false ? false : { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    options.timeScale ?? 1,
    options.now,
  );
  const faults = new FaultInjector();
  const log = new RequestLog();
  const servers: http.Server[] = [];
  const tenants: EmulatedTenant[] = [];
  let consoleUrl = "";
  // Assigned before any request can reach info() or reset().
  let iqServer = undefined as unknown as IqServerHandle;

  const snapshot = (tenantId?: string): TenantSnapshot => {
    const id = tenantId ?? seed.tenants[0].id;
    const store = stores.get(id);
    if (!store) throw new Error(`No emulated tenant ${id} (listing-only tenants have no state)`);
    const origin = options.linkOrigin ?? tenants.find((t) => t.id === id)?.url ?? "";
    return structuredClone({
      tenant: renderTenant(store, origin),
      users: store.sortedUsers().map((user) => renderUser(store, user, origin)),
      groups: store.sortedGroups().map((group) => renderGroup(store, group, origin)),
      groupSettings: renderGroupSettings(store, origin),
      tenantSettings: store.tenantSettings ? renderTenantSettings(store.tenantSettings) : null,
      roles: store.roleList().map((role) => renderRole(store, role, origin)),
      spaces: store.spaces.list().map((space) => ({
        ...renderSpace(space, store.tenant.id, origin),
        assignments: store.spaces.assignments(space.id).map((a) => renderAssignment(a, store.tenant.id, origin)),
      })),
    });
  };
  const info = (): EmulatorInfo => ({
    consoleUrl,
    tenantUrl: tenants[0].url,
    tenants: tenants.map((t) => ({
      ...t,
      hostnames: [...t.hostnames],
      oauthClient: { ...t.oauthClient },
    })),
    orgClient: { ...seed.organization.orgClient },
    iqServer: { url: iqServer.url, username: iqServer.username, password: iqServer.password },
  });
  const reset = () => {
    loadStores();
    iqServer.reset();
    log.clear();
    faults.clear();
    limiter.reset();
  };
  const controls: AdminControls = {
    info,
    log,
    addFault: (rule: FaultRule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    state: snapshot,
    reset,
    invalidateTokens: () => auth.invalidateTokens(),
  };
  const deps: PipelineDeps = {
    organization,
    auth,
    limiter,
    faults,
    log,
    store: (id) => stores.get(id),
    linkOrigin: options.linkOrigin,
    logBodies: options.logBodies ?? false,
    admin: (req, res, host, url) => handleAdmin(controls, req, res, host, url),
  };

  const tenantRouter = buildRouter([
    ...oauthRoutes,
    ...userRoutes,
    ...groupRoutes,
    ...roleRoutes,
    ...spaceRoutes,
    ...tenantSettingsRoutes,
    ...tenantRoutes,
  ]);
  const consoleRouter = buildRouter([...oauthRoutes, ...consoleTenantRoutes]);
  const portFor = (offset: number) => (options.port ? options.port + offset : 0);

  try {
    const consoleListener = await listen(new Pipeline(deps, consoleRouter, CONSOLE), portFor(0));
    servers.push(consoleListener.server);
    consoleUrl = `http://127.0.0.1:${consoleListener.port}`;
    for (const [index, tenant] of seed.tenants.entries()) {
      const { server, port } = await listen(new Pipeline(deps, tenantRouter, tenant.id), portFor(index + 1));
      servers.push(server);
      tenants.push({
        id: tenant.id,
        name: tenant.name,
        url: `http://127.0.0.1:${port}`,
        hostnames: [...tenant.hostnames],
        regionCode: tenant.regionCode,
        subscriptionId: tenant.subscriptionId,
        apiKey: tenant.apiKey,
        oauthClient: { clientId: tenant.oauthClient.clientId, clientSecret: tenant.oauthClient.clientSecret },
      });
    }
    iqServer = await startIqServer({
      seed: seed.iqServer ?? defaultIqServerSeed(),
      port: portFor(seed.tenants.length + 1),
      faults,
      log,
      logBodies: options.logBodies ?? false,
    });
  } catch (error) {
    await Promise.all(servers.map(stopServer));
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    consoleUrl,
    tenantUrl: tenants[0].url,
    tenants,
    orgClient: { ...seed.organization.orgClient },
    iqServer,
    log: log.entries,
    clearLog: () => log.clear(),
    faults: {
      failNext: (n, opts) => faults.add({ kind: "fail", remaining: n, status: opts?.status, match: opts?.match }),
      delayNext: (n, ms, opts) => faults.add({ kind: "delay", remaining: n, ms, match: opts?.match }),
      dropNext: (n, opts) =>
        faults.add({ kind: "drop", remaining: n, afterProcessing: opts?.afterProcessing, match: opts?.match }),
      clear: () => faults.clear(),
    },
    invalidateTokens: () => auth.invalidateTokens(),
    state: snapshot,
    reset,
    stop: () => (stopped ??= Promise.all([...servers.map(stopServer), iqServer.stop()]).then(() => undefined)),
  };
}
