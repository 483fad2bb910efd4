import { QlikApiError } from "../../../provider/http";
import type { QlikClient, RequestOptions } from "../../../provider/http/types";
import { applyJsonPatch, type JsonValue, type PatchOperation } from "../../../emulator/core/json-patch";
import { ResourceInitError } from "../../../provider/resource";
import { resourceOf } from "../../../provider/engine/engine";
import { tenantSettingsKind } from "../../../provider/tenantSettings/kind";
import type { SettingsDocument } from "../../../provider/tenantSettings/api";
import type { TenantSettingsInputs, TenantSettingsOutputs } from "../../../provider/tenantSettings/schema";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const ROUTES: Record<string, string> = {
  "analytics-hub": "/insights",
  "analytics-creation-hub": "/analytics",
  "data-integration-hub": "/qdi",
  "management-console": "/console",
};

interface Call {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Qlik's tenant-settings endpoints in memory, strict about the consent header and POST's required fields. */
class FakeSettingsApi implements QlikClient {
  readonly origin = ORIGIN;
  readonly stats = { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } };
  doc: Record<string, unknown> | undefined;
  calls: Call[] = [];
  private failures: { method: string; path: string; status: number }[] = [];
  private serial = 0;

  failNext(method: string, path: string, status = 500) {
    this.failures.push({ method, path, status });
  }

  writes() {
    return this.calls.filter((c) => c.method !== "GET");
  }

  async request<T>(options: RequestOptions<T>) {
    this.calls.push({ method: options.method, path: options.path, body: options.body, headers: options.headers });
    const failure = this.failures.findIndex((f) => f.method === options.method && f.path === options.path);
    const [status, raw] = failure >= 0 ? [this.failures.splice(failure, 1)[0].status, undefined] : this.handle(options);
    let body = raw;
    if (status >= 300 && !(options.allowStatus ?? []).includes(status)) {
      throw new QlikApiError({
        method: options.method,
        path: options.path,
        status,
        errors: [{ code: String(status), title: "Fake failure" }],
      });
    }
    if (status < 300 && body !== undefined && options.schema) body = options.schema.parse(body);
    return { status, headers: {}, body: body as T };
  }

  paginate(): AsyncIterable<never> {
    throw new Error("not used");
  }

  private render() {
    const doc = structuredClone(this.doc!);
    if (typeof doc.preferredStartPage === "string") {
      doc.preferredStartPage = { route: ROUTES[doc.preferredStartPage], value: doc.preferredStartPage };
    }
    return doc;
  }

  private touch() {
    this.doc!.updatedAt = `2024-06-0${++this.serial}T00:00:00.000Z`;
  }

  private createDoc(fields: Record<string, unknown>) {
    this.doc = {
      id: "settings-1",
      tenantId: "tenant-1",
      createdAt: "2024-06-01T00:00:00.000Z",
      createdBy: "admin",
      updatedAt: "2024-06-01T00:00:00.000Z",
      ...fields,
    };
  }

  private handle(options: RequestOptions<unknown>): [number, unknown] {
    const { method, path } = options;
    if (path === "/api/v1/tenant-settings") {
      if (method === "GET") return this.doc ? [200, this.render()] : [404, undefined];
      if (method === "DELETE") {
        const existed = this.doc !== undefined;
        this.doc = undefined;
        return [existed ? 204 : 404, undefined];
      }
      if (method === "POST") {
        const body = options.body as Record<string, unknown>;
        if (this.doc) return [409, undefined];
        if (body.preferredStartPage === undefined && body.customizeNoAccess === undefined) return [400, undefined];
        this.createDoc(body);
        return [201, this.render()];
      }
      if (method === "PATCH") {
        if (!this.doc) return [404, undefined];
        // Strict RFC 6902, as Qlik applies it: `remove`/`replace` of a member that is not there fail (400).
        try {
          this.doc = applyJsonPatch(this.doc as Record<string, JsonValue>, options.body as PatchOperation[]);
        } catch {
          return [400, undefined];
        }
        this.touch();
        return [200, this.render()];
      }
    }
    if (path === "/api/v1/tenant-settings/actions/toggle-cross-region-inference" && method === "POST") {
      const value = (options.body as { value: boolean }).value;
      if (value && options.headers?.["x-qlik-consent-verified"] !== "true") return [403, undefined];
      if (!this.doc) this.createDoc({});
      this.doc!.crossRegionDataProcessing = value;
      this.touch();
      return [200, this.render()];
    }
    if (path === "/api/v1/tenant-settings/actions/toggle-cross-region-data-processing") return [410, undefined];
    return [404, undefined];
  }
}

