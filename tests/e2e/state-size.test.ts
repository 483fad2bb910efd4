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
let ws: PulumiWorkspace;
let sizes: ResourceSize[];

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
  const projectDir = path.join(workDir, "qlik-tenant");
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
  if (ws) await ws.destroy();
  await ws?.dispose();
  await emulator?.stop();
  if (workDir && process.env.PULUMI_E2E_KEEP !== "1") fs.rmSync(workDir, { recursive: true, force: true });
});

const size = (kind: string) => sizes.find((entry) => entry.type === `pulumi-nodejs:dynamic/qlik:${kind}`)!;

test.each(["User", "Group", "Space"])(
  "%s: __provider is a require of the kind's module, <= 400 bytes, in inputs and outputs",
  (kind) => {
    expect(size(kind).provider).toContain(`require("pulumi-qlik/providers/${kind}")`);
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
