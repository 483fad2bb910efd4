/**
 * `qlik.GroupSettings` through the real CLI: up adopts the tenant's group settings with one PATCH of what differs,
 * preview and refresh then propose nothing, and destroy puts back what up found (the singleton rule).
 */
import { expectSuccess, type PulumiWorkspace } from "./harness";
import {
  describeRequests,
  ProgramCopy,
  startEmulatorProcess,
  tenantStack,
  transcript,
  TYPE_CHECK,
  writes,
  type EmulatorProcess,
  type TenantSnapshot,
} from "./support";

const PROGRAM = `import * as qlik from "pulumi-qlik";

const settings = new qlik.GroupSettings("group-settings", {
  autoCreateGroups: false,
  everyoneAssignedRoles: ["Developer"],
});

export const autoCreateGroups = settings.autoCreateGroups;
export const everyoneRoles = settings.everyoneAssignedRoles;
`;

let emulator: EmulatorProcess;
let program: ProgramCopy;
let ws: PulumiWorkspace;
let seed: TenantSnapshot;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  seed = await emulator.state();
  program = await ProgramCopy.of("quickstart");
  program.write(PROGRAM);
  ws = await tenantStack(program.dir, emulator.info.tenants[0]);
});

afterAll(async () => {
  await ws?.dispose();
  await program?.dispose();
  await emulator?.stop();
});

test("up adopts the group settings with one PATCH; preview and refresh then change nothing", async () => {
  const since = await emulator.lastSeq();
  const up = await ws.up(TYPE_CHECK);
  transcript("group settings: up", up);
  expectSuccess(up);
  expect(describeRequests(writes(await emulator.log(since)))).toEqual(["PATCH /api/v1/groups/settings 204"]);
  expect(await ws.stackOutputs()).toEqual({ autoCreateGroups: false, everyoneRoles: ["Developer"] });
  const after = await emulator.state();
  expect(after.groupSettings.autoCreateGroups).toBe(false);

  const quiet = await emulator.lastSeq();
  expectSuccess(await ws.preview({ expectNoChanges: true }));
  expectSuccess(await ws.refresh({ args: ["--expect-no-changes"] }));
  expect(describeRequests(writes(await emulator.log(quiet)))).toEqual([]);
});

test("destroy puts back the settings it found", async () => {
  const since = await emulator.lastSeq();
  expectSuccess(await ws.destroy());
  expect(describeRequests(writes(await emulator.log(since)))).toEqual(["PATCH /api/v1/groups/settings 204"]);
  const after = (await emulator.state()).groupSettings;
  const everyone = "000000000000000000000001";
  expect(after.autoCreateGroups).toBe(seed.groupSettings.autoCreateGroups);
  expect(after.systemGroups?.[everyone]?.assignedRoles).toEqual(
    seed.groupSettings.systemGroups?.[everyone]?.assignedRoles,
  );
});
