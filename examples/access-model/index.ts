import * as pulumi from "@pulumi/pulumi";
import * as qlik from "pulumi-qlik";

// Connection: `qlik:tenantUrl` and `qlik:apiKey` (secret) in stack config, or QLIK_TENANT_URL / QLIK_API_KEY.
const config = new pulumi.Config();

// Who: two custom groups and one user.
const analysts = new qlik.Group("analysts", {
  name: "Sales Analysts",
  providerType: "custom",
  description: "Build and read sales analytics",
  assignedRoles: ["SharedSpaceCreator"],
});

const publishers = new qlik.Group("publishers", {
  name: "Sales Publishers",
  providerType: "custom",
  description: "Publish approved sales apps",
});

const lead = new qlik.User("lead", {
  subject: "auth0|access-model-lead",
  email: "sales.lead@example.com",
  name: "Sales Lead",
});

// Where: a managed space, where approved apps are published, and a shared space, where they are built.
const reports = new qlik.Space("sales-reports", {
  name: "Sales Reports",
  type: "managed",
  description: "Published, approved sales apps",
});

const lab = new qlik.Space("sales-lab", {
  name: "Sales Lab",
  type: "shared",
  description: "Where the sales apps are built",
  ownerId: lead.id, // set with one PATCH right after the space is created
});

// What: the roles of each group and user in each space. Roles are checked against the space's type at preview
// whenever the space already exists (a shared space has no "publisher", a managed space no "producer").
new qlik.SpaceAssignment("sales-reports-analysts", {
  spaceId: reports.id,
  assigneeId: analysts.id,
  type: "group",
  roles: ["consumer"],
});

new qlik.SpaceAssignment("sales-reports-publishers", {
  spaceId: reports.id,
  assigneeId: publishers.id,
  type: "group",
  roles: ["consumer", "publisher"],
});

new qlik.SpaceAssignment("sales-lab-analysts", {
  spaceId: lab.id,
  assigneeId: analysts.id,
  type: "group",
  roles: ["producer"],
});

new qlik.SpaceAssignment("sales-lab-lead", {
  spaceId: lab.id,
  assigneeId: lead.id,
  type: "user",
  roles: ["facilitator"],
});

// A space this program does not manage, found by name: the analysts can read it too.
const handbookName = config.get("handbookSpace");
if (handbookName) {
  const handbook = qlik.getSpaceOutput({ name: handbookName });
  new qlik.SpaceAssignment("handbook-analysts", {
    spaceId: handbook.id,
    assigneeId: analysts.id,
    type: "group",
    roles: ["consumer"],
  });
}

export const spaceIds = { reports: reports.id, lab: lab.id };
export const labOwner = lab.ownerId;
// What Qlik says can be assigned in the managed space.
export const reportsAssignableRoles = qlik.getSpaceOutput({ id: reports.id }).assignableRoles;
