/**
 * What a stack's state costs per resource, as users get it: pulumi-qlik packed and installed from the tarball
 * (real copies under node_modules), one User, Group and Space created with the real CLI, and the checkpoint file
 * the file backend wrote measured. The serialized provider must be the one-line `require` of the kind's module;
 * `PULUMI_E2E_SIZES=<file>` appends the measured sizes (the numbers in BENCHMARKS.md) to a file, and copies the checkpoint beside it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expectSuccess, type PulumiWorkspace } from "./harness";
import { freshDir, installProject, pack, repoVersion } from "../package/packed";
import { minimalProject } from "../package/readme";
import { checkpointFile, resourceSizes, type ResourceSize } from "./state-size";
import { startEmulatorProcess, tenantStack, type EmulatorProcess } from "./support";

let emulator: EmulatorProcess;
let workDir: string;
let projectDir: string;
let ws: PulumiWorkspace;
let sizes: ResourceSize[];
let destroyed = false;

/** A typical object of each kind, with the inputs a user usually sets. */
const program = `import * as qlik from "pulumi-qlik";

const analysts = new qlik.Group("analysts", {
  name: "Sales Analysts",
  providerType: "custom",
  description: "Build and read sales analytics",
  assignedRoles: ["SharedSpaceCreator"],
});

new qlik.User("ada", {
  subject: "auth0|ada",
  email: "ada@example.com",
  name: "Ada Lovelace",
  assignedRoles: ["TenantAdmin"],
});

new qlik.Space("sales-lab", { name: "Sales Lab", type: "shared", description: "Where the sales apps are built" });

export const analystsId = analysts.id;
`;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  workDir = freshDir("e2e-state-size");
  const { tarball } = pack(workDir);
  projectDir = path.join(workDir, "qlik-tenant");
  fs.mkdirSync(projectDir);
  installProject(
    projectDir,
    { ...minimalProject(repoVersion("@pulumi/pulumi"), ["index.ts"]), "index.ts": program },
    tarball,
    [],
  );
  ws = await tenantStack(projectDir, emulator.info.tenants[0]);
  expectSuccess(await ws.up());
  sizes = resourceSizes(ws);
  const report = process.env.PULUMI_E2E_SIZES;
  if (report) {
    fs.appendFileSync(report, JSON.stringify(sizes) + "\n");
    fs.copyFileSync(checkpointFile(ws), `${report}.checkpoint.json`);
  }
}, 5 * 60_000);

afterAll(async () => {
  if (ws && !destroyed) await ws.destroy();
  await ws?.dispose();
  await emulator?.stop();
  if (workDir && process.env.PULUMI_E2E_KEEP !== "1") fs.rmSync(workDir, { recursive: true, force: true });
});

/**
 * The serialized provider's reference to the kind's module. @pulumi/pulumi up to at least 3.248 spells it as the
 * file path when the project's own path contains "pulumi-qlik" (as this suite's temporary directory does).
 */
const requireOf = (kind: string) =>
  new RegExp(`require\\("pulumi-qlik/(providers/${kind}|dist/sdk/providers/${kind}\\.js)"\\)`);

const size = (kind: string) => sizes.find((entry) => entry.type === `pulumi-nodejs:dynamic/qlik:${kind}`)!;

test.each(["User", "Group", "Space"])(
  "%s: __provider is a require of the kind's module, <= 400 bytes, in inputs and outputs",
  (kind) => {
    expect(size(kind).provider).toMatch(requireOf(kind));
    expect(size(kind).provider.length).toBeLessThanOrEqual(400);
    expect(size(kind).providerOutputs).toBe(size(kind).provider.length);
  },
);

test("a User: what pulumi-qlik writes (inputs and outputs) <= 1.5 kB; the whole record, engine's part included, <= 2.6 kB", () => {
  // Before the provider modules: 5,413 and 6,725 bytes. The engine's part (stack trace, URNs) is ~1.3 kB.
  expect(size("User").written).toBeLessThanOrEqual(1500);
  expect(size("User").bytes).toBeLessThanOrEqual(2600);
});

test("a second preview proposes nothing: the installed provider reads and diffs what it wrote", async () => {
  expectSuccess(await ws.preview({ expectNoChanges: true }));
});

/** The `__provider` pulumi-qlik 0.1.0 wrote for `kind` (its seven-method shim, serialized by value). */
function providerOf010(kind: string): string {
  const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "upgrade-0.1.0", "state.json"), "utf8"));
  const resource = (fixture.deployment.resources as Array<{ type: string; outputs: { __provider: string } }>).find(
    (entry) => entry.type === `pulumi-nodejs:dynamic/qlik:${kind}`,
  );
  return resource!.outputs.__provider;
}

test("records holding 0.1.0's __provider: preview, up and refresh work and change nothing; an update records the tiny one", async () => {
  const exported = await ws.exportStack();
  expectSuccess(exported);
  const deployment = exported.deployment!;
  for (const resource of deployment.deployment.resources ?? []) {
    const kind = resource.type.split(":").pop()!;
    if (!["User", "Group"].includes(kind)) continue;
    resource.inputs!.__provider = providerOf010(kind);
    resource.outputs!.__provider = providerOf010(kind);
  }
  const file = path.join(workDir, "old-providers.json");
  fs.writeFileSync(file, JSON.stringify(deployment));
  expectSuccess(await ws.run(["stack", "import", "--file", file, "--stack", ws.stackName]));
  expect(resourceSizes(ws).find((entry) => entry.type.endsWith(":User"))!.provider.length).toBeGreaterThan(2000);

  const since = await emulator.lastSeq();
  expectSuccess(await ws.preview({ expectNoChanges: true }));
  const up = expectSuccess(await ws.up());
  expect(up.stdout).not.toMatch(/replace|created|deleted/i);
  expect((await emulator.log(since)).filter((entry) => entry.method !== "GET")).toEqual([]);
  expectSuccess(await ws.refresh());
  // Pulumi never counts a changed `__provider` as a change (so a provider's code can evolve without replacing
  // anything): the old text stays, and keeps working, until the resource's next update.
  expect(resourceSizes(ws).find((entry) => entry.type.endsWith(":User"))!.provider.length).toBeGreaterThan(2000);

  const program = path.join(projectDir, "index.ts");
  fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace("Ada Lovelace", "Ada King"));
  const rename = expectSuccess(await ws.up());
  expect(rename.stdout).toMatch(/~ 1 updated/);
  const user = resourceSizes(ws).find((entry) => entry.type.endsWith(":User"))!;
  expect(user.provider).toMatch(requireOf("User"));
  expect(user.providerOutputs).toBe(user.provider.length);
});

test("destroy deletes through both providers (the Group still holds 0.1.0's)", async () => {
  const since = await emulator.lastSeq();
  expectSuccess(await ws.destroy());
  destroyed = true;
  const deletes = (await emulator.log(since)).filter((entry) => entry.method === "DELETE");
  expect(deletes).toHaveLength(3);
});
