import fc from "fast-check";
import type { Tenant as QlikTenant } from "@qlik/api/tenants";
import { QlikApiError } from "../../../provider/http";
import type { QlikClient, RequestOptions } from "../../../provider/http/types";
import { applyPatch, type PatchOperation } from "../../../provider/patch";
import { resourceOf } from "../../../provider/engine/engine";
import { implementation } from "../../../provider/tenants";
import { tenantKind } from "../../../provider/tenants/kind";
import { adapters } from "../engine/adapters";
import type { TenantDocument, TenantInputs, TenantOutputs, TenantValues } from "../../../provider/tenants/schema";
import { UNKNOWN } from "../../../provider/unknown";

const ORIGIN = "https://acme-eu.eu.qlikcloud.com";
const TENANT_ID = "ep78msTXXZhOAN1shd9hq58E6PT7hJK_";
const PATCHABLE_FIELDS = [
  "name",
  "alias",
  "autoAssignCreateSharedSpacesRoleToProfessionals",
  "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
  "autoAssignDataServicesContributorRoleToProfessionals",
  "enableAppOpeningFeedback",
] as const;
const tenant = adapters(tenantKind, ORIGIN);
const diffTenant = tenant.diff;
const tenantPatch = tenant.patchOperations;
/** Outputs of an observed tenant, nothing managed. */
function tenantOutputs(doc: TenantDocument, origin: string): TenantOutputs {
  const { managedInputs: _none, ...outs } = tenant.outputs(
    tenant.valuesFromApi(doc),
    {},
    tenant.facts(doc, origin),
    [],
  );
  return outs;
}
/** Outputs after a PATCH (which answers 204): the sent values over the previous outputs, the alias in hostnames. */
function applyTenantPatch(outs: TenantOutputs, wanted: Partial<TenantValues>): TenantOutputs {
  const values = { ...outs, ...wanted };
  return { ...values, hostnames: tenantKind.factsAfterPatch!(outs as never, values).hostnames } as TenantOutputs;
}

const qlikTenant: QlikTenant = {
  id: TENANT_ID,
  name: "acme-eu",
  hostnames: ["acme-eu.eu.qlikcloud.com", "acme-europe.eu.qlikcloud.com"],
  datacenter: "eu-west-1",
  region: "eu",
  status: "active",
  created: "2024-01-15T09:00:00.000Z",
  lastUpdated: "2024-01-15T09:00:00.000Z",
  autoAssignCreateSharedSpacesRoleToProfessionals: true,
  autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: true,
  autoAssignDataServicesContributorRoleToProfessionals: false,
  enableAppOpeningFeedback: true,
  links: { self: { href: `${ORIGIN}/api/v1/tenants/${TENANT_ID}` } },
};
// Qlik's generated type fits what we parse (compile-time check).
const asDocument: TenantDocument = qlikTenant;

/** The tenant endpoints in memory: `/me` resolves to the tenant, PATCH applies `replace` ops and answers 204. */
class FakeTenantApi implements QlikClient {
  readonly origin = ORIGIN;
  readonly stats = { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } };
  tenant: Record<string, unknown> = structuredClone(qlikTenant) as Record<string, unknown>;
  calls: { method: string; path: string; body?: unknown }[] = [];

  async request<T>(options: RequestOptions<T>) {
    this.calls.push({ method: options.method, path: options.path, body: options.body });
    const known = options.path === "/api/v1/tenants/me" || options.path === `/api/v1/tenants/${TENANT_ID}`;
    let status = known ? 200 : 404;
    let body: unknown = known ? structuredClone(this.tenant) : undefined;
    if (known && options.method === "PATCH") {
      const ops = options.body as PatchOperation[];
      if (ops.some((op) => op.op !== "replace")) throw new Error("tenants take replace only");
      this.tenant = applyPatch(this.tenant, ops);
      [status, body] = [204, undefined];
    }
    if (status >= 300 && !(options.allowStatus ?? []).includes(status)) {
      throw new QlikApiError({ method: options.method, path: options.path, status });
    }
    if (status === 200 && options.schema) body = options.schema.parse(body);
    return { status, headers: {}, body: body as T };
  }

  paginate(): AsyncIterable<never> {
    throw new Error("not used");
  }
}

function setup() {
  const api = new FakeTenantApi();
  const impl = resourceOf<TenantDocument, TenantInputs, TenantOutputs>(tenantKind, {
    client: () => api,
    defaultTenantUrl: () => ORIGIN,
  });
  return { api, impl };
}

