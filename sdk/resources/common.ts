import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../../provider/resource";
import { kindProvider } from "../shim";
import { silenceStackTraces } from "./stackTraces";

/**
 * Base of every pulumi-qlik resource: a dynamic resource with module `qlik` (type token
 * `pulumi-nodejs:dynamic/qlik:<Kind>`), whose declared outputs are seeded as `undefined` so the engine
 * fills them from the provider's outs.
 */
export abstract class QlikResource extends pulumi.dynamic.Resource {
  protected constructor(
    kind: ResourceKind,
    name: string,
    args: object,
    outputNames: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    const props: Record<string, unknown> = {};
    for (const output of outputNames) props[output] = undefined;
    // Registration's per-property promise stacks are Pulumi's costliest work per resource: see stackTraces.ts.
    const restore = silenceStackTraces();
    try {
      // A fresh object every time: the base constructor writes `__provider` into it.
      super(kindProvider(kind), name, { ...props, ...args }, opts, "qlik", kind);
    } finally {
      restore();
    }
  }
}
