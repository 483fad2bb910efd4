/**
 * iqserver.Organization and getOrganizations against the emulated IQ Server: create under the root and under a
 * parent, adoption by name, moves (with IQ Server's warnings), move conflicts (409 errors[]), drift and 404s,
 * delete's explicit warning, retries, and no credential in any error. Counts the requests each operation sends.
 */
import type { EmulatorHandle, RequestLogEntry } from "../../../emulator";
import { setWarningSink } from "../../../provider/engineLog";
import { ROOT_ORGANIZATION_ID } from "../../../provider/iqserver/api";
import { resetIqServerClients } from "../../../provider/iqserver/client";
import { currentIqServerSettings } from "../../../provider/iqserver/context";
import { getOrganizationsData } from "../../../provider/iqserver/dataSource";
import type { OrganizationInputs, OrganizationOutputs } from "../../../provider/iqserver/kind";
import { implementation } from "../../../provider/iqserver/organization";
import { useEmulator } from "../emulator";

let emulator: EmulatorHandle;
let warnings: string[];
useEmulator(
  { rateLimits: false },
  (e) => (emulator = e),
  (e) => {
    resetIqServerClients();
    process.env.IQSERVER_URL = e.iqServer.url;
    process.env.IQSERVER_USERNAME = e.iqServer.username;
    process.env.IQSERVER_PASSWORD = e.iqServer.password;
    warnings = [];
    setWarningSink((message) => void warnings.push(message));
  },
);
afterAll(() => setWarningSink(undefined));

type Org = { id: string; name: string; parentOrganizationId?: string; tags: unknown[] };
const organizations = () => emulator.iqServer.state().organizations as Org[];
const byName = (name: string) => organizations().find((o) => o.name === name) as Org;
const iqRequests = (since: number): string[] =>
  emulator.log
    .filter((entry: RequestLogEntry) => entry.seq > since && entry.origin === "iqserver")
    .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
const lastSeq = () => emulator.log.at(-1)?.seq ?? 0;

async function create(inputs: OrganizationInputs) {
  const checked = await implementation.check({}, inputs as Record<string, unknown>);
  expect(checked.failures).toBeUndefined();
  return implementation.create(checked.inputs as OrganizationInputs);
}

describe("create", () => {
  test("under the root organization: one POST without a parent", async () => {
    const since = lastSeq();
    const { id, outs } = await create({ name: "Platform" });
    expect(iqRequests(since)).toEqual(["POST /api/v2/organizations 200"]);
    expect(outs).toEqual({
      organizationId: id,
      name: "Platform",
      parentOrganizationId: ROOT_ORGANIZATION_ID,
      tags: [],
    });
    expect(byName("Platform")).toMatchObject({ id, parentOrganizationId: ROOT_ORGANIZATION_ID });
  });

  test("under a parent: one POST with parentOrganizationId", async () => {
    const engineering = byName("Engineering");
    const since = lastSeq();
    const { id, outs } = await create({ name: "Mobile", parentOrganizationId: engineering.id });
    expect(iqRequests(since)).toEqual(["POST /api/v2/organizations 200"]);
    expect(outs?.parentOrganizationId).toBe(engineering.id);
    expect(byName("Mobile")).toMatchObject({ id, parentOrganizationId: engineering.id });
  });

  test("a parent that does not exist fails naming parentOrganizationId", async () => {
    await expect(create({ name: "Orphan", parentOrganizationId: "0".repeat(32) })).rejects.toThrow(
      /Creating IQ Server organization "Orphan" failed: POST \/api\/v2\/organizations → 404 Not Found: Parent organization .* Check that parentOrganizationId/,
    );
    expect(byName("Orphan")).toBeUndefined();
  });

  test("a taken name fails with the holder's id and how to adopt it", async () => {
    const engineering = byName("Engineering");
    await expect(create({ name: "Engineering" })).rejects.toThrow(
      new RegExp(`already has organization ${engineering.id} named "Engineering".*adoptExisting: true`),
    );
    expect(organizations().filter((o) => o.name === "Engineering")).toHaveLength(1);
  });
});

