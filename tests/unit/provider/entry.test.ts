import { configure, keepingProviderOnInitErrors, resourceImplementation } from "../../../provider";
import { ResourceInitError, type ResourceImplementation } from "../../../provider/resource";

function failing(error: Error): ResourceImplementation {
  const reject = () => Promise.reject(error);
  return { check: reject, diff: reject, create: reject, read: reject, update: reject, delete: reject };
}

describe("the provider entry", () => {
  it("adds the engine's __provider to init errors from create and update, so the object stays manageable", async () => {
    const wrapped = keepingProviderOnInitErrors(
      failing(new ResourceInitError("half done", "u1", { subject: "s" }, ["PATCH failed"])),
    );
    await expect(wrapped.create({ subject: "s", __provider: "shim" } as never)).rejects.toMatchObject({
      id: "u1",
      properties: { subject: "s", __provider: "shim" },
    });
    await expect(wrapped.update("u1", {} as never, { __provider: "shim2" } as never)).rejects.toMatchObject({
      properties: { __provider: "shim2" },
    });
  });

  it("passes other errors through untouched", async () => {
    const plain = new Error("409");
    await expect(keepingProviderOnInitErrors(failing(plain)).create({ __provider: "shim" } as never)).rejects.toBe(
      plain,
    );
  });

  it("reports a malformed qlik:tenants at check time, naming the key and the fix", async () => {
    const config: Record<string, string> = { "qlik:tenants": '{"https://a.eu.qlikcloud.com": {"apiKey": ""}}' };
    configure({ config: { get: (key) => config[key] } });
    try {
      const result = await resourceImplementation("Group").check({}, { name: "g" });
      expect(result.failures).toContainEqual({
        property: "qlik:tenants",
        reason: expect.stringMatching(
          /qlik:tenants\["https:\/\/a\.eu\.qlikcloud\.com"\]\.apiKey must be a non-empty string/,
        ),
      });
    } finally {
      configure({ config: { get: () => undefined } });
    }
    expect((await resourceImplementation("Group").check({}, { name: "g" })).failures ?? []).toEqual([]);
  });

  it("names an unknown resource kind and the fix", () => {
    expect(() => resourceImplementation("Dashboard" as never)).toThrow(
      /no resource kind "Dashboard".*upgrade pulumi-qlik/,
    );
  });
});
