/**
 * What a stack's state costs per resource, as users get it: pulumi-qlik packed and installed from the tarball
 * (real copies under node_modules), one User, Group and Space created with the real CLI, and the checkpoint file
 * the file backend wrote measured. `__provider` must be the one-line module reference of the kind, and the
 * engine's source position the program's own line; `PULUMI_E2E_SIZES=<file>` appends the measured sizes (the
 * numbers in BENCHMARKS.md) to a file, and copies the checkpoint beside it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expectSuccess, type PulumiWorkspace } from "./harness";
import { packedProject, removePackedProject, type PackedProject } from "./packedProject";
import { checkpointFile, resourceRecords, resourceSizes, type ResourceSize } from "./state-size";
import { providerModuleText } from "../../sdk/shim";
import { startEmulatorProcess, tenantStack, type EmulatorProcess } from "./support";

let emulator: EmulatorProcess;
let project: PackedProject | undefined;
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
  project = packedProject("e2e-state-size", program);
  projectDir = project.projectDir;
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
  removePackedProject(project);
});

const size = (kind: string) => sizes.find((entry) => entry.type === `pulumi-nodejs:dynamic/qlik:${kind}`)!;

test.each(["User", "Group", "Space"] as const)(
  "%s: __provider is the one-line reference to the kind's module, in inputs and outputs",
  (kind) => {
    expect(size(kind).provider).toBe(providerModuleText(kind));
    expect(size(kind).provider.length).toBeLessThanOrEqual(80);
    expect(size(kind).providerOutputs).toBe(size(kind).provider.length);
  },
);

test.each(["User", "Group", "Space"])(
  "%s: the engine records the program's own `new qlik.<Kind>(...)` line as its source position, and no pulumi-qlik frame",
  (kind) => {
    const record = resourceRecords(ws).find((entry) => entry.type === `pulumi-nodejs:dynamic/qlik:${kind}`)!;
    const lines = program.split("\n");
    const line = lines.findIndex((text) => text.includes(`new qlik.${kind}(`));
    const position = `project:///index.ts#${line + 1},${lines[line].indexOf("new qlik.") + 1}`;
    expect(record.sourcePosition).toBe(position);
    expect(record.stackTrace?.[0]?.sourcePosition).toBe(position);
    expect(JSON.stringify(record.stackTrace)).not.toContain("pulumi-qlik");
  },
);

test("a User's record <= 1.8 kB, of which pulumi-qlik writes (inputs and outputs) <= 700 bytes", () => {
  // Before: 6,725 bytes with 0.1.0's by-value shim; 2,409 with the closure serializer's `require` (266 bytes of
  // __provider, twice) and the stack trace starting in our own base class. The engine's part is ~1.07 kB, over
  // 450 bytes of it the stack trace below the program's line (see BENCHMARKS.md, "State per resource").
  expect(size("User").written).toBeLessThanOrEqual(700);
  expect(size("User").bytes).toBeLessThanOrEqual(1800);
  expect(size("Group").bytes).toBeLessThanOrEqual(1850);
  expect(size("Space").bytes).toBeLessThanOrEqual(1750);
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

/**
 * The `__provider` the releases between 0.1.0 and the one-line module wrote from a tarball install: Pulumi's
 * closure serializer's reference to the kind's module (as measured in this suite's checkpoint then).
 */
const serializerReference = (kind: string) =>
  `exports.handler = __f0;\nconst provider = require("pulumi-qlik/providers/${kind}");\n\nfunction __f0() {\n` +
  "  return (function() {\n    with({ this: undefined, arguments: undefined }) {\n\nreturn () => provider;\n\n" +
  "    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n";

const OLD_POSITION = "project:///node_modules/pulumi-qlik/dist/sdk/resources/common.js#50,9";

const earlierProviders: Record<string, string> = {
  User: providerOf010("User"),
  Group: providerOf010("Group"),
  Space: serializerReference("Space"),
};

test("records holding earlier __providers (0.1.0's, the serializer's reference): preview, up and refresh change nothing; an update records the one-line one", async () => {
  const exported = await ws.exportStack();
  expectSuccess(exported);
  const deployment = exported.deployment!;
  for (const resource of deployment.deployment.resources ?? []) {
    const earlier = earlierProviders[resource.type.split(":").pop()!];
    if (!earlier) continue;
    resource.inputs!.__provider = earlier;
    resource.outputs!.__provider = earlier;
    // Where earlier releases' class hierarchy put the engine's source position.
    resource.sourcePosition = OLD_POSITION;
    resource.stackTrace = [{ sourcePosition: OLD_POSITION }, ...(resource.stackTrace as object[])];
  }
  const file = path.join(project!.workDir, "old-providers.json");
  fs.writeFileSync(file, JSON.stringify(deployment));
  expectSuccess(await ws.run(["stack", "import", "--file", file, "--stack", ws.stackName]));
  const providerOf = (kind: string) => resourceSizes(ws).find((entry) => entry.type.endsWith(`:${kind}`))!.provider;
  expect(providerOf("User").length).toBeGreaterThan(2000);
  expect(providerOf("Space")).toBe(earlierProviders.Space);

  const since = await emulator.lastSeq();
  expectSuccess(await ws.preview({ expectNoChanges: true }));
  const up = expectSuccess(await ws.up());
  expect(up.stdout).not.toMatch(/replace|created|deleted/i);
  expect((await emulator.log(since)).filter((entry) => entry.method !== "GET")).toEqual([]);
  // A no-op `up` records each resource's new registration, inputs included; the engine's same step keeps only
  // the old outputs (a refresh then reports inputs from them, `__provider` included).
  for (const record of resourceRecords(ws).filter((entry) => entry.type.startsWith("pulumi-nodejs:dynamic/"))) {
    expect(record.sourcePosition).toMatch(/^project:\/\/\/index\.ts#/);
    expect(JSON.stringify(record.stackTrace)).not.toContain("pulumi-qlik");
  }
  const afterUp = resourceSizes(ws).find((entry) => entry.type.endsWith(":User"))!;
  expect(afterUp.provider).toBe(providerModuleText("User"));
  expect(afterUp.providerOutputs).toBeGreaterThan(2000);
  expectSuccess(await ws.refresh());
  expectSuccess(await ws.preview({ expectNoChanges: true }));
  // Pulumi never counts a changed `__provider` as a change (so a provider's code can evolve without replacing
  // anything): the old text stays, and keeps working, until the resource's next update.
  expect(providerOf("User").length).toBeGreaterThan(2000);
  expect(providerOf("Space")).toBe(earlierProviders.Space);

  const program = path.join(projectDir, "index.ts");
  fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace("Ada Lovelace", "Ada King"));
  const rename = expectSuccess(await ws.up());
  expect(rename.stdout).toMatch(/~ 1 updated/);
  const user = resourceSizes(ws).find((entry) => entry.type.endsWith(":User"))!;
  expect(user.provider).toBe(providerModuleText("User"));
  expect(user.providerOutputs).toBe(user.provider.length);
});

test("destroy deletes through every provider (the Group still holds 0.1.0's, the Space the serializer's reference)", async () => {
  const since = await emulator.lastSeq();
  expectSuccess(await ws.destroy());
  destroyed = true;
  const deletes = (await emulator.log(since)).filter((entry) => entry.method === "DELETE");
  expect(deletes).toHaveLength(3);
});
