import { keepingProviderOnInitErrors, resourceImplementation } from "../../../provider";
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

  it("names an unknown resource kind and the fix", () => {
    expect(() => resourceImplementation("Dashboard" as never)).toThrow(
      /no resource kind "Dashboard".*upgrade pulumi-qlik/,
    );
  });
});