describe("adoptExisting", () => {
  test("takes over the organization with the same name: one GET by name, no POST", async () => {
    const payments = byName("Payments");
    const since = lastSeq();
    const { id, outs } = await create({
      name: "Payments",
      parentOrganizationId: payments.parentOrganizationId,
      adoptExisting: true,
    });
    expect(iqRequests(since)).toEqual(["GET /api/v2/organizations 200"]);
    expect(emulator.log.at(-1)?.query).toEqual({ organizationName: "Payments" });
    expect(id).toBe(payments.id);
    expect(outs?.tags).toEqual([
      { id: expect.any(String), name: "PCI", description: "Applications in scope for PCI DSS", color: "red" },
    ]);
  });

  test("adopting an organization under another parent moves it there (GET + PUT)", async () => {
    const payments = byName("Payments");
    const since = lastSeq();
    const { outs } = await create({ name: "Payments", adoptExisting: true });
    expect(iqRequests(since)).toEqual([
      "GET /api/v2/organizations 200",
      `PUT /api/v2/organizations/${payments.id}/move/destination/${ROOT_ORGANIZATION_ID} 200`,
    ]);
    expect(outs?.parentOrganizationId).toBe(ROOT_ORGANIZATION_ID);
    expect(byName("Payments").parentOrganizationId).toBe(ROOT_ORGANIZATION_ID);
  });

  test("without an existing organization it creates one", async () => {
    const since = lastSeq();
    await create({ name: "Brand New", adoptExisting: true });
    expect(iqRequests(since)).toEqual(["GET /api/v2/organizations 200", "POST /api/v2/organizations 200"]);
  });
});

describe("move (update)", () => {
  test("a new parent is one PUT; read then reports it", async () => {
    const { id, outs } = await create({ name: "Platform" });
    const engineering = byName("Engineering");
    const news = { name: "Platform", parentOrganizationId: engineering.id };
    expect(await implementation.diff(id, outs as OrganizationOutputs, news)).toMatchObject({
      changes: true,
      replaces: [],
    });
    const since = lastSeq();
    const updated = await implementation.update(id, outs as OrganizationOutputs, news);
    expect(iqRequests(since)).toEqual([`PUT /api/v2/organizations/${id}/move/destination/${engineering.id} 200`]);
    expect(updated.outs?.parentOrganizationId).toBe(engineering.id);
    const read = await implementation.read(id, updated.outs as OrganizationOutputs);
    expect(read).toEqual({ id, props: updated.outs, inputs: news });
    expect(warnings).toEqual([]);
  });

  test("IQ Server's warnings on a successful move reach the user", async () => {
    const legacy = byName("Legacy Apps");
    const read = await implementation.read(legacy.id, { organizationId: legacy.id } as OrganizationOutputs);
    await implementation.update(legacy.id, read.props as OrganizationOutputs, { name: "Legacy Apps" });
    expect(byName("Legacy Apps").parentOrganizationId).toBe(ROOT_ORGANIZATION_ID);
    expect(warnings).toEqual([
      'IQ Server moved organization "Legacy Apps" with warnings: POLICY_WAIVER: Some policy waivers that were previously inherited no longer apply in the new parent organization.',
    ]);
  });

  test("a move conflict (409) reports IQ Server's errors[] with their types, and changes nothing", async () => {
    const engineering = byName("Engineering");
    const payments = byName("Payments");
    const read = await implementation.read(engineering.id, { organizationId: engineering.id } as OrganizationOutputs);
    const since = lastSeq();
    await expect(
      implementation.update(engineering.id, read.props as OrganizationOutputs, {
        name: "Engineering",
        parentOrganizationId: payments.id,
      }),
    ).rejects.toThrow(
      /Moving IQ Server organization "Engineering" under ".*" failed\. IQ Server refused because of conflicts in the hierarchy: PARENT_HIERARCHY: New parent org Payments cannot be used.*409 Conflict \(PARENT_HIERARCHY\)/,
    );
    // 409 is final: not retried.
    expect(iqRequests(since)).toEqual([
      `PUT /api/v2/organizations/${engineering.id}/move/destination/${payments.id} 409`,
    ]);
    expect(byName("Engineering").parentOrganizationId).toBe(ROOT_ORGANIZATION_ID);
  });
});

