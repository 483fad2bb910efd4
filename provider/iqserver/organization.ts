/**
 * The iqserver.Organization resource: an organization in Sonatype IQ Server's hierarchy, identified by IQ
 * Server's id, found by its unique name when adopting.
 *
 * What the API allows decides the behaviour (https://help.sonatype.com/en/organizations-rest-api.html lists
 * GET, POST and PUT …/move only): a parent change is a move; a name change replaces the organization (the API
 * cannot rename); and delete cannot remove it, so it leaves the organization in IQ Server and says so in a
 * warning.
 */
import { warn } from "../engineLog";
import { ResourceInitError, type ResourceImplementation } from "../resource";
import { isUnknown } from "../unknown";
import { checkResource } from "../validation";
import { createOrganization, fetchOrganization, findOrganization, moveOrganization, type ApiOrganization } from "./api";
import type { IqServerClient } from "./client";
import { iqServerClient } from "./context";
import { describeMessages, IqServerApiError, type IqServerMessage } from "./errors";
import {
  desiredParent,
  diffOrganization,
  inputsFromOutputs,
  organizationInputsSchema,
  outputsFromApi,
  postBody,
  type OrganizationInputs,
  type OrganizationOutputs,
} from "./kind";

export const implementation: ResourceImplementation<OrganizationInputs, OrganizationOutputs> = {
  async check(olds, news) {
    const result = await checkResource(organizationInputsSchema, news);
    const [from, to] = [olds.name, news.name];
    if (!result.failures && typeof from === "string" && typeof to === "string" && from !== to && !isUnknown(to)) {
      // Said at preview time, before anything happens: the API has no rename.
      await warn(
        `IQ Server cannot rename organizations: changing name "${from}" to "${to}" replaces the organization (a new ` +
          `one named "${to}" is created) and leaves "${from}" in IQ Server. To keep it, rename it in the IQ Server ` +
          "UI and run `pulumi refresh` instead.",
      );
    }
    return result;
  },

  async diff(_id, olds, news) {
    return diffOrganization(olds, news);
  },

  async create(inputs) {
    const client = iqServerClient();
    if (inputs.adoptExisting) {
      const existing = await findOrganization(client, inputs.name);
      if (existing) return placed(client, existing, inputs, "adopted");
    }
    let created: ApiOrganization;
    try {
      created = await createOrganization(client, postBody(inputs));
    } catch (error) {
      if (!(error instanceof IqServerApiError) || error.status >= 500) throw error;
      // IQ Server answers a taken name with a 4xx; the unique name says which organization holds it.
      const existing = await findOrganization(client, inputs.name);
      if (!existing) throw createError(error, inputs);
      if (inputs.adoptExisting) return placed(client, existing, inputs, "adopted");
      throw conflictError(error, inputs, existing);
    }
    return { id: created.id, outs: outputsFromApi(created, inputs) };
  },

  async read(id, props) {
    const organization = await fetchOrganization(iqServerClient(), id);
    if (!organization) {
      // `Organization.get` (no recorded organizationId) must not record a placeholder under the requested id.
      if (!props.organizationId) throw new Error(`iqserver.Organization.get: IQ Server has no organization "${id}".`);
      return { id: "" };
    }
    const outputs = outputsFromApi(organization, props);
    return { id, props: outputs, inputs: inputsFromOutputs(outputs) };
  },

  async update(id, olds, news) {
    const destination = desiredParent(news);
    const outs = { ...olds, ...withoutUnset(news), parentOrganizationId: destination };
    if (olds.parentOrganizationId === destination) return { outs };
    const warnings = await moveOrganization(iqServerClient(), id, destination).catch((error: unknown) => {
      throw moveError(error, news.name, destination);
    });
    await warnAboutMove(news.name, warnings);
    return { outs };
  },

  async delete(id, props) {
    // No request: the Organizations REST API has no delete operation.
    await warn(
      `IQ Server organization "${props.name}" (${id}) was not deleted: IQ Server's Organizations REST API cannot ` +
        "delete organizations, so it stays in IQ Server (with its applications and child organizations) and is no " +
        "longer managed by this stack. Delete it in the IQ Server UI if it is no longer needed; to manage it again, " +
        "declare it with adoptExisting: true.",
    );
  },
};

/** An organization that exists (adopted): moved under the desired parent when it is elsewhere. */
async function placed(
  client: IqServerClient,
  organization: ApiOrganization,
  inputs: OrganizationInputs,
  how: "adopted",
): Promise<{ id: string; outs: OrganizationOutputs }> {
  const outs = outputsFromApi(organization, inputs);
  const destination = desiredParent(inputs);
  if (outs.parentOrganizationId === destination) return { id: organization.id, outs };
  try {
    await warnAboutMove(inputs.name, await moveOrganization(client, organization.id, destination));
  } catch (error) {
    const reason = moveError(error, inputs.name, destination).message;
    // Recorded where it is, so the next `pulumi up` retries the move instead of orphaning the organization.
    throw new ResourceInitError(
      `IQ Server organization ${organization.id} ("${inputs.name}") was ${how}, but moving it failed: ${reason} ` +
        "It is recorded in the stack; the next `pulumi up` retries the move.",
      organization.id,
      outs,
      [reason],
    );
  }
  return { id: organization.id, outs: { ...outs, parentOrganizationId: destination } };
}

async function warnAboutMove(name: string, warnings: IqServerMessage[]): Promise<void> {
  if (warnings.length === 0) return;
  await warn(`IQ Server moved organization "${name}" with warnings: ${describeMessages(warnings)}`);
}

function withoutUnset(inputs: OrganizationInputs): Partial<OrganizationInputs> {
  return Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined));
}

function moveError(error: unknown, name: string, destination: string): Error {
  if (!(error instanceof IqServerApiError)) return error as Error;
  const why =
    error.status === 409
      ? `IQ Server refused because of conflicts in the hierarchy: ${describeMessages(error.errors)}.`
      : error.status === 404
        ? `IQ Server has no organization "${destination}" to move it under (or the organization itself is gone): ` +
          "check parentOrganizationId."
        : error.message;
  return new Error(`Moving IQ Server organization "${name}" under "${destination}" failed. ${why} (${error.message})`, {
    cause: error,
  });
}

function conflictError(error: IqServerApiError, inputs: OrganizationInputs, existing: ApiOrganization): Error {
  return new Error(
    `IQ Server already has organization ${existing.id} named "${inputs.name}" (names are unique). To manage it ` +
      "with Pulumi, set `adoptExisting: true` on this Organization; or choose another name. " +
      `(${error.message})`,
    { cause: error },
  );
}

function createError(error: IqServerApiError, inputs: OrganizationInputs): Error {
  const parent = inputs.parentOrganizationId;
  const hint =
    parent !== undefined && (error.status === 404 || error.status === 400)
      ? ` Check that parentOrganizationId "${parent}" is the id of an existing organization.`
      : "";
  return new Error(`Creating IQ Server organization "${inputs.name}" failed: ${error.message}${hint}`, {
    cause: error,
  });
}
