/**
 * examples/iq-server through the real CLI against the emulated IQ Server: preview (reads only), up (adopts
 * Engineering by name, creates Platform and Mobile), a no-change preview, a move by config (one PUT), and
 * destroy, which cannot delete IQ Server organizations: it sends nothing, leaves them and warns for each.
 * The connection is stack config only (`iqserver:password` with --secret); IQSERVER_* are blanked.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createWorkspace, describe as describeResult, expectSuccess, type PulumiWorkspace } from "./harness";
import {
  describeRequests,
  E2E_ENV,
  filesUnder,
  REPO_ROOT,
  startEmulatorProcess,
  transcript,
  TYPE_CHECK,
  type EmulatorProcess,
  type RequestLogEntry,
} from "./support";

const TYPE = "pulumi-nodejs:dynamic/iqserver:Organization";
const ROOT = "ROOT_ORGANIZATION_ID";

interface Organization {
  id: string;
  name: string;
  parentOrganizationId?: string;
}

let emulator: EmulatorProcess;
let ws: PulumiWorkspace;
let destroyed = false;

async function organizations(): Promise<Organization[]> {
  const response = await fetch(`${emulator.info.iqServer.url}/__emulator/state`);
  return ((await response.json()) as { organizations: Organization[] }).organizations;
}
const byName = async (name: string) => (await organizations()).find((o) => o.name === name);
const iqRequests = (entries: RequestLogEntry[]) => describeRequests(entries.filter((e) => e.origin === "iqserver"));
const iqWrites = (entries: RequestLogEntry[]) => iqRequests(entries.filter((e) => e.method !== "GET"));
const steps = (stdout: string) =>
  stdout
    .split(/^Outputs:$/m)[0]
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.includes(TYPE) && /^\s*(\+-|[+~-])\s/.test(line))
    .sort();

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  const iq = emulator.info.iqServer;
  ws = await createWorkspace({
    programDir: path.join(REPO_ROOT, "examples", "iq-server"),
    env: { ...E2E_ENV, IQSERVER_URL: "", IQSERVER_USERNAME: "", IQSERVER_PASSWORD: "" },
  });
  expectSuccess(await ws.stackInit());
  expectSuccess(await ws.setConfig("iqserver:url", iq.url));
  expectSuccess(await ws.setConfig("iqserver:username", iq.username));
  expectSuccess(await ws.setConfig("iqserver:password", iq.password, { secret: true }));
});

afterAll(async () => {
  if (ws && !destroyed) await ws.destroy();
  await ws?.dispose();
  await emulator?.stop();
});

test("preview plans three organizations and only reads IQ Server", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.preview(TYPE_CHECK);
  transcript("iq-server: fresh preview", result);
  expectSuccess(result);
  expect(steps(result.stdout)).toEqual([
    ` +  ${TYPE} engineering create`,
    ` +  ${TYPE} mobile create`,
    ` +  ${TYPE} platform create`,
  ]);
  // Only the program's getOrganizations ran.
  expect(iqRequests(await emulator.log(since))).toEqual(["GET /api/v2/organizations 200"]);
});

test("up adopts Engineering by name and creates Platform under it and Mobile under Platform", async () => {
  const engineering = (await byName("Engineering"))!;
  const since = await emulator.lastSeq();
  const result = await ws.up();
  transcript("iq-server: up", result);
  expectSuccess(result);
  expect(result.stdout).toMatch(/\+ 4 created/);
  const requests = await emulator.log(since);
  expect(iqWrites(requests)).toEqual(["POST /api/v2/organizations 200", "POST /api/v2/organizations 200"]);
  // Adoption: one lookup by name, no POST for Engineering.
  expect(requests.filter((e) => e.query.organizationName === "Engineering")).toHaveLength(1);

  const platform = (await byName("Platform"))!;
  const mobile = (await byName("Mobile"))!;
  expect(platform.parentOrganizationId).toBe(engineering.id);
  expect(mobile.parentOrganizationId).toBe(platform.id);
  const outputs = await ws.stackOutputs();
  expect(outputs).toEqual({
    organizations: { engineering: engineering.id, platform: platform.id, mobile: mobile.id },
    mobileParent: platform.id,
    rootTags: ["Distributed", "Hosted", "Internal"],
  });
});

test("the next preview has no changes, nor has a refresh, and neither writes anything", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.preview({ expectNoChanges: true, json: true });
  expectSuccess(result);
  expect(result.json?.changeSummary).toEqual({ same: 4 });
  expectSuccess(await ws.refresh({ args: ["--expect-no-changes"] }));
  expect(iqWrites(await emulator.log(since))).toEqual([]);
});

test("moving Mobile to the root is one PUT …/move/destination/ROOT_ORGANIZATION_ID, in place", async () => {
  const mobile = (await byName("Mobile"))!;
  expectSuccess(await ws.setConfig("mobileParent", "root"));
  const preview = await ws.preview();
  expectSuccess(preview);
  expect(steps(preview.stdout)).toEqual([` ~  ${TYPE} mobile update [diff: -parentOrganizationId]`]);

  const since = await emulator.lastSeq();
  const result = await ws.up();
  transcript("iq-server: move", result);
  expectSuccess(result);
  expect(result.stdout).toMatch(/~ 1 updated/);
  expect(iqWrites(await emulator.log(since))).toEqual([
    `PUT /api/v2/organizations/${mobile.id}/move/destination/${ROOT} 200`,
  ]);
  expect((await byName("Mobile"))?.parentOrganizationId).toBe(ROOT);
  expect((await ws.stackOutputs()).mobileParent).toBe(ROOT);
  expectSuccess(await ws.preview({ expectNoChanges: true }));
});

test("the IQ Server password is not stored in plain text", async () => {
  const password = emulator.info.iqServer.password;
  const exported = expectSuccess(await ws.exportStack());
  expect(exported.stdout).not.toContain(password);
  for (const file of [...filesUnder(ws.stateDir), ...filesUnder(ws.homeDir), ws.stackConfigFile]) {
    if (fs.readFileSync(file).includes(password)) throw new Error(`${file} contains the IQ Server password`);
  }
});

test("destroy sends nothing to IQ Server, leaves the organizations and warns for each", async () => {
  const before = await organizations();
  const since = await emulator.lastSeq();
  const result = await ws.destroy();
  transcript("iq-server: destroy", result);
  if (result.code !== 0) throw new Error(describeResult(result));
  destroyed = true;
  expect(result.stdout).toMatch(/- 4 deleted/);
  expect(iqWrites(await emulator.log(since))).toEqual([]);
  expect(await organizations()).toEqual(before);
  const output = result.stdout + result.stderr;
  for (const name of ["Engineering", "Platform", "Mobile"]) {
    expect(output).toMatch(new RegExp(`warning: IQ Server organization "${name}" \\(\\w+\\) was not deleted`));
  }
});
