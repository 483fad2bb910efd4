import * as pulumi from "@pulumi/pulumi";
import * as qlik from "pulumi-qlik";

// Organization API: `qlik:orgClientId` + `qlik:orgClientSecret` (secret), and `qlik:consoleUrl` when not
// https://console.qlikcloud.com. Tenant APIs: `qlik:apiKey` or `qlik:clientId`/`qlik:clientSecret` — an
// organization OAuth client can call the tenant APIs too.
const config = new pulumi.Config();
const subscriptionId = config.require("subscriptionId");
// An optional SCIM filter to pick tenants, e.g. `name sw "prod-"`.
const tenantFilter = config.get("tenantFilter");
// Only for non-standard hosts (the local emulator): hostname → tenant URL. Real tenants need nothing here.
const tenantUrls = config.getObject<Record<string, string>>("tenantUrls") ?? {};

export = async () => {
  const { tenants } = await qlik.getTenants({ subscriptionId, status: "active", filter: tenantFilter });

  const settings = tenants.map((tenant) => {
    const hostname = tenant.hostnames[0];
    return new qlik.TenantSettings(`settings-${tenant.name}`, {
      tenantUrl: tenantUrls[hostname] ?? qlik.tenantUrlFromHostname(hostname),
      preferredStartPage: "analytics-hub",
      releaseCadence: "monthly",
      customizeNoAccess: {
        linkEnabled: true,
        linkLabel: "Request access",
        linkUrl: "https://intranet.example.com/qlik-access",
      },
    });
  });

  return {
    tenants: tenants.map((tenant) => ({ name: tenant.name, region: tenant.regionCode, id: tenant.id })),
    settingsIds: settings.map((resource) => resource.id),
  };
};
