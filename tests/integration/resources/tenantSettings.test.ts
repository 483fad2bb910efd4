/**
 * TenantSettings against the emulator, through the same shared client and settings resolution the provider
 * host uses (credentials from QLIK_API_KEY, tenant from the input or QLIK_TENANT_URL). Request counts come from
 * the emulator's log.
 */
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { createClient, QlikApiError, resetSharedClients, type QlikHttpClient } from "../../../provider/http";
import { ResourceInitError } from "../../../provider/resource";
import { CONSENT_REQUIRED_MESSAGE, implementation } from "../../../provider/tenantSettings";
import type { TenantSettingsInputs, TenantSettingsOutputs } from "../../../provider/tenantSettings";

const SETTINGS = "/api/v1/tenant-settings";
const TOGGLE = "/api/v1/tenant-settings/actions/toggle-cross-region-inference";

let emu: EmulatorHandle;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emu = await startEmulator({ logBodies: true });
});

afterAll(async () => {
  process.env = savedEnv;
  await emu.stop();
});

/** Points the provider's settings at one emulated tenant (0 = default, no document; 1 = has a document). */
function useTenant(index: number) {
  const tenant = emu.tenants[index];
  for (const key of Object.keys(process.env)) if (key.startsWith("QLIK_")) delete process.env[key];
  process.env.QLIK_API_KEY = tenant.apiKey;
  process.env.QLIK_TENANT_URL = emu.tenantUrl;
  return tenant;
}

beforeEach(() => {
  emu.reset();
  useTenant(0);
});

/** The requests the emulator saw, as "METHOD path" (its own admin routes excluded). */
function requests(): string[] {
  return emu.log.filter((e) => !e.path.startsWith("/__emulator")).map((e) => `${e.method} ${e.path} ${e.status}`);
}

function bodies(method: string, path: string): unknown[] {
  return emu.log.filter((e) => e.method === method && e.path === path).map((e) => e.body);
}

async function created(inputs: TenantSettingsInputs) {
  const checked = await implementation.check({}, inputs as Record<string, unknown>);
  expect(checked.failures).toBeUndefined();
  const result = await implementation.create(checked.inputs!);
  emu.clearLog();
  return { id: result.id, outs: result.outs as TenantSettingsOutputs };
}

function rawClient(index: number): QlikHttpClient {
  const tenant = emu.tenants[index];
  return createClient({ origin: tenant.url, credentials: { kind: "apiKey", apiKey: tenant.apiKey } });
}

