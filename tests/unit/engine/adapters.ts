/**
 * The engine's pure functions, bound to one kind, under the shapes the per-kind unit tests use (diff, patch
 * operations, outputs, refresh translation, POST body), so those tests state each kind's behaviour directly.
 */
import { diffOf, readOf } from "../../../provider/engine/engine";
import type { Kind, Values } from "../../../provider/engine/kind";
import { managedInputsOf } from "../../../provider/engine/managed";
import {
  normalizeInputs,
  outputsOf,
  patchFor,
  recordedFacts,
  recordedValues,
  valuesOf,
} from "../../../provider/engine/values";
import type { QlikClient, RequestOptions } from "../../../provider/http/types";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function adapters<Doc>(kind: Kind<Doc>, defaultOrigin: string) {
  const normalize = (inputs: object) => normalizeInputs(kind, inputs as Values);
  const managedInputs = (inputs: object) => managedInputsOf(kind.inputKeys, inputs as Values);
  return {
    diff: (olds: object, news: object, defaultTenantUrl?: string): Any =>
      diffOf(kind, olds as Values, news as Values, defaultTenantUrl),
    normalize: (inputs: object): Any => normalize(inputs),
    managedInputs,
    /** Outputs from Qlik's values, the applied inputs, the facts (with the tenant as `tenantUrl`) and managedInputs. */
    outputs: (actual: object, inputs: object, facts: Values, managed: readonly string[]): Any => {
      const { tenantUrl, ...rest } = facts;
      return outputsOf({
        actual: actual as Values,
        inputs: normalize(inputs),
        facts: rest,
        tenantUrl: (tenantUrl as string | undefined) ?? defaultOrigin,
        managed,
      });
    },
    valuesFromApi: (doc: Doc, written: object = {}): Any => valuesOf(kind, doc, written as Values),
    facts: (doc: Doc, origin: string): Any => ({ ...kind.facts(doc), tenantUrl: origin }),
    patchOperations: (current: object, desired: object): Any[] => {
      const wanted = normalize(desired);
      return patchFor(
        kind,
        current as Values,
        wanted,
        managedInputsOf(kind.inputKeys, wanted),
        kind.patchable?.(wanted),
      );
    },
    /** The patchable fields as the PATCH document has them (for applying the operations). */
    patchDocument: (values: object): Any => {
      const document: Values = {};
      for (const field of kind.fields) {
        const value = (values as Values)[field.name];
        if (!field.path || value === undefined) continue;
        document[field.path.slice(1)] = field.toApi ? field.toApi(value) : value;
      }
      return document;
    },
    read: (props: object, doc: Doc, origin: string = defaultOrigin): Any => readOf(kind, props as Values, doc, origin),
    inputsFromApi: (recorded: object, doc: Doc): Any => readOf(kind, recorded as Values, doc, defaultOrigin).inputs,
    recordedValues: (olds: object): Any => recordedValues(kind, olds as Values),
    recordedFacts: (olds: object, id: string): Any => ({
      [kind.idOutput]: (olds as Values)[kind.idOutput] ?? id,
      ...recordedFacts(kind, olds as Values),
    }),
    /** The body the kind's create POSTs for `inputs`. */
    postBody: async (inputs: object): Promise<unknown> => {
      if (kind.lifecycle.type !== "collection") throw new Error(`${kind.name} is not created with a POST`);
      let body: unknown;
      const client = fakeClient(async (options) => {
        body = options.body;
        return { id: "new1", ...(options.body as object) };
      });
      await kind.lifecycle.post(client, normalize(inputs));
      return body;
    },
  };
}

/** A client whose every request is answered by `answer` (status 200). */
export function fakeClient(answer: (options: RequestOptions<unknown>) => Promise<unknown>): QlikClient {
  return {
    origin: "https://fake.example",
    stats: { requests: 0, rateLimited: 0, retries: 0, byTier: { tier1: 0, tier2: 0, special: 0 } },
    async request<T>(options: RequestOptions<T>) {
      const body = await answer(options as RequestOptions<unknown>);
      return { status: 200, headers: {}, body: (options.schema ? options.schema.parse(body) : body) as T };
    },
    paginate: () => {
      throw new Error("not used");
    },
  };
}
