import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { call, client, collectPages, oauthToken, type Api, type Json } from "./support/http";

let emu: EmulatorHandle;
let api: Api;

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false });
  api = client(emu.tenantUrl, emu.tenants[0].apiKey);
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

describe("tenant API", () => {
  test("GET own tenant; /me is a 302 to it", async () => {
    const me = await api.get("/api/v1/tenants/me");
    expect(me.status).toBe(302);
    expect(me.headers.get("location")).toBe(`/api/v1/tenants/${emu.tenants[0].id}`);
    const followed = await call(emu.tenantUrl, "GET", "/api/v1/tenants/me", {
      token: emu.tenants[0].apiKey,
      redirect: "follow",
    });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({
      id: emu.tenants[0].id,
      name: "acme-us",
      hostnames: ["acme-us.us.qlikcloud.com"],
      datacenter: "us-east-1",
      status: "active",
      enableAppOpeningFeedback: true,
      links: { self: { href: `${emu.tenantUrl}/api/v1/tenants/${emu.tenants[0].id}` } },
    });
  });

  test("another tenant's id is 403, an unknown one 404 TENANTS-8 (status as a string)", async () => {
    const other = await api.get(`/api/v1/tenants/${emu.tenants[1].id}`);
    expect(other.status).toBe(403);
    expect(other.body.errors[0].status).toBe("403");
    const unknown = await api.get("/api/v1/tenants/doesnotexistdoesnotexistdoesnot1");
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toMatchObject({ code: "TENANTS-8", status: "404" });
  });

  test("PATCH replaces name, alias and flags (204)", async () => {
    const id = emu.tenants[0].id;
    const res = await api.patch(`/api/v1/tenants/${id}`, [
      { op: "replace", path: "/name", value: "Acme US" },
      { op: "replace", path: "/hostnames/1", value: "acme.us.qlikcloud.com" },
      { op: "replace", path: "/autoAssignCreateSharedSpacesRoleToProfessionals", value: false },
      { op: "replace", path: "/autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals", value: false },
      { op: "replace", path: "/autoAssignDataServicesContributorRoleToProfessionals", value: true },
      { op: "replace", path: "/enableAnalyticCreation", value: true },
      { op: "replace", path: "/enableAppOpeningFeedback", value: false },
    ]);
    expect(res.status).toBe(204);
    expect(emu.state().tenant).toMatchObject({
      name: "Acme US",
      hostnames: ["acme-us.us.qlikcloud.com", "acme.us.qlikcloud.com"],
      autoAssignCreateSharedSpacesRoleToProfessionals: false,
      autoAssignDataServicesContributorRoleToProfessionals: true,
      enableAnalyticCreation: true,
      enableAppOpeningFeedback: false,
    });
  });

  test("PATCH rejects other ops, paths and value types; nothing is applied", async () => {
    const id = emu.tenants[0].id;
    const bodies: Json[] = [
      [{ op: "add", path: "/name", value: "x" }],
      [{ op: "replace", path: "/hostnames/0", value: "x.us.qlikcloud.com" }],
      [{ op: "replace", path: "/status", value: "disabled" }],
      [
        { op: "replace", path: "/name", value: "Changed" },
        { op: "replace", path: "/enableAppOpeningFeedback", value: "no" },
      ],
      [{ op: "replace", path: "/hostnames/1", value: "not a hostname" }],
      [{ op: "replace", path: "/hostnames/1", value: "acme-eu.eu.qlikcloud.com" }],
      [],
    ];
    for (const body of bodies) expect((await api.patch(`/api/v1/tenants/${id}`, body)).status).toBe(400);
    expect(emu.state().tenant.name).toBe("acme-us");
    expect(
      (await api.patch(`/api/v1/tenants/${emu.tenants[1].id}`, [{ op: "replace", path: "/name", value: "x" }])).status,
    ).toBe(403);
  });
});

