import * as qlik from "pulumi-qlik";

// Connection: `qlik:tenantUrl` and `qlik:apiKey` (secret) in stack config, or QLIK_TENANT_URL / QLIK_API_KEY.

const settings = new qlik.TenantSettings("settings", {
  preferredStartPage: "analytics-hub",
  customizeNoAccess: {
    linkEnabled: true,
    linkLabel: "Request access",
    linkUrl: "https://intranet.example.com/qlik-access",
    message: "You do not have access to Qlik Cloud yet. Ask for it on the intranet.",
  },
  // Enabling cross-region inference needs consentVerified: it attests your authority to let AI inference for
  // this tenant run in another region, and is sent to Qlik as `x-qlik-consent-verified: true`.
  crossRegionInference: { enabled: true, consentVerified: true },
});

// A custom role. Groups and users get it through its `name` output: Pulumi then creates the role before them, and
// on destroy removes their assignments before the role (Qlik refuses to delete a role that is still assigned).
const reviewer = new qlik.Role("report-reviewer", {
  name: "Report Reviewer",
  description: "Reviews shared reports before they are published",
  assignedScopes: ["user_default"],
});

const analysts = new qlik.Group("analysts", {
  name: "Analysts",
  providerType: "custom",
  description: "Build and share analytics apps",
  assignedRoles: ["Developer", "SharedSpaceCreator", reviewer.name],
});

const engineers = new qlik.Group("platform-engineers", {
  name: "Platform Engineers",
  providerType: "custom",
  description: "Own data spaces and connections",
  assignedRoles: ["DataAdmin", "DataSpaceCreator"],
});

// An identity-provider group seeded ahead of its members' first login, so access is ready for them.
const marketing = new qlik.Group("marketing", {
  name: "Marketing",
  assignedRoles: ["SharedSpaceCreator"],
});

const ada = new qlik.User("ada", {
  subject: "auth0|quickstart-ada",
  email: "ada@example.com",
  name: "Ada Lovelace",
  assignedRoles: ["TenantAdmin"],
});

const grace = new qlik.User("grace", {
  subject: "auth0|quickstart-grace",
  email: "grace@example.com",
  name: "Grace Hopper",
  assignedRoles: ["Developer", "DataAdmin"],
  preferredLocale: "en-US",
});

const linus = new qlik.User("linus", {
  subject: "auth0|quickstart-linus",
  email: "linus@example.com",
  name: "Linus Torvalds",
  status: "disabled",
});

// The complete member list of the custom group Analysts: users not listed are removed from it. (Manage a group's
// members either here or with User.customGroups, never both.) Pass the resources' ids (`.id`): they stay known
// while a preview plans an update of the user or group, so the member list does not show as changing.
const analystMembers = new qlik.GroupMembers("analyst-members", {
  groupId: analysts.id,
  userIds: [ada.id, grace.id],
});

export const startPage = settings.preferredStartPage;
export const crossRegionInference = settings.crossRegionInference;
export const groupIds = { analysts: analysts.id, engineers: engineers.id, marketing: marketing.id };
export const analystMemberIds = analystMembers.userIds;
export const reviewerRoleId = reviewer.roleId;
// Outputs report what Qlik has, set by the program or not: ada's and grace's status is "invited" (how Qlik creates
// users), linus's roles are [].
export const users = {
  ada: { id: ada.id, status: ada.status, roles: ada.assignedRoles },
  grace: { id: grace.id, status: grace.status, roles: grace.assignedRoles },
  linus: { id: linus.id, status: linus.status, roles: linus.assignedRoles },
};
