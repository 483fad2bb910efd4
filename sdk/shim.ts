import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider/resource";

/**
 * The provider object of one kind, the exports of its own module `sdk/providers/<Kind>` (`iqserver:Organization`
 * lives in `sdk/providers/iqserver/Organization`), each a one-liner `export = providerShim("<Kind>")`. It
 * captures nothing but the kind name: each method loads the real implementation by package name when it is
 * called, so the implementation can use zod, undici and module-level caches. `require` resolves from the Pulumi
 * project directory, where `pulumi-qlik` is installed. The `configure` and `resourceImplementation` exports of
 * `pulumi-qlik/provider` are what the `__provider` of existing stacks calls: they stay.
 */
export function providerShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    // configure assigns synchronously: the host may call CRUD methods before awaiting the returned promise.
    configure: async (request) => require("pulumi-qlik/provider").configure(request),
    check: (olds, news) => require("pulumi-qlik/provider").resourceImplementation(kind).check(olds, news),
    diff: (id, olds, news) => require("pulumi-qlik/provider").resourceImplementation(kind).diff(id, olds, news),
    create: (inputs) => require("pulumi-qlik/provider").resourceImplementation(kind).create(inputs),
    read: (id, props) => require("pulumi-qlik/provider").resourceImplementation(kind).read(id, props),
    update: (id, olds, news) => require("pulumi-qlik/provider").resourceImplementation(kind).update(id, olds, news),
    delete: (id, props) => require("pulumi-qlik/provider").resourceImplementation(kind).delete(id, props),
  };
}

/**
 * The package path of `kind`'s provider module, through package.json's `./providers/*` export.
 */
export function providerModuleName(kind: ResourceKind): string {
  return `pulumi-qlik/providers/${kind.replace(":", "/")}`;
}

/**
 * The `__provider` of `kind`'s resources, stored in the inputs and outputs of each of them: a CommonJS module
 * whose `handler()` returns the provider, loaded by package name.
 *
 * That is the whole contract between a dynamic resource and the Node.js dynamic-provider host: the host loads
 * the text with `require-from-string` and calls `.handler()` on its exports (`getProvider` in @pulumi/pulumi's
 * `cmd/dynamic-provider`, unchanged from 3.248 to 3.276). `pulumi.dynamic.Resource` gets such a module from its
 * closure serializer, which for a provider that is a module's exports under `node_modules` emits
 * `const provider = require("…")` wrapped in ~200 bytes of closure boilerplate (266 bytes in all), and for a
 * symlinked checkout serializes the seven methods by value (2.3 kB). This one line is the same module reference
 * without the wrapper, whatever the install: ~60 bytes. Each stack's existing `__provider` (the serializer's,
 * including 0.1.0's by-value shim and the `pulumi-qlik/dist/sdk/providers/<Kind>.js` spelling of
 * @pulumi/pulumi 3.248) keeps working: the modules and `pulumi-qlik/provider` it requires stay.
 */
export function providerModuleText(kind: ResourceKind): string {
  return `exports.handler = () => require(${JSON.stringify(providerModuleName(kind))});`;
}
