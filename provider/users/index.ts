/**
 * The User resource: the User kind (kind.ts) driven by the shared engine over the provider host's connection.
 * Outputs report Qlik's value of every field, set by the program or not; only the inputs the program set are
 * managed (compared, patched, reported by a refresh), and the outputs record which those are (`managedInputs`).
 */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { ApiUser } from "./api";
import { userKind } from "./kind";
import type { UserInputs, UserOutputs } from "./schema";

export const implementation = resourceOf<ApiUser, UserInputs, UserOutputs>(userKind, hostConnection);

export { userKind } from "./kind";
export type { UserInputs, UserOutputs, UserStatus } from "./schema";
