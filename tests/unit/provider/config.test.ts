import {
  mergeSettings,
  organizationConnection,
  settingsFromConfig,
  settingsFromEnv,
  tenantConnection,
} from "../../../provider/config";

const config = (values: Record<string, string>) => settingsFromConfig((key) => values[key]);

describe("provider settings", () => {
  it("reads every qlik: config key and its environment twin", () => {
    const fromConfig = config({
      "qlik:tenantUrl": "https://acme.eu.qlikcloud.com",
      "qlik:apiKey": "k",
      "qlik:tier2PerMinute": "50",
      "qlik:retryDeadlineSeconds": "30",
      "qlik:rateWindowSeconds": "1",
    });
    expect(fromConfig).toEqual({
      tenantUrl: "https://acme.eu.qlikcloud.com",
      apiKey: "k",
      rateLimits: { tier2: 50 },
      retryDeadlineSeconds: 30,
      rateWindowSeconds: 1,
    });
    const fromEnv = settingsFromEnv({
      QLIK_TENANT_URL: "https://acme.eu.qlikcloud.com",
      QLIK_CLIENT_ID: "id",
      QLIK_CLIENT_SECRET: "secret",
      QLIK_SPECIAL_PER_MINUTE: "150",
      QLIK_RATE_WINDOW_SECONDS: "0.5",
    });
    expect(fromEnv).toEqual({
      tenantUrl: "https://acme.eu.qlikcloud.com",
      clientId: "id",
      clientSecret: "secret",
      rateLimits: { special: 150 },
      rateWindowSeconds: 0.5,
    });
  });

  it("refuses a number setting that is not positive, naming the key", () => {
    expect(() => config({ "qlik:tier1PerMinute": "fast" })).toThrow(/tier1PerMinute must be a positive number/);
    expect(() => settingsFromEnv({ QLIK_RATE_WINDOW_SECONDS: "0" })).toThrow(/QLIK_RATE_WINDOW_SECONDS/);
  });

  it("takes credentials as a whole from stack config before the environment, never mixing them", () => {
    const merged = mergeSettings(
      config({ "qlik:apiKey": "config-key" }),
      settingsFromEnv({
        QLIK_CLIENT_ID: "env-id",
        QLIK_CLIENT_SECRET: "env-secret",
        QLIK_TENANT_URL: "https://t.eu.qlikcloud.com",
      }),
    );
    expect(merged).toMatchObject({ apiKey: "config-key", tenantUrl: "https://t.eu.qlikcloud.com" });
    expect(merged.clientId).toBeUndefined();
    expect(merged.clientSecret).toBeUndefined();
  });

  it("builds the tenant connection: the resource's tenantUrl wins, tuning passes through", () => {
    const settings = mergeSettings(
      config({
        "qlik:tenantUrl": "https://default.eu.qlikcloud.com",
        "qlik:apiKey": "k",
        "qlik:rateWindowSeconds": "2",
        "qlik:retryDeadlineSeconds": "5",
      }),
      {},
    );
    expect(tenantConnection(settings, "https://other.us.qlikcloud.com")).toEqual({
      origin: "https://other.us.qlikcloud.com",
      credentials: { kind: "apiKey", apiKey: "k" },
      rateLimits: {},
      rateWindowMs: 2000,
      retry: { deadlineMs: 5000 },
    });
    expect(tenantConnection(settings).origin).toBe("https://default.eu.qlikcloud.com");
  });

  it("explains missing or half-given credentials with the keys and variables to set", () => {
    const noCredentials = mergeSettings(config({ "qlik:tenantUrl": "https://t.eu.qlikcloud.com" }), {});
    expect(() => tenantConnection(noCredentials)).toThrow(/qlik:apiKey.*QLIK_API_KEY/s);
    const halfOAuth = mergeSettings(
      config({ "qlik:tenantUrl": "https://t.eu.qlikcloud.com", "qlik:clientId": "id" }),
      {},
    );
    expect(() => tenantConnection(halfOAuth)).toThrow(/qlik:clientSecret/);
    expect(() => tenantConnection(mergeSettings(config({ "qlik:apiKey": "k" }), {}))).toThrow(/QLIK_TENANT_URL/);
    expect(() => organizationConnection({})).toThrow(/qlik:orgClientId.*QLIK_ORG_CLIENT_SECRET/s);
  });

  it("refuses plain http for anything but loopback, naming the property", () => {
    const settings = mergeSettings(config({ "qlik:apiKey": "k" }), {});
    expect(() => tenantConnection(settings, "http://acme.eu.qlikcloud.com")).toThrow(/tenantUrl/);
    expect(tenantConnection(settings, "http://127.0.0.1:8601").origin).toBe("http://127.0.0.1:8601");
  });

  it("never puts a credential in a configuration error", () => {
    const settings = mergeSettings(config({ "qlik:apiKey": "super-secret-key" }), {});
    let message = "";
    try {
      tenantConnection(settings, "ftp://acme.eu.qlikcloud.com");
    } catch (error) {
      message = `${(error as Error).message} ${JSON.stringify(error)}`;
    }
    expect(message).not.toBe("");
    expect(message).not.toContain("super-secret-key");
  });
});
