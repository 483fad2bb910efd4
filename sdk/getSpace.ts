import * as pulumi from "@pulumi/pulumi";
import { getSpaceData } from "../provider/dataSources/space";
import type { GetSpaceArgs, SpaceData } from "../provider/dataSources/types";
import { programSettings } from "./settings";

// From a provider module that imports nothing, so the package's declarations reach neither zod nor @qlik/api.
export type { GetSpaceArgs } from "../provider/dataSources/types";
export type GetSpaceResult = SpaceData;

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
