import * as pulumi from "@pulumi/pulumi";
import {
  iqServerSettingsFromConfig,
  iqServerSettingsFromEnv,
  mergeIqServerSettings,
} from "../../provider/iqserver/config";
import { getOrganizationsData } from "../../provider/iqserver/dataSource";
import type { GetOrganizationsArgs, GetOrganizationsResult } from "../../provider/iqserver/types";

export type { GetOrganizationsArgs, GetOrganizationsResult, IqServerOrganization } from "../../provider/iqserver/types";

/**
 * IQ Server's organizations (`GET /api/v2/organizations`), or only the one named `name`, with the connection from
 * `iqserver:*` stack config over `IQSERVER_*` environment variables. Runs in the program's own process.
 */
export function getOrganizations(args: GetOrganizationsArgs = {}): Promise<GetOrganizationsResult> {
  const settings = mergeIqServerSettings(
    iqServerSettingsFromConfig((key) => pulumi.runtime.getConfig(key)),
    iqServerSettingsFromEnv(),
  );
  return getOrganizationsData(args, settings);
}

export function getOrganizationsOutput(
  args: { name?: pulumi.Input<string> } = {},
): pulumi.Output<GetOrganizationsResult> {
  return pulumi.output(args).apply((resolved) => getOrganizations(resolved));
}