describe("read", () => {
  test("drift: a move made in IQ Server shows in the inputs a refresh reports", async () => {
    const { id, outs } = await create({ name: "Platform" });
    const engineering = byName("Engineering");
    await fetch(`${emulator.iqServer.url}/api/v2/organizations/${id}/move/destination/${engineering.id}`, {
      method: "PUT",
      headers: { authorization: `Basic ${Buffer.from("admin:admin123").toString("base64")}` },
    });
    const read = await implementation.read(id, outs as OrganizationOutputs);
    expect(read.inputs).toEqual({ name: "Platform", parentOrganizationId: engineering.id });
    expect(await implementation.diff(id, read.props as OrganizationOutputs, { name: "Platform" })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  test("404: the organization is gone (empty id); get() of an unknown id fails instead", async () => {
    const gone = "0".repeat(32);
    expect(
      await implementation.read(gone, { ...({} as OrganizationOutputs), organizationId: gone, name: "X" }),
    ).toEqual({
      id: "",
    });
    await expect(implementation.read(gone, { name: "" } as OrganizationOutputs)).rejects.toThrow(
      /Organization.get: IQ Server has no organization/,
    );
  });
});

describe("delete", () => {
  test("sends nothing (the API has no delete), leaves the organization and warns", async () => {
    const { id, outs } = await create({ name: "Platform" });
    const since = lastSeq();
    await implementation.delete(id, outs as OrganizationOutputs);
    expect(iqRequests(since)).toEqual([]);
    expect(byName("Platform")).toBeDefined();
    expect(warnings).toEqual([
      expect.stringMatching(
        /^IQ Server organization "Platform" \(\w+\) was not deleted: IQ Server's Organizations REST API cannot delete organizations/,
      ),
    ]);
  });
});

describe("the client", () => {
  test("retries GETs after a 503 and a dropped connection", async () => {
    emulator.faults.failNext(1, { status: 503, match: { tenantId: "iqserver" } });
    emulator.faults.dropNext(1, { match: { tenantId: "iqserver" } });
    const since = lastSeq();
    const { organizations: found } = await getOrganizationsData({ name: "Engineering" }, currentIqServerSettings());
    expect(found.map((o) => o.name)).toEqual(["Engineering"]);
    expect(iqRequests(since)).toEqual([
      "GET /api/v2/organizations 503",
      "GET /api/v2/organizations 0",
      "GET /api/v2/organizations 200",
    ]);
  });

  test("a POST whose response was lost is recovered by name, not sent twice", async () => {
    emulator.faults.dropNext(1, { afterProcessing: true, match: { tenantId: "iqserver", method: "POST" } });
    const since = lastSeq();
    const { id } = await create({ name: "Platform" });
    expect(iqRequests(since)).toEqual(["POST /api/v2/organizations 0", "GET /api/v2/organizations 200"]);
    expect(organizations().filter((o) => o.name === "Platform")).toEqual([expect.objectContaining({ id })]);
  });

  test("a refused password is reported without the password", async () => {
    process.env.IQSERVER_PASSWORD = "wrong-password-123";
    const error = await create({ name: "Platform" }).catch((e: Error) => e);
    expect(String(error)).toMatch(/401 Unauthorized.*check iqserver:username and iqserver:password/);
    expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain(
      "wrong-password-123",
    );
  });

  test("missing settings name the config keys and variables", async () => {
    delete process.env.IQSERVER_URL;
    await expect(create({ name: "Platform" })).rejects.toThrow(/iqserver:url.*IQSERVER_URL/);
  });
});

describe("getOrganizations", () => {
  test("lists every organization (the root without a parent) or the one with a name", async () => {
    const all = await getOrganizationsData({}, currentIqServerSettings());
    expect(all.organizations.map((o) => o.name)).toEqual([
      "Root Organization",
      "Sandbox Organization",
      "Engineering",
      "Payments",
      "Legacy Apps",
    ]);
    expect(all.organizations[0]).toEqual({
      id: ROOT_ORGANIZATION_ID,
      name: "Root Organization",
      tags: expect.arrayContaining([expect.objectContaining({ name: "Hosted", color: "grey" })]),
    });
    expect((await getOrganizationsData({ name: "Payments" }, currentIqServerSettings())).organizations).toEqual([
      expect.objectContaining({ name: "Payments", parentOrganizationId: byName("Engineering").id }),
    ]);
    expect((await getOrganizationsData({ name: "Nope" }, currentIqServerSettings())).organizations).toEqual([]);
  });
});
