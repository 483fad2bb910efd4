/** The Role resource: the Role kind (kind.ts) driven by the shared engine over the provider host's connection. */
import { hostConnection } from "../engine/connection";
import { resourceOf } from "../engine/engine";
import type { ApiRole } from "./api";
import { roleKind } from "./kind";
import type { RoleInputs, RoleOutputs } from "./schema";

export const implementation = resourceOf<ApiRole, RoleInputs, RoleOutputs>(roleKind, hostConnection);

export { roleKind } from "./kind";
export type { RoleInputs, RoleOutputs } from "./schema";
