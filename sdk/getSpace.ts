import * as pulumi from "@pulumi/pulumi";
import { getSpaceData } from "../provider/dataSources/space";
import { programSettings } from "./settings";

export type GetSpaceResult = Awaited<ReturnType<typeof getSpaceData>>;

export interface GetSpaceArgs {
  /** The space id; or `name`. */
  id?: string;
  /** The space's exact, case-sensitive name; or `id`. */
  name?: string;
  /** With `name`: only spaces of this type (`shared`, `managed`, `data`), when one name is used by several types. */
  type?: "shared" | "managed" | "data";
  /** Defaults to `qlik:tenantUrl` / `QLIK_TENANT_URL`. */
  tenantUrl?: string;
}

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * Reads one shared, managed or data space by id or exact name (`{ id, name, type, description, ownerId, tenantId,
 * createdAt, createdBy, updatedAt, assignableRoles }`). Fails when no space matches, or when several do.
 */
export function getSpace(args: GetSpaceArgs): Promise<GetSpaceResult> {
  return getSpaceData(args, programSettings());
}

export function getSpaceOutput(args: Inputs<GetSpaceArgs>): pulumi.Output<GetSpaceResult> {
  return pulumi.output(args).apply((resolved) => getSpace(resolved as GetSpaceArgs));
}