function setup(doc?: Record<string, unknown>) {
  const api = new FakeSettingsApi();
  if (doc)
    api.doc = { id: "settings-1", tenantId: "tenant-1", createdAt: "c", createdBy: "admin", updatedAt: "u", ...doc };
  const impl = resourceOf<SettingsDocument, TenantSettingsInputs, TenantSettingsOutputs>(tenantSettingsKind, {
    client: () => api,
    defaultTenantUrl: () => ORIGIN,
  });
  return { api, impl };
}

const calls = (api: FakeSettingsApi) =>
  api.calls.map((c) => `${c.method} ${c.path.replace("/api/v1/tenant-settings", "")}`);

describe("TenantSettings create", () => {
  it("POSTs a document when the tenant has none, then PATCHes what POST does not take", async () => {
    const { api, impl } = setup();
    const inputs: TenantSettingsInputs = { preferredStartPage: "management-console", releaseCadence: "continuous" };
    const { id, outs } = await impl.create(inputs);
    expect(calls(api)).toEqual(["GET ", "POST ", "PATCH "]);
    expect(api.calls[1].body).toEqual({ preferredStartPage: "management-console" });
    expect(api.calls[2].body).toEqual([{ op: "add", path: "/releaseCadence", value: "continuous" }]);
    expect(id).toBe("settings-1");
    expect(outs).toMatchObject({
      preferredStartPage: "management-console",
      releaseCadence: "continuous",
      tenantUrl: ORIGIN,
      tenantId: "tenant-1",
    });
    // Not managed: reported as Qlik has it (a document without the flag is off, Qlik's default).
    expect(outs).toHaveProperty("crossRegionInference", { enabled: false });
    expect(outs?.managedInputs).not.toContain("crossRegionInference");
  });

  it("lets the toggle create the document when only inference is given, with the consent header", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({ crossRegionInference: { enabled: true, consentVerified: true } });
    expect(calls(api)).toEqual(["GET ", "POST /actions/toggle-cross-region-inference"]);
    expect(api.calls[1].body).toEqual({ value: true });
    expect(api.calls[1].headers).toEqual({ "x-qlik-consent-verified": "true" });
    expect(outs?.crossRegionInference).toEqual({ enabled: true, consentVerified: true });
  });

  it("creates through the toggle (off, Qlik's default) when POST would have nothing it accepts", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({ sessionReplayOptOut: true });
    expect(calls(api)).toEqual(["GET ", "POST /actions/toggle-cross-region-inference", "PATCH "]);
    expect(api.calls[1].headers).toBeUndefined();
    expect(outs).toMatchObject({ sessionReplayOptOut: true });
  });

  it("adopts an equal document without writing", async () => {
    const { api, impl } = setup({
      preferredStartPage: "analytics-hub",
      releaseCadence: "monthly",
      crossRegionDataProcessing: false,
    });
    const { outs } = await impl.create({
      preferredStartPage: "analytics-hub",
      crossRegionInference: { enabled: false },
    });
    expect(calls(api)).toEqual(["GET "]);
    expect(outs).toEqual({
      tenantUrl: ORIGIN,
      tenantId: "tenant-1",
      createdAt: "c",
      createdBy: "admin",
      updatedAt: "u",
      preferredStartPage: "analytics-hub",
      crossRegionInference: { enabled: false },
      // Not managed, reported as Qlik has it.
      releaseCadence: "monthly",
      managedInputs: ["crossRegionInference", "preferredStartPage"],
      // What delete puts back.
      restore: {
        created: false,
        values: { preferredStartPage: "analytics-hub", crossRegionInference: { enabled: false } },
      },
    });
  });

  it("adopts a differing document with one PATCH of only the differing paths, leaving unmanaged fields alone", async () => {
    const { api, impl } = setup({
      preferredStartPage: "analytics-hub",
      releaseCadence: "monthly",
      customizeNoAccess: { linkEnabled: false, message: "old" },
    });
    await impl.create({
      preferredStartPage: "analytics-hub",
      customizeNoAccess: { linkEnabled: false, message: "new" },
    });
    expect(calls(api)).toEqual(["GET ", "PATCH "]);
    expect(api.calls[1].body).toEqual([{ op: "replace", path: "/customizeNoAccess/message", value: "new" }]);
    expect(api.doc?.releaseCadence).toBe("monthly");
  });

  it("records a created document with ResourceInitError when a later step fails", async () => {
    const { api, impl } = setup();
    api.failNext("POST", "/api/v1/tenant-settings/actions/toggle-cross-region-inference");
    const inputs = {
      __provider: "serialized",
      preferredStartPage: "analytics-hub",
      crossRegionInference: { enabled: true, consentVerified: true },
    };
    const error = await impl.create(inputs as TenantSettingsInputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitError);
    const init = error as ResourceInitError;
    expect(init.id).toBe("settings-1");
    expect(init.properties).toMatchObject({
      preferredStartPage: "analytics-hub",
      crossRegionInference: { enabled: false, consentVerified: true },
    });
    expect(init.reasons[0]).toMatch(/500/);
    expect(init.message).toMatch(/next `pulumi up`/);
  });

  it("fails plainly when nothing was written", async () => {
    const { api, impl } = setup();
    api.failNext("POST", "/api/v1/tenant-settings");
    const error = await impl.create({ preferredStartPage: "analytics-hub" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QlikApiError);
    expect(error).not.toBeInstanceOf(ResourceInitError);
  });
});

