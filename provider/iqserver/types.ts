/**
 * The IQ Server kind's public data shapes, as plain interfaces. The SDK's declarations reference this module
 * only, so a user's program type-checks without zod or any other provider internals.
 */

export interface OrganizationTag {
  id: string;
  name: string;
  description?: string;
  color?: string;
}

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
