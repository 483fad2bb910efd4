/**
 * RFC 6902 JSON Patch with RFC 6901 pointers, applied atomically to a copy of the document. Followed to the
 * letter, like the Go and Node libraries real services use: `replace` and `remove` need an existing target,
 * `add` creates or overwrites, array indexes must be in range, `-` appends, a failing `test` aborts everything.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface PatchOperation {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  value?: unknown;
  from?: string;
}

export class JsonPatchError extends Error {
  constructor(
    message: string,
    /** Index of the failing operation in the patch array. */
    readonly index: number,
    /** True when a `test` operation failed (a conflict rather than a malformed patch). */
    readonly testFailed = false,
  ) {
    super(message);
  }
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`"${pointer}" is not a JSON Pointer (must start with "/")`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => {
      if (/~[^01]|~$/.test(token)) throw new Error(`invalid escape in JSON Pointer "${pointer}"`);
      return token.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

function isContainer(value: unknown): value is JsonValue[] | Record<string, JsonValue> {
  return typeof value === "object" && value !== null;
}

function arrayIndex(token: string, length: number, allowEnd: boolean, pointer: string): number {
  if (allowEnd && token === "-") return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new Error(`"${token}" is not an array index in "${pointer}"`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length))
    throw new Error(`index ${index} is out of range in "${pointer}"`);
  return index;
}

/** The container holding the pointer's last token, and that token. */
function parentOf(doc: JsonValue, pointer: string): { parent: JsonValue[] | Record<string, JsonValue>; token: string } {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new Error("operations on the whole document are not supported");
  let current: JsonValue = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[arrayIndex(token, current.length, false, pointer)];
    else if (isContainer(current) && Object.prototype.hasOwnProperty.call(current, token)) current = current[token];
    else throw new Error(`path "${pointer}" does not exist`);
  }
  if (!isContainer(current)) throw new Error(`path "${pointer}" does not exist`);
  return { parent: current, token: tokens[tokens.length - 1] };
}

function getAt(doc: JsonValue, pointer: string): JsonValue {
  const tokens = parsePointer(pointer);
  let current: JsonValue = doc;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[arrayIndex(token, current.length, false, pointer)];
    else if (isContainer(current) && Object.prototype.hasOwnProperty.call(current, token)) current = current[token];
    else throw new Error(`path "${pointer}" does not exist`);
  }
  return current;
}

function add(doc: JsonValue, pointer: string, value: JsonValue): void {
  const { parent, token } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(token, parent.length, true, pointer), 0, value);
  else parent[token] = value;
}

function remove(doc: JsonValue, pointer: string): JsonValue {
  const { parent, token } = parentOf(doc, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(token, parent.length, false, pointer), 1)[0];
  if (!Object.prototype.hasOwnProperty.call(parent, token)) throw new Error(`path "${pointer}" does not exist`);
  const old = parent[token];
  delete parent[token];
  return old;
}

function replace(doc: JsonValue, pointer: string, value: JsonValue): void {
  const { parent, token } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent[arrayIndex(token, parent.length, false, pointer)] = value;
  else if (Object.prototype.hasOwnProperty.call(parent, token)) parent[token] = value;
  else throw new Error(`path "${pointer}" does not exist (use "add" to create it)`);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isContainer(a) && isContainer(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k as never], b[k as never]))
    );
  }
  return false;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Applies every operation to a copy of `doc` and returns it; throws JsonPatchError and leaves `doc` untouched. */
export function applyJsonPatch<T extends Record<string, JsonValue>>(doc: T, operations: PatchOperation[]): T {
  const working = clone(doc) as JsonValue;
  operations.forEach((operation, index) => {
    try {
      switch (operation.op) {
        case "add":
          add(working, operation.path, clone(operation.value as JsonValue));
          break;
        case "remove":
          remove(working, operation.path);
          break;
        case "replace":
          replace(working, operation.path, clone(operation.value as JsonValue));
          break;
        case "move": {
          const from = operation.from as string;
          if (operation.path.startsWith(from + "/")) throw new Error(`cannot move "${from}" into its own child`);
          const value = remove(working, from);
          add(working, operation.path, value);
          break;
        }
        case "copy":
          add(working, operation.path, clone(getAt(working, operation.from as string)));
          break;
        case "test":
          if (!deepEqual(getAt(working, operation.path), operation.value)) {
            throw new JsonPatchError(`test failed: the value at "${operation.path}" differs`, index, true);
          }
          break;
      }
    } catch (error) {
      if (error instanceof JsonPatchError) throw error;
      throw new JsonPatchError(
        `operation ${index} (${operation.op} ${operation.path}): ${(error as Error).message}`,
        index,
      );
    }
  });
  return working as T;
}
