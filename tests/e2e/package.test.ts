/**
 * pulumi-qlik as a user installs it: `npm pack` of the build, `npm install`ed into a fresh directory outside the
 * repository (real copies, no symlinks) next to the README's minimal project (package.json, tsconfig.json,
 * Pulumi.yaml) and the program at the top of the README; type-checked with the project's own TypeScript; then
 * `pulumi preview`, `up` and `destroy` with the real CLI against the emulator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expectSuccess, type PulumiWorkspace } from "./harness";
import { typeCheck } from "../package/packed";
import { codeBlocks, isTypeScript } from "../package/readme";
import { packedProject, removePackedProject, type PackedProject } from "./packedProject";
import { startEmulatorProcess, summarize, tenantStack, transcript, TYPE_CHECK, type EmulatorProcess } from "./support";

let emulator: EmulatorProcess;
let project: PackedProject | undefined;
let projectDir: string;
let ws: PulumiWorkspace;
let destroyed = false;
const tenant = () => emulator.info.tenants[0];

/** The program at the top of the README. */
const program = codeBlocks("README.md").find(isTypeScript)!.code;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  project = packedProject("e2e-package", program);
  projectDir = project.projectDir;
  ws = await tenantStack(projectDir, tenant());
}, 5 * 60_000);

afterAll(async () => {
  if (ws && !destroyed) await ws.destroy();
  await ws?.dispose();
  await emulator?.stop();
  removePackedProject(project);
});

test("the package is installed as a real copy with its runtime dependencies, without the emulator's router", () => {
  const installed = path.join(projectDir, "node_modules", "pulumi-qlik");
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(fs.existsSync(path.join(installed, "dist", "sdk", "index.js"))).toBe(true);
  expect(fs.existsSync(path.join(projectDir, "node_modules", "undici"))).toBe(true);
  expect(fs.existsSync(path.join(projectDir, "node_modules", "find-my-way"))).toBe(false);
  expect(fs.existsSync(path.join(projectDir, "node_modules", "@qlik", "api"))).toBe(false);
});

test("the program type-checks with the README's tsconfig", () => {
  expect(typeCheck(projectDir).diagnostics).toEqual([]);
});

test("preview (type-checked by ts-node) plans the six resources and sends no write", async () => {
  const since = await emulator.lastSeq();
  const result = await ws.preview({ json: true, ...TYPE_CHECK });
  transcript("package: fresh preview", result);
  expectSuccess(result);
  expect(result.json?.changeSummary).toEqual({ create: 7 }); // the stack and the six resources
  const requests = await emulator.log(since);
  expect(requests.filter((entry) => entry.method !== "GET")).toEqual([]);
});

test("up creates them in the emulated tenant through the installed package", async () => {
  const result = expectSuccess(await ws.up());
  transcript("package: up", result);
  expect(result.stdout).toMatch(/\+ 7 created/);
  const state = summarize(await emulator.state(tenant().id));
  expect(state.users["auth0|ada"]).toMatchObject({ name: "Ada Lovelace", roles: ["TenantAdmin"] });
  expect(state.groups.Analysts).toMatchObject({ providerType: "custom" });
  expect(state.settings).toMatchObject({ preferredStartPage: "analytics-hub" });
});

test("a second preview has no changes; destroy removes the user and the group", async () => {
  expectSuccess(await ws.preview({ expectNoChanges: true }));
  expectSuccess(await ws.destroy());
  destroyed = true;
  const state = summarize(await emulator.state(tenant().id));
  expect(state.users["auth0|ada"]).toBeUndefined();
  expect(state.groups.Analysts).toBeUndefined();
});
