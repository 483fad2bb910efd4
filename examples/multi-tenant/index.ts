import * as pulumi from "@pulumi/pulumi";
import * as qlik from "pulumi-qlik";

// Credentials, one per tenant: `qlik:tenants` (secret) maps each tenant URL to its own API key (or OAuth client):
//   pulumi config set --secret qlik:tenants '{"https://prod.eu.qlikcloud.com": {"apiKey": "…"},
//                                              "https://test.eu.qlikcloud.com": {"apiKey": "…"}}'
// A tenant not listed there would use the default credential (qlik:apiKey or qlik:clientId/qlik:clientSecret).
//
// Which tenants to manage: a name for each, and its URL:
//   pulumi config set --path 'tenants.prod' https://prod.eu.qlikcloud.com
//   pulumi config set --path 'tenants.test' https://test.eu.qlikcloud.com
const tenants = new pulumi.Config().requireObject<Record<string, string>>("tenants");

const analysts: Record<string, pulumi.Output<string>> = {};
for (const [name, tenantUrl] of Object.entries(tenants)) {
  // The same baseline on every tenant; `tenantUrl` picks the tenant, and with it the credential.
  new qlik.TenantSettings(`settings-${name}`, {
    tenantUrl,
    preferredStartPage: "analytics-hub",
    customizeNoAccess: {
      linkEnabled: true,
      linkLabel: "Request access",
      linkUrl: "https://intranet.example.com/qlik-access",
    },
  });
  analysts[name] = new qlik.Group(`analysts-${name}`, {
    tenantUrl,
    name: "Analysts",
    providerType: "custom",
    description: `Build and share analytics apps on ${name}`,
    assignedRoles: ["Developer", "SharedSpaceCreator"],
  }).id;
}

export const analystGroupIds = analysts;
