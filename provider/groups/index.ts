/**
 * The Group resource: the Group kind (kind.ts) driven by the shared engine over the provider host's connection.
 * Outputs report Qlik's value of every field, set by the program or not; only the inputs the program set are
 * managed (compared, patched, reported by a refresh), and the outputs record which those are (`managedInputs`).
 */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { ApiGroup } from "./api";
import { groupKind } from "./kind";
import type { GroupInputs, GroupOutputs } from "./schema";

export const implementation = resourceOf<ApiGroup, GroupInputs, GroupOutputs>(groupKind, hostConnection);

export { groupKind } from "./kind";
export type { GroupInputs, GroupOutputs, GroupProviderType } from "./schema";
