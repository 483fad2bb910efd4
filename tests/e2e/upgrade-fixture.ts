/**
 * The upgrade fixture: a stack written by an earlier pulumi-qlik, and the emulator seed that holds the same
 * objects (same ids), so upgrade.test.ts can import that state into today's version and check that refresh and
 * preview propose nothing.
 *
 * Written once per released version, from that version's checkout (after `npm run build`):
 *   npx ts-node --transpile-only tests/e2e/upgrade-fixture.ts tests/e2e/fixtures/upgrade-0.1.0
 * The program is the directory's index.ts; the script adds state.json (`pulumi stack export`, the emulator's
 * origin replaced by TENANT_URL_PLACEHOLDER) and seed.json (the built-in seed, with the first tenant's users,
 * groups, settings and tenant fields as the program left them).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorSeed, SeedTenant } from "../../emulator/seed/schema";
import { defaultSeed } from "../../emulator/seed/default-seed";
import { expectSuccess, type StackExport } from "./harness";
import { ProgramCopy, startEmulatorProcess, tenantStack, type TenantSnapshot } from "./support";

export const TENANT_URL_PLACEHOLDER = "http://tenant-url.invalid";
/** Fixed so that the stack can be imported again with the same secrets manager. */
export const FIXTURE_PASSPHRASE = "pulumi-qlik-upgrade-fixture";
export const FIXTURE_STACK = "upgrade";

/** The state with the placeholder replaced by the origin of the tenant it is imported against. */
export function stateFor(fixtureDir: string, tenantUrl: string): string {
  return fs.readFileSync(path.join(fixtureDir, "state.json"), "utf8").split(TENANT_URL_PLACEHOLDER).join(tenantUrl);
}

/** The first emulated tenant of the built-in seed, holding exactly the objects in `snapshot`. */
export function seedFrom(snapshot: TenantSnapshot): EmulatorSeed {
  const seed = defaultSeed();
  const tenant: SeedTenant = seed.tenants[0];
  const names = (list: readonly { name?: string }[] | null | undefined) => (list ?? []).map((item) => item.name!);
  tenant.users = snapshot.users.map((user) =>
    withoutEmpty({
      id: user.id,
      subject: user.subject,
      name: user.name,
      email: user.email,
      status: user.status as "active" | "invited" | "disabled",
      roles: names(user.assignedRoles),
      groups: (user.assignedGroups ?? []).map((group) => ({
        name: group.name!,
        providerType: (group.providerType ?? "idp") as "idp" | "custom",
      })),
      picture: user.picture,
      preferredLocale: user.preferredLocale,
      preferredZoneinfo: user.preferredZoneinfo,
    }),
  );
  tenant.groups = snapshot.groups.map((group) =>
    withoutEmpty({
      id: group.id,
      name: group.name!,
      providerType: (group.providerType ?? "idp") as "idp" | "custom",
      description: group.description,
      roles: names(group.assignedRoles),
    }),
  );
  const doc = snapshot.tenantSettings as Record<string, unknown> | null;
  const startPage = doc?.preferredStartPage as { value?: string } | string | undefined;
  tenant.tenantSettings = doc
    ? withoutEmpty({
        preferredStartPage: (typeof startPage === "object" ? startPage.value : startPage) as never,
        customizeNoAccess: doc.customizeNoAccess as never,
        releaseCadence: doc.releaseCadence as never,
        sessionReplayOptOut: doc.sessionReplayOptOut as boolean | undefined,
        crossRegionDataProcessing: doc.crossRegionDataProcessing as boolean | undefined,
      })
    : null;
  const flags = snapshot.tenant as Record<string, unknown>;
  for (const key of [
    "autoAssignCreateSharedSpacesRoleToProfessionals",
    "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
    "autoAssignDataServicesContributorRoleToProfessionals",
    "enableAppOpeningFeedback",
  ] as const) {
    if (typeof flags[key] === "boolean") tenant[key] = flags[key];
  }
  tenant.name = snapshot.tenant.name ?? tenant.name;
  tenant.hostnames = snapshot.tenant.hostnames ?? tenant.hostnames;
  return seed;
}

function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined && item !== null && item !== ""),
  ) as T;
}

async function writeFixture(fixtureDir: string): Promise<void> {
  const emulator = await startEmulatorProcess();
  const program = await ProgramCopy.ofDirectory(fixtureDir);
  const tenant = emulator.info.tenants[0];
  const ws = await tenantStack(program.dir, tenant, { stackName: FIXTURE_STACK, passphrase: FIXTURE_PASSPHRASE });
  try {
    expectSuccess(await ws.setConfig("explicitTenantUrl", `${tenant.url}/`));
    expectSuccess(await ws.up());
    const exported = expectSuccess(await ws.exportStack()).deployment as StackExport;
    const state = JSON.stringify(exported, null, 2).split(tenant.url).join(TENANT_URL_PLACEHOLDER);
    fs.writeFileSync(path.join(fixtureDir, "state.json"), `${state}\n`);
    const seed = seedFrom(await emulator.state(tenant.id));
    fs.writeFileSync(path.join(fixtureDir, "seed.json"), `${JSON.stringify(seed, null, 2)}\n`);
  } finally {
    await ws.dispose();
    await program.dispose();
    await emulator.stop();
  }
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: upgrade-fixture.ts <fixture directory with Pulumi.yaml and index.ts>");
  writeFixture(path.resolve(dir)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
