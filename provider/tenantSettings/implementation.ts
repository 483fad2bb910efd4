/**
 * The TenantSettings resource: check/diff/create/read/update/delete over an injected connection, so the
 * behaviour can be exercised against any QlikClient (the shared client in the host, fakes in unit tests).
 */
import type { QlikClient } from "../http/types";
import { ResourceInitError, type ResourceImplementation } from "../resource";
import { checkResource } from "../validation";
import { deleteDocument, getDocument, patchDocument, postDocument, toggleInference } from "./api";
import {
  createBody,
  diffTenantSettings,
  documentFieldsIn,
  documentPatch,
  documentValuesOf,
  fieldsReported,
  inputsFromOutputs,
  managedFieldsIn,
  observeDocument,
  settingsOutputs,
  type ManagedField,
  type SettingsDocument,
} from "./logic";
import {
  tenantSettingsSchema,
  type CrossRegionInference,
  type TenantSettingsInputs,
  type TenantSettingsOutputs,
} from "./schema";

export interface Connection {
  /** A client for the tenant at `tenantUrl`, or at the stack's default tenant URL when it is undefined. */
  client(tenantUrl?: string): QlikClient;
  /** The stack's default tenant URL, if any; never throws. */
  defaultTenantUrl(): string | undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The toggle value update must send, if any: a changed or newly managed flag; a dropped one returns to off. */
function inferenceToggle(
  old: CrossRegionInference | undefined,
  wanted: CrossRegionInference | undefined,
): boolean | undefined {
  if (wanted !== undefined) return old === undefined || old.enabled !== wanted.enabled ? wanted.enabled : undefined;
  return old?.enabled === true ? false : undefined;
}

export function tenantSettingsImplementation(
  connection: Connection,
): ResourceImplementation<TenantSettingsInputs, TenantSettingsOutputs> {
  return {
    check: (_olds, news) => checkResource(tenantSettingsSchema, news),

    async diff(_id, olds, news) {
      return diffTenantSettings(
        olds as unknown as Record<string, unknown>,
        news as unknown as Record<string, unknown>,
        connection.defaultTenantUrl(),
      );
    },

    /**
     * Adopts the tenant's document when there is one (one PATCH with only the differing paths, none if equal);
     * otherwise POSTs it, or lets the inference toggle create it when POST has nothing it accepts. Inference is
     * then toggled if it differs. Once a write has landed, a failure is a ResourceInitError: the document is
     * recorded in state, not orphaned, and the next `pulumi up` finishes the job.
     */
    async create(inputs) {
      const client = connection.client(inputs.tenantUrl);
      const tenantUrl = client.origin;
      const managed = managedFieldsIn(inputs);
      const consent = inputs.crossRegionInference?.consentVerified;
      const outputs = (doc: SettingsDocument) => settingsOutputs(observeDocument(doc), managed, tenantUrl, consent);

      let doc = await getDocument(client);
      let landed: SettingsDocument | undefined;
      try {
        if (doc === undefined) {
          const body = createBody(inputs);
          // POST needs preferredStartPage or customizeNoAccess. Without them the toggle creates the document:
          // with the wanted inference value, or with Qlik's default (off) when inference is not managed.
          doc = body
            ? await postDocument(client, body)
            : await toggleInference(client, inputs.crossRegionInference?.enabled ?? false);
          landed = doc;
        }
        const ops = documentPatch(observeDocument(doc).values, documentValuesOf(inputs), documentFieldsIn(inputs));
        if (ops.length > 0) {
          doc = await patchOrFail(client, ops);
          landed = doc;
        }
        const wanted = inputs.crossRegionInference;
        if (wanted !== undefined && observeDocument(doc).inferenceEnabled !== wanted.enabled) {
          doc = await toggleInference(client, wanted.enabled);
          landed = doc;
        }
      } catch (error) {
        if (landed === undefined) throw error;
        throw new ResourceInitError(
          `The tenant settings (document ${landed.id}) were written but not fully brought to the desired state: ` +
            `${describe(error)} The resource is recorded in the stack; the next \`pulumi up\` completes it.`,
          landed.id,
          outputs(landed),
          [describe(error)],
        );
      }
      return { id: doc.id, outs: outputs(doc) };
    },

    /** GET; a tenant without a document means the resource is gone. Returns the observed values as inputs too. */
    async read(_id, props) {
      const client = connection.client(props.tenantUrl);
      const doc = await getDocument(client);
      if (doc === undefined) return { id: "" };
      const observed = observeDocument(doc);
      const named = managedFieldsIn(props);
      const managed: ManagedField[] = named.length > 0 ? named : fieldsReported(observed);
      const outs = settingsOutputs(observed, managed, client.origin, props.crossRegionInference?.consentVerified);
      const inputs = inputsFromOutputs(outs, connection.defaultTenantUrl());
      return { id: doc.id, props: outs, inputs: inputs as TenantSettingsInputs };
    },

    /** One PATCH with exactly the changed document paths and one toggle if inference changed; nothing else. */
    async update(id, olds, news) {
      const client = connection.client(olds.tenantUrl ?? news.tenantUrl);
      const tenantUrl = client.origin;
      const fields = [...new Set([...documentFieldsIn(olds), ...documentFieldsIn(news)])];
      const ops = documentPatch(documentValuesOf(olds), documentValuesOf(news), fields);
      const managed = managedFieldsIn(news);
      const consent = news.crossRegionInference?.consentVerified;

      let doc: SettingsDocument | undefined;
      if (ops.length > 0) doc = await patchOrFail(client, ops);
      const toggleTo = inferenceToggle(olds.crossRegionInference, news.crossRegionInference);
      if (toggleTo !== undefined) {
        try {
          doc = await toggleInference(client, toggleTo);
        } catch (error) {
          if (doc === undefined) throw error;
          // The PATCH landed: record it, with inference as it was before.
          const partial = settingsOutputs(observeDocument(doc), managed, tenantUrl, consent);
          if (olds.crossRegionInference) partial.crossRegionInference = olds.crossRegionInference;
          else delete partial.crossRegionInference;
          throw new ResourceInitError(
            `The tenant settings were patched, but switching cross-region inference failed: ${describe(error)}`,
            id,
            partial,
            [describe(error)],
          );
        }
      }
      if (doc !== undefined) return { outs: settingsOutputs(observeDocument(doc), managed, tenantUrl, consent) };

      // Nothing needed sending: the old outputs, narrowed to what is managed now.
      const outs: TenantSettingsOutputs = {
        tenantUrl,
        tenantId: olds.tenantId,
        createdAt: olds.createdAt,
        updatedAt: olds.updatedAt,
        ...(olds.createdBy !== undefined && { createdBy: olds.createdBy }),
        ...(olds.updatedBy !== undefined && { updatedBy: olds.updatedBy }),
      };
      for (const field of managed) {
        if (field === "crossRegionInference") continue;
        if (olds[field] !== undefined) (outs as unknown as Record<string, unknown>)[field] = olds[field];
      }
      if (news.crossRegionInference && olds.crossRegionInference) {
        outs.crossRegionInference = {
          enabled: olds.crossRegionInference.enabled,
          ...(consent !== undefined && { consentVerified: consent }),
        };
      }
      return { outs };
    },

    /**
     * Deletes the document, which returns every setting to Qlik's default (cross-region inference included).
     * With the `retainOnDelete: true` resource option Pulumi never calls this and the settings stay as they are.
     */
    async delete(_id, props) {
      await deleteDocument(connection.client(props.tenantUrl));
    },
  };
}

async function patchOrFail(client: QlikClient, ops: Parameters<typeof patchDocument>[1]): Promise<SettingsDocument> {
  const doc = await patchDocument(client, ops);
  if (doc === undefined) {
    throw new Error(
      `The tenant at ${client.origin} has no tenant-settings document any more (deleted outside Pulumi?). ` +
        "Run `pulumi refresh` to drop it from the stack; the next `pulumi up` creates it again.",
    );
  }
  return doc;
}
