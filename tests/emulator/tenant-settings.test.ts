import { startEmulator, type EmulatorHandle } from "../../emulator";
import { client, type Api } from "./support/http";

let emu: EmulatorHandle;
let api: Api;

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false });
  api = client(emu.tenantUrl, emu.tenants[0].apiKey);
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const SETTINGS = "/api/v1/tenant-settings";
const TOGGLE = `${SETTINGS}/actions/toggle-cross-region-inference`;
const CONSENT = { "x-qlik-consent-verified": "true" };

describe("tenant settings lifecycle", () => {
  test("the default tenant starts without settings: GET/PATCH/DELETE are 404 with an integer code", async () => {
    const get = await api.get(SETTINGS);
    expect(get.status).toBe(404);
    expect(get.body.errors[0]).toMatchObject({ code: 404, title: expect.any(String) });
    expect((await api.patch(SETTINGS, [{ op: "add", path: "/releaseCadence", value: "monthly" }])).status).toBe(404);
    expect((await api.delete(SETTINGS)).status).toBe(404);
    expect(emu.state().tenantSettings).toBeNull();
  });

  test("another seeded tenant already has settings", async () => {
    const res = await client(emu.tenants[1].url, emu.tenants[1].apiKey).get(SETTINGS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenantId: emu.tenants[1].id,
      releaseCadence: "monthly",
      preferredStartPage: { route: "/insights", value: "analytics-hub" },
      crossRegionDataProcessing: false,
    });
  });

  test("POST needs preferredStartPage or customizeNoAccess, validates enums, and 409s the second time", async () => {
    const empty = await api.post(SETTINGS, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0]).toMatchObject({ code: "HTTP-400", status: 400 });
    expect((await api.post(SETTINGS, { preferredStartPage: "home" })).status).toBe(400);
    expect((await api.post(SETTINGS, { customizeNoAccess: { linkLabel: "x" } })).status).toBe(400);
    expect((await api.post(SETTINGS, { preferredStartPage: "analytics-hub", releaseCadence: "monthly" })).status).toBe(
      400,
    );

    const created = await api.post(SETTINGS, {
      preferredStartPage: "management-console",
      customizeNoAccess: { linkEnabled: true, linkUrl: "https://help.acme.example" },
    });
    expect(created.status).toBe(201);
    const admin = emu.state().users.find((u) => u.subject === "auth0|emu-admin");
    expect(created.body).toMatchObject({
      tenantId: emu.tenants[0].id,
      createdBy: admin?.id,
      preferredStartPage: { route: "/console", value: "management-console" },
      customizeNoAccess: { linkEnabled: true, linkUrl: "https://help.acme.example" },
    });
    expect((await api.get(SETTINGS)).body).toEqual(created.body);
    expect((await api.post(SETTINGS, { preferredStartPage: "analytics-hub" })).status).toBe(409);
  });

  test("PATCH is RFC 6902 on the document and answers 200 with all of it", async () => {
    await api.post(SETTINGS, { preferredStartPage: "analytics-hub" });
    const res = await api.patch(SETTINGS, [
      { op: "add", path: "/releaseCadence", value: "continuous" },
      { op: "replace", path: "/preferredStartPage", value: "data-integration-hub" },
      { op: "add", path: "/customizeNoAccess", value: { linkEnabled: false } },
      { op: "add", path: "/customizeNoAccess/message", value: "Ask IT" },
      { op: "test", path: "/releaseCadence", value: "continuous" },
      { op: "add", path: "/sessionReplayOptOut", value: true },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      releaseCadence: "continuous",
      preferredStartPage: { route: "/qdi", value: "data-integration-hub" },
      customizeNoAccess: { linkEnabled: false, message: "Ask IT" },
      sessionReplayOptOut: true,
    });

    const moved = await api.patch(SETTINGS, [
      { op: "copy", from: "/customizeNoAccess/message", path: "/customizeNoAccess/linkLabel" },
      { op: "remove", path: "/customizeNoAccess/message" },
      { op: "remove", path: "/sessionReplayOptOut" },
    ]);
    expect(moved.status).toBe(200);
    expect(moved.body.customizeNoAccess).toEqual({ linkEnabled: false, linkLabel: "Ask IT" });
    expect(moved.body.sessionReplayOptOut).toBeUndefined();
  });

  test("PATCH rejects: replace of a missing member, bad enums, read-only fields, the cross-region field, failed tests", async () => {
    await api.post(SETTINGS, { preferredStartPage: "analytics-hub" });
    const cases: [unknown, number][] = [
      [[{ op: "replace", path: "/releaseCadence", value: "monthly" }], 400],
      [[{ op: "add", path: "/releaseCadence", value: "weekly" }], 400],
      [[{ op: "add", path: "/colour", value: "red" }], 400],
      [[{ op: "replace", path: "/id", value: "x" }], 400],
      [[{ op: "add", path: "/crossRegionDataProcessing", value: true }], 400],
      [[{ op: "add", path: "/customizeNoAccess", value: { message: "no linkEnabled" } }], 400],
      [[{ op: "frobnicate", path: "/releaseCadence" }], 400],
      [[{ op: "add", path: "releaseCadence", value: "monthly" }], 400],
      [{ op: "add", path: "/releaseCadence", value: "monthly" }, 400],
      [[{ op: "test", path: "/preferredStartPage", value: "management-console" }], 409],
    ];
    for (const [body, status] of cases) {
      const res = await api.patch(SETTINGS, body);
      expect({ body, status: res.status }).toEqual({ body, status });
    }
    expect((await api.get(SETTINGS)).body.releaseCadence).toBeUndefined();
  });

  test("DELETE removes the document", async () => {
    await api.post(SETTINGS, { preferredStartPage: "analytics-hub" });
    expect((await api.delete(SETTINGS)).status).toBe(204);
    expect((await api.get(SETTINGS)).status).toBe(404);
  });
});

