/**
 * The group-settings endpoints GroupSettings calls: `GET /api/v1/groups/settings` (Tier 1) and
 * `PATCH /api/v1/groups/settings` (Tier 2; `replace` only, answers 204). Every tenant has exactly one such document.
 */
import { z } from "zod";
import type { GroupSettings as QlikGroupSettings, SettingsPatch } from "@qlik/api/groups";
import type { QlikClient } from "../http/types";
import { EVERYONE_GROUP_ID } from "./schema";

export const GROUP_SETTINGS_PATH = "/api/v1/groups/settings";

/** The parts of the document this provider reads. */
export interface GroupSettingsDocument {
  tenantId: string;
  autoCreateGroups: boolean;
  /** Role names of the Everyone group. */
  everyoneRoles: string[];
}

/** Compile-time check: Qlik's document has what we read. */
type Assert<T extends true> = T;
export type QlikGroupSettingsFits = Assert<
  QlikGroupSettings extends { tenantId: string; autoCreateGroups: boolean } ? true : false
>;

export type GroupSettingsPatchOperation = Omit<SettingsPatch, "path"> & { path: string };

const documentSchema: z.ZodType<GroupSettingsDocument, unknown> = z
  .object({
    tenantId: z.string(),
    autoCreateGroups: z.boolean(),
    systemGroups: z
      .record(z.string(), z.looseObject({ assignedRoles: z.array(z.object({ name: z.string() })).nullish() }))
      .nullish(),
  })
  .transform((doc) => ({
    tenantId: doc.tenantId,
    autoCreateGroups: doc.autoCreateGroups,
    everyoneRoles: (doc.systemGroups?.[EVERYONE_GROUP_ID]?.assignedRoles ?? []).map((role) => role.name),
  }));

export async function getGroupSettings(client: QlikClient): Promise<GroupSettingsDocument | undefined> {
  const response = await client.request({
    method: "GET",
    path: GROUP_SETTINGS_PATH,
    schema: documentSchema,
    allowStatus: [404],
  });
  return response.status === 404 ? undefined : response.body;
}

/** PATCH answers 204. False when the tenant has no settings (404). */
export async function patchGroupSettings(client: QlikClient, ops: GroupSettingsPatchOperation[]): Promise<boolean> {
  const response = await client.request({ method: "PATCH", path: GROUP_SETTINGS_PATH, body: ops, allowStatus: [404] });
  return response.status !== 404;
}
