/**
 * A resource's constructor formats one stack — the one `@pulumi/pulumi` records as the resource's source position
 * — instead of one per promise its registration makes (four per property: 64 for a User, each formatted by
 * source-map-support under the language host, ~5 ms per resource). See sdk/resources/stackTraces.ts.
 */
import * as pulumi from "@pulumi/pulumi";

type Sdk = typeof import("../../../sdk");
let qlik: Sdk;
const created: pulumi.CustomResource[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
    "qlik-stack-traces",
    "test",
    false,
  );
  // Loaded after setMocks so that the classes register against the mock monitor.
  qlik = require("../../../sdk");
});

// The registrations (serializing __provider among them) finish before the environment goes away.
afterAll(() => Promise.all(created.map((resource) => new Promise((resolve) => resource.id.apply(resolve)))));

/** How many stacks with at least one frame were formatted while `construct` ran. */
function formattedStacks(construct: () => pulumi.CustomResource): number {
  const previous = Error.prepareStackTrace;
  let stacks = 0;
  Error.prepareStackTrace = (error, frames) => {
    if (frames.length > 0) stacks++;
    return previous ? previous(error, frames) : `${error}\n${frames.map((frame) => `    at ${frame}`).join("\n")}`;
  };
  try {
    created.push(construct());
  } finally {
    Error.prepareStackTrace = previous;
  }
  return stacks;
}

test.each([
  ["User", () => new qlik.User("stack-user", { subject: "auth0|stack", name: "Stack" })],
  ["Group", () => new qlik.Group("stack-group", { name: "Stack group" })],
  ["iqserver.Organization", () => new qlik.iqserver.Organization("stack-org", { name: "Stack org" })],
])("%s: constructing it formats one stack, the source position's", (_kind, construct) => {
  expect(formattedStacks(construct)).toBe(1);
});

test("Error.stackTraceLimit is back to its value after a constructor; after one that throws, by the next tick", async () => {
  const limit = Error.stackTraceLimit;
  created.push(new qlik.User("limit-user", { subject: "auth0|limit" }));
  expect(Error.stackTraceLimit).toBe(limit);
  // @pulumi/pulumi's Resource refuses a resource without a name, from inside `super(...)`.
  expect(() => new qlik.User("", { subject: "auth0|x" })).toThrow(/name/);
  await new Promise((resolve) => process.nextTick(resolve));
  expect(Error.stackTraceLimit).toBe(limit);
});

test("__provider in the arguments is refused with the property and the fix, before anything is registered", () => {
  const limit = Error.stackTraceLimit;
  expect(() => new qlik.User("provider-user", { subject: "auth0|x", __provider: "x" } as never)).toThrow(
    /User: "__provider" is reserved .* remove it from the arguments/,
  );
  expect(Error.stackTraceLimit).toBe(limit);
});
