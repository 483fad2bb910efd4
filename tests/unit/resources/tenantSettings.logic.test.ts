import fc from "fast-check";
import type { TenantSettingsDefinition } from "@qlik/api/tenant-settings";
import { applyJsonPatch, type JsonValue, type PatchOperation } from "../../../emulator/core/json-patch";
import { managedInputsOf } from "../../../provider/engine/managed";
import { patchFor, valuesOf } from "../../../provider/engine/values";
import type { SettingsDocument } from "../../../provider/tenantSettings/api";
import { startPageValue, tenantSettingsKind } from "../../../provider/tenantSettings/kind";
import type { SettingsValues } from "../../../provider/tenantSettings/schema";
import type { QlikClient, RequestOptions } from "../../../provider/http/types";
import { adapters } from "../engine/adapters";
import { DOCUMENT_FIELDS, START_PAGES } from "../../../provider/tenantSettings/schema";
import { UNKNOWN } from "../../../provider/unknown";

// Qlik's generated document type must fit what we parse (a compile-time check).
const qlikDocument: TenantSettingsDefinition = {
  id: "s1",
  tenantId: "t1",
  createdAt: "2024-01-01T00:00:00.000Z",
  createdBy: "u1",
  updatedAt: "2024-01-01T00:00:00.000Z",
  preferredStartPage: { route: "/insights", value: "analytics-hub" },
  crossRegionDataProcessing: true,
};
const asOurs: SettingsDocument = qlikDocument;

type DocumentValues = Omit<SettingsValues, "crossRegionInference">;
const settings = adapters(tenantSettingsKind, "https://a.example");
const diffTenantSettings = settings.diff;

/** The operations that turn the values `from` into `to` for the given fields (the one generator, RFC 6902 style). */
function documentPatch(from: DocumentValues, to: DocumentValues, fields: readonly string[] = DOCUMENT_FIELDS) {
  return patchFor(tenantSettingsKind, { ...from }, { ...to }, fields) as PatchOperation[];
}

/** Qlik's RFC 6902, strictly (the emulator's applier): replace and remove need an existing member. */
function applyStrict(doc: object, ops: PatchOperation[]): Record<string, unknown> {
  return applyJsonPatch(structuredClone(doc) as Record<string, JsonValue>, ops);
}

const text = fc.string({ minLength: 1, maxLength: 12 });
const customizeNoAccess = fc.record(
  { linkEnabled: fc.boolean(), linkLabel: text, linkUrl: fc.webUrl(), message: text },
  { requiredKeys: ["linkEnabled"] },
);
const documentValues: fc.Arbitrary<DocumentValues> = fc.record(
  {
    preferredStartPage: fc.constantFrom(...START_PAGES),
    customizeNoAccess,
    releaseCadence: fc.constantFrom("monthly" as const, "continuous" as const),
    sessionReplayOptOut: fc.boolean(),
  },
  { requiredKeys: [] },
);
const fieldSubset = fc.subarray([...DOCUMENT_FIELDS]);

