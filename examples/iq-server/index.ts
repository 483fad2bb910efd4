import * as pulumi from "@pulumi/pulumi";
import { iqserver } from "pulumi-qlik";

// Connection: `iqserver:url`, `iqserver:username` and `iqserver:password` (secret), or IQSERVER_URL,
// IQSERVER_USERNAME and IQSERVER_PASSWORD.
const config = new pulumi.Config();

// "Engineering" already exists in IQ Server: take it over instead of failing on its (unique) name.
const engineering = new iqserver.Organization("engineering", { name: "Engineering", adoptExisting: true });

const platform = new iqserver.Organization("platform", {
  name: "Platform",
  parentOrganizationId: engineering.organizationId,
});

// `pulumi config set mobileParent root` moves Mobile to the top of the hierarchy (one PUT …/move/…).
const mobile = new iqserver.Organization("mobile", {
  name: "Mobile",
  parentOrganizationId: config.get("mobileParent") === "root" ? undefined : platform.organizationId,
});

export const organizations = {
  engineering: engineering.organizationId,
  platform: platform.organizationId,
  mobile: mobile.organizationId,
};
export const mobileParent = mobile.parentOrganizationId;
// Application tags are defined on organizations; these are the root organization's.
export const rootTags = iqserver
  .getOrganizationsOutput({ name: "Root Organization" })
  .apply(({ organizations }) => organizations[0]?.tags.map((tag) => tag.name) ?? []);
