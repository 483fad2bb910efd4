/** GroupMembers: the GroupMembers kind (kind.ts) driven by the shared engine over the provider host's connection. */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { Membership } from "./api";
import { groupMembersKind } from "./kind";
import type { GroupMembersInputs, GroupMembersOutputs } from "./schema";

export const implementation = resourceOf<Membership, GroupMembersInputs, GroupMembersOutputs>(
  groupMembersKind,
  hostConnection,
);

export { groupMembersKind } from "./kind";
export type { GroupMembersInputs, GroupMembersOutputs } from "./schema";