describe("TenantSettings update", () => {
  async function created(inputs: TenantSettingsInputs, doc?: Record<string, unknown>) {
    const ctx = setup(doc);
    const { outs } = await ctx.impl.create(inputs);
    ctx.api.calls = [];
    return { ...ctx, outs: outs as TenantSettingsOutputs };
  }

  it("sends one PATCH with exactly the changed paths and one toggle", async () => {
    const { api, impl, outs } = await created({
      preferredStartPage: "analytics-hub",
      releaseCadence: "monthly",
      crossRegionInference: { enabled: false },
    });
    const result = await impl.update("settings-1", outs, {
      preferredStartPage: "analytics-hub",
      releaseCadence: "continuous",
      sessionReplayOptOut: true,
      crossRegionInference: { enabled: true, consentVerified: true },
    });
    expect(calls(api)).toEqual(["PATCH ", "POST /actions/toggle-cross-region-inference"]);
    expect(api.calls[0].body).toEqual([
      { op: "replace", path: "/releaseCadence", value: "continuous" },
      { op: "add", path: "/sessionReplayOptOut", value: true },
    ]);
    expect(api.calls[1].headers).toEqual({ "x-qlik-consent-verified": "true" });
    expect(result.outs).toMatchObject({
      releaseCadence: "continuous",
      sessionReplayOptOut: true,
      crossRegionInference: { enabled: true, consentVerified: true },
    });
  });

  it("makes no call when nothing changed", async () => {
    const { api, impl, outs } = await created(
      { releaseCadence: "monthly", crossRegionInference: { enabled: false } },
      { releaseCadence: "monthly" },
    );
    const result = await impl.update("settings-1", outs, {
      releaseCadence: "monthly",
      crossRegionInference: { enabled: false, consentVerified: true },
    });
    expect(api.calls).toEqual([]);
    expect(result.outs).toEqual({ ...outs, crossRegionInference: { enabled: false, consentVerified: true } });
  });

  it("removes a dropped field and switches inference off when it is dropped while on", async () => {
    const { api, impl, outs } = await created({
      releaseCadence: "monthly",
      preferredStartPage: "analytics-hub",
      crossRegionInference: { enabled: true, consentVerified: true },
    });
    const result = await impl.update("settings-1", outs, { preferredStartPage: "analytics-hub" });
    expect(calls(api)).toEqual(["PATCH ", "POST /actions/toggle-cross-region-inference"]);
    expect(api.calls[0].body).toEqual([{ op: "remove", path: "/releaseCadence" }]);
    expect(api.calls[1].body).toEqual({ value: false });
    expect(result.outs).not.toHaveProperty("releaseCadence");
    // No longer managed: reported as Qlik has it now, and no longer put back by delete.
    expect(result.outs).toHaveProperty("crossRegionInference", { enabled: false });
    expect(result.outs?.managedInputs).toEqual(["preferredStartPage"]);
    expect(Object.keys(result.outs?.restore?.values ?? {})).toEqual(["preferredStartPage"]);
  });

  it("records a landed PATCH when the toggle then fails", async () => {
    const { api, impl, outs } = await created({ releaseCadence: "monthly", crossRegionInference: { enabled: false } });
    api.failNext("POST", "/api/v1/tenant-settings/actions/toggle-cross-region-inference", 503);
    const error = await impl
      .update("settings-1", outs, {
        releaseCadence: "continuous",
        crossRegionInference: { enabled: true, consentVerified: true },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect((error as ResourceInitError).properties).toMatchObject({
      releaseCadence: "continuous",
      crossRegionInference: { enabled: false },
    });
  });

  it("explains a document deleted outside Pulumi", async () => {
    const { api, impl, outs } = await created({ releaseCadence: "monthly" });
    api.doc = undefined;
    await expect(impl.update("settings-1", outs, { releaseCadence: "continuous" })).rejects.toThrow(/pulumi refresh/);
  });
});

describe("TenantSettings read and delete", () => {
  it("reports drift in props and inputs", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({
      preferredStartPage: "analytics-hub",
      crossRegionInference: { enabled: true, consentVerified: true },
    });
    api.doc!.preferredStartPage = "data-integration-hub";
    api.doc!.crossRegionDataProcessing = false;
    api.doc!.releaseCadence = "continuous";
    const read = await impl.read("settings-1", outs as TenantSettingsOutputs);
    expect(read.id).toBe("settings-1");
    expect(read.props).toMatchObject({
      preferredStartPage: "data-integration-hub",
      crossRegionInference: { enabled: false, consentVerified: true },
    });
    // Qlik's value of a setting the program does not manage is reported, and is no input.
    expect(read.props).toHaveProperty("releaseCadence", "continuous");
    // No tenantUrl: the program relies on the default tenant (see "reports the tenant as an input only…").
    expect(read.inputs).toEqual({
      preferredStartPage: "data-integration-hub",
      crossRegionInference: { enabled: false, consentVerified: true },
    });
    const diff = await impl.diff("settings-1", read.props!, {
      preferredStartPage: "analytics-hub",
      crossRegionInference: { enabled: true, consentVerified: true },
    });
    expect(diff.changes).toBe(true);
  });

  it("reads everything the document has for a lookup by id (Resource.get)", async () => {
    const { impl } = setup({
      preferredStartPage: "analytics-hub",
      sessionReplayOptOut: false,
      crossRegionDataProcessing: true,
    });
    const read = await impl.read("settings-1", {} as TenantSettingsOutputs);
    expect(read.inputs).toEqual({
      preferredStartPage: "analytics-hub",
      sessionReplayOptOut: false,
      crossRegionInference: { enabled: true },
    });
  });

  it("reports the tenant as an input only when it is not the stack's default tenant", async () => {
    // A read sees the old outputs, which always hold the resolved tenant, and never the old inputs. Reporting the
    // default tenant as an input would give a program without tenantUrl an input it never set: the real engine
    // stores what read returns and shows `-tenantUrl` in the diff of the next, unrelated update.
    const { api, impl } = setup();
    const { outs } = await impl.create({ releaseCadence: "monthly" });
    expect(outs?.tenantUrl).toBe(ORIGIN);
    expect((await impl.read("settings-1", outs!)).inputs).toEqual({ releaseCadence: "monthly" });

    const connect = (defaultTenantUrl: string | undefined) =>
      resourceOf<SettingsDocument, TenantSettingsInputs, TenantSettingsOutputs>(tenantSettingsKind, {
        client: () => api,
        defaultTenantUrl: () => defaultTenantUrl,
      });
    // The record of managed inputs decides, whatever the default tenant is now.
    for (const other of ["https://other.example", undefined]) {
      expect((await connect(other).read("settings-1", outs!)).inputs).toEqual({ releaseCadence: "monthly" });
    }
    const { outs: explicit } = await impl.create({ releaseCadence: "monthly", tenantUrl: ORIGIN });
    expect((await impl.read("settings-1", explicit!)).inputs).toEqual({ tenantUrl: ORIGIN, releaseCadence: "monthly" });

    // Outputs written by 0.1.0 (no record): the tenant counts as set only when it is not the default tenant.
    const legacy = {
      tenantUrl: ORIGIN,
      tenantId: outs!.tenantId,
      createdAt: outs!.createdAt,
      updatedAt: outs!.updatedAt,
      releaseCadence: "monthly" as const,
    };
    expect((await impl.read("settings-1", legacy)).inputs).toEqual({ releaseCadence: "monthly" });
    expect((await connect("https://other.example").read("settings-1", legacy)).inputs).toEqual({
      tenantUrl: ORIGIN,
      releaseCadence: "monthly",
    });
  });

  it("returns an empty id when the document is gone", async () => {
    const { impl } = setup();
    const recorded = { tenantUrl: ORIGIN, tenantId: "tenant-1" } as TenantSettingsOutputs;
    expect(await impl.read("settings-1", recorded)).toEqual({ id: "" });
    // A lookup (`TenantSettings.get`, nothing recorded) of a tenant without settings says so.
    await expect(impl.read("settings-1", { tenantUrl: ORIGIN } as TenantSettingsOutputs)).rejects.toThrow(
      /TenantSettings.get: .* no tenant settings document/,
    );
  });

  it("deletes a document it created, and treats 404 as done", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({ preferredStartPage: "analytics-hub" });
    api.calls = [];
    await impl.delete("settings-1", outs!);
    await impl.delete("settings-1", outs!);
    expect(calls(api)).toEqual(["DELETE ", "DELETE "]);
    expect(api.doc).toBeUndefined();
  });

  it("puts back, on delete, the values it found in a document it adopted, and removes nothing else", async () => {
    const found = { preferredStartPage: "analytics-hub", releaseCadence: "monthly", sessionReplayOptOut: true };
    const { api, impl } = setup(found);
    const { outs } = await impl.create({
      releaseCadence: "continuous",
      customizeNoAccess: { linkEnabled: false, message: "Ask" },
      crossRegionInference: { enabled: true, consentVerified: true },
    });
    api.calls = [];
    await impl.delete("settings-1", outs!);
    expect(calls(api)).toEqual(["GET ", "PATCH ", "POST /actions/toggle-cross-region-inference"]);
    expect(api.calls[1].body).toEqual([
      { op: "remove", path: "/customizeNoAccess" },
      { op: "replace", path: "/releaseCadence", value: "monthly" },
    ]);
    expect(api.calls[2].body).toEqual({ value: false });
    expect(api.doc).toMatchObject({ ...found, crossRegionDataProcessing: false });
    expect(api.doc).not.toHaveProperty("customizeNoAccess");
  });

  it("leaves the settings alone on delete when the outputs were written by 0.1.0 (no record of what was found)", async () => {
    const { api, impl } = setup({ releaseCadence: "monthly" });
    await impl.delete("settings-1", { tenantUrl: ORIGIN, tenantId: "tenant-1", releaseCadence: "monthly" } as never);
    expect(api.calls).toEqual([]);
    expect(api.doc).toBeDefined();
  });

  it("never calls the deprecated toggle, and check/diff send nothing", async () => {
    const { api, impl } = setup();
    await impl.check({}, { crossRegionInference: { enabled: true, consentVerified: true } });
    await impl.diff("s", { tenantUrl: ORIGIN } as TenantSettingsOutputs, { releaseCadence: "monthly" });
    expect(api.calls).toEqual([]);
    const { outs } = await impl.create({ crossRegionInference: { enabled: true, consentVerified: true } });
    await impl.update("settings-1", outs!, { crossRegionInference: { enabled: false } });
    expect(api.calls.some((c) => c.path.includes("data-processing"))).toBe(false);
  });
});
