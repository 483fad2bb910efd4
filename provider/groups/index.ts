/**
 * The Group resource: a Qlik Cloud group (IdP or custom), identified by its Qlik id, found by exact-case
 * name + providerType when adopting.
 *
 * Outputs report Qlik's value of every field, set by the program or not; only the inputs the program set are
 * managed (compared, patched, reported by a refresh), and the outputs record which those are (`managedInputs`).
 */
import { defaultTenantUrl, tenantClient } from "../context";
import { ResourceInitError } from "../resource";
import { QlikApiError } from "../http";
import type { QlikClient } from "../http/types";
import type { ResourceImplementation } from "../resource";
import { createGroup, deleteGroup, fetchGroup, findGroup, patchGroup, type ApiGroup } from "./api";
import {
  classifyCreateFailure,
  diffGroup,
  groupFacts,
  groupFieldsFromApi,
  groupManagedInputs,
  groupOutputs,
  groupPatchOperations,
  groupPostBody,
  groupValuesFromApi,
  inputsFromApi,
  isLookup,
  normalizeGroupInputs,
  readGroup,
  recordedFacts,
  recordedValues,
} from "./logic";
import { recordedTenant } from "../users/shared";
import { checkResource } from "../validation";
import { groupInputsSchema, type GroupInputs, type GroupOutputs } from "./schema";

export type { GroupInputs, GroupOutputs, GroupProviderType } from "./schema";

export const implementation: ResourceImplementation<GroupInputs, GroupOutputs> = {
  async check(_olds, news) {
    return checkResource(groupInputsSchema, news);
  },

  async diff(_id, olds, news) {
    return diffGroup(olds, news, defaultTenantUrl());
  },

  async create(inputs) {
    const desired = normalizeGroupInputs(inputs);
    const client = tenantClient(desired.tenantUrl);
    if (desired.adoptExisting) {
      const existing = await findGroup(client, desired.name, desired.providerType);
      if (existing) return converge(client, existing, desired, "adopted");
    }
    let created: ApiGroup;
    try {
      created = await createGroup(client, groupPostBody(desired));
    } catch (error) {
      if (!(error instanceof QlikApiError)) throw error;
      const failure = classifyCreateFailure(error);
      if (failure === "groupLimit") throw groupLimitError(error);
      if (failure === "autoCreateGroupsDisabled") throw autoCreateGroupsError(error, desired.name);
      if (failure !== "conflict") throw error;
      const existing = await findGroup(client, desired.name, desired.providerType);
      if (existing && desired.adoptExisting) return converge(client, existing, desired, "adopted");
      throw conflictError(error, desired, existing);
    }
    return converge(client, created, desired, "created");
  },

  async read(id, props) {
    const client = tenantClient(recordedTenant(props));
    const group = await fetchGroup(client, id);
    if (!group) {
      // A refresh reports the group gone (empty id). A lookup cannot: the engine (3.248) would record an empty
      // Group under the requested id and the program would carry on with the placeholder arguments of `get`.
      if (isLookup(props)) throw notFoundForGet(id, client.origin);
      return { id: "" };
    }
    return { id, ...readGroup(props, group, client.origin) };
  },

  async update(id, olds, news) {
    const desired = normalizeGroupInputs(news);
    await patchGroup(tenantClient(recordedTenant(olds) ?? desired.tenantUrl), id, groupPatchOperations(olds, desired));
    // The PATCH answers 204: the desired values over those recorded (Qlik's, for the fields left unset).
    const outs = groupOutputs(recordedValues(olds), desired, recordedFacts(olds, id), groupManagedInputs(desired));
    return { outs };
  },

  async delete(id, props) {
    await deleteGroup(tenantClient(recordedTenant(props)), id);
  },
};

/**
 * Brings a group that exists in Qlik (just created, or adopted) to the desired roles and description with at
 * most one PATCH. If that PATCH fails the group still exists: it is reported with its actual state so the engine
 * records it (and the next `pulumi up` retries) instead of orphaning it.
 */
async function converge(
  client: QlikClient,
  group: ApiGroup,
  desired: GroupInputs,
  how: "created" | "adopted",
): Promise<{ id: string; outs: GroupOutputs }> {
  const operations = groupPatchOperations(groupFieldsFromApi(group, desired), desired);
  const managed = groupManagedInputs(desired);
  const actual = groupValuesFromApi(group, desired);
  try {
    await patchGroup(client, group.id, operations);
  } catch (error) {
    // Recorded as Qlik has it, so the next preview shows the managed fields still to set as changes.
    const outs = groupOutputs(
      actual,
      inputsFromApi(desired, group, managed),
      groupFacts(group, client.origin),
      managed,
    );
    const reason = (error as Error).message;
    throw new ResourceInitError(
      `Qlik group ${group.id} ("${desired.name}", ${desired.providerType}) was ${how}, but setting ` +
        `${operations.map((operation) => operation.path.slice(1)).join(", ")} failed: ${reason} ` +
        "It is recorded in the stack; the next `pulumi up` retries the change.",
      group.id,
      outs,
      [reason],
    );
  }
  // Qlik's group with the desired values over it (the PATCH, if any, answers 204 without a body).
  return { id: group.id, outs: groupOutputs(actual, desired, groupFacts(group, client.origin), managed) };
}

function conflictError(error: QlikApiError, desired: GroupInputs, existing: ApiGroup | undefined): Error {
  const who = existing ? `group ${existing.id}` : "a group";
  return new Error(
    `Qlik already has ${who} named "${desired.name}" (providerType "${desired.providerType}"). To manage that ` +
      `group with Pulumi, set \`adoptExisting: true\` on this Group; or choose another name. (${error.message})`,
    { cause: error },
  );
}

function groupLimitError(error: QlikApiError): Error {
  return new Error(
    "Qlik Cloud allows at most 10,000 active groups per tenant and this tenant has reached that limit, so no group " +
      "can be created until existing groups are deleted (in the management console or with the Groups API). " +
      `(${error.message})`,
    { cause: error },
  );
}

function autoCreateGroupsError(error: QlikApiError, name: string): Error {
  return new Error(
    `Qlik refused to create the IdP group "${name}" because the tenant's group settings have autoCreateGroups ` +
      'turned off; seeding IdP groups ahead of logins needs it. Turn on "Auto-create groups" in the management ' +
      'console, or PATCH /api/v1/groups/settings with [{"op":"replace","path":"/autoCreateGroups","value":true}]; ' +
      `or use providerType: "custom". (${error.message})`,
    { cause: error },
  );
}

function notFoundForGet(id: string, origin: string): Error {
  return new Error(
    `Group.get: the tenant at ${origin} has no group with id "${id}". Check the id passed to Group.get (the Qlik ` +
      "group id, as shown in the management console or returned by the groups API) and the tenant it is read from.",
  );
}
