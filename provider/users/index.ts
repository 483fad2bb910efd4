/**
 * The User resource: a Qlik Cloud user, identified by its Qlik id, found by its IdP `subject` when adopting.
 *
 * Outputs report Qlik's value of every field, set by the program or not; only the inputs the program set are
 * managed (compared, patched, reported by a refresh), and the outputs record which those are (`managedInputs`).
 */
import { defaultTenantUrl, tenantClient } from "../context";
import { ResourceInitError } from "../resource";
import { QlikApiError } from "../http";
import type { QlikClient } from "../http/types";
import type { ResourceImplementation } from "../resource";
import { createUser, deleteUser, fetchUser, findUserBySubject, patchUser, type ApiUser } from "./api";
import {
  diffUser,
  inputsFromApi,
  isLookup,
  normalizeUserInputs,
  readUser,
  recordedFacts,
  recordedValues,
  userFacts,
  userFieldsFromApi,
  userManagedInputs,
  userOutputs,
  userPatchOperations,
  userPostBody,
  userValuesFromApi,
} from "./logic";
import { recordedTenant } from "./shared";
import { checkResource } from "../validation";
import { userInputsSchema, type UserInputs, type UserOutputs } from "./schema";

export type { UserInputs, UserOutputs, UserStatus } from "./schema";

export const implementation: ResourceImplementation<UserInputs, UserOutputs> = {
  async check(_olds, news) {
    return checkResource(userInputsSchema, news);
  },

  async diff(_id, olds, news) {
    return diffUser(olds, news, defaultTenantUrl());
  },

  async create(inputs) {
    const desired = normalizeUserInputs(inputs);
    const client = tenantClient(desired.tenantUrl);
    if (desired.adoptExisting) {
      const existing = await findUserBySubject(client, desired.subject);
      if (existing) return converge(client, existing, desired, "adopted");
    }
    let created: ApiUser;
    try {
      created = await createUser(client, userPostBody(desired));
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = await findUserBySubject(client, desired.subject);
      if (existing && desired.adoptExisting) return converge(client, existing, desired, "adopted");
      throw conflictError(error, desired.subject, existing);
    }
    return converge(client, created, desired, "created");
  },

  async read(id, props) {
    const client = tenantClient(recordedTenant(props));
    const user = await fetchUser(client, id);
    if (!user) {
      // A refresh reports the user gone (empty id). A lookup cannot: the engine (3.248) would record an empty
      // User under the requested id and the program would carry on with the placeholder arguments of `get`.
      if (isLookup(props)) throw notFoundForGet(id, client.origin);
      return { id: "" };
    }
    return { id, ...readUser(props, user, client.origin) };
  },

  async update(id, olds, news) {
    const desired = normalizeUserInputs(news);
    await patchUser(tenantClient(recordedTenant(olds) ?? desired.tenantUrl), id, userPatchOperations(olds, desired));
    // The PATCH answers 204: the desired values over those recorded (Qlik's, for the fields left unset).
    const outs = userOutputs(recordedValues(olds), desired, recordedFacts(olds, id), userManagedInputs(desired));
    return { outs };
  },

  async delete(id, props) {
    await deleteUser(tenantClient(recordedTenant(props)), id);
  },
};

/**
 * Brings a user that exists in Qlik (just created, or adopted) to the desired state with at most one PATCH.
 * If that PATCH fails the user still exists: it is reported with its actual state so the engine records it
 * (and the next `pulumi up` retries) instead of orphaning it.
 */
async function converge(
  client: QlikClient,
  user: ApiUser,
  desired: UserInputs,
  how: "created" | "adopted",
): Promise<{ id: string; outs: UserOutputs }> {
  const operations = userPatchOperations(userFieldsFromApi(user, desired), desired);
  const managed = userManagedInputs(desired);
  const actual = userValuesFromApi(user, desired);
  try {
    await patchUser(client, user.id, operations);
  } catch (error) {
    // Recorded as Qlik has it, so the next preview shows the managed fields still to set as changes.
    const inputs = inputsFromApi(desired, user, managed);
    const outs = userOutputs(actual, inputs, userFacts(user, client.origin), managed);
    const reason = (error as Error).message;
    throw new ResourceInitError(
      `Qlik user ${user.id} (subject "${desired.subject}") was ${how}, but setting ` +
        `${operations.map((operation) => operation.path.slice(1)).join(", ")} failed: ${reason} ` +
        "It is recorded in the stack; the next `pulumi up` retries the change.",
      user.id,
      outs,
      [reason],
    );
  }
  // Qlik's user with the desired values over it (the PATCH, if any, answers 204 without a body).
  return { id: user.id, outs: userOutputs(actual, desired, userFacts(user, client.origin), managed) };
}

function isConflict(error: unknown): error is QlikApiError {
  return error instanceof QlikApiError && error.status === 409;
}

function conflictError(error: QlikApiError, subject: string, existing: ApiUser | undefined): Error {
  const who = existing ? `user ${existing.id}` : "a user";
  return new Error(
    `Qlik already has ${who} with subject "${subject}". To manage that user with Pulumi, set ` +
      `\`adoptExisting: true\` on this User; or use a different subject. (${error.message})`,
    { cause: error },
  );
}

function notFoundForGet(id: string, origin: string): Error {
  return new Error(
    `User.get: the tenant at ${origin} has no user with id "${id}". Check the id passed to User.get (the Qlik ` +
      "user id, as shown in the management console or returned by the users API) and the tenant it is read from.",
  );
}