describe("TenantSettings document reading", () => {
  it("reads preferredStartPage objects as their value (and a lone route or a string too)", () => {
    expect(asOurs.id).toBe("s1");
    expect(startPageValue({ route: "/console", value: "management-console" })).toBe("management-console");
    expect(startPageValue({ route: "/qdi" })).toBe("data-integration-hub");
    expect(startPageValue("analytics-creation-hub")).toBe("analytics-creation-hub");
    expect(startPageValue(null)).toBeUndefined();
  });

  it("drops nulls and reports inference as off when absent", () => {
    const doc: SettingsDocument = {
      id: "s1",
      tenantId: "t1",
      createdAt: "c",
      updatedAt: "u",
      createdBy: null,
      releaseCadence: null,
      customizeNoAccess: { linkEnabled: false, linkUrl: null, message: "Ask IT" },
      preferredStartPage: { route: "/insights", value: "analytics-hub" },
    };
    expect(valuesOf(tenantSettingsKind, doc)).toEqual({
      preferredStartPage: "analytics-hub",
      customizeNoAccess: { linkEnabled: false, message: "Ask IT" },
      crossRegionInference: { enabled: false },
    });
    expect(tenantSettingsKind.facts(doc)).toEqual({ tenantId: "t1", createdAt: "c", updatedAt: "u" });
  });

  it("builds outputs with every setting as Qlik has it, the managed ones as applied, as plain JSON", () => {
    const doc = { ...asOurs, releaseCadence: "monthly", sessionReplayOptOut: true };
    const inputs = { releaseCadence: "monthly", crossRegionInference: { enabled: true, consentVerified: true } };
    const outs = settings.outputs(
      settings.valuesFromApi(doc, inputs),
      inputs,
      settings.facts(doc, "https://a.example"),
      managedInputsOf(tenantSettingsKind.inputKeys, inputs),
    );
    expect(outs).toEqual({
      tenantUrl: "https://a.example",
      tenantId: "t1",
      createdAt: "2024-01-01T00:00:00.000Z",
      updatedAt: "2024-01-01T00:00:00.000Z",
      createdBy: "u1",
      preferredStartPage: "analytics-hub",
      releaseCadence: "monthly",
      sessionReplayOptOut: true,
      crossRegionInference: { enabled: true, consentVerified: true },
      managedInputs: ["crossRegionInference", "releaseCadence"],
    });
    expect(JSON.stringify(outs)).not.toContain("undefined");
    expect(Object.values(outs).includes(undefined)).toBe(false);
  });

  it("POSTs only what POST accepts, and lets the toggle create the document otherwise", async () => {
    const sent: string[] = [];
    const client: QlikClient = {
      origin: "https://a.example",
      stats: { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } },
      async request<T>(options: RequestOptions<T>) {
        sent.push(`${options.method} ${options.path} ${JSON.stringify(options.body ?? null)}`);
        if (options.method === "GET") return { status: 404, headers: {}, body: undefined as T };
        return { status: 200, headers: {}, body: options.schema!.parse({ ...asOurs }) };
      },
      paginate: () => {
        throw new Error("not used");
      },
    };
    const lifecycle = tenantSettingsKind.lifecycle;
    if (lifecycle.type !== "singleton") throw new Error("TenantSettings is a singleton");
    await lifecycle.adopt(client, { releaseCadence: "monthly", sessionReplayOptOut: true });
    await lifecycle.adopt(client, { preferredStartPage: "analytics-hub", releaseCadence: "monthly" });
    expect(sent).toEqual([
      "GET /api/v1/tenant-settings null",
      'POST /api/v1/tenant-settings/actions/toggle-cross-region-inference {"value":false}',
      "GET /api/v1/tenant-settings null",
      'POST /api/v1/tenant-settings {"preferredStartPage":"analytics-hub"}',
    ]);
  });
});

describe("TenantSettings patch", () => {
  it("is empty between equal values", () => {
    fc.assert(fc.property(documentValues, (values) => documentPatch(values, structuredClone(values)).length === 0));
  });

  it("applied to the old document gives the new one, using only valid RFC 6902 operations", () => {
    fc.assert(
      fc.property(documentValues, documentValues, (from, to) => {
        const ops = documentPatch(from, to);
        expect(applyStrict(from, ops)).toEqual(to);
      }),
    );
  });

  it("touches only the managed fields, each path at most once", () => {
    fc.assert(
      fc.property(documentValues, documentValues, fieldSubset, (from, to, fields) => {
        const ops = documentPatch(from, to, fields);
        const patched = applyStrict(from, ops);
        for (const field of DOCUMENT_FIELDS) {
          expect(patched[field]).toEqual(fields.includes(field) ? to[field] : from[field]);
        }
        const paths = ops.map((op) => op.path);
        expect(new Set(paths).size).toBe(paths.length);
      }),
    );
  });

  it("uses add for a new member, replace for a changed one, remove for a dropped one, and member paths inside customizeNoAccess", () => {
    expect(
      documentPatch(
        {
          preferredStartPage: "analytics-hub",
          customizeNoAccess: { linkEnabled: true, linkLabel: "Go", linkUrl: "https://x.example" },
        },
        { releaseCadence: "continuous", customizeNoAccess: { linkEnabled: false, message: "No access" } },
      ),
    ).toEqual([
      { op: "remove", path: "/preferredStartPage" },
      { op: "replace", path: "/customizeNoAccess/linkEnabled", value: false },
      { op: "remove", path: "/customizeNoAccess/linkLabel" },
      { op: "remove", path: "/customizeNoAccess/linkUrl" },
      { op: "add", path: "/customizeNoAccess/message", value: "No access" },
      { op: "add", path: "/releaseCadence", value: "continuous" },
    ]);
  });
});

