import { DEFAULT_RATE_LIMITS, resolveRateLimits, tierOf } from "../../../provider/http/tiers";
import { QlikConfigError } from "../../../provider/http/errors";

describe("tierOf", () => {
  it.each([
    ["GET", "/api/v1/users", "tier1"],
    ["GET", "/api/v1/users/abc?fields=id", "tier1"],
    ["GET", "/api/v1/users/actions/count", "tier1"],
    ["POST", "/api/v1/users", "tier2"],
    ["PATCH", "/api/v1/users/abc", "tier2"],
    ["PUT", "/api/v1/something", "tier2"],
    ["DELETE", "/api/v1/groups/abc", "tier2"],
    ["POST", "/api/v1/users/actions/filter", "special"],
    ["POST", "/api/v1/groups/actions/filter?limit=100", "special"],
    ["POST", "/api/v1/groups/actions/filter/", "special"],
    ["POST", "/API/V1/Users/Actions/Filter", "special"],
    ["GET", "/api/v1/users/actions/filter", "tier1"],
    // The organization API's filter is Tier 2, not Special.
    ["POST", "/api/core/tenants/actions/filter", "tier2"],
    ["POST", "/api/v1/tenant-settings/actions/toggle-cross-region-inference", "tier2"],
    ["POST", "/oauth/token", undefined],
    ["POST", "/oauth/token?x=1", undefined],
  ] as const)("%s %s → %s", (method, path, tier) => {
    expect(tierOf(method, path)).toBe(tier);
  });
});

describe("resolveRateLimits", () => {
  it("overlays overrides on Qlik's defaults", () => {
    expect(resolveRateLimits(undefined)).toEqual({ tier1: 1000, tier2: 100, special: 200 });
    expect(resolveRateLimits({ tier2: 50 })).toEqual({ ...DEFAULT_RATE_LIMITS, tier2: 50 });
  });

  it("names the property of a bad limit", () => {
    expect(() => resolveRateLimits({ tier2: 0 })).toThrow(QlikConfigError);
    expect(() => resolveRateLimits({ special: Number.NaN })).toThrow(/rateLimits\.special/);
  });
});
