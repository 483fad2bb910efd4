import { implementation } from "../../../provider/tenantSettings";
import { CONSENT_REQUIRED_MESSAGE } from "../../../provider/tenantSettings";
import { UNKNOWN } from "../../../provider/unknown";

const check = (news: Record<string, unknown>) => implementation.check({}, news);

async function failures(news: Record<string, unknown>) {
  return (await check(news)).failures ?? [];
}

describe("TenantSettings check", () => {
  it("accepts a full, valid set of inputs and returns them", async () => {
    const news = {
      preferredStartPage: "management-console",
      customizeNoAccess: {
        linkEnabled: true,
        linkLabel: "Request access",
        linkUrl: "https://intranet.example.com/qlik",
      },
      releaseCadence: "continuous",
      sessionReplayOptOut: true,
      crossRegionInference: { enabled: true, consentVerified: true },
      tenantUrl: "https://acme.eu.qlikcloud.com",
    };
    const result = await check({ ...news, __provider: "serialized" });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual(news);
  });

  it("refuses to enable cross-region inference without consent, explaining what the consent attests", async () => {
    for (const crossRegionInference of [{ enabled: true }, { enabled: true, consentVerified: false }]) {
      const found = await failures({ crossRegionInference });
      expect(found).toEqual([{ property: "crossRegionInference.consentVerified", reason: CONSENT_REQUIRED_MESSAGE }]);
    }
    expect(CONSENT_REQUIRED_MESSAGE).toMatch(/authority/);
    expect(CONSENT_REQUIRED_MESSAGE).toMatch(/accept its terms/);
    expect(CONSENT_REQUIRED_MESSAGE).toMatch(/another region|region other than/);
    expect(CONSENT_REQUIRED_MESSAGE).toContain("x-qlik-consent-verified: true");
  });

  it("lets inference be disabled without consent", async () => {
    expect(await failures({ crossRegionInference: { enabled: false } })).toEqual([]);
  });

  it("needs at least one setting", async () => {
    const found = await failures({ tenantUrl: "https://acme.eu.qlikcloud.com" });
    expect(found).toHaveLength(1);
    expect(found[0].reason).toMatch(/at least one of preferredStartPage/);
  });

  it.each([
    [{ preferredStartPage: "home" }, "preferredStartPage", /one of: analytics-hub/],
    [{ releaseCadence: "weekly" }, "releaseCadence", /monthly, continuous/],
    [{ sessionReplayOptOut: "yes" }, "sessionReplayOptOut", /true or false/],
    [{ customizeNoAccess: { message: "x" } }, "customizeNoAccess.linkEnabled", /true or false/],
    [
      { customizeNoAccess: { linkEnabled: false, linkUrl: "intranet/qlik" } },
      "customizeNoAccess.linkUrl",
      /absolute http/,
    ],
    [
      { customizeNoAccess: { linkEnabled: false, linkUrl: "javascript:alert(1)" } },
      "customizeNoAccess.linkUrl",
      /http/,
    ],
    [
      { customizeNoAccess: { linkEnabled: true, linkLabel: "Ask" } },
      "customizeNoAccess.linkUrl",
      /required when linkEnabled/,
    ],
    [
      { customizeNoAccess: { linkEnabled: true, linkUrl: "https://x.example" } },
      "customizeNoAccess.linkLabel",
      /required/,
    ],
    [{ customizeNoAccess: { linkEnabled: false, message: "  " } }, "customizeNoAccess.message", /must not be empty/],
    [{ customizeNoAccess: { linkEnabled: false, colour: "red" } }, "customizeNoAccess.colour", /.+/],
    [{ crossRegionInference: true }, "crossRegionInference", /must be an object/],
    [{ releaseCadence: "monthly", startPage: "analytics-hub" }, "startPage", /.+/],
    [{ releaseCadence: "monthly", tenantUrl: "http://acme.eu.qlikcloud.com" }, "tenantUrl", /https/],
    [{ releaseCadence: "monthly", tenantUrl: "acme.eu.qlikcloud.com" }, "tenantUrl", /no scheme/],
    [{ releaseCadence: "monthly", tenantUrl: "https://acme.eu.qlikcloud.com/hub" }, "tenantUrl", /without path/],
  ])("refuses %j at %s", async (news, property, reason) => {
    const found = await failures(news);
    expect(found.map((f) => f.property)).toContain(property);
    expect(found.find((f) => f.property === property)?.reason).toMatch(reason);
  });

  it("accepts a loopback http tenant URL (the emulator)", async () => {
    expect(await failures({ releaseCadence: "monthly", tenantUrl: "http://127.0.0.1:8123" })).toEqual([]);
  });

  describe("tolerates Pulumi's unknown sentinel", () => {
    it.each([
      { preferredStartPage: UNKNOWN },
      { releaseCadence: UNKNOWN },
      { sessionReplayOptOut: UNKNOWN },
      { customizeNoAccess: UNKNOWN },
      { customizeNoAccess: { linkEnabled: UNKNOWN } },
      { customizeNoAccess: { linkEnabled: true, linkLabel: UNKNOWN, linkUrl: UNKNOWN } },
      { customizeNoAccess: { linkEnabled: UNKNOWN, linkUrl: UNKNOWN, message: UNKNOWN } },
      { crossRegionInference: UNKNOWN },
      { crossRegionInference: { enabled: UNKNOWN } },
      { crossRegionInference: { enabled: true, consentVerified: UNKNOWN } },
      { crossRegionInference: { enabled: UNKNOWN, consentVerified: UNKNOWN } },
      { releaseCadence: "monthly", tenantUrl: UNKNOWN },
    ])("in %j", async (news) => {
      const result = await check(news);
      expect(result.failures).toBeUndefined();
      expect(result.inputs).toEqual(news);
    });

    it("still reports real problems next to unknown values", async () => {
      const found = await failures({
        preferredStartPage: UNKNOWN,
        crossRegionInference: { enabled: true },
        releaseCadence: "weekly",
      });
      expect(found.map((f) => f.property).sort()).toEqual(["crossRegionInference.consentVerified", "releaseCadence"]);
    });
  });
});
