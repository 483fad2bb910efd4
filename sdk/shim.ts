import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider/resource";

/**
 * The provider object of one kind. Pulumi serializes it (by value, with everything it captures) into the
 * `__provider` field of every resource's state, and re-creates it in the dynamic-provider host. So it captures
 * nothing but the kind name: each method loads the real implementation by package name when it is called, which
 * keeps state small and lets the implementation use zod, undici and module-level caches. `require` resolves from
 * the Pulumi project directory, where `pulumi-qlik` is installed. The `configure` and `resourceImplementation`
 * exports of `pulumi-qlik/provider` are what the `__provider` of existing stacks calls: they stay.
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
 * The provider of `kind`: the exports of its own module, `sdk/providers/<Kind>` (`iqserver:Organization` lives in
 * `sdk/providers/iqserver/Organization`), each a one-liner `export = providerShim("<Kind>")`. Pulumi's closure
 * serializer finds a captured value that is a module's exports in `require.cache`, and when that module is under
 * `node_modules` (pulumi-qlik installed from the registry or a tarball) it emits `require("pulumi-qlik/providers/<Kind>")`
 * (through package.json's `./providers/*` export) instead of serializing the seven methods: ~270 bytes of
 * `__provider` instead of ~2,300. (@pulumi/pulumi 3.248 spells it `pulumi-qlik/dist/sdk/providers/<Kind>.js` when
 * the project's path contains "pulumi-qlik": package.json exports that path too.) From a symlinked checkout the module is outside `node_modules` and is
 * serialized by value, as before.
 */
export function kindProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return require(`./providers/${kind.replace(":", "/")}`);
}
