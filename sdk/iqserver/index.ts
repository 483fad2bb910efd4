/**
 * Sonatype IQ Server organizations, exported as the namespace `iqserver`:
 *
 *   import { iqserver } from "pulumi-qlik";
 *   const platform = new iqserver.Organization("platform", { name: "Platform" });
 */
export { Organization, type OrganizationArgs, type OrganizationTag } from "./organization";
export {
  getOrganizations,
  getOrganizationsOutput,
  type GetOrganizationsArgs,
  type GetOrganizationsResult,
  type IqServerOrganization,
} from "./getOrganizations";