describe("TenantSettings on the emulator", () => {
  it("creates the default tenant's missing document with one POST", async () => {
    expect(emu.state().tenantSettings).toBeNull();
    const inputs: TenantSettingsInputs = {
      preferredStartPage: "analytics-creation-hub",
      customizeNoAccess: {
        linkEnabled: true,
        linkLabel: "Request access",
        linkUrl: "https://intranet.example.com/qlik",
      },
    };
    const { id, outs } = await implementation.create(inputs);
    expect(requests()).toEqual([`GET ${SETTINGS} 404`, `POST ${SETTINGS} 201`]);
    const doc = emu.state().tenantSettings!;
    expect(id).toBe(doc.id);
    expect(outs).toEqual({
      tenantUrl: emu.tenantUrl,
      tenantId: emu.tenants[0].id,
      createdAt: doc.createdAt,
      createdBy: doc.createdBy,
      updatedAt: doc.updatedAt,
      ...(doc.updatedBy !== undefined && { updatedBy: doc.updatedBy }),
      ...inputs,
      // Not managed: Qlik's value (a new document has inference off).
      crossRegionInference: { enabled: false },
      managedInputs: ["customizeNoAccess", "preferredStartPage"],
      // This resource created the document: delete removes it again.
      restore: { created: true, values: { customizeNoAccess: null, preferredStartPage: null } },
    });
  });

  it("adopts an existing document with one PATCH of only the differing paths", async () => {
    const tenant = useTenant(1);
    const before = emu.state(tenant.id).tenantSettings!;
    expect(before.preferredStartPage).toEqual({ route: "/insights", value: "analytics-hub" });
    const { id, outs } = await implementation.create({
      tenantUrl: tenant.url,
      preferredStartPage: "management-console",
      sessionReplayOptOut: true,
      releaseCadence: "monthly",
    });
    expect(requests()).toEqual([`GET ${SETTINGS} 200`, `PATCH ${SETTINGS} 200`]);
    expect(bodies("PATCH", SETTINGS)).toEqual([
      [{ op: "replace", path: "/preferredStartPage", value: "management-console" }],
    ]);
    expect(id).toBe(before.id);
    expect(outs).toMatchObject({
      preferredStartPage: "management-console",
      sessionReplayOptOut: true,
      tenantUrl: tenant.url,
    });
    expect(emu.state(tenant.id).tenantSettings?.customizeNoAccess).toEqual({ linkEnabled: false });
  });

  it("adopts an equal document without writing", async () => {
    const tenant = useTenant(1);
    await implementation.create({
      tenantUrl: tenant.url,
      releaseCadence: "monthly",
      crossRegionInference: { enabled: false },
    });
    expect(requests()).toEqual([`GET ${SETTINGS} 200`]);
  });

  it("lets the toggle create the document when only cross-region inference is given", async () => {
    const tenant = useTenant(2);
    expect(emu.state(tenant.id).tenantSettings).toBeNull();
    const { outs } = await implementation.create({
      tenantUrl: tenant.url,
      crossRegionInference: { enabled: true, consentVerified: true },
    });
    expect(requests()).toEqual([`GET ${SETTINGS} 404`, `POST ${TOGGLE} 200`]);
    expect(bodies("POST", TOGGLE)).toEqual([{ value: true }]);
    expect(emu.state(tenant.id).tenantSettings?.crossRegionDataProcessing).toBe(true);
    expect(outs?.crossRegionInference).toEqual({ enabled: true, consentVerified: true });
  });

  it("refuses to enable inference without consent in check, before the emulator would", async () => {
    const { failures } = await implementation.check({}, { crossRegionInference: { enabled: true } });
    expect(failures).toEqual([{ property: "crossRegionInference.consentVerified", reason: CONSENT_REQUIRED_MESSAGE }]);
    expect(requests()).toEqual([]);

    // Without our check, the service itself turns the request away: the header is what it wants.
    const client = rawClient(0);
    const refused = await client
      .request({ method: "POST", path: TOGGLE, body: { value: true } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QlikApiError);
    expect((refused as QlikApiError).status).toBe(400);
    expect((refused as QlikApiError).message).toMatch(/x-qlik-consent-verified/);
    await client.close();
  });

  it("enables inference with consent: the header is sent and the emulator accepts it", async () => {
    const { outs } = await created({ releaseCadence: "monthly", crossRegionInference: { enabled: false } });
    const result = await implementation.update("s", outs, {
      releaseCadence: "monthly",
      crossRegionInference: { enabled: true, consentVerified: true },
    });
    expect(requests()).toEqual([`POST ${TOGGLE} 200`]);
    expect(emu.state().tenantSettings?.crossRegionDataProcessing).toBe(true);
    expect(result.outs?.crossRegionInference).toEqual({ enabled: true, consentVerified: true });
  });

  it("makes no request in check or diff", async () => {
    const { outs } = await created({ preferredStartPage: "analytics-hub" });
    await implementation.check({}, { preferredStartPage: "management-console", tenantUrl: emu.tenantUrl });
    const diff = await implementation.diff("s", outs, { preferredStartPage: "management-console" });
    expect(diff).toEqual({ changes: true });
    expect(await implementation.diff("s", outs, { preferredStartPage: "analytics-hub" })).toEqual({ changes: false });
    expect(requests()).toEqual([]);
  });

  it("updates with at most one PATCH and one toggle, and none when nothing changed", async () => {
    const { id, outs } = await created({
      preferredStartPage: "analytics-hub",
      customizeNoAccess: { linkEnabled: false, message: "Ask your admin" },
      crossRegionInference: { enabled: false },
    });
    const news: TenantSettingsInputs = {
      preferredStartPage: "data-integration-hub",
      customizeNoAccess: { linkEnabled: true, linkLabel: "Ask", linkUrl: "https://help.example.com" },
      releaseCadence: "continuous",
      crossRegionInference: { enabled: true, consentVerified: true },
    };
    const updated = await implementation.update(id, outs, news);
    expect(requests()).toEqual([`PATCH ${SETTINGS} 200`, `POST ${TOGGLE} 200`]);
    expect(bodies("PATCH", SETTINGS)).toEqual([
      [
        { op: "replace", path: "/preferredStartPage", value: "data-integration-hub" },
        { op: "replace", path: "/customizeNoAccess/linkEnabled", value: true },
        { op: "remove", path: "/customizeNoAccess/message" },
        { op: "add", path: "/customizeNoAccess/linkLabel", value: "Ask" },
        { op: "add", path: "/customizeNoAccess/linkUrl", value: "https://help.example.com" },
        { op: "add", path: "/releaseCadence", value: "continuous" },
      ],
    ]);
    expect(updated.outs).toMatchObject(news);

    emu.clearLog();
    expect(await implementation.diff(id, updated.outs!, news)).toEqual({ changes: false });
    await implementation.update(id, updated.outs!, news);
    expect(requests()).toEqual([]);
  });

  it("reads drift from the service into props and inputs; a deleted document is gone", async () => {
    const { id, outs } = await created({ preferredStartPage: "analytics-hub", releaseCadence: "monthly" });
    const client = rawClient(0);
    await client.request({
      method: "PATCH",
      path: SETTINGS,
      body: [{ op: "replace", path: "/releaseCadence", value: "continuous" }],
    });
    await client.close();
    emu.clearLog();

    const read = await implementation.read(id, outs);
    expect(requests()).toEqual([`GET ${SETTINGS} 200`]);
    expect(read.props).toMatchObject({ releaseCadence: "continuous", preferredStartPage: "analytics-hub" });
    // The default tenant is not reported as an input: the program never set tenantUrl.
    expect(read.inputs).toEqual({ preferredStartPage: "analytics-hub", releaseCadence: "continuous" });
    expect(
      await implementation.diff(id, read.props!, { preferredStartPage: "analytics-hub", releaseCadence: "monthly" }),
    ).toEqual({
      changes: true,
    });

    await implementation.delete(id, outs);
    expect(await implementation.read(id, outs)).toEqual({ id: "" });
  });

  it("deletes the document (404 counts as done)", async () => {
    const { id, outs } = await created({ preferredStartPage: "analytics-hub" });
    await implementation.delete(id, outs);
    await implementation.delete(id, outs);
    expect(requests()).toEqual([`DELETE ${SETTINGS} 204`, `DELETE ${SETTINGS} 404`]);
    expect(emu.state().tenantSettings).toBeNull();
  });

  it("records the document with ResourceInitError when the toggle fails after the POST", async () => {
    // A client of its own that gives up after a second, so the toggle's 503s outlast its retries.
    process.env.QLIK_RETRY_DEADLINE_SECONDS = "1";
    resetSharedClients();
    emu.faults.failNext(1000, { status: 503, match: { method: "POST", path: TOGGLE } });
    const error = await implementation
      .create({ preferredStartPage: "analytics-hub", crossRegionInference: { enabled: true, consentVerified: true } })
      .catch((e: unknown) => e);
    emu.faults.clear();
    delete process.env.QLIK_RETRY_DEADLINE_SECONDS;
    resetSharedClients();
    expect(error).toBeInstanceOf(ResourceInitError);
    expect((error as ResourceInitError).id).toBe(emu.state().tenantSettings?.id);
    expect((error as ResourceInitError).properties).toMatchObject({ preferredStartPage: "analytics-hub" });
  });

  it("never calls the deprecated toggle-cross-region-data-processing endpoint", async () => {
    const { id, outs } = await created({ crossRegionInference: { enabled: true, consentVerified: true } });
    await implementation.update(id, outs, { crossRegionInference: { enabled: false } });
    expect(emu.log.some((e) => e.path.includes("toggle-cross-region-data-processing"))).toBe(false);
  });
});
