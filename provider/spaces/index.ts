/**
 * The Space resource: the Space kind (kind.ts) driven by the shared engine over the provider host's connection.
 * Only the inputs the program set are managed; the outputs report Qlik's value of every field.
 */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { ApiSpace } from "./api";
import { spaceKind } from "./kind";
import type { SpaceInputs, SpaceOutputs } from "./schema";

export const implementation = resourceOf<ApiSpace, SpaceInputs, SpaceOutputs>(spaceKind, hostConnection);

export { spaceKind } from "./kind";
export type { SpaceInputs, SpaceOutputs } from "./schema";