describe("Tenant check", () => {
  const check = (news: Record<string, unknown>) => implementation.check({}, news);

  it("accepts valid inputs, and none at all (adopt the tenant behind the URL as it is)", async () => {
    const news = {
      tenantId: TENANT_ID,
      name: "Acme EU",
      alias: "acme-europe.eu.qlikcloud.com",
      enableAppOpeningFeedback: false,
    };
    expect(await check(news)).toEqual({ inputs: news });
    expect(await check({})).toEqual({ inputs: {} });
  });

  it.each([
    [{ name: "" }, "name", /must not be empty/],
    [{ alias: "https://acme.eu.qlikcloud.com" }, "alias", /without scheme/],
    [{ alias: "acme" }, "alias", /not a hostname/],
    [{ alias: "-acme.eu.qlikcloud.com" }, "alias", /not a hostname/],
    [{ tenantId: "a/b" }, "tenantId", /tenant id/],
    [
      { autoAssignCreateSharedSpacesRoleToProfessionals: "true" },
      "autoAssignCreateSharedSpacesRoleToProfessionals",
      /true or false/,
    ],
    [{ tenantUrl: "http://acme.eu.qlikcloud.com" }, "tenantUrl", /https/],
    [{ nmae: "x" }, "nmae", /Tenant has no input named "nmae"/],
  ])("refuses %j", async (news, property, reason) => {
    const { failures } = await check(news);
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  it.each([
    { name: UNKNOWN },
    { alias: UNKNOWN },
    { tenantId: UNKNOWN, tenantUrl: UNKNOWN },
    { enableAppOpeningFeedback: UNKNOWN, autoAssignDataServicesContributorRoleToProfessionals: UNKNOWN },
  ])("tolerates the unknown sentinel in %j", async (news) => {
    expect(await check(news)).toEqual({ inputs: news });
  });
});

describe("Tenant logic", () => {
  const outs = tenantOutputs(asDocument, ORIGIN);

  it("reads the document into outputs, alias = hostnames[1]", () => {
    expect(outs).toEqual({
      tenantId: TENANT_ID,
      tenantUrl: ORIGIN,
      name: "acme-eu",
      alias: "acme-europe.eu.qlikcloud.com",
      hostnames: ["acme-eu.eu.qlikcloud.com", "acme-europe.eu.qlikcloud.com"],
      datacenter: "eu-west-1",
      region: "eu",
      status: "active",
      created: "2024-01-15T09:00:00.000Z",
      lastUpdated: "2024-01-15T09:00:00.000Z",
      autoAssignCreateSharedSpacesRoleToProfessionals: true,
      autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: true,
      autoAssignDataServicesContributorRoleToProfessionals: false,
      enableAppOpeningFeedback: true,
    });
    expect(tenantOutputs({ id: "x", name: "n", hostnames: ["x.us.qlikcloud.com"], region: null }, ORIGIN)).toEqual({
      tenantId: "x",
      tenantUrl: ORIGIN,
      name: "n",
      hostnames: ["x.us.qlikcloud.com"],
    });
  });

  it.each<[string, Record<string, unknown>, string | undefined, object]>([
    ["no inputs", {}, undefined, { changes: false }],
    ["equal managed values", { name: "acme-eu", enableAppOpeningFeedback: true }, undefined, { changes: false }],
    ["the alias in other letter case", { alias: "ACME-Europe.eu.qlikcloud.com" }, undefined, { changes: false }],
    ["the same tenantId", { tenantId: TENANT_ID }, undefined, { changes: false }],
    ["a new name", { name: "Acme Europe" }, undefined, { changes: true }],
    ["a flag flipped", { autoAssignDataServicesContributorRoleToProfessionals: true }, undefined, { changes: true }],
    ["an unknown value", { name: UNKNOWN }, undefined, { changes: true }],
    ["another tenantId", { tenantId: "other" }, undefined, { changes: true, replaces: ["tenantId"] }],
    ["an unknown tenantId", { tenantId: UNKNOWN }, undefined, { changes: true, replaces: ["tenantId"] }],
    [
      "another tenantUrl",
      { tenantUrl: "https://acme-us.us.qlikcloud.com" },
      undefined,
      { changes: true, replaces: ["tenantUrl"] },
    ],
    [
      "the default tenant URL moved",
      {},
      "https://acme-us.us.qlikcloud.com",
      { changes: true, replaces: ["tenantUrl"] },
    ],
    ["the default tenant URL is the same", { name: "acme-eu" }, ORIGIN, { changes: false }],
  ])("diff: %s", (_name, news, defaultUrl, expected) => {
    expect(diffTenant({ ...outs, __provider: "x" }, news, defaultUrl)).toEqual(expected);
  });

  const values: fc.Arbitrary<Partial<TenantValues>> = fc.record(
    {
      name: fc.string({ minLength: 1, maxLength: 10 }),
      alias: fc.domain(),
      autoAssignCreateSharedSpacesRoleToProfessionals: fc.boolean(),
      autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals: fc.boolean(),
      autoAssignDataServicesContributorRoleToProfessionals: fc.boolean(),
      enableAppOpeningFeedback: fc.boolean(),
    },
    { requiredKeys: [] },
  );

  it("patches nothing and diffs no change for the tenant's own values", () => {
    fc.assert(
      fc.property(values, (wanted) => {
        const current = applyTenantPatch(outs, wanted);
        expect(tenantPatch(current, wanted)).toEqual([]);
        expect(diffTenant(current as unknown as Record<string, unknown>, wanted)).toEqual({ changes: false });
      }),
    );
  });

  it("patch (replace only) applied to the tenant gives the wanted values, and touches nothing else", () => {
    fc.assert(
      fc.property(values, (wanted) => {
        const ops = tenantPatch(outs, wanted);
        expect(ops.every((op) => op.op === "replace")).toBe(true);
        const patched = applyPatch(structuredClone(qlikTenant) as Record<string, unknown>, ops as PatchOperation[]);
        const after = tenantOutputs(patched as TenantDocument, ORIGIN);
        for (const field of PATCHABLE_FIELDS) {
          expect(after[field]).toEqual(wanted[field] ?? outs[field]);
        }
        expect(after).toEqual(applyTenantPatch(outs, wanted));
      }),
    );
  });
});

describe("Tenant resource", () => {
  it("adopts the tenant behind the URL with one PATCH of only the differing paths", async () => {
    const { api, impl } = setup();
    const { id, outs } = await impl.create({
      name: "Acme Europe",
      alias: "acme-europe.eu.qlikcloud.com",
      enableAppOpeningFeedback: false,
    });
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /api/v1/tenants/me",
      `PATCH /api/v1/tenants/${TENANT_ID}`,
    ]);
    expect(api.calls[1].body).toEqual([
      { op: "replace", path: "/name", value: "Acme Europe" },
      { op: "replace", path: "/enableAppOpeningFeedback", value: false },
    ]);
    expect(id).toBe(TENANT_ID);
    expect(outs).toMatchObject({
      name: "Acme Europe",
      enableAppOpeningFeedback: false,
      tenantId: TENANT_ID,
      region: "eu",
    });
  });

  it("adopts by id without writing when everything matches", async () => {
    const { api, impl } = setup();
    await impl.create({ tenantId: TENANT_ID, name: "acme-eu" });
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /api/v1/tenants/${TENANT_ID}`]);
  });

  it("explains an unknown tenantId", async () => {
    const { impl } = setup();
    await expect(impl.create({ tenantId: "nope" })).rejects.toThrow(/Tenant "nope" was not found at https:\/\/acme-eu/);
  });

  it("updates only the changed paths, and makes no call when nothing changed", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({ name: "acme-eu" });
    api.calls = [];
    const same = await impl.update(TENANT_ID, outs!, { name: "acme-eu" });
    expect(api.calls).toEqual([]);
    expect(same.outs).toEqual(outs);
    const changed = await impl.update(TENANT_ID, outs!, { name: "acme-eu", alias: "acme-eire.eu.qlikcloud.com" });
    expect(api.calls).toEqual([
      {
        method: "PATCH",
        path: `/api/v1/tenants/${TENANT_ID}`,
        body: [{ op: "replace", path: "/hostnames/1", value: "acme-eire.eu.qlikcloud.com" }],
      },
    ]);
    expect(changed.outs).toMatchObject({
      alias: "acme-eire.eu.qlikcloud.com",
      hostnames: ["acme-eu.eu.qlikcloud.com", "acme-eire.eu.qlikcloud.com"],
    });
  });

  it("reads drift into props and inputs; a missing tenant is gone", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({ name: "acme-eu" });
    api.tenant.name = "renamed in the console";
    const read = await impl.read(TENANT_ID, outs!);
    expect(read.props?.name).toBe("renamed in the console");
    expect(read.inputs).toEqual({ name: "renamed in the console" });
    expect((await impl.diff(TENANT_ID, read.props!, { name: "acme-eu" })).changes).toBe(true);
    // A refresh of a tenant that is gone reports it gone; a lookup (`Tenant.get`, no recorded tenantId) says so.
    expect(await impl.read("gone", { ...outs!, tenantId: "gone" })).toEqual({ id: "" });
    await expect(impl.read("gone", { tenantUrl: ORIGIN } as TenantOutputs)).rejects.toThrow(
      /Tenant.get: .* no tenant with id "gone"/,
    );
  });

  it("reports as inputs only what the program set, as recorded by create and update", async () => {
    // The real engine stores the inputs read returns; a read sees the old outputs only, and those hold every
    // value. Reporting all of them gave a program with one flag nine inputs after a refresh, shown as
    // [diff: -alias,-name,-tenantId,-tenantUrl,…] in its next update.
    const { api, impl } = setup();
    const { outs } = await impl.create({ enableAppOpeningFeedback: false, tenantUrl: ORIGIN });
    expect(outs?.managedInputs).toEqual(["enableAppOpeningFeedback", "tenantUrl"]);
    api.tenant.enableAppOpeningFeedback = true;
    const read = await impl.read(TENANT_ID, outs!);
    expect(read.inputs).toEqual({ tenantUrl: ORIGIN, enableAppOpeningFeedback: true });
    expect(read.props?.managedInputs).toEqual(outs?.managedInputs);

    const { outs: updated } = await impl.update(TENANT_ID, read.props!, { name: "acme-eu", tenantId: TENANT_ID });
    expect(updated?.managedInputs).toEqual(["name", "tenantId"]);
    expect((await impl.read(TENANT_ID, updated!)).inputs).toEqual({ tenantId: TENANT_ID, name: "acme-eu" });

    // Outputs recorded before managedInputs existed: every value, as before (the tenant only when it is not the
    // stack's default: those outputs always held it).
    const { managedInputs: _dropped, ...legacy } = outs!;
    expect((await impl.read(TENANT_ID, legacy)).inputs).toEqual({
      tenantId: TENANT_ID,
      name: api.tenant.name,
      alias: (api.tenant.hostnames as string[])[1],
      autoAssignCreateSharedSpacesRoleToProfessionals: api.tenant.autoAssignCreateSharedSpacesRoleToProfessionals,
      autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals:
        api.tenant.autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals,
      autoAssignDataServicesContributorRoleToProfessionals:
        api.tenant.autoAssignDataServicesContributorRoleToProfessionals,
      enableAppOpeningFeedback: true,
    });
  });

  it("delete makes no API call when the resource manages nothing", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({});
    api.calls = [];
    await impl.delete(TENANT_ID, outs!);
    expect(api.calls).toEqual([]);
  });

  it("delete puts back the values found at adoption, also for fields managed only from a later update", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({ name: "Acme Europe" });
    const news = { name: "Acme Europe", enableAppOpeningFeedback: false };
    const { outs: updated } = await impl.update(TENANT_ID, outs!, news);
    expect(updated?.restore).toEqual({ created: false, values: { name: "acme-eu", enableAppOpeningFeedback: true } });
    api.calls = [];
    await impl.delete(TENANT_ID, updated!);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /api/v1/tenants/${TENANT_ID}`,
      `PATCH /api/v1/tenants/${TENANT_ID}`,
    ]);
    expect(api.tenant).toMatchObject({ name: "acme-eu", enableAppOpeningFeedback: true });
  });

  it("a field the program stops managing is put back as found, in the update that drops it", async () => {
    const { api, impl } = setup();
    const { outs } = await impl.create({ name: "Acme Europe", enableAppOpeningFeedback: false });
    expect(await impl.diff(TENANT_ID, outs!, { name: "Acme Europe" })).toEqual({ changes: true });
    api.calls = [];
    const { outs: updated } = await impl.update(TENANT_ID, outs!, { name: "Acme Europe" });
    expect(api.calls[0].body).toEqual([{ op: "replace", path: "/enableAppOpeningFeedback", value: true }]);
    expect(updated).toMatchObject({ enableAppOpeningFeedback: true, managedInputs: ["name"] });
    expect(await impl.diff(TENANT_ID, updated!, { name: "Acme Europe" })).toEqual({ changes: false });
  });
});
