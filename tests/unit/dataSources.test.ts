import fc from "fast-check";
import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { getTenants, QlikDataSourceError } from "../../sdk/dataSources";
import {
  fetchTenantData,
  filterProblem,
  getTenantData,
  getTenantsData,
  listOrgTenants,
  tenantsFilter,
} from "../../provider/dataSources";
import { QlikApiError } from "../../provider/http";
import type { PageOptions, QlikClient, RequestOptions } from "../../provider/http/types";

/** Reads the SCIM string literal starting at `text[start]` (a `"`), returning its value and where it ends. */
function readLiteral(text: string, start: number): { value: string; end: number } {
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") value += text[++i];
    else if (text[i] === '"') return { value, end: i };
    else value += text[i];
  }
  throw new Error("unterminated literal");
}

describe("getTenants filter", () => {
  it("always starts with the subscription and ANDs the other conditions, the user's filter in parentheses", () => {
    expect(tenantsFilter({ subscriptionId: "sub-acme" })).toBe('subscriptionId eq "sub-acme"');
    expect(
      tenantsFilter({
        subscriptionId: "sub-acme",
        regionCode: "eu-west-1",
        status: "active",
        filter: 'name sw "prod" or name sw "dr"',
      }),
    ).toBe(
      'subscriptionId eq "sub-acme" and regionCode eq "eu-west-1" and status eq "active" and (name sw "prod" or name sw "dr")',
    );
  });

  it("escapes quotes and backslashes so a value can never change the filter's structure", () => {
    expect(tenantsFilter({ subscriptionId: 'x" or subscriptionId pr or "' })).toBe(
      'subscriptionId eq "x\\" or subscriptionId pr or \\""',
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (subscriptionId, regionCode) => {
        const filter = tenantsFilter({ subscriptionId, regionCode });
        const first = readLiteral(filter, filter.indexOf('"'));
        expect(first.value).toBe(subscriptionId);
        const rest = filter.slice(first.end + 1);
        expect(rest.startsWith(' and regionCode eq "')).toBe(true);
        const second = readLiteral(rest, rest.indexOf('"'));
        expect(second.value).toBe(regionCode);
        expect(second.end).toBe(rest.length - 1);
      }),
    );
  });

  it.each([
    ['name eq "a"', undefined],
    ['(name eq "a" or name eq "b") and status eq "active"', undefined],
    ['name eq "a (b"', undefined],
    ['name eq "say \\"hi\\" )"', undefined],
    ['name eq "a") or (name pr', /closes a parenthesis/],
    ['(name eq "a"', /never closes/],
    ['name eq "a', /not closed/],
  ])("checks that %s can be grouped safely", (filter, problem) => {
    const found = filterProblem(filter);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe("getTenants arguments", () => {
  // Validation happens before credentials are looked at, so empty settings are enough.
  it.each([
    [{}, /subscriptionId is required/],
    [{ subscriptionId: "  " }, /subscriptionId must not be empty/],
    [{ subscriptionId: "s", status: "paused" }, /status must be one of: active, disabled, deleted, deactivated/],
    [{ subscriptionId: "s", regionCode: "EU West" }, /regionCode must be a region code/],
    [{ subscriptionId: "s", filter: 'name eq "a") or (id pr' }, /filter closes a parenthesis/],
    [{ subscriptionId: "s", region: "eu-west-1" }, /has no argument named "region"/],
  ])("refuses %j", async (args, message) => {
    await expect(getTenantsData(args as never, {})).rejects.toThrow(message);
  });

  it("asks for the organization client once the arguments are fine", async () => {
    await expect(getTenantsData({ subscriptionId: "s" }, {})).rejects.toThrow(/qlik:orgClientId/);
  });
});

class FakeConsole implements QlikClient {
  readonly origin = "https://console.qlikcloud.com";
  readonly stats = { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } };
  pages: PageOptions<unknown>[] = [];
  constructor(
    private readonly items: unknown[],
    private readonly status = 200,
  ) {}

  request<T>(_options: RequestOptions<T>): never {
    throw new Error("not used");
  }

  async *paginate<T>(options: PageOptions<T>): AsyncIterable<T> {
    this.pages.push(options as PageOptions<unknown>);
    if (this.status !== 200) {
      throw new QlikApiError({
        method: "GET",
        path: options.path,
        status: this.status,
        errors: [{ code: "HTTP-403", title: "Forbidden" }],
        traceId: "trace-1",
      });
    }
    for (const item of this.items) yield options.item.parse(item);
  }
}

describe("getTenants listing", () => {
  it("asks for 100 per page with the filter and returns every item, without absent optional fields", async () => {
    const client = new FakeConsole([
      {
        id: "t1",
        name: "a",
        hostnames: ["a.us.qlikcloud.com"],
        regionCode: "us-east-1",
        subscriptionId: "sub",
        status: "active",
        countryCode: "US",
        licenseNumber: "1",
        createdAt: "c",
        updatedAt: "u",
        extra: 1,
      },
      { id: "t2", name: "b", regionCode: "eu-west-1", subscriptionId: "sub", status: null },
    ]);
    const result = await listOrgTenants(client, { subscriptionId: "sub", regionCode: "us-east-1" });
    expect(client.pages).toHaveLength(1);
    expect(client.pages[0].path).toBe("/api/core/tenants");
    expect(client.pages[0].query).toEqual({
      filter: 'subscriptionId eq "sub" and regionCode eq "us-east-1"',
      limit: 100,
    });
    expect(result.tenants).toEqual([
      {
        id: "t1",
        name: "a",
        hostnames: ["a.us.qlikcloud.com"],
        regionCode: "us-east-1",
        subscriptionId: "sub",
        status: "active",
        countryCode: "US",
        licenseNumber: "1",
        createdAt: "c",
        updatedAt: "u",
      },
      { id: "t2", name: "b", hostnames: [], regionCode: "eu-west-1", subscriptionId: "sub" },
    ]);
  });

  it("turns a 403 into an explanation naming the subscription, client and console, never the secret", async () => {
    const error = (await listOrgTenants(
      new FakeConsole([], 403),
      { subscriptionId: "sub-other" },
      "org-client-id",
    ).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/subscription "sub-other"/);
    expect(error.message).toMatch(
      /does not belong to the organization of the organization OAuth client "org-client-id"/,
    );
    expect(error.message).toContain("https://console.qlikcloud.com");
    expect(error.message).toContain("trace-1");
    expect(error.cause).toBeInstanceOf(QlikApiError);
  });
});

class FakeTenantApi implements QlikClient {
  readonly origin = "https://acme.us.qlikcloud.com";
  readonly stats = { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } };
  paths: string[] = [];

  async request<T>(options: RequestOptions<T>) {
    this.paths.push(options.path);
    if (options.path.endsWith("/missing")) return { status: 404, headers: {}, body: undefined as T };
    const body = {
      id: "t1",
      name: "acme",
      hostnames: ["acme.us.qlikcloud.com"],
      region: "us",
      datacenter: null,
      enableAppOpeningFeedback: false,
      createdByUser: "u",
    };
    return { status: 200, headers: {}, body: options.schema!.parse(body) };
  }

  paginate(): AsyncIterable<never> {
    throw new Error("not used");
  }
}

describe("getTenant", () => {
  it("reads the tenant behind the URL through /me, or one by id, with absent fields left out", async () => {
    const client = new FakeTenantApi();
    const expected = {
      id: "t1",
      name: "acme",
      hostnames: ["acme.us.qlikcloud.com"],
      region: "us",
      enableAppOpeningFeedback: false,
    };
    expect(await fetchTenantData(client)).toEqual(expected);
    expect(await fetchTenantData(client, "t1")).toEqual(expected);
    expect(client.paths).toEqual(["/api/v1/tenants/me", "/api/v1/tenants/t1"]);
  });

  it("explains a tenant id the tenant API does not know", async () => {
    await expect(fetchTenantData(new FakeTenantApi(), "missing")).rejects.toThrow(
      /tenant "missing" was not found .* use getTenants/,
    );
  });

  it.each([
    [{ tenantId: "../users" }, /tenantId must be a Qlik tenant id/],
    [{ tenantUrl: "ftp://acme" }, /tenantUrl/],
    [{ tenantID: "x" }, /has no argument named "tenantID"/],
  ])("refuses %j before any request", async (args, message) => {
    await expect(getTenantData(args as never, {})).rejects.toThrow(message);
  });
});

describe("data source failures in a program", () => {
  const ENV = ["QLIK_ORG_CLIENT_ID", "QLIK_ORG_CLIENT_SECRET", "QLIK_CONSOLE_URL", "QLIK_TENANTS"];
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  beforeEach(() => ENV.forEach((name) => delete process.env[name]));
  afterEach(() =>
    Object.entries(saved).forEach(([name, value]) =>
      value === undefined ? delete process.env[name] : (process.env[name] = value),
    ),
  );

  it("reject with a RunError the CLI prints as its message alone: no frames, no cause, code kept", async () => {
    const error = (await getTenants({ subscriptionId: "sub-x" }).catch((e: unknown) => e)) as QlikDataSourceError;
    expect(error).toBeInstanceOf(QlikDataSourceError);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^getTenants: The organization API needs an organization OAuth client/);
    expect(error.code).toBe("QLIK_CONFIG_ERROR");
    // What Pulumi's runtime does with every unhandled error: util.inspect with colors. A frame under
    // node_modules/@scope/<file> makes Node 20.20's inspect loop for a minute; there must be none to format.
    const inspected = inspect(error, { colors: true });
    expect(inspected).not.toMatch(/^\s+at /m);
    expect(inspected).not.toContain("[cause]");
    expect(inspected).not.toMatch(/\.ts:\d+/);
  });

  it("name the data source once when the message already does", () => {
    expect(new QlikDataSourceError("getTenant", new Error("getTenant: no tenant answered")).message).toBe(
      "getTenant: no tenant answered",
    );
    const api = new QlikApiError({ method: "GET", path: "/api/v1/tenants/me", status: 403 });
    expect(new QlikDataSourceError("getTenant", api)).toMatchObject({ code: "QLIK_API_ERROR", status: 403 });
  });
});