describe("TenantSettings diff", () => {
  const olds = {
    __provider: "serialized",
    tenantUrl: "https://acme.eu.qlikcloud.com",
    tenantId: "t1",
    createdAt: "c",
    updatedAt: "u",
    preferredStartPage: "analytics-hub",
    customizeNoAccess: { linkEnabled: false, message: "Ask IT" },
    crossRegionInference: { enabled: true, consentVerified: true },
    managedInputs: ["crossRegionInference", "customizeNoAccess", "preferredStartPage"],
    // What it found at adoption: putting that back is a change.
    restore: {
      created: false,
      values: { preferredStartPage: null, customizeNoAccess: null, crossRegionInference: { enabled: false } },
    },
  };
  const same = {
    preferredStartPage: "analytics-hub",
    customizeNoAccess: { linkEnabled: false, message: "Ask IT" },
    crossRegionInference: { enabled: true, consentVerified: true },
  };
  const base = "https://acme.eu.qlikcloud.com";

  it.each<[string, Record<string, unknown>, string | undefined, object]>([
    ["nothing changed", same, undefined, { changes: false }],
    [
      "the same tenant URL written differently",
      { ...same, tenantUrl: "HTTPS://Acme.EU.qlikcloud.com/" },
      undefined,
      { changes: false },
    ],
    [
      "only consentVerified changed",
      { ...same, crossRegionInference: { enabled: true } },
      undefined,
      { changes: false },
    ],
    ["a field changed", { ...same, preferredStartPage: "management-console" }, undefined, { changes: true }],
    [
      "a nested member changed",
      { ...same, customizeNoAccess: { linkEnabled: false, message: "Ask HR" } },
      undefined,
      { changes: true },
    ],
    ["a field was added", { ...same, releaseCadence: "monthly" }, undefined, { changes: true }],
    [
      "a field was dropped",
      { crossRegionInference: same.crossRegionInference, preferredStartPage: "analytics-hub" },
      undefined,
      { changes: true },
    ],
    ["inference was switched", { ...same, crossRegionInference: { enabled: false } }, undefined, { changes: true }],
    [
      "inference was dropped",
      { preferredStartPage: "analytics-hub", customizeNoAccess: same.customizeNoAccess },
      undefined,
      { changes: true },
    ],
    ["a field is unknown", { ...same, releaseCadence: UNKNOWN }, undefined, { changes: true }],
    [
      "a nested member is unknown",
      { ...same, customizeNoAccess: { linkEnabled: false, message: UNKNOWN } },
      undefined,
      { changes: true },
    ],
    ["inference is unknown", { ...same, crossRegionInference: UNKNOWN }, undefined, { changes: true }],
    [
      "inference.enabled is unknown",
      { ...same, crossRegionInference: { enabled: UNKNOWN, consentVerified: true } },
      undefined,
      { changes: true },
    ],
    [
      "only consentVerified is unknown",
      { ...same, crossRegionInference: { enabled: true, consentVerified: UNKNOWN } },
      undefined,
      { changes: false },
    ],
    ["no tenantUrl input, the default is the same tenant", same, base, { changes: false }],
    [
      "another tenant URL",
      { ...same, tenantUrl: "https://acme.us.qlikcloud.com" },
      undefined,
      { changes: true, replaces: ["tenantUrl"], deleteBeforeReplace: true },
    ],
    [
      "the default tenant moved",
      same,
      "https://other.eu.qlikcloud.com",
      { changes: true, replaces: ["tenantUrl"], deleteBeforeReplace: true },
    ],
    [
      "an unknown tenant URL",
      { ...same, tenantUrl: UNKNOWN },
      undefined,
      { changes: true, replaces: ["tenantUrl"], deleteBeforeReplace: true },
    ],
  ])("%s", (_name, news, defaultUrl, expected) => {
    expect(diffTenantSettings(olds, news, defaultUrl)).toEqual(expected);
  });

  it("a field dropped from outputs written by 0.1.0 (no record of what was found) is left alone: no change", () => {
    const { managedInputs: _m, restore: _r, ...legacy } = olds;
    expect(diffTenantSettings(legacy, { preferredStartPage: "analytics-hub" })).toEqual({ changes: false });
  });

  it("a dropped field whose value is what was found is no change either", () => {
    const found = {
      ...olds,
      restore: { created: false, values: { ...olds.restore.values, preferredStartPage: "analytics-hub" } },
    };
    expect(
      diffTenantSettings(found, {
        customizeNoAccess: same.customizeNoAccess,
        crossRegionInference: same.crossRegionInference,
      }),
    ).toEqual({ changes: false });
  });

  it("reports no change for outputs built from the same values (any values)", () => {
    fc.assert(
      fc.property(documentValues, fc.option(fc.boolean(), { nil: undefined }), (values, enabled) => {
        const news: Record<string, unknown> = { ...values };
        if (enabled !== undefined) news.crossRegionInference = { enabled, consentVerified: true };
        const doc: SettingsDocument = {
          id: "s",
          tenantId: "t",
          createdAt: "c",
          updatedAt: "u",
          ...values,
          crossRegionDataProcessing: enabled,
        };
        const outs = settings.outputs(
          settings.valuesFromApi(doc, news),
          news,
          settings.facts(doc, base),
          managedInputsOf(tenantSettingsKind.inputKeys, news),
        );
        expect(diffTenantSettings(outs, news)).toEqual({ changes: false });
      }),
    );
  });
});
