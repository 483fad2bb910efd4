/**
 * The shared resource engine: check/diff/create/read/update/delete for any kind described by a `Kind`, over an
 * injected `Connection`. What every kind honours (DESIGN, "Behaviour every resource honours") lives here once:
 * validation that tolerates preview's unknowns, diff without HTTP, managed-input tracking, adoption by natural
 * key, one PATCH with exactly the changed paths, recovery of half-finished creates (ResourceInitError), 404
 * handling, ids checked before they reach a path, and the singleton rule (restore on delete).
 */
import { QlikApiError, QlikRequestError } from "../http";
import type { QlikClient } from "../http/types";
import type { PatchOperation } from "../patch";
import { ResourceInitError, type CheckFailure, type DiffResult, type ResourceImplementation } from "../resource";
import { tenantUrlChanged } from "../tenants/tenantUrl";
import { checkResource } from "../validation";
import type { Connection } from "./connection";
import { assertValidId } from "./ids";
import type { Kind, PatchResult, SingletonLifecycle, Values } from "./kind";
import { managedInputsOf, recordedManagedInputs } from "./managed";
import { recordedTenantUrl } from "./tenant";
import { declareRoleNames, roleFailures } from "./roleCheck";
import {
  adoptionWrites,
  differs,
  fieldNamed,
  inputsFromValues,
  lookupInputs,
  normalizeInputs,
  outputsOf,
  patchFor,
  pendingActions as pendingActionsOf,
  recordedFacts,
  recordedValues,
  valuesOf,
  type RestoreRecord,
} from "./values";

/**
 * How long `check` waits for a kind's tenant-aware checks. The client retries 429s, 5xx and resets for up to its
 * retry deadline (15 minutes by default); a preview must not hang that long on a tenant that does not answer, and
 * need not: create and update check again before they write.
 */
export const CHECK_WITH_TENANT_TIMEOUT_MS = 15_000;