describe("cross-region inference", () => {
  test("enabling needs the consent header (400 without it); the toggle creates the document", async () => {
    const refused = await api.post(TOGGLE, { value: true });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe(400);
    expect(refused.body.errors[0].detail).toMatch(/x-qlik-consent-verified: true/);
    expect(emu.state().tenantSettings).toBeNull();

    const enabled = await api.post(TOGGLE, { value: true }, { headers: CONSENT });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ tenantId: emu.tenants[0].id, crossRegionDataProcessing: true });
    expect((await api.get(SETTINGS)).body.crossRegionDataProcessing).toBe(true);
  });

  test("disabling needs no consent and updates existing settings", async () => {
    await api.post(SETTINGS, { preferredStartPage: "analytics-hub" });
    const res = await api.post(TOGGLE, { value: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      crossRegionDataProcessing: false,
      preferredStartPage: { value: "analytics-hub" },
    });
  });

  test("the body must be {value: boolean}", async () => {
    expect((await api.post(TOGGLE, { value: "yes" }, { headers: CONSENT })).status).toBe(400);
    expect((await api.post(TOGGLE, {}, { headers: CONSENT })).status).toBe(400);
    expect((await api.post(TOGGLE, undefined, { headers: CONSENT })).status).toBe(400);
  });

  test("the deprecated toggle-cross-region-data-processing is 410 Gone", async () => {
    const res = await api.post(
      `${SETTINGS}/actions/toggle-cross-region-data-processing`,
      { value: true },
      { headers: CONSENT },
    );
    expect(res.status).toBe(410);
    expect(res.body.errors[0].detail).toMatch(/toggle-cross-region-inference/);
  });

  test("start pages", async () => {
    const res = await api.get(`${SETTINGS}/start-pages`);
    expect(res.body).toEqual({
      values: [
        { route: "/insights", value: "analytics-hub" },
        { route: "/analytics", value: "analytics-creation-hub" },
        { route: "/qdi", value: "data-integration-hub" },
      ],
      defaultValue: "analytics-hub",
    });
  });
});
