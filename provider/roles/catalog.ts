/**
 * The tenant's role names, read once per tenant per provider process (one deployment): `check` validates the role
 * names given to User, Group and GroupSettings against them. A Role resource created, renamed or deleted in this
 * process forgets the tenant's list, so later checks see the change.
 *
 * The list is read with `GET /api/v1/roles` (Tier 1, every page). A tenant that cannot be reached (no credentials
 * at preview, network, 5xx) yields `undefined`: validation is then skipped, never failed.
 */
import type { QlikClient } from "../http/types";
import type { RoleSummary } from "../dataSources/types";

export type { RoleSummary } from "../dataSources/types";

type Lister = (client: QlikClient) => Promise<RoleSummary[]>;

const catalogs = new Map<string, Promise<RoleSummary[] | undefined>>();

/**
 * How long a check waits for the list before it goes on without it: the client retries an unreachable tenant for
 * minutes, and a preview must not hang on it.
 */
let waitMs = 10_000;

/** Sets the wait (tests). */
export function setRoleCatalogWait(ms: number): void {
  waitMs = ms;
}

/** Tenants whose list did not come in time: later checks do not wait for it again (they use it once it is there). */
const slow = new Set<string>();
/** Lists that have come in, by origin. */
const settled = new Map<string, RoleSummary[]>();

/** The tenant's roles, read once per origin; `undefined` when the tenant cannot be read (in time). */
export function roleCatalog(client: QlikClient, list: Lister): Promise<RoleSummary[] | undefined> {
  const catalog = cached(client, list);
  if (slow.has(client.origin)) return Promise.resolve(settled.get(client.origin));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      slow.add(client.origin);
      resolve(undefined);
    }, waitMs);
    timer.unref();
  });
  return Promise.race([catalog, late]).finally(() => clearTimeout(timer));
}

function cached(client: QlikClient, list: Lister): Promise<RoleSummary[] | undefined> {
  const origin = client.origin;
  let catalog = catalogs.get(origin);
  if (!catalog) {
    catalog = list(client).then(
      (roles) => {
        settled.set(origin, roles);
        return roles;
      },
      () => {
        // Not cached: a later check may reach the tenant.
        catalogs.delete(origin);
        slow.delete(origin);
        return undefined;
      },
    );
    catalogs.set(origin, catalog);
  }
  return catalog;
}

/**
 * Role names that Role resources of this deployment declared at their `check` (keyed by tenant origin). A program's
 * Role is checked before the resources that use its name, but created later: until then (and during a preview,
 * where it is never created) its name is valid all the same.
 */
const declared = new Map<string, Set<string>>();

export function declareRoleName(origin: string, name: string): void {
  const names = declared.get(origin) ?? new Set<string>();
  names.add(name);
  declared.set(origin, names);
}

export function declaredRoleNames(origin: string): string[] {
  return [...(declared.get(origin) ?? [])];
}

/** Drops the cached list of the tenant at `origin` (a role was created, renamed or deleted). */
export function forgetRoleCatalog(origin: string): void {
  catalogs.delete(origin);
  settled.delete(origin);
  slow.delete(origin);
}
