import * as pulumi from "@pulumi/pulumi";
import { getSpaceData } from "../provider/dataSources/space";
import { programSettings } from "./settings";

/**
 * The space's fields at the top level; absent ones are left out. Written out (not inferred from the provider) so
 * the package's declarations reference no provider module; `getSpace` returning the provider's value checks it.
 */
export interface GetSpaceResult {
  id: string;
  name: string;
  type?: string;
  description?: string;
  ownerId?: string;
  tenantId?: string;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  /** The roles that can be assigned in this space (they depend on its type). */
  assignableRoles?: string[];
}

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
