/**
 * Why a resource's constructor silences stack traces around `super(...)` (see `dynamicResource`).
 *
 * `@pulumi/pulumi` registers a resource synchronously inside its constructor, and for every property of the
 * resource (each declared output, each input, `__provider`) it makes four promises that each record
 * `new Error().stack` for its promise-leak report (`runtime/debuggable.js`). Under the language host,
 * `source-map-support` formats every one of those stacks frame by frame: for a User (16 properties, 64 stacks)
 * that was ~5 ms of CPU per resource, and since a program declares its resources in one synchronous loop, 2,000
 * users kept the language host busy for ~13 s before the engine received the first registration (measured through
 * the real CLI, BENCHMARKS.md "Through the real CLI at scale").
 *
 * With `Error.stackTraceLimit` at 0 those stacks are empty and cost nothing. What the engine records is unchanged:
 * `Resource.stackTrace()` (the resource's `sourcePosition` and `stackTrace` in state) sets the limit to Infinity
 * for its own capture and puts ours back. Only the leak report, which Pulumi prints when a program exits with
 * promises still pending, loses the stack of these promises; their context still names the resource and property.
 */

/**
 * Sets `Error.stackTraceLimit` to 0; the returned function puts the previous value back (once; later calls do
 * nothing). Should `super(...)` throw before the class calls it, the next tick puts the value back, so an error
 * thrown by a resource's registration never leaves the program without stack traces.
 */
export function silenceStackTraces(): () => void {
  const limit = Error.stackTraceLimit;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    Error.stackTraceLimit = limit;
  };
  Error.stackTraceLimit = 0;
  process.nextTick(restore);
  return restore;
}
