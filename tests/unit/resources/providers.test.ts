/**
 * Each kind's provider is the exports of its own module (sdk/providers/<Kind>). A resource's `__provider` is a
 * one-line module whose `handler()` requires it by package name, and package.json must export the modules so
 * that `require("pulumi-qlik/providers/<Kind>")` works (stacks written before hold the closure serializer's
 * references to the same modules).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceKind } from "../../../provider/resource";
import { providerModuleName, providerModuleText } from "../../../sdk/shim";

// Keyed by ResourceKind: a new kind does not type-check here until it has its module (sdk/providers/<Kind>.ts,
// one line: `export = providerShim("<Kind>")`).
const kindModules = {
  User: true,
  Group: true,
  GroupSettings: true,
  TenantSettings: true,
  Tenant: true,
  Space: true,
  SpaceAssignment: true,
  Role: true,
  GroupMembers: true,
  "iqserver:Organization": true,
} satisfies Record<ResourceKind, true>;
const kinds = Object.keys(kindModules) as ResourceKind[];
const methods = ["configure", "check", "diff", "create", "read", "update", "delete"];

/** Loads `__provider` as the dynamic-provider host does (a CommonJS module; `.handler()`), resolving by package name. */
function loadAsHost(text: string, resolve: (name: string) => unknown): unknown {
  const module = { exports: {} as { handler?: () => unknown } };
  new Function("exports", "require", "module", text)(module.exports, resolve, module);
  return module.exports.handler!();
}

test.each(kinds)(
  "%s: __provider is one line whose handler() is the kind module's exports, with every method",
  (kind) => {
    const modulePath = require.resolve(`../../../sdk/providers/${kind.replace(":", "/")}`);
    const text = providerModuleText(kind);
    const required: string[] = [];
    const provider = loadAsHost(text, (name) => {
      required.push(name);
      return require(modulePath);
    }) as Record<string, unknown>;
    expect(required).toEqual([providerModuleName(kind)]);
    expect(providerModuleName(kind)).toBe(`pulumi-qlik/providers/${kind.replace(":", "/")}`);
    expect(require.cache[modulePath]?.exports).toBe(provider);
    expect(Object.keys(provider).sort()).toEqual([...methods].sort());
    expect(text.length).toBeLessThanOrEqual(80);
  },
);

test("every module under sdk/providers is a kind's provider", () => {
  const dir = path.resolve(__dirname, "../../../sdk/providers");
  const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  expect(files.map((file) => file.replace(/\.ts$/, "").replace(path.sep, ":")).sort()).toEqual([...kinds].sort());
});

test("package.json exports the provider modules by package name, and by file path after it", () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8"));
  const keys = Object.keys(manifest.exports);
  expect(manifest.exports["./providers/*"]).toBe("./dist/sdk/providers/*.js");
  // @pulumi/pulumi up to at least 3.248 names the module by its file path when the project's own path contains
  // "pulumi-qlik" (it looks the package up with indexOf): that spelling must resolve too. Listed second, so that
  // newer releases, which pick the first export that matches the file, keep the short name.
  expect(manifest.exports["./dist/sdk/providers/*.js"]).toBe("./dist/sdk/providers/*.js");
  expect(keys.indexOf("./providers/*")).toBeLessThan(keys.indexOf("./dist/sdk/providers/*.js"));
});
