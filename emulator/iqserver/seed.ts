/**
 * The IQ Server part of the emulator seed: the basic-auth user and the organization hierarchy below the root
 * organization (which always exists, with id `ROOT_ORGANIZATION_ID`). Parents are named, not numbered, so seed
 * files stay readable; ids are derived from names unless given.
 */
import { z } from "zod";

export interface SeedIqTag {
  id?: string;
  name: string;
  description: string;
  color: string;
}

export interface SeedIqOrganization {
  /** 32 hex characters; derived from the name when absent. */
  id?: string;
  name: string;
  /** The parent's name; the root organization when absent. */
  parent?: string;
  tags?: SeedIqTag[];
  /**
   * The organization has policy waivers inherited from its parent: moving it succeeds with IQ Server's
   * `POLICY_WAIVER` warning.
   */
  inheritedWaivers?: boolean;
}

export interface IqServerSeed {
  username: string;
  password: string;
  /** Application tags of the root organization. */
  rootTags?: SeedIqTag[];
  organizations: SeedIqOrganization[];
}

const tagSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  name: z.string().min(1),
  description: z.string(),
  color: z.string().min(1),
});

export const iqServerSeedSchema: z.ZodType<IqServerSeed> = z.strictObject({
  username: z
    .string()
    .min(1)
    .refine((name) => !name.includes(":"), { error: "username must not contain ':'" }),
  password: z.string().min(1),
  rootTags: z.array(tagSchema).optional(),
  organizations: z.array(
    z.strictObject({
      id: z
        .string()
        .regex(/^[0-9a-f]{32}$/)
        .optional(),
      name: z.string().min(1),
      parent: z.string().min(1).optional(),
      tags: z.array(tagSchema).optional(),
      inheritedWaivers: z.boolean().optional(),
    }),
  ),
});

/** Well-known development credentials (IQ Server's own defaults) and a small hierarchy. */
export function defaultIqServerSeed(): IqServerSeed {
  return {
    username: "admin",
    password: "admin123",
    rootTags: [
      {
        name: "Distributed",
        description: "Applications that are provided for consumption outside the company",
        color: "yellow",
      },
      {
        name: "Hosted",
        description: "Applications that are hosted such as services or software as a service.",
        color: "grey",
      },
      { name: "Internal", description: "Applications that are used only by your employees", color: "green" },
    ],
    organizations: [
      { name: "Sandbox Organization" },
      { name: "Engineering" },
      {
        name: "Payments",
        parent: "Engineering",
        tags: [{ name: "PCI", description: "Applications in scope for PCI DSS", color: "red" }],
      },
      { name: "Legacy Apps", parent: "Engineering", inheritedWaivers: true },
    ],
  };
}
