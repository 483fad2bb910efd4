/**
 * The Tenant kind: the tenant behind a URL (or a given `tenantId`), a singleton: create adopts it and records the
 * values it found for the managed fields, delete puts them back. A tenant is never created or deleted here.
 *
 * Requests (GET Tier 1, PATCH Tier 2):
 * - create: `GET /tenants/me` (302 to `/tenants/{id}`, followed) or `GET /tenants/{tenantId}`, then one
 *   `PATCH /tenants/{id}` of `replace`s of the paths that differ (none when equal);
 * - read: `GET /tenants/{id}`;
 * - update: one `PATCH /tenants/{id}` with exactly the changed paths (alias = `/hostnames/1`);
 * - delete: `GET /tenants/{id}`, then one `PATCH` putting back the values found at adoption (none when equal;
 *   nothing for outputs written by 0.1.0, which have no such record).
 */
import type { Kind, Values } from "../engine/kind";
import type { Comparator } from "../patch";
import { withoutUndefined } from "../patch";
import { getTenantDocument, patchTenant, type TenantPatchOperation } from "./api";
import { tenantSchema, type TenantDocument } from "./schema";

/** Hostnames are case-insensitive. */
const sameHost: Comparator = (a, b) =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

const flag = (name: keyof TenantDocument) => ({
  name,
  read: (doc: TenantDocument) => doc[name] ?? undefined,
  path: `/${name}`,
});

export const TENANT_INPUT_KEYS = [
  "tenantId",
  "name",
  "alias",
  "autoAssignCreateSharedSpacesRoleToProfessionals",
  "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
  "autoAssignDataServicesContributorRoleToProfessionals",
  "enableAppOpeningFeedback",
  "tenantUrl",
] as const;

function notFound(origin: string, tenantId: unknown): Error {
  return new Error(
    tenantId === undefined
      ? `No tenant answered GET /api/v1/tenants/me at ${origin}: check tenantUrl.`
      : `Tenant "${String(tenantId)}" was not found at ${origin}: tenantId must be the id of the tenant behind ` +
          "tenantUrl (leave tenantId out to use that tenant).",
  );
}

export const tenantKind: Kind<TenantDocument> = {
  name: "Tenant",
  noun: "tenant",
  schema: tenantSchema,
  inputKeys: TENANT_INPUT_KEYS,
  fields: [
    // Without a `tenantId` input the tenant stays the one behind the URL; another id replaces the resource
    // (cheap: create adopts, and delete only puts values back).
    { name: "tenantId", read: (doc) => doc.id, replaces: true },
    { name: "name", read: (doc) => doc.name, path: "/name" },
    { name: "alias", read: (doc) => doc.hostnames?.[1], path: "/hostnames/1", equals: sameHost },
    flag("autoAssignCreateSharedSpacesRoleToProfessionals"),
    flag("autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals"),
    flag("autoAssignDataServicesContributorRoleToProfessionals"),
    flag("enableAppOpeningFeedback"),
  ],
  idOutput: "tenantId",
  idOf: (doc) => doc.id,
  idInPath: true,
  patchStyle: "replace",
  facts: (doc) =>
    withoutUndefined({
      tenantId: doc.id,
      hostnames: doc.hostnames ?? [],
      region: doc.region ?? undefined,
      datacenter: doc.datacenter ?? undefined,
      status: doc.status ?? undefined,
      created: doc.created ?? undefined,
      lastUpdated: doc.lastUpdated ?? undefined,
    }),
  factsAfterPatch(facts, values) {
    const hostnames = [...((facts.hostnames as string[] | undefined) ?? [])];
    // The alias is the second hostname; a tenant always has its primary one first.
    if (typeof values.alias === "string" && hostnames.length > 0) hostnames[1] = values.alias;
    return { ...facts, hostnames };
  },
  lifecycle: {
    type: "singleton",
    async adopt(client, desired: Values) {
      const doc = await getTenantDocument(client, desired.tenantId as string | undefined);
      if (doc === undefined) throw notFound(client.origin, desired.tenantId);
      return { doc, created: false };
    },
  },
  read: (client, id, props) => getTenantDocument(client, (props.tenantId as string | undefined) ?? id),
  async patch(client, id, operations) {
    return (await patchTenant(client, id, operations as TenantPatchOperation[])) ? {} : "gone";
  },
};
