import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider/resource";

/**
 * The provider object handed to `pulumi.dynamic.Resource`. Pulumi serializes it (by value, with everything it
 * captures) into the `__provider` field of every resource's state, and re-creates it in the dynamic-provider host.
 * So it captures nothing but the kind name: each method loads the real implementation by package name when it
 * is called, which keeps state small and lets the implementation use zod, undici and module-level caches.
 * `require` resolves from the Pulumi project directory, where `pulumi-qlik` is installed.
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
