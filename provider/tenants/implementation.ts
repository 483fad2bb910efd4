/**
 * The Tenant resource over an injected connection (shared client in the host, fakes in unit tests). It never
 * creates or deletes a tenant: create adopts the existing one, delete leaves it as it is.
 */
import type { QlikClient } from "../http/types";
import type { ResourceImplementation } from "../resource";
import { checkResource } from "../validation";
import { getTenantDocument, patchTenant } from "./api";
import {
  applyTenantPatch,
  diffTenant,
  managedInputsOf,
  tenantInputsFromOutputs,
  tenantOutputs,
  tenantPatch,
  wantedValues,
} from "./logic";
import { tenantSchema, type TenantDocument, type TenantInputs, type TenantOutputs } from "./schema";

export interface Connection {
  /** A client for the tenant at `tenantUrl`, or at the stack's default tenant URL when it is undefined. */
  client(tenantUrl?: string): QlikClient;
  /** The stack's default tenant URL, if any; never throws. */
  defaultTenantUrl(): string | undefined;
}

function notFound(client: QlikClient, tenantId: string | undefined): Error {
  return new Error(
    tenantId === undefined
      ? `No tenant answered GET /api/v1/tenants/me at ${client.origin}: check tenantUrl.`
      : `Tenant "${tenantId}" was not found at ${client.origin}: tenantId must be the id of the tenant behind ` +
          "tenantUrl (leave tenantId out to use that tenant).",
  );
}

async function patchOrFail(
  client: QlikClient,
  tenantId: string,
  ops: Parameters<typeof patchTenant>[2],
): Promise<void> {
  if (ops.length > 0 && !(await patchTenant(client, tenantId, ops))) throw notFound(client, tenantId);
}

export function tenantImplementation(connection: Connection): ResourceImplementation<TenantInputs, TenantOutputs> {
  return {
    check: (_olds, news) => checkResource(tenantSchema, news),

    async diff(_id, olds, news) {
      return diffTenant(
        olds as unknown as Record<string, unknown>,
        news as unknown as Record<string, unknown>,
        connection.defaultTenantUrl(),
      );
    },

    /** Adopts: GET the tenant (by id, or `/me`), then one PATCH with only the differing paths (none if equal). */
    async create(inputs) {
      const client = connection.client(inputs.tenantUrl);
      const doc: TenantDocument | undefined = await getTenantDocument(client, inputs.tenantId);
      if (doc === undefined) throw notFound(client, inputs.tenantId);
      const observed = tenantOutputs(doc, client.origin);
      const wanted = wantedValues(inputs);
      await patchOrFail(client, doc.id, tenantPatch(observed, wanted));
      return { id: doc.id, outs: { ...applyTenantPatch(observed, wanted), managedInputs: managedInputsOf(inputs) } };
    },

    /**
     * GET by id; 404 means the tenant is gone. Inputs report the observed values of the inputs the program set,
     * so drift shows and nothing else appears as an input.
     */
    async read(id, props) {
      const client = connection.client(props.tenantUrl);
      const doc = await getTenantDocument(client, props.tenantId ?? id);
      if (doc === undefined) return { id: "" };
      const outs = tenantOutputs(doc, client.origin);
      if (props.managedInputs !== undefined) outs.managedInputs = props.managedInputs;
      return { id: doc.id, props: outs, inputs: tenantInputsFromOutputs(outs, props.managedInputs) };
    },

    /** One PATCH with exactly the changed paths; no call when nothing changed. */
    async update(id, olds, news) {
      const client = connection.client(olds.tenantUrl ?? news.tenantUrl);
      const wanted = wantedValues(news);
      await patchOrFail(client, olds.tenantId ?? id, tenantPatch(olds, wanted));
      const outs = applyTenantPatch({ ...olds, tenantUrl: client.origin }, wanted);
      return { outs: { ...outs, managedInputs: managedInputsOf(news) } };
    },

    /**
     * Makes no API call: removing the resource from the stack leaves the tenant exactly as it is (name, alias
     * and flags keep their current values). Tenants are created and deactivated outside this provider.
     */
    async delete() {},
  };
}
