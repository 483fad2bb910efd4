import { applyJsonPatch, JsonPatchError, type JsonValue, type PatchOperation } from "../../emulator/core/json-patch";

const doc = (): Record<string, JsonValue> => ({ a: 1, list: ["x", "y"], nested: { "s/l": 1, "t~i": 2 } });

describe("RFC 6902 JSON Patch", () => {
  test("add / remove / replace / move / copy / test", () => {
    const ops: PatchOperation[] = [
      { op: "add", path: "/b", value: { c: [1] } },
      { op: "add", path: "/list/1", value: "inserted" },
      { op: "add", path: "/list/-", value: "end" },
      { op: "replace", path: "/a", value: 2 },
      { op: "remove", path: "/nested/s~1l" },
      { op: "move", from: "/nested/t~0i", path: "/moved" },
      { op: "copy", from: "/b/c", path: "/copied" },
      { op: "test", path: "/copied", value: [1] },
    ];
    expect(applyJsonPatch(doc(), ops)).toEqual({
      a: 2,
      b: { c: [1] },
      list: ["x", "inserted", "y", "end"],
      nested: {},
      moved: 2,
      copied: [1],
    });
  });

  test("is atomic and never mutates the input", () => {
    const original = doc();
    expect(() =>
      applyJsonPatch(original, [
        { op: "replace", path: "/a", value: 9 },
        { op: "remove", path: "/missing" },
      ]),
    ).toThrow(JsonPatchError);
    expect(original).toEqual(doc());
  });

  test.each<[string, PatchOperation]>([
    ["replace of a missing member", { op: "replace", path: "/missing", value: 1 }],
    ["remove of a missing member", { op: "remove", path: "/missing" }],
    ["index out of range", { op: "add", path: "/list/5", value: 1 }],
    ["non-numeric index", { op: "replace", path: "/list/first", value: 1 }],
    ["leading zero index", { op: "replace", path: "/list/01", value: 1 }],
    ["missing parent", { op: "add", path: "/nope/child", value: 1 }],
    ["not a pointer", { op: "add", path: "a", value: 1 }],
    ["bad escape", { op: "add", path: "/a~2", value: 1 }],
    ["move into own child", { op: "move", from: "/nested", path: "/nested/inner" }],
    ["whole-document replace", { op: "replace", path: "", value: {} }],
  ])("rejects %s", (_name, op) => {
    expect(() => applyJsonPatch(doc(), [op])).toThrow(JsonPatchError);
  });

  test("a failing test is reported as such", () => {
    try {
      applyJsonPatch(doc(), [{ op: "test", path: "/a", value: 2 }]);
      throw new Error("should have failed");
    } catch (error) {
      expect(error).toBeInstanceOf(JsonPatchError);
      expect((error as JsonPatchError).testFailed).toBe(true);
      expect((error as JsonPatchError).index).toBe(0);
    }
  });
});
