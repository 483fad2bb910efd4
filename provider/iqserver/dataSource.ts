/** `iqserver.getOrganizations`: IQ Server's organizations (every one, or the one with a name), as plain data. */
import { listOrganizations } from "./api";
import { iqServerClient } from "./context";
import type { IqServerSettings } from "./config";
import { outputsFromApi } from "./kind";
import type { GetOrganizationsArgs, GetOrganizationsResult } from "./types";

export type { GetOrganizationsArgs, GetOrganizationsResult, IqServerOrganization } from "./types";

export async function getOrganizationsData(
  args: GetOrganizationsArgs,
  settings: IqServerSettings,
): Promise<GetOrganizationsResult> {
  if (args.name !== undefined && (typeof args.name !== "string" || args.name.trim() === "")) {
    throw new Error("getOrganizations: name must be a non-empty string (an organization's exact name), or left out.");
  }
  const organizations = await listOrganizations(iqServerClient(settings), args.name);
  return {
    organizations: organizations.map((organization) => {
      const { organizationId, name, parentOrganizationId, tags } = outputsFromApi(organization, {});
      const root = organization.parentOrganizationId == null;
      return { id: organizationId, name, ...(!root && { parentOrganizationId }), tags };
    }),
  };
}
