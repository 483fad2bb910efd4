/**
 * getTenant and getTenants against the emulator, with settings passed explicitly as the SDK does. The seed adds
 * listing-only tenants so the organization listing spans several pages of 100 and many regions.
 */
import { defaultSeed, startEmulator, type EmulatorHandle, type SeedListedTenant } from "../../emulator";
import type { ProviderSettings } from "../../provider/config";
import { getTenantData, getTenantsData } from "../../provider/dataSources";

const REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "eu-west-2"];
const EXTRA = 160;

let emu: EmulatorHandle;
let seedTenants: SeedListedTenant[];

beforeAll(async () => {
  const seed = defaultSeed();
  const extra: SeedListedTenant[] = Array.from({ length: EXTRA }, (_, i) => ({
    id: `paging${String(i).padStart(4, "0")}`.padEnd(32, "Z"),
    name: `paging-${i}`,
    hostnames: [`paging-${i}.example.qlikcloud.com`],
    regionCode: REGIONS[i % REGIONS.length],
    subscriptionId: seed.organization.subscriptionIds[0],
    status: i % 10 === 3 ? "disabled" : "active",
  }));
  seed.listedTenants = [...(seed.listedTenants ?? []), ...extra];
  seedTenants = [...seed.tenants, ...seed.listedTenants];
  emu = await startEmulator({ seed });
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(() => emu.clearLog());

const SUBSCRIPTION = "sub-acme";
const orgSettings = (): ProviderSettings => ({
  consoleUrl: emu.consoleUrl,
  orgClientId: emu.orgClient.clientId,
  orgClientSecret: emu.orgClient.clientSecret,
});
const listingRequests = () => emu.log.filter((e) => e.origin === "console" && e.path === "/api/core/tenants");
const mine = (predicate: (t: SeedListedTenant) => boolean = () => true) =>
  seedTenants.filter((t) => t.subscriptionId === SUBSCRIPTION && predicate(t));

describe("getTenant on the emulator", () => {
  const settings = (): ProviderSettings => ({ tenantUrl: emu.tenantUrl, apiKey: emu.tenants[0].apiKey });

  it("resolves the tenant behind the URL through /me, fields at the top level", async () => {
    const data = await getTenantData({}, settings());
    const state = emu.state().tenant;
    expect(data).toMatchObject({
      id: state.id,
      name: state.name,
      hostnames: state.hostnames,
      status: state.status,
      created: state.created,
      autoAssignCreateSharedSpacesRoleToProfessionals: state.autoAssignCreateSharedSpacesRoleToProfessionals,
      enableAppOpeningFeedback: state.enableAppOpeningFeedback,
    });
    expect(Object.values(data)).not.toContain(undefined);
    expect(Object.keys(data)).not.toContain("links");
    expect(emu.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      "GET /api/v1/tenants/me 302",
      `GET /api/v1/tenants/${state.id} 200`,
    ]);
  });

  it("resolves a tenant by id, with the tenant URL given as an argument", async () => {
    const second = emu.tenants[1];
    const data = await getTenantData({ tenantId: second.id, tenantUrl: second.url }, { apiKey: second.apiKey });
    expect(data.id).toBe(second.id);
    expect(data.hostnames).toEqual(second.hostnames);
    expect(emu.log.map((e) => `${e.method} ${e.path}`)).toEqual([`GET /api/v1/tenants/${second.id}`]);
  });
});

describe("getTenants on the emulator", () => {
  it("lists every tenant of the subscription across pages of 100 and across regions", async () => {
    const { tenants } = await getTenantsData({ subscriptionId: SUBSCRIPTION }, orgSettings());
    const expected = mine();
    expect(expected.length).toBeGreaterThan(200);
    expect(tenants.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
    expect(new Set(tenants.map((t) => t.regionCode)).size).toBeGreaterThanOrEqual(6);
    expect(tenants.every((t) => t.subscriptionId === SUBSCRIPTION)).toBe(true);

    const pages = listingRequests();
    expect(pages).toHaveLength(Math.ceil(expected.length / 100));
    expect(pages[0].query).toEqual({ filter: `subscriptionId eq "${SUBSCRIPTION}"`, limit: "100" });
    expect(pages.every((p) => p.status === 200 && p.query.limit === "100")).toBe(true);

    const emulated = tenants.find((t) => t.id === emu.tenants[1].id)!;
    expect(emulated).toEqual({
      id: emu.tenants[1].id,
      name: emu.tenants[1].name,
      hostnames: emu.tenants[1].hostnames,
      regionCode: emu.tenants[1].regionCode,
      subscriptionId: SUBSCRIPTION,
      status: "active",
      countryCode: "IE",
      licenseNumber: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const listingOnly = tenants.find((t) => t.name === "paging-1")!;
    expect(Object.keys(listingOnly)).not.toContain("countryCode");
  });

  it("filters by region and by status", async () => {
    const inRegion = await getTenantsData({ subscriptionId: SUBSCRIPTION, regionCode: "eu-west-1" }, orgSettings());
    expect(inRegion.tenants.map((t) => t.id).sort()).toEqual(
      mine((t) => t.regionCode === "eu-west-1")
        .map((t) => t.id)
        .sort(),
    );
    expect(listingRequests()[0].query.filter).toBe(`subscriptionId eq "${SUBSCRIPTION}" and regionCode eq "eu-west-1"`);

    const disabled = await getTenantsData({ subscriptionId: SUBSCRIPTION, status: "disabled" }, orgSettings());
    const expected = mine((t) => t.status === "disabled");
    expect(expected.length).toBeGreaterThan(0);
    expect(disabled.tenants.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
  });

  it("ANDs the caller's own filter, grouped, onto the subscription", async () => {
    const { tenants } = await getTenantsData(
      {
        subscriptionId: SUBSCRIPTION,
        status: "active",
        filter: 'regionCode eq "ap-northeast-1" or regionCode eq "eu-west-2"',
      },
      orgSettings(),
    );
    const expected = mine(
      (t) => (t.status ?? "active") === "active" && ["ap-northeast-1", "eu-west-2"].includes(t.regionCode),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(tenants.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
    expect(listingRequests()[0].query.filter).toBe(
      `subscriptionId eq "${SUBSCRIPTION}" and status eq "active" and (regionCode eq "ap-northeast-1" or regionCode eq "eu-west-2")`,
    );
  });

  it("explains a 403 for a subscription of another organization, naming client and console but not the secret", async () => {
    const error = (await getTenantsData({ subscriptionId: "sub-other" }, orgSettings()).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/subscription "sub-other" \(403 Forbidden\)/);
    expect(error.message).toContain(`"${emu.orgClient.clientId}"`);
    expect(error.message).toContain(emu.consoleUrl);
    expect(error.message).not.toContain(emu.orgClient.clientSecret);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(emu.orgClient.clientSecret);
  });
});
