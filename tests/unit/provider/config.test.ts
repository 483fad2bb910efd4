import {
  mergeSettings,
  parseTenants,
  settingsWarnings,
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
      "qlik:apiKey": "key-0123456789",
      "qlik:tier2PerMinute": "50",
      "qlik:retryDeadlineSeconds": "30",
      "qlik:rateWindowSeconds": "1",
    });
    expect(fromConfig).toEqual({
      tenantUrl: "https://acme.eu.qlikcloud.com",
      apiKey: "key-0123456789",
      rateLimits: { tier2: 50 },
      retryDeadlineSeconds: 30,
      rateWindowSeconds: 1,
    });
    const fromEnv = settingsFromEnv({
      QLIK_TENANT_URL: "https://acme.eu.qlikcloud.com",
      QLIK_CLIENT_ID: "id",
      QLIK_CLIENT_SECRET: "secret-0123",
      QLIK_SPECIAL_PER_MINUTE: "150",
      QLIK_RATE_WINDOW_SECONDS: "0.5",
    });
    expect(fromEnv).toEqual({
      tenantUrl: "https://acme.eu.qlikcloud.com",
      clientId: "id",
      clientSecret: "secret-0123",
      rateLimits: { special: 150 },
      rateWindowSeconds: 0.5,
    });
  });

  it("refuses a number setting that is not positive, naming the key", () => {
    expect(() => config({ "qlik:tier1PerMinute": "fast" })).toThrow(/^qlik:tier1PerMinute must be a whole number/);
    expect(() => settingsFromEnv({ QLIK_RATE_WINDOW_SECONDS: "0" })).toThrow(/^QLIK_RATE_WINDOW_SECONDS must be/);
  });

  it.each([
    [
      "qlik:rateWindowSeconds",
      "1e9",
      /qlik:rateWindowSeconds must be a number of seconds from 0.01 to 3600, got "1e9".*QLIK_RATE_WINDOW_SECONDS/,
    ],
    ["qlik:retryDeadlineSeconds", "1e12", /qlik:retryDeadlineSeconds must be a number of seconds from 1 to 86400/],
    ["qlik:retryDeadlineSeconds", "1e-9", /qlik:retryDeadlineSeconds must be .* from 1 to/],
    [
      "qlik:tier2PerMinute",
      "0.5",
      /qlik:tier2PerMinute must be a whole number of requests per minute from 1 to 1000000.*QLIK_TIER2_PER_MINUTE/,
    ],
    ["qlik:tier2PerMinute", "1e7", /qlik:tier2PerMinute must be a whole number/],
    ["qlik:specialPerMinute", "-3", /qlik:specialPerMinute/],
  ])("range-checks %s = %s with a message naming the qlik: key and its variable", (key, value, message) => {
    let error: unknown;
    try {
      config({ [key]: value });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/rateLimits\.|retry\./);
    expect(error).toMatchObject({ property: key });
  });

  it("accepts the boundaries of every range", () => {
    expect(
      config({
        "qlik:rateWindowSeconds": "0.01",
        "qlik:retryDeadlineSeconds": "86400",
        "qlik:tier1PerMinute": "1000000",
      }),
    ).toEqual({ rateWindowSeconds: 0.01, retryDeadlineSeconds: 86400, rateLimits: { tier1: 1000000 } });
  });

  it("refuses a blank stack credential instead of silently using the environment's", () => {
    for (const key of ["qlik:apiKey", "qlik:clientSecret", "qlik:orgClientSecret"]) {
      expect(() => config({ [key]: "   " })).toThrow(new RegExp(`^${key} is set but blank.*pulumi config rm ${key}`));
    }
    // A blank environment variable is simply unset.
    expect(settingsFromEnv({ QLIK_API_KEY: " " })).toEqual({});
  });

  it("refuses credentials too short to be real (and to be redacted), without quoting them", () => {
    let message = "";
    try {
      config({ "qlik:apiKey": "abc" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^qlik:apiKey is only 3 characters long/);
    expect(message).not.toContain("abc");
    expect(() => settingsFromEnv({ QLIK_CLIENT_SECRET: "xy" })).toThrow(/^QLIK_CLIENT_SECRET is only 2 characters/);
  });

  it("warns when an API key and an OAuth client are both configured", () => {
    const both = mergeSettings(
      config({ "qlik:apiKey": "key-0123456789", "qlik:clientId": "id", "qlik:clientSecret": "secret-0123" }),
      {},
    );
    expect(settingsWarnings(both)).toEqual([expect.stringMatching(/API key is used and the OAuth client is ignored/)]);
    expect(tenantConnection(both, "https://t.eu.qlikcloud.com").credentials.kind).toBe("apiKey");
    expect(settingsWarnings(mergeSettings(config({ "qlik:apiKey": "key-0123456789" }), {}))).toEqual([]);
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
        "qlik:apiKey": "key-0123456789",
        "qlik:rateWindowSeconds": "2",
        "qlik:retryDeadlineSeconds": "5",
      }),
      {},
    );
    expect(tenantConnection(settings, "https://other.us.qlikcloud.com")).toEqual({
      origin: "https://other.us.qlikcloud.com",
      credentials: { kind: "apiKey", apiKey: "key-0123456789" },
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
    expect(() => tenantConnection(mergeSettings(config({ "qlik:apiKey": "key-0123456789" }), {}))).toThrow(
      /QLIK_TENANT_URL/,
    );
    expect(() => organizationConnection({})).toThrow(/qlik:orgClientId.*QLIK_ORG_CLIENT_SECRET/s);
  });

  it("refuses plain http for anything but loopback, naming the property", () => {
    const settings = mergeSettings(config({ "qlik:apiKey": "key-0123456789" }), {});
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

describe("per-tenant credentials (qlik:tenants / QLIK_TENANTS)", () => {
  const A = "https://a.eu.qlikcloud.com";
  const B = "https://b.us.qlikcloud.com";
  const tenants = JSON.stringify({
    "https://A.eu.qlikcloud.com/": { apiKey: "key-for-tenant-a" },
    [B]: { clientId: "client-b", clientSecret: "secret-for-b" },
  });

  it("gives a listed tenant its own credential and every other tenant the default one", () => {
    const settings = mergeSettings(config({ "qlik:apiKey": "default-key-0", "qlik:tenants": tenants }), {});
    expect(settings.tenants).toEqual({
      [A]: { apiKey: "key-for-tenant-a" },
      [B]: { clientId: "client-b", clientSecret: "secret-for-b" },
    });
    expect(tenantConnection(settings, "https://a.eu.qlikcloud.com").credentials).toEqual({
      kind: "apiKey",
      apiKey: "key-for-tenant-a",
    });
    expect(tenantConnection(settings, B).credentials).toEqual({
      kind: "oauth",
      clientId: "client-b",
      clientSecret: "secret-for-b",
    });
    expect(tenantConnection(settings, "https://c.eu.qlikcloud.com").credentials).toEqual({
      kind: "apiKey",
      apiKey: "default-key-0",
    });
  });

  it("works without a default credential for the tenants it lists, and says so for the others", () => {
    const settings = mergeSettings({}, settingsFromEnv({ QLIK_TENANTS: tenants }));
    expect(tenantConnection(settings, A).credentials.kind).toBe("apiKey");
    expect(() => tenantConnection(settings, "https://c.eu.qlikcloud.com")).toThrow(
      /or list this tenant in qlik:tenants/,
    );
  });

  it("takes the map from stack config before the environment", () => {
    const settings = mergeSettings(
      config({ "qlik:tenants": JSON.stringify({ [A]: { apiKey: "from-config-1" } }) }),
      settingsFromEnv({ QLIK_TENANTS: JSON.stringify({ [B]: { apiKey: "from-env-123" } }) }),
    );
    expect(Object.keys(settings.tenants ?? {})).toEqual([A]);
  });

  it.each([
    ["not JSON", "{apiKey: x}", /^qlik:tenants is not valid JSON\. Set it to a JSON object keyed by tenant URL/],
    ["an array", "[]", /^qlik:tenants must be a JSON object, got an array/],
    [
      "a bad URL",
      JSON.stringify({ "a.eu.qlikcloud.com": { apiKey: "key-0123456789" } }),
      /^A key of qlik:tenants: "a\.eu\.qlikcloud\.com" has no scheme/,
    ],
    ["plain http", JSON.stringify({ "http://a.example.com": { apiKey: "key-0123456789" } }), /uses http:\/\//],
    [
      "a string value",
      JSON.stringify({ [A]: "key-0123456789" }),
      /qlik:tenants\["https:\/\/a\.eu\.qlikcloud\.com"\] must be \{ "apiKey"/,
    ],
    ["an unknown field", JSON.stringify({ [A]: { apikey: "key-0123456789" } }), /unknown field "apikey": use "apiKey"/],
    [
      "half an OAuth client",
      JSON.stringify({ [A]: { clientId: "c" } }),
      /needs "apiKey", or both "clientId" and "clientSecret" \(one of the two is missing\)/,
    ],
    [
      "both kinds",
      JSON.stringify({ [A]: { apiKey: "key-0123456789", clientId: "c", clientSecret: "secret-0123" } }),
      /both an apiKey and an OAuth client/,
    ],
    ["a short key", JSON.stringify({ [A]: { apiKey: "abc" } }), /\.apiKey is only 3 characters long/],
    [
      "the same tenant twice",
      JSON.stringify({ [A]: { apiKey: "key-0123456789" }, [`${A}/`]: { apiKey: "key-9876543210" } }),
      /lists https:\/\/a\.eu\.qlikcloud\.com twice/,
    ],
  ])("explains a malformed map (%s), naming the key and the fix, never a credential", (_, text, message) => {
    let error: unknown;
    try {
      parseTenants(text, "qlik:tenants");
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/key-0123456789|secret-0123/);
  });
});
