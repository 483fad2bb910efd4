/** `iqserver.getOrganizations`: IQ Server's organizations (every one, or the one with a name), as plain data. */
import { listOrganizations } from "./api";
import { iqServerClient } from "./context";
import type { IqServerSettings } from "./config";
import { outputsFromApi, type OrganizationTag } from "./kind";

export interface GetOrganizationsArgs {
  /** Only the organization with exactly this name (names are unique); `[]` when there is none. */
  name?: string;
}

export interface IqServerOrganization {
  id: string;
  name: string;
  /** `ROOT_ORGANIZATION_ID` for top-level organizations; absent for the root organization itself. */
  parentOrganizationId?: string;
  tags: OrganizationTag[];
}

export interface GetOrganizationsResult {
  organizations: IqServerOrganization[];
}

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
