/**
 * GroupSettings: the tenant's group settings (one per tenant), the GroupSettings kind (kind.ts) driven by the
 * shared engine over the provider host's connection. Create adopts the settings and records what it found for the
 * managed fields; delete puts those back.
 */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { GroupSettingsDocument } from "./api";
import { groupSettingsKind } from "./kind";
import type { GroupSettingsInputs, GroupSettingsOutputs } from "./schema";

export const implementation = resourceOf<GroupSettingsDocument, GroupSettingsInputs, GroupSettingsOutputs>(
  groupSettingsKind,
  hostConnection,
);

export { groupSettingsKind } from "./kind";
export type { GroupSettingsInputs, GroupSettingsOutputs } from "./schema";
