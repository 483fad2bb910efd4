/**
 * IQ Server's organization hierarchy: a root organization that cannot be moved, unique names, and moves that
 * refuse to make an organization its own ancestor (409 with IQ Server's documented `{errors, warnings}` body).
 */
import { createHash, randomBytes } from "node:crypto";
import type { IqServerSeed, SeedIqTag } from "./seed";

export const ROOT_ORGANIZATION_ID = "ROOT_ORGANIZATION_ID";
export const ROOT_ORGANIZATION_NAME = "Root Organization";

export interface IqTag {
  id: string;
  name: string;
  description: string;
  color: string;
}

export interface IqOrganization {
  id: string;
  name: string;
  /** Absent for the root organization only. */
  parentOrganizationId?: string;
  tags: IqTag[];
  inheritedWaivers: boolean;
}

export interface IqMessage {
  type: string;
  message: string;
}

/** What a handler answers: JSON, or IQ Server's plain-text error message. */
export type IqOutcome = { status: number; json: unknown } | { status: number; text: string };

const idFrom = (kind: string, name: string) =>
  createHash("sha256").update(`${kind}\0${name}`).digest("hex").slice(0, 32);

function tagOf(tag: SeedIqTag, owner: string): IqTag {
  return {
    id: tag.id ?? idFrom(`tag:${owner}`, tag.name),
    name: tag.name,
    description: tag.description,
    color: tag.color,
  };
}

export class IqOrganizationStore {
  private readonly organizations = new Map<string, IqOrganization>();

  constructor(seed: IqServerSeed) {
    this.organizations.set(ROOT_ORGANIZATION_ID, {
      id: ROOT_ORGANIZATION_ID,
      name: ROOT_ORGANIZATION_NAME,
      tags: (seed.rootTags ?? []).map((tag) => tagOf(tag, ROOT_ORGANIZATION_NAME)),
      inheritedWaivers: false,
    });
    for (const organization of seed.organizations) {
      if (this.byName(organization.name))
        throw new Error(`seed: two IQ Server organizations named "${organization.name}"`);
      const parent = organization.parent === undefined ? this.root : this.byName(organization.parent);
      if (!parent) {
        throw new Error(
          `seed: IQ Server organization "${organization.name}" names parent "${organization.parent}", which is not listed before it`,
        );
      }
      const id = organization.id ?? idFrom("organization", organization.name);
      this.organizations.set(id, {
        id,
        name: organization.name,
        parentOrganizationId: parent.id,
        tags: (organization.tags ?? []).map((tag) => tagOf(tag, organization.name)),
        inheritedWaivers: organization.inheritedWaivers ?? false,
      });
    }
  }

  private get root(): IqOrganization {
    return this.organizations.get(ROOT_ORGANIZATION_ID) as IqOrganization;
  }

  list(): IqOrganization[] {
    return [...this.organizations.values()];
  }

  get(id: string): IqOrganization | undefined {
    return this.organizations.get(id);
  }

  byName(name: string): IqOrganization | undefined {
    return this.list().find((organization) => organization.name === name);
  }

  render(organization: IqOrganization): Record<string, unknown> {
    return {
      id: organization.id,
      name: organization.name,
      ...(organization.parentOrganizationId !== undefined && {
        parentOrganizationId: organization.parentOrganizationId,
      }),
      tags: organization.tags.map((tag) => ({ ...tag })),
    };
  }

  /** `POST /api/v2/organizations`. */
  create(body: unknown): IqOutcome {
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      return { status: 400, text: "The request body must be a JSON object with a name." };
    }
    const { name, parentOrganizationId, ...rest } = body as Record<string, unknown>;
    const unknownField = Object.keys(rest).find((key) => key !== "id" && key !== "tags");
    if (unknownField) return { status: 400, text: `Unrecognized field "${unknownField}".` };
    if (typeof name !== "string" || name.trim() === "") {
      return { status: 400, text: "Organization name is required." };
    }
    if (this.byName(name)) return { status: 400, text: `Organization name "${name}" is already used.` };
    const parentId = parentOrganizationId ?? ROOT_ORGANIZATION_ID;
    if (typeof parentId !== "string") return { status: 400, text: "parentOrganizationId must be a string." };
    if (!this.get(parentId)) return { status: 404, text: `Parent organization "${parentId}" was not found.` };
    const organization: IqOrganization = {
      id: randomBytes(16).toString("hex"),
      name,
      parentOrganizationId: parentId,
      tags: [],
      inheritedWaivers: false,
    };
    this.organizations.set(organization.id, organization);
    return { status: 200, json: this.render(organization) };
  }

  /** `PUT /api/v2/organizations/{id}/move/destination/{destinationId}`. */
  move(id: string, destinationId: string): IqOutcome {
    const organization = this.get(id);
    if (!organization) return { status: 404, text: `Organization "${id}" was not found.` };
    const destination = this.get(destinationId);
    if (!destination) return { status: 404, text: `Destination organization "${destinationId}" was not found.` };
    const errors: IqMessage[] = [];
    if (organization.id === ROOT_ORGANIZATION_ID) {
      errors.push({ type: "PARENT_HIERARCHY", message: "The root organization cannot be moved." });
    } else if (this.isAncestorOrSelf(organization.id, destination.id)) {
      const what = destination.id === organization.id ? "itself" : `its descendant ${destination.name}`;
      errors.push({
        type: "PARENT_HIERARCHY",
        message: `New parent org ${destination.name} cannot be used: org ${organization.name} cannot be moved under ${what}.`,
      });
    }
    if (errors.length > 0) return { status: 409, json: { errors, warnings: [] } };
    const warnings: IqMessage[] = [];
    if (organization.parentOrganizationId !== destination.id) {
      if (organization.inheritedWaivers) {
        warnings.push({
          type: "POLICY_WAIVER",
          message: "Some policy waivers that were previously inherited no longer apply in the new parent organization.",
        });
        organization.inheritedWaivers = false;
      }
      organization.parentOrganizationId = destination.id;
    }
    return { status: 200, json: { errors: [], warnings } };
  }

  /** Whether `ancestorId` is `id` itself or one of its ancestors. */
  private isAncestorOrSelf(ancestorId: string, id: string): boolean {
    for (
      let current = this.get(id);
      current;
      current = current.parentOrganizationId ? this.get(current.parentOrganizationId) : undefined
    ) {
      if (current.id === ancestorId) return true;
    }
    return false;
  }
}