/** `work`'s failures, or none when it fails or takes longer than `ms`. */
async function failuresWithin(work: Promise<CheckFailure[]>, ms: number): Promise<CheckFailure[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckFailure[]>((resolve) => {
    timer = setTimeout(() => resolve([]), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([work.catch(() => []), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How often a PATCH whose outcome was lost is recomputed from a fresh read and sent again. */
const MAX_PATCH_ROUNDS = 3;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure after the request was sent whose outcome is unknown (connection lost, 5xx without a retry). */
export function outcomeUnknown(error: unknown): boolean {
  return (error instanceof QlikApiError || error instanceof QlikRequestError) && error.outcomeUnknown;
}

/** The resource implementation of `kind` over `connection`; `I` and `O` type its inputs and outputs for callers. */
export function resourceOf<Doc, I extends object = Values, O extends object = Values>(
  kind: Kind<Doc>,
  connection: Connection,
): ResourceImplementation<I, O> {
  return engineFor(kind, connection) as unknown as ResourceImplementation<I, O>;
}

function engineFor<Doc>(kind: Kind<Doc>, connection: Connection): ResourceImplementation<Values, Values> {
  const inputKeys = kind.inputKeys;
  const singleton = kind.lifecycle.type === "singleton";
  const checkId = (id: string) => (kind.idInPath ? assertValidId(kind.noun, id, kind.idSegments) : id);
  const patchable = (desired: Values) => kind.patchable?.(desired) ?? (() => true);
  const managedOf = (recorded: Values) => recordedManagedInputs(inputKeys, recorded, connection.defaultTenantUrl());

  /**
   * Sends `operations`. A PATCH that is not safe to repeat (anything but `replace`s) is not retried by the client
   * after an ambiguous failure: the object is read again and what is still needed is recomputed and sent.
   */
  async function sendPatch(
    client: QlikClient,
    id: string,
    operations: PatchOperation[],
    target: Values,
    names: readonly string[],
    props: Values,
  ): Promise<PatchResult<Doc>> {
    let ops = operations;
    for (let round = 1; ; round++) {
      try {
        return await kind.patch(client, id, ops);
      } catch (error) {
        if (!outcomeUnknown(error) || round >= MAX_PATCH_ROUNDS) throw error;
        const doc = await kind.read(client, id, props);
        if (doc === undefined) return "gone";
        ops = patchFor(kind, valuesOf(kind, doc, target), target, names, patchable(target));
        if (ops.length === 0) return { doc };
      }
    }
  }

  /** The fields written by an action (not the PATCH) whose value must change, with their target values. */
  const pendingActions = (current: Values, target: Values, names: readonly string[]) =>
    pendingActionsOf(kind, current, target, names);

  function goneOnUpdate(client: QlikClient, id: string): Error {
    return new Error(
      `The ${kind.noun} ${id} no longer exists in the tenant at ${client.origin} (deleted outside Pulumi?), so it ` +
        "cannot be updated. Run `pulumi refresh` (or `pulumi up --refresh`): the refresh drops it from the stack " +
        "and the next update creates it again.",
    );
  }

  /**
   * Brings an object that exists in Qlik (just created, or adopted) to the desired state: at most one PATCH, then
   * the actions. If a write fails once the object exists, it is reported with its actual state (ResourceInitError)
   * so the engine records it and the next `pulumi up` finishes the job, instead of orphaning it.
   */
  async function converge(
    client: QlikClient,
    doc: Doc,
    desired: Values,
    how: "created" | "adopted",
    restore: RestoreRecord | undefined,
  ): Promise<{ id: string; outs: Values }> {
    const id = kind.idOf(doc);
    const managed = managedInputsOf(inputKeys, desired);
    let current = doc;
    let actual = valuesOf(kind, current, desired);
    let landed = how === "created" || kind.lifecycle.type === "collection";
    const ops = adoptionWrites(kind, doc, desired).operations;
    let step = ops.map((operation) => operation.path.slice(1)).join(", ");
    try {
      if (ops.length > 0) {
        const result = await sendPatch(client, id, ops, desired, managed, desired);
        if (result === "gone") throw goneOnUpdate(client, id);
        landed = true;
        if (result.doc) {
          current = result.doc;
          actual = valuesOf(kind, current, desired);
        } else {
          // 204: every managed field the PATCH writes now has its desired value.
          actual = applied(
            actual,
            desired,
            managed.filter((name) => fieldNamed(kind, name)?.path),
          );
        }
      }
      for (const action of pendingActions(actual, desired, managed)) {
        step = action.field;
        current = await action.write(client, desired[action.field]);
        landed = true;
        actual = valuesOf(kind, current, desired);
      }
    } catch (error) {
      if (!landed) throw error;
      const reason = describe(error);
      // Recorded as Qlik has it, so the next preview shows the managed fields still to set as changes.
      const outs = outputsOf({
        actual,
        inputs: inputsFromValues(kind, actual, desired, managed),
        facts: kind.facts(current),
        tenantUrl: client.origin,
        managed,
        restore,
      });
      throw new ResourceInitError(
        `Qlik ${kind.noun} ${id} was ${how}, but setting ${step} failed: ${reason} It is recorded in the stack; ` +
          "the next `pulumi up` retries the change.",
        id,
        outs,
        [reason],
      );
    }
    return {
      id,
      outs: outputsOf({
        actual,
        inputs: desired,
        facts: kind.facts(current),
        tenantUrl: client.origin,
        managed,
        restore,
      }),
    };
  }

  async function createInCollection(client: QlikClient, desired: Values) {
    const lifecycle = kind.lifecycle;
    if (lifecycle.type !== "collection") throw new Error("unreachable");
    if (desired.adoptExisting === true) {
      const existing = await lifecycle.find(client, desired);
      if (existing) return converge(client, existing, desired, "adopted", undefined);
    }
    let created: Doc;
    try {
      created = await lifecycle.post(client, desired);
    } catch (error) {
      const failure = lifecycle.createFailure(error, desired);
      if (failure instanceof Error) throw failure;
      if (failure !== "conflict") throw error;
      const existing = await lifecycle.find(client, desired);
      if (existing && desired.adoptExisting === true) return converge(client, existing, desired, "adopted", undefined);
      const who = existing ? `${kind.noun} ${kind.idOf(existing)}` : `a ${kind.noun}`;
      throw new Error(
        `Qlik already has ${who} ${lifecycle.describeKey(desired)}. To manage that ${kind.noun} with Pulumi, set ` +
          `\`adoptExisting: true\` on this ${kind.name}; or ${lifecycle.otherKey}. (${describe(error)})`,
        { cause: error },
      );
    }
    return converge(client, created, desired, "created", undefined);
  }

  async function createSingleton(client: QlikClient, desired: Values, lifecycle: SingletonLifecycle<Doc>) {
    const { doc, created } = await lifecycle.adopt(client, desired);
    const found = created ? {} : valuesOf(kind, doc);
    const restore: RestoreRecord = { created, values: {} };
    for (const name of managedInputsOf(inputKeys, desired)) {
      if (fieldNamed(kind, name) && !fieldNamed(kind, name)?.replaces) restore.values[name] = found[name] ?? null;
    }
    return converge(client, doc, desired, created ? "created" : "adopted", restore);
  }

  /** A singleton's target values: the managed inputs, and for fields it stops managing, the values it found. */
  function singletonTarget(desired: Values, released: readonly string[], restore: RestoreRecord | undefined) {
    const target: Values = { ...desired };
    const names: string[] = managedInputsOf(inputKeys, desired);
    for (const name of released) {
      if (!restore || !(name in restore.values)) continue;
      target[name] = restore.values[name] ?? undefined;
      names.push(name);
    }
    return { target, names };
  }

  return {
    async check(olds, news) {
      const result = await checkResource(kind.schema, news);
      if (result.failures) return result as never;
      declareRoleNames(kind, result.inputs as Values, connection);
      const failures = await roleFailures(kind, result.inputs as Values, connection);
      if (kind.checkWithTenant) {
        const work = Promise.resolve().then(() =>
          kind.checkWithTenant!(result.inputs as Values, connection, olds ?? {}),
        );
        failures.push(...(await failuresWithin(work, CHECK_WITH_TENANT_TIMEOUT_MS)));
      }
      return (failures.length > 0 ? { inputs: result.inputs, failures } : result) as never;
    },

    diff: async (_id, olds, news) => diffOf(kind, olds, news, connection.defaultTenantUrl()),

    async create(inputs) {
      const desired = normalizeInputs(kind, inputs);
      const client = connection.client(desired.tenantUrl as string | undefined);
      const lifecycle = kind.lifecycle;
      return lifecycle.type === "collection"
        ? createInCollection(client, desired)
        : createSingleton(client, desired, lifecycle);
    },

    async read(id, props) {
      const lookup = props[kind.idOutput] === undefined;
      checkId(id);
      const client = connection.client(recordedTenantUrl(props));
      const doc = await kind.read(client, id, props);
      if (doc === undefined) {
        // A refresh reports the object gone (empty id). A lookup cannot: the engine (3.248) would record an empty
        // object under the requested id and the program would carry on with the placeholder arguments of `get`.
        if (lookup) throw notFoundForGet(kind, id, client.origin);
        return { id: "" };
      }
      return readOf(kind, props, doc, client.origin, connection.defaultTenantUrl());
    },

    async update(id, olds, news) {
      checkId(id);
      const desired = normalizeInputs(kind, news);
      const client = connection.client(recordedTenantUrl(olds) ?? (desired.tenantUrl as string | undefined));
      const managed = managedInputsOf(inputKeys, desired);
      const before = managedOf(olds);
      let restore = olds.restore as RestoreRecord | undefined;
      // Fields managed from now on: remember what they were, to put it back later. Outputs written before
      // `managedInputs` held only the managed fields, so they do not say what Qlik had for the others.
      if (singleton && Array.isArray(olds.managedInputs)) {
        for (const name of managed) {
          if (before.includes(name) || !fieldNamed(kind, name) || fieldNamed(kind, name)?.replaces) continue;
          restore = { created: restore?.created ?? false, values: { ...restore?.values } };
          restore.values[name] = olds[name] ?? null;
        }
      }
      const released = singleton ? before.filter((name) => !managed.includes(name)) : [];
      const { target, names } = singletonTarget(desired, released, singleton ? restore : undefined);
      // A released field is Qlik's again: delete must not put it back later.
      if (restore && released.some((name) => name in restore!.values)) {
        const values = Object.fromEntries(Object.entries(restore.values).filter(([name]) => !released.includes(name)));
        restore = { ...restore, values };
      }
      const current = recordedValues(kind, olds);
      const ops = patchFor(kind, current, target, names, patchable(desired));

      let doc: Doc | undefined;
      let actual = current;
      if (ops.length > 0) {
        const result = await sendPatch(client, id, ops, target, names, olds);
        if (result === "gone") throw goneOnUpdate(client, id);
        if (result.doc) doc = result.doc;
        actual = doc ? valuesOf(kind, doc, desired) : applied(current, target, names);
      }
      for (const action of pendingActions(actual, target, names)) {
        try {
          doc = await action.write(client, target[action.field]);
          actual = valuesOf(kind, doc, desired);
        } catch (error) {
          if (ops.length === 0) throw error;
          // The PATCH landed: record it, with the action's field as it was before.
          const partial = outputsOf({
            actual,
            inputs: { ...desired, [action.field]: olds[action.field] },
            facts: doc ? kind.facts(doc) : recordedFacts(kind, olds),
            tenantUrl: client.origin,
            managed,
            restore,
          });
          if (olds[action.field] === undefined) delete partial[action.field];
          throw new ResourceInitError(
            `The ${kind.noun} was patched, but setting ${action.field} failed: ${describe(error)}`,
            id,
            partial,
            [describe(error)],
          );
        }
      }
      let facts = doc ? kind.facts(doc) : { ...recordedFacts(kind, olds), [kind.idOutput]: olds[kind.idOutput] ?? id };
      if (!doc && ops.length > 0 && kind.factsAfterPatch) facts = kind.factsAfterPatch(facts, actual);
      const outs = outputsOf({ actual, inputs: desired, facts, tenantUrl: client.origin, managed, restore });
      return { outs };
    },

    async delete(id, props) {
      checkId(id);
      const client = connection.client(recordedTenantUrl(props));
      const lifecycle = kind.lifecycle;
      if (lifecycle.type === "collection") return lifecycle.remove(client, id, props);
      const restore = props.restore as RestoreRecord | undefined;
      // Outputs written before the restore record existed say nothing about what was there before: leave it.
      if (!restore) return;
      if (restore.created && lifecycle.remove) return lifecycle.remove(client);
      if (Object.keys(restore.values).length === 0) return;
      const doc = await kind.read(client, id, props);
      if (doc === undefined) return;
      const names = Object.keys(restore.values);
      const target: Values = {};
      for (const name of names) target[name] = restore.values[name] ?? undefined;
      const current = valuesOf(kind, doc);
      const ops = patchFor(kind, current, target, names);
      if (ops.length > 0 && (await sendPatch(client, id, ops, target, names, props)) === "gone") return;
      for (const action of pendingActions(current, target, names)) await action.write(client, target[action.field]);
    },
  };
}

/**
 * Diff between the recorded outputs and the checked new inputs, without HTTP. Only the inputs the program sets are
 * compared (outputs also hold Qlik's values of the others, which are no change); unknown values always differ. A
 * change of tenant or of a replace-forcing field replaces the object. A singleton that stops managing a field puts
 * back the value it found, which is a change when that differs.
 */
export function diffOf<Doc>(kind: Kind<Doc>, olds: Values, news: Values, defaultTenantUrl?: string): DiffResult {
  const desired = normalizeInputs(kind, news);
  const replaces: string[] = [];
  if (tenantUrlChanged(recordedTenantUrl(olds), desired.tenantUrl, defaultTenantUrl)) replaces.push("tenantUrl");
  for (const field of kind.fields) {
    const value = desired[field.name];
    if (field.replaces && value !== undefined && differs(kind, field.name, olds[field.name], value)) {
      replaces.push(field.name);
    }
  }
  replaces.push(...(kind.extraReplaces?.(olds, desired) ?? []));
  if (replaces.length > 0) {
    if (!kind.deleteBeforeReplace) return { changes: true, replaces };
    return { changes: true, replaces, deleteBeforeReplace: kind.deleteBeforeReplace(olds, desired) };
  }
  const changed = kind.fields.some(
    (field) =>
      !field.replaces &&
      desired[field.name] !== undefined &&
      differs(kind, field.name, olds[field.name], desired[field.name]),
  );
  if (changed || kind.lifecycle.type !== "singleton") return { changes: changed };
  const restore = olds.restore as RestoreRecord | undefined;
  const released = recordedManagedInputs(kind.inputKeys, olds, defaultTenantUrl).filter(
    (name) => desired[name] === undefined && name in (restore?.values ?? {}),
  );
  return { changes: released.some((name) => differs(kind, name, olds[name], restore!.values[name] ?? undefined)) };
}

/**
 * What `read` reports for `doc`, read from the tenant at `origin`: as props, Qlik's value of every field and the
 * facts; as inputs, for a refresh, the inputs recorded as managed with Qlik's values (so drift shows in the next
 * preview), and for a lookup by id (`Resource.get`, whose props lack the id output) every field Qlik has.
 */
export function readOf<Doc>(
  kind: Kind<Doc>,
  props: Values,
  doc: Doc,
  origin: string,
  defaultTenantUrl?: string,
): { id: string; props: Values; inputs: Values } {
  const lookup = props[kind.idOutput] === undefined;
  const actual = valuesOf(kind, doc, props);
  const managed = lookup ? undefined : recordedManagedInputs(kind.inputKeys, props, defaultTenantUrl);
  const inputs = managed ? inputsFromValues(kind, actual, props, managed) : lookupInputs(kind, actual, props);
  const outs = outputsOf({
    actual,
    inputs,
    facts: kind.facts(doc),
    tenantUrl: origin,
    managed: managed ?? managedInputsOf(kind.inputKeys, inputs),
    restore: props.restore as RestoreRecord | undefined,
  });
  return { id: kind.idOf(doc), props: outs, inputs };
}

/** The target values of the patched fields over `current` (a PATCH that answers 204 without the object). */
function applied(current: Values, target: Values, names: readonly string[]): Values {
  const values = { ...current };
  for (const name of names) {
    if (target[name] === undefined) delete values[name];
    else values[name] = target[name];
  }
  return values;
}

function notFoundForGet<Doc>(kind: Kind<Doc>, id: string, origin: string): Error {
  return new Error(
    `${kind.name}.get: the tenant at ${origin} has no ${kind.noun} with id "${id}". Check the id passed to ` +
      `${kind.name}.get (the Qlik ${kind.noun} id, as shown in the management console or returned by the ` +
      `${kind.noun}s API) and the tenant it is read from.`,
  );
}
