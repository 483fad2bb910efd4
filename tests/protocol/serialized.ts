/**
 * Real `__provider` strings: the SDK's resource classes constructed under Pulumi's mocks, which receive exactly
 * the inputs the engine would (including the serialized provider shim).
 */
import * as pulumi from "@pulumi/pulumi";

export type Kind =
  | "User"
  | "Group"
  | "GroupSettings"
  | "TenantSettings"
  | "Tenant"
  | "Space"
  | "SpaceAssignment"
  | "Role"
  | "GroupMembers";

export async function serializedProviders(): Promise<Record<Kind, string>> {
  const captured: Partial<Record<Kind, string>> = {};
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const kind = args.type.split(":").pop() as Kind;
        captured[kind] = args.inputs.__provider as string;
        return { id: `${kind}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "qlik-protocol",
    "test",
    false,
  );
  // Loaded after setMocks so that the classes register against the mock monitor.
  const qlik: typeof import("../../sdk") = require("../../sdk");
  const resources = [
    new qlik.User("u", { subject: "s" }),
    new qlik.Group("g", { name: "n" }),
    new qlik.GroupSettings("gs", { autoCreateGroups: true }),
    new qlik.TenantSettings("ts", { preferredStartPage: "analytics-hub" }),
    new qlik.Tenant("t", {}),
    new qlik.Space("sp", { name: "n", type: "shared" }),
    new qlik.SpaceAssignment("sa", { spaceId: "s", assigneeId: "a", type: "user", roles: ["consumer"] }),
    new qlik.Role("r", { name: "n" }),
    new qlik.GroupMembers("gm", { groupId: "g", userIds: [] }),
  ];
  await Promise.all(resources.map((resource) => new Promise((resolve) => resource.id.apply(resolve))));
  const kinds = [
    "User",
    "Group",
    "GroupSettings",
    "TenantSettings",
    "Tenant",
    "Space",
    "SpaceAssignment",
    "Role",
    "GroupMembers",
  ] as const;
  for (const kind of kinds) {
    if (typeof captured[kind] !== "string") throw new Error(`no serialized provider captured for ${kind}`);
  }
  return captured as Record<Kind, string>;
}
