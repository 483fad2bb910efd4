/**
 * The organization as the Cloud Console sees it: every tenant of every subscription, emulated or listing-only.
 * Emulated tenants are read live from their stores, so a rename through the tenant API shows in the console.
 */
import type { EmulatorSeed, SeedListedTenant } from "../seed/schema";
import type { TenantStore } from "./tenant-store";

export interface ConsoleTenant {
  id: string;
  name: string;
  status: "active" | "disabled" | "deleted" | "deactivated";
  hostnames: string[];
  regionCode: string;
  countryCode?: string;
  subscriptionId: string;
  licenseNumber?: string;
  createdAt: string;
  updatedAt: string;
}

const DEFAULT_CREATED = "2024-01-15T09:00:00.000Z";

function fromListed(seed: SeedListedTenant): ConsoleTenant {
  const created = seed.createdAt ?? DEFAULT_CREATED;
  return {
    id: seed.id,
    name: seed.name,
    status: seed.status ?? "active",
    hostnames: [...seed.hostnames],
    regionCode: seed.regionCode,
    countryCode: seed.countryCode,
    subscriptionId: seed.subscriptionId,
    licenseNumber: seed.licenseNumber,
    createdAt: created,
    updatedAt: created,
  };
}

function fromStore(store: TenantStore): ConsoleTenant {
  const t = store.tenant;
  return {
    id: t.id,
    name: t.name,
    status: t.status === "user-access-disabled" ? "active" : t.status,
    hostnames: [...t.hostnames],
    regionCode: t.regionCode,
    countryCode: t.countryCode,
    subscriptionId: t.subscriptionId,
    licenseNumber: t.licenseNumber,
    createdAt: t.created,
    updatedAt: t.lastUpdated,
  };
}

export class Organization {
  readonly subscriptionIds: ReadonlySet<string>;
  private readonly listed: ConsoleTenant[];

  constructor(
    seed: EmulatorSeed,
    private readonly stores: ReadonlyMap<string, TenantStore>,
  ) {
    this.subscriptionIds = new Set(seed.organization.subscriptionIds);
    this.listed = (seed.listedTenants ?? []).map(fromListed);
  }

  /** Every tenant the console knows, whatever its subscription. */
  allTenants(): ConsoleTenant[] {
    return [...[...this.stores.values()].map(fromStore), ...this.listed];
  }

  tenant(id: string): ConsoleTenant | undefined {
    const store = this.stores.get(id);
    return store ? fromStore(store) : this.listed.find((t) => t.id === id);
  }
}
