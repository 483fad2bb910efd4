/**
 * The SpaceAssignment resource: the SpaceAssignment kind (kind.ts) driven by the shared engine over the provider
 * host's connection.
 */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { ApiAssignment } from "../spaces/api";
import { spaceAssignmentKind } from "./kind";
import type { SpaceAssignmentInputs, SpaceAssignmentOutputs } from "../spaces/schema";

export const implementation = resourceOf<ApiAssignment, SpaceAssignmentInputs, SpaceAssignmentOutputs>(
  spaceAssignmentKind,
  hostConnection,
);

export { spaceAssignmentKind } from "./kind";
export type { SpaceAssignmentInputs, SpaceAssignmentOutputs } from "../spaces/schema";
