import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../../provider/resource";
import { providerModuleText } from "../shim";
import { silenceStackTraces } from "./stackTraces";

/**
 * What every pulumi-qlik resource class hands to `pulumi.CustomResource`: the type token and the properties of
 * a dynamic resource, as `pulumi.dynamic.Resource` would build them (`pulumi-nodejs:dynamic/<module>:<Name>`,
 * the declared outputs seeded as `undefined` so the engine fills them from the provider's outs, and
 * `__provider`: the text the Node.js dynamic-provider host loads the provider from).
 *
 * The classes extend `CustomResource` directly, not `dynamic.Resource`, because of where the engine's
 * `sourcePosition` and `stackTrace` start. `Resource`'s constructor skips a fixed number of frames of its own
 * call stack: itself, `CustomResource` and one concrete class (see `Resource.stackTrace(4)` in
 * @pulumi/pulumi's resource.js). A class below `dynamic.Resource` is one frame deeper than that, and one below
 * a shared base class two: the recorded position was pulumi-qlik's own base class, and every resource's
 * stack trace in the state carried our two constructors' frames too. One class directly below
 * `CustomResource` puts the position on the program's `new qlik.User(...)` line.
 *
 * From here until the class calls `registered()` right after `super(...)`, stack traces are silenced: the
 * registration's per-property promise stacks are Pulumi's costliest work per resource (see stackTraces.ts).
 */
export function dynamicResource(
  kind: ResourceKind,
  args: object,
  outputNames: readonly string[],
): { type: string; props: pulumi.Inputs; registered: () => void } {
  if (Object.prototype.hasOwnProperty.call(args, "__provider"))
    throw new Error(
      `${kind}: "__provider" is reserved (pulumi-qlik sets it to load its provider); remove it from the arguments.`,
    );
  const [module, name] = kind.includes(":") ? kind.split(":") : ["qlik", kind];
  const props: Record<string, unknown> = {};
  for (const output of outputNames) props[output] = undefined;
  return {
    type: `pulumi-nodejs:dynamic/${module}:${name}`,
    props: { ...props, ...args, __provider: providerModuleText(kind) },
    registered: silenceStackTraces(),
  };
}
