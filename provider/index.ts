/**
 * The entry the serialized shim requires inside Pulumi's dynamic-provider host
 * (`require("pulumi-qlik/provider")`): configuration, and one implementation per resource kind.
 */
import { configurationProblem, configureFromStack } from "./context";
import { ResourceInitError, type ResourceImplementation, type ResourceKind } from "./resource";
import { implementation as user } from "./users";
import { implementation as group } from "./groups";
import { implementation as groupSettings } from "./groupSettings";
import { implementation as tenantSettings } from "./tenantSettings";
import { implementation as tenant } from "./tenants";
import { implementation as space } from "./spaces";
import { implementation as spaceAssignment } from "./spaceAssignments";
import { implementation as iqServerOrganization } from "./iqserver/organization";
import { configureIqServerFromStack } from "./iqserver/context";
import { implementation as role } from "./roles";
import { implementation as groupMembers } from "./groupMembers";

type AnyImplementation = ResourceImplementation<never, never>;

/**
 * The host records a ResourceInitError's `properties` as the resource's outputs without adding `__provider`, as it
 * does for successful results; without it a later refresh or destroy of that object could not load the provider.
 */
export function keepingProviderOnInitErrors<I, O>(implementation: ResourceImplementation<I, O>): AnyImplementation {
  const stamp = (inputs: unknown) => (error: unknown) => {
    const provider = (inputs as Record<string, unknown> | undefined)?.__provider;
    if (error instanceof ResourceInitError && provider !== undefined) error.properties.__provider = provider;
    throw error;
  };
  return {
    ...implementation,
    check: (olds: Record<string, unknown>, news: Record<string, unknown>) =>
      checkingConfiguration(implementation, olds, news),
    create: (inputs: I) => implementation.create(inputs).catch(stamp(inputs)),
    update: (id: string, olds: O, news: I) => implementation.update(id, olds, news).catch(stamp(news)),
  } as unknown as AnyImplementation;
}

/**
 * A setting every operation would fail on (malformed `qlik:tenants`, a number out of range, a blank credential)
 * is reported by `check`, before anything is planned, rather than by the first create halfway through an update.
 */
async function checkingConfiguration<I, O>(
  implementation: ResourceImplementation<I, O>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
) {
  const result = await implementation.check(olds, news);
  const problem = configurationProblem();
  if (!problem) return result;
  const property = (problem as { property?: string }).property ?? "qlik";
  return { ...result, failures: [...(result.failures ?? []), { property, reason: problem.message }] };
}

const implementations: Record<ResourceKind, AnyImplementation> = {
  User: keepingProviderOnInitErrors(user),
  Group: keepingProviderOnInitErrors(group),
  GroupSettings: keepingProviderOnInitErrors(groupSettings),
  TenantSettings: keepingProviderOnInitErrors(tenantSettings),
  Tenant: keepingProviderOnInitErrors(tenant),
  Space: keepingProviderOnInitErrors(space),
  SpaceAssignment: keepingProviderOnInitErrors(spaceAssignment),
  "iqserver:Organization": keepingProviderOnInitErrors(iqServerOrganization),
  Role: keepingProviderOnInitErrors(role),
  GroupMembers: keepingProviderOnInitErrors(groupMembers),
};

export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

export function configure(request: ConfigureRequest): void {
  configureFromStack((key) => request.config.get(key));
  configureIqServerFromStack((key) => request.config.get(key));
}

export function resourceImplementation(kind: ResourceKind): AnyImplementation {
  const found = implementations[kind];
  if (!found) throw new Error(`pulumi-qlik has no resource kind "${kind}"; upgrade pulumi-qlik in this project.`);
  return found;
}

export { getTenantData, getTenantsData } from "./dataSources";
export { getSpaceData } from "./dataSources/space";
export { getUserData, getGroupData, getRolesData } from "./dataSources";
export type { ProviderSettings } from "./config";
export type { ResourceKind } from "./resource";
