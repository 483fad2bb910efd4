/** iqserver.Organization without HTTP: check (zod, unknowns), diff (replace on rename, update on move), mappings. */
import fc from "fast-check";
import { ROOT_ORGANIZATION_ID } from "../../../provider/iqserver/api";
import {
  diffOrganization,
  inputsFromOutputs,
  organizationKind,
  outputsFromApi,
  postBody,
  type OrganizationOutputs,
} from "../../../provider/iqserver/kind";
import { implementation } from "../../../provider/iqserver/organization";
import { setWarningSink } from "../../../provider/engineLog";
import { UNKNOWN } from "../../../provider/unknown";

const recorded = (over: Partial<OrganizationOutputs> = {}): OrganizationOutputs => ({
  organizationId: "a1",
  name: "Platform",
  parentOrganizationId: ROOT_ORGANIZATION_ID,
  tags: [],
  ...over,
});

describe("check", () => {
  test("accepts a name alone, with a parent, and with adoptExisting", async () => {
    for (const news of [
      { name: "Platform" },
      { name: "Payments", parentOrganizationId: "f48b5344fa204a4c88df96b2d455d521" },
      { name: "Platform", adoptExisting: true },
    ]) {
      expect(await implementation.check({}, { ...news, __provider: "shim" })).toEqual({ inputs: news });
    }
  });

  test("ignores the SDK's seeded outputs (undefined)", async () => {
    const news = { name: "Platform", organizationId: undefined, tags: undefined };
    expect(await implementation.check({}, news)).toEqual({ inputs: { name: "Platform" } });
  });

  test.each([
    [{}, "name", /name is required/],
    [{ name: "" }, "name", /name must not be empty/],
    [{ name: " Platform" }, "name", /must not start or end with spaces/],
    [{ name: 42 }, "name", /name must be a string/],
    [{ name: "P", parentOrganizationId: "" }, "parentOrganizationId", /root organization/],
    [{ name: "P", adoptExisting: "yes" }, "adoptExisting", /true or false/],
    [
      { name: "P", description: "x" },
      "description",
      /not an iqserver.Organization input; the inputs are name, parentOrganizationId, adoptExisting/,
    ],
  ])("%j fails on %s", async (news, property, reason) => {
    const result = await implementation.check({}, news as Record<string, unknown>);
    expect(result.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test("a new name is allowed, and check warns that it replaces (the API cannot rename)", async () => {
    const warnings: string[] = [];
    setWarningSink((message) => void warnings.push(message));
    try {
      expect(await implementation.check({ name: "Platform" }, { name: "Platform" })).toEqual({
        inputs: { name: "Platform" },
      });
      expect(await implementation.check({}, { name: "Platform" })).toEqual({ inputs: { name: "Platform" } });
      expect(warnings).toEqual([]);
      expect(await implementation.check({ name: "Platform" }, { name: "Platform Team" })).toEqual({
        inputs: { name: "Platform Team" },
      });
      expect(await implementation.check({ name: "Platform" }, { name: UNKNOWN })).toEqual({
        inputs: { name: UNKNOWN },
      });
    } finally {
      setWarningSink(undefined);
    }
    expect(warnings).toEqual([
      expect.stringMatching(
        /^IQ Server cannot rename organizations: changing name "Platform" to "Platform Team" replaces/,
      ),
    ]);
  });

  test("tolerates unknown values during preview", async () => {
    const news = { name: UNKNOWN, parentOrganizationId: UNKNOWN };
    expect(await implementation.check({}, news)).toEqual({ inputs: news });
  });
});

describe("diff", () => {
  test("no change when name and parent match; an unset parent means the root", () => {
    expect(diffOrganization(recorded(), { name: "Platform" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffOrganization(recorded(), { name: "Platform", parentOrganizationId: ROOT_ORGANIZATION_ID }).changes).toBe(
      false,
    );
    expect(
      diffOrganization(recorded({ parentOrganizationId: "p1" }), { name: "Platform", parentOrganizationId: "p1" })
        .changes,
    ).toBe(false);
  });

  test("adoptExisting alone is no change", () => {
    expect(diffOrganization(recorded(), { name: "Platform", adoptExisting: true }).changes).toBe(false);
  });

  test("a new name replaces (the API cannot rename); create-then-delete, since the new name is free", () => {
    expect(diffOrganization(recorded(), { name: "Platform Team" })).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
    expect(organizationKind.replaceFields).toEqual(["name"]);
  });

  test("a new parent is an in-place move; so is leaving the parent out of an organization below another", () => {
    expect(diffOrganization(recorded(), { name: "Platform", parentOrganizationId: "p1" })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffOrganization(recorded({ parentOrganizationId: "p1" }), { name: "Platform" }).replaces).toEqual([]);
    expect(diffOrganization(recorded({ parentOrganizationId: "p1" }), { name: "Platform" }).changes).toBe(true);
  });

  test("unknown values: an unknown parent may move, an unknown name may replace", () => {
    expect(diffOrganization(recorded(), { name: "Platform", parentOrganizationId: UNKNOWN })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(diffOrganization(recorded(), { name: UNKNOWN }).replaces).toEqual(["name"]);
  });

  test("property: what a refresh reports as inputs diffs as no change against the same outputs", () => {
    const id = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        id,
        fc.option(id, { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        (name, parent, adopt) => {
          const outputs = outputsFromApi(
            { id: "x", name, parentOrganizationId: parent ?? ROOT_ORGANIZATION_ID, tags: [] },
            adopt === undefined ? {} : { adoptExisting: adopt },
          );
          expect(diffOrganization(outputs, inputsFromOutputs(outputs)).changes).toBe(false);
        },
      ),
    );
  });
});

describe("mapping", () => {
  test("POST leaves the parent out for the root organization", () => {
    expect(postBody({ name: "Platform" })).toEqual({ name: "Platform" });
    expect(postBody({ name: "Platform", parentOrganizationId: ROOT_ORGANIZATION_ID })).toEqual({ name: "Platform" });
    expect(postBody({ name: "Payments", parentOrganizationId: "p1" })).toEqual({
      name: "Payments",
      parentOrganizationId: "p1",
    });
  });

  test("outputs carry id, name, actual parent and tags (id, name, description, color)", () => {
    const outputs = outputsFromApi(
      {
        id: "a1",
        name: "Platform",
        parentOrganizationId: "p1",
        tags: [{ id: "t1", name: "Hosted", description: "Hosted apps", color: "grey" }],
      },
      { adoptExisting: true },
    );
    expect(outputs).toEqual({
      organizationId: "a1",
      name: "Platform",
      parentOrganizationId: "p1",
      tags: [{ id: "t1", name: "Hosted", description: "Hosted apps", color: "grey" }],
      adoptExisting: true,
    });
    expect(inputsFromOutputs(outputs)).toEqual({ name: "Platform", parentOrganizationId: "p1", adoptExisting: true });
    expect(inputsFromOutputs(recorded())).toEqual({ name: "Platform" });
  });
});