describe("Cloud Console: /api/core/tenants", () => {
  let orgApi: Api;
  beforeAll(async () => {
    orgApi = client(
      emu.consoleUrl,
      await oauthToken(emu.consoleUrl, emu.orgClient.clientId, emu.orgClient.clientSecret),
    );
  });
  const list = (query: string) => orgApi.get(`/api/core/tenants?${query}`);
  const filter = (text: string) => `filter=${encodeURIComponent(text)}`;

  test("every acme tenant across pages of 20, none of sub-other", async () => {
    const first = await list(`${filter('subscriptionId eq "sub-acme"')}&totalResults=true`);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(20);
    expect(first.body.totalResults).toBe(45);
    const all = await collectPages(orgApi, `/api/core/tenants?${filter('subscriptionId eq "sub-acme"')}`);
    expect(all).toHaveLength(45);
    expect(new Set(all.map((t) => t.subscriptionId))).toEqual(new Set(["sub-acme"]));
    expect(all.find((t) => t.id === emu.tenants[0].id)).toMatchObject({
      name: "acme-us",
      regionCode: "us-east-1",
      hostnames: ["acme-us.us.qlikcloud.com"],
      links: { self: { href: `${emu.consoleUrl}/api/core/tenants/${emu.tenants[0].id}` } },
    });
  });

  test("regionCode, status and name conditions; or/not", async () => {
    const eu = await list(`limit=100&${filter('subscriptionId eq "sub-acme" and regionCode eq "eu-west-1"')}`);
    expect(eu.body.data.length).toBeGreaterThan(1);
    expect(eu.body.data.every((t: Json) => t.regionCode === "eu-west-1")).toBe(true);
    const twoRegions = await list(
      `limit=100&${filter('subscriptionId eq "sub-acme" and (regionCode eq "eu-west-1" or regionCode eq "ap-southeast-2")')}`,
    );
    expect(new Set(twoRegions.body.data.map((t: Json) => t.regionCode))).toEqual(
      new Set(["eu-west-1", "ap-southeast-2"]),
    );
    const notActive = await list(`limit=100&${filter('subscriptionId eq "sub-acme" and status ne "active"')}`);
    expect(notActive.body.data.length).toBeGreaterThan(0);
    expect(notActive.body.data.every((t: Json) => t.status !== "active")).toBe(true);
    const byName = await list(filter('subscriptionId eq "sub-acme" and name eq "acme-eu"'));
    expect(byName.body.data.map((t: Json) => t.id)).toEqual([emu.tenants[1].id]);
  });

  test("the filter must pin subscriptionId; someone else's subscription is 403", async () => {
    for (const query of [
      "",
      filter('regionCode eq "us-east-1"'),
      filter('subscriptionId eq "sub-acme" or regionCode eq "us-east-1"'),
      filter('name co "acme"'),
    ]) {
      expect((await list(query)).status).toBe(400);
    }
    const foreign = await list(filter('subscriptionId eq "sub-other"'));
    expect(foreign.status).toBe(403);
    expect((await list(filter('subscriptionId eq "sub-acme" or subscriptionId eq "sub-other"'))).status).toBe(403);
  });

  test("limit 0..100 and totalResults as the string true/false", async () => {
    const acme = filter('subscriptionId eq "sub-acme"');
    expect((await list(`${acme}&limit=101`)).status).toBe(400);
    const zero = await list(`${acme}&limit=0&totalResults=true`);
    expect(zero.status).toBe(200);
    expect(zero.body).toMatchObject({ data: [], totalResults: 45 });
    expect((await list(`${acme}&totalResults=yes`)).status).toBe(400);
  });

  test("GET by id: own subscription 200, foreign subscription 403, unknown 404", async () => {
    expect((await orgApi.get(`/api/core/tenants/${emu.tenants[2].id}`)).body.regionCode).toBe("ap-southeast-2");
    // The acme org cannot list sub-other's tenants, so take an id from the seed.
    const foreign = defaultSeed().listedTenants?.find((t) => t.subscriptionId === "sub-other");
    expect((await orgApi.get(`/api/core/tenants/${foreign?.id}`)).status).toBe(403);
    expect((await orgApi.get("/api/core/tenants/nope")).status).toBe(404);
  });

  test("renaming a tenant through the tenant API shows in the console", async () => {
    await api.patch(`/api/v1/tenants/${emu.tenants[0].id}`, [{ op: "replace", path: "/name", value: "Renamed" }]);
    expect((await orgApi.get(`/api/core/tenants/${emu.tenants[0].id}`)).body.name).toBe("Renamed");
  });
});
