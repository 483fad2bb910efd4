/**
 * The IQ Server Organization kind, described as data plus pure functions: its input schema, the fields that
 * force a replacement, its natural key, and the mapping between inputs, the API document and outputs. The
 * implementation (organization.ts) only sequences HTTP calls around these, so moving the kind onto a shared
 * resource engine later is mechanical.
 */
import { z } from "zod";
import type { DiffResult } from "../resource";
import { isUnknown } from "../unknown";
import type { OrganizationTag } from "./types";
import { ROOT_ORGANIZATION_ID, type ApiOrganization, type ApiTag, type PostOrganization } from "./api";

export const ORGANIZATION_INPUT_KEYS = ["name", "parentOrganizationId", "adoptExisting"] as const;

const text = (property: string, what: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `${property} is required: set it to ${what}.`
          : `${property} must be a string: ${what}.`,
    })
    .refine((value) => value.trim() !== "", { error: `${property} must not be empty: set it to ${what}.` })
    .refine((value) => value.trim() === value, {
      error: `${property} must not start or end with spaces: IQ Server would keep them and names would not match.`,
    });

export const organizationInputsSchema = z.strictObject(
  {
    name: text("name", "the organization's name, unique in IQ Server"),
    parentOrganizationId: text(
      "parentOrganizationId",
      `the id of the parent organization (another Organization's organizationId), or leave it out for the root organization (${ROOT_ORGANIZATION_ID})`,
    ).optional(),
    adoptExisting: z.boolean({ error: "adoptExisting must be true or false." }).optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.keys.join(", ")} is not an iqserver.Organization input; the inputs are ${ORGANIZATION_INPUT_KEYS.join(", ")}.`
        : "iqserver.Organization inputs must be an object.",
  },
);

export type OrganizationInputs = z.infer<typeof organizationInputsSchema>;

export type { OrganizationTag };

export type OrganizationOutputs = OrganizationInputs & {
  /** IQ Server's id (also the resource id). */
  organizationId: string;
  /** The actual parent; `ROOT_ORGANIZATION_ID` for a top-level organization. */
  parentOrganizationId: string;
  /** The application tags defined at this organization. */
  tags: OrganizationTag[];
};

/** The declarative description a shared engine would take. */
export const organizationKind = {
  token: "iqserver:Organization",
  schema: organizationInputsSchema,
  /** IQ Server's API cannot rename an organization: a new name is a new organization. */
  replaceFields: ["name"] as const,
  /** Updated in place with `PUT …/move/destination/{id}`. */
  moveField: "parentOrganizationId" as const,
  /** Names are unique across IQ Server: adoption looks the organization up by name. */
  naturalKey: (inputs: OrganizationInputs) => inputs.name,
};

/** Where the program wants the organization: the given parent, or the root organization. */
export function desiredParent(inputs: Pick<OrganizationInputs, "parentOrganizationId">): string {
  return inputs.parentOrganizationId ?? ROOT_ORGANIZATION_ID;
}

export function postBody(inputs: OrganizationInputs): PostOrganization {
  const parent = desiredParent(inputs);
  // Leaving the parent out is how the API puts an organization under the root.
  return parent === ROOT_ORGANIZATION_ID ? { name: inputs.name } : { name: inputs.name, parentOrganizationId: parent };
}

function tagOf(tag: ApiTag): OrganizationTag {
  return {
    id: tag.id,
    name: tag.name,
    ...(tag.description != null && { description: tag.description }),
    ...(tag.color != null && { color: tag.color }),
  };
}

/** IQ Server's organization as outputs, with the program's `adoptExisting` kept. */
export function outputsFromApi(
  organization: ApiOrganization,
  inputs: Partial<OrganizationInputs>,
): OrganizationOutputs {
  return {
    organizationId: organization.id,
    name: organization.name,
    parentOrganizationId: organization.parentOrganizationId ?? ROOT_ORGANIZATION_ID,
    tags: (organization.tags ?? []).map(tagOf),
    ...(inputs.adoptExisting !== undefined && { adoptExisting: inputs.adoptExisting }),
  };
}

/**
 * The inputs a refresh reports: IQ Server's name and parent (left out when it is the root, which is what an
 * unset parent means), so a change made in IQ Server shows as drift in the next preview.
 */
export function inputsFromOutputs(outputs: OrganizationOutputs): OrganizationInputs {
  return {
    name: outputs.name,
    ...(outputs.parentOrganizationId !== ROOT_ORGANIZATION_ID && {
      parentOrganizationId: outputs.parentOrganizationId,
    }),
    ...(outputs.adoptExisting !== undefined && { adoptExisting: outputs.adoptExisting }),
  };
}

/** No HTTP: a new name replaces; a new parent is a move (update); `adoptExisting` only matters at creation. */
export function diffOrganization(olds: OrganizationOutputs, news: OrganizationInputs): DiffResult {
  const replaces = isUnknown(news.name) || news.name !== olds.name ? ["name"] : [];
  const parent = news.parentOrganizationId;
  const moves = isUnknown(parent) || desiredParent(news) !== (olds.parentOrganizationId ?? ROOT_ORGANIZATION_ID);
  return { changes: replaces.length > 0 || moves, replaces, deleteBeforeReplace: false };
}
