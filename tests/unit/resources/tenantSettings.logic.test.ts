import fc from "fast-check";
import type { TenantSettingsDefinition } from "@qlik/api/tenant-settings";
import {
  createBody,
  diffTenantSettings,
  documentPatch,
  observeDocument,
  settingsOutputs,
  startPageValue,
  type DocumentValues,
  type PatchOperation,
  type SettingsDocument,
} from "../../../provider/tenantSettings/logic";
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

/** RFC 6902 add/replace/remove on plain objects, strictly: replace and remove need an existing member. */
function applyStrict(doc: Record<string, unknown>, ops: PatchOperation[]): Record<string, unknown> {
  const result = structuredClone(doc);
  for (const op of ops) {
    const segments = op.path.slice(1).split("/");
    let parent = result as Record<string, unknown>;
    for (const segment of segments.slice(0, -1)) {
      if (typeof parent[segment] !== "object" || parent[segment] === null) throw new Error(`no parent at ${op.path}`);
      parent = parent[segment] as Record<string, unknown>;
    }
    const last = segments[segments.length - 1];
    if (op.op !== "add" && !(last in parent)) throw new Error(`${op.op} of a missing member at ${op.path}`);
    if (op.op === "remove") delete parent[last];
    else parent[last] = structuredClone(op.value);
  }
  return result;
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
    const observed = observeDocument({
      id: "s1",
      tenantId: "t1",
      createdAt: "c",
      updatedAt: "u",
      createdBy: null,
      releaseCadence: null,
      customizeNoAccess: { linkEnabled: false, linkUrl: null, message: "Ask IT" },
      preferredStartPage: { route: "/insights", value: "analytics-hub" },
    });
    expect(observed.values).toEqual({
      preferredStartPage: "analytics-hub",
      customizeNoAccess: { linkEnabled: false, message: "Ask IT" },
    });
    expect(observed.inferenceEnabled).toBe(false);
    expect(observed.inferenceReported).toBe(false);
    expect(observed.meta).toEqual({ id: "s1", tenantId: "t1", createdAt: "c", updatedAt: "u" });
  });

  it("builds outputs with only the managed fields, as plain JSON without undefined", () => {
    const observed = observeDocument({
      ...asOurs,
      releaseCadence: "monthly",
      sessionReplayOptOut: true,
    });
    const outs = settingsOutputs(observed, ["releaseCadence", "crossRegionInference"], "https://a.example", true);
    expect(outs).toEqual({
      tenantUrl: "https://a.example",
      tenantId: "t1",
      createdAt: "2024-01-01T00:00:00.000Z",
      updatedAt: "2024-01-01T00:00:00.000Z",
      createdBy: "u1",
      releaseCadence: "monthly",
      crossRegionInference: { enabled: true, consentVerified: true },
    });
    expect(JSON.stringify(outs)).not.toContain("undefined");
    expect(Object.values(outs).includes(undefined)).toBe(false);
  });

  it("POSTs only what POST accepts", () => {
    expect(createBody({ releaseCadence: "monthly", sessionReplayOptOut: true })).toBeUndefined();
    expect(createBody({ preferredStartPage: "analytics-hub", releaseCadence: "monthly" })).toEqual({
      preferredStartPage: "analytics-hub",
    });
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

  it("reports no change for outputs built from the same values (any values)", () => {
    fc.assert(
      fc.property(documentValues, fc.option(fc.boolean(), { nil: undefined }), (values, enabled) => {
        const news: Record<string, unknown> = { ...values };
        if (enabled !== undefined) news.crossRegionInference = { enabled, consentVerified: true };
        const observed = observeDocument({
          id: "s",
          tenantId: "t",
          createdAt: "c",
          updatedAt: "u",
          ...values,
          crossRegionDataProcessing: enabled,
        });
        const managed = [
          ...DOCUMENT_FIELDS.filter((f) => values[f] !== undefined),
          ...(enabled === undefined ? [] : (["crossRegionInference"] as const)),
        ];
        const outs = settingsOutputs(observed, managed, base, true);
        expect(diffTenantSettings(outs as unknown as Record<string, unknown>, news)).toEqual({ changes: false });
      }),
    );
  });
});
