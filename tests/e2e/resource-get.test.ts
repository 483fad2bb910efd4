/**
 * `qlik.User.get(name, id)` and `qlik.Group.get(name, id)` through the real engine (CLI 3.248.0).
 *
 * What this engine does (asserted below): `Resource.get` works with dynamic providers here. The program's
 * `get` becomes a ReadResource; the engine starts the dynamic-provider host and calls Read with the id and the
 * arguments given to `get` — which include the serialized provider, so the host can load pulumi-qlik — in
 * preview as well as in up. The object is recorded as `external`: Pulumi never updates or deletes it.
 * (Our reference note says dynamic-provider gets need hosts ≥ 3.268; that is not what 3.248 shows.)
 *
 * Two provider bugs this surfaced, fixed and covered here and in the integration tests: read reported only the
 * fields named in the get's arguments (so name, email, roles came back undefined), and a get of an id that
 * does not exist silently produced an empty user (the engine records whatever id Read answers for a get).
 */
import { describe as describeResult, expectSuccess, type PulumiWorkspace, type StackExport } from "./harness";
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

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as qlik from "pulumi-qlik";

// Read-only references to objects that exist in the tenant and that this stack does not manage.
const config = new pulumi.Config();
const alice = qlik.User.get("alice", config.require("aliceId"));
const stewards = qlik.Group.get("stewards", config.require("stewardsId"));

export const aliceFields = {
  id: alice.id,
  subject: alice.subject,
  name: alice.name,
  email: alice.email,
  status: alice.status,
  roles: alice.assignedRoles,
  groups: alice.assignedGroups,
};
export const stewardsFields = {
  id: stewards.id,
  name: stewards.name,
  providerType: stewards.providerType,
  description: stewards.description,
  roles: stewards.assignedRoles,
};
`;

let emulator: EmulatorProcess;
let program: ProgramCopy;
let ws: PulumiWorkspace;
let seed: TenantSnapshot;
let aliceId: string;
let stewardsId: string;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  seed = await emulator.state();
  aliceId = seed.users.find((user) => user.subject === "auth0|seed-alice")!.id;
  stewardsId = seed.groups.find((group) => group.name === "Data Stewards")!.id!;
  program = await ProgramCopy.of("quickstart");
  program.write(PROGRAM);
  ws = await tenantStack(program.dir, emulator.info.tenants[0]);
  expectSuccess(await ws.setConfig("aliceId", aliceId));
  expectSuccess(await ws.setConfig("stewardsId", stewardsId));
});

afterAll(async () => {
  await ws?.destroy();
  await ws?.dispose();
  await program?.dispose();
  await emulator?.stop();
});

const expectedAlice = () => ({
  id: aliceId,
  subject: "auth0|seed-alice",
  name: "Alice Seed",
  email: "alice@acme.example",
  status: "active",
  roles: ["Developer"],
  groups: ["Finance"],
});

const expectedStewards = () => ({
  id: stewardsId,
  name: "Data Stewards",
  providerType: "custom",
  description: "People who curate data",
  roles: ["DataAdmin"],
});

test("preview reads the user and the group: their fields are known, and nothing is written", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.preview(TYPE_CHECK);
  transcript("preview with User.get/Group.get", result);
  expectSuccess(result);
  expect(result.stdout).toContain("read pulumi-nodejs:dynamic/qlik:User alice");
  expect(result.stdout).toContain("read pulumi-nodejs:dynamic/qlik:Group stewards");
  // The stack outputs, computed from what Read returned during the preview.
  expect(result.stdout).toMatch(/ name\s+: "Alice Seed"/);
  expect(result.stdout).toMatch(/ email\s+: "alice@acme.example"/);
  expect(result.stdout).toMatch(/ description\s+: "People who curate data"/);
  expect(result.stdout).not.toContain("[unknown]");
  const requests = await emulator.log(since);
  expect(requests.length).toBeGreaterThan(0);
  expect(describeRequests(writes(requests))).toEqual([]);
});

test("up records them as external resources with everything Qlik has; preview and refresh then change nothing", async () => {
  const since = await emulator.lastSeq();
  const up = await ws.up();
  transcript("up with User.get/Group.get", up);
  expectSuccess(up);
  expect(up.stdout).toMatch(/read pulumi-nodejs:dynamic\/qlik:User alice/);
  expect(await ws.stackOutputs()).toEqual({ aliceFields: expectedAlice(), stewardsFields: expectedStewards() });

  const state = expectSuccess(await ws.exportStack()).deployment as StackExport;
  const alice = state.deployment.resources?.find((resource) => resource.urn.endsWith("::alice"));
  expect(alice).toMatchObject({ id: aliceId, external: true, type: "pulumi-nodejs:dynamic/qlik:User" });
  expect(alice?.outputs).toMatchObject({ userId: aliceId, name: "Alice Seed", assignedRoles: ["Developer"] });

  expectSuccess(await ws.preview({ expectNoChanges: true }));
  expectSuccess(await ws.refresh({ args: ["--expect-no-changes"] }));
  expect(describeRequests(writes(await emulator.log(since)))).toEqual([]);
});

test("a get of an id that does not exist fails, naming the id", async () => {
  const missing = "659200800001000000000099";
  expectSuccess(await ws.setConfig("aliceId", missing));
  const preview = await ws.preview();
  transcript("preview with User.get of a missing id", preview);
  expect(preview.code).not.toBe(0);
  expect(preview.stdout).toContain(
    `error: Preview failed: User.get: the tenant at ${emulator.info.tenants[0].url} has no user with id "${missing}".`,
  );
  expectSuccess(await ws.setConfig("aliceId", aliceId));
});

test("destroy forgets them without deleting anything in Qlik", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.destroy();
  transcript("destroy with User.get/Group.get", result);
  if (result.code !== 0) throw new Error(describeResult(result));
  expect(describeRequests(writes(await emulator.log(since)))).toEqual([]);
  expect(await emulator.state()).toEqual(seed);
});
