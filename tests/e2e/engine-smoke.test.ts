/**
 * Engine smoke test: the real Pulumi CLI, its Node.js language host and the dynamic provider plugin
 * (pulumi-resource-pulumi-nodejs) run tests/e2e/smoke, a program with one inline dynamic resource,
 * through preview → up → preview (no changes) → config change → refresh → destroy.
 *
 * Needs the CLI built by `npm run pulumi:install`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createWorkspace, describe as describeResult, expectSuccess, PulumiWorkspace } from "./harness";

const PROGRAM_DIR = path.join(__dirname, "smoke");
const REPO_SDK = require.resolve("@pulumi/pulumi");
const SECRET = "smoke-secret-value-0123456789";
const DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";

describe("engine smoke: CLI + Node.js language host + dynamic provider", () => {
  let ws: PulumiWorkspace;

  beforeAll(async () => {
    ws = await createWorkspace({ programDir: PROGRAM_DIR, timeoutMs: 3 * 60_000 });
    expectSuccess(await ws.stackInit());
    expectSuccess(await ws.setConfig("label", "first"));
    expectSuccess(await ws.setConfig("secretValue", SECRET, { secret: true }));
  });

  afterAll(async () => {
    if (!ws) return;
    await ws.destroy(); // best effort if a test failed half-way
    await ws.dispose();
  });

  test("stack init kept the program directory clean", () => {
    expect(fs.existsSync(path.join(PROGRAM_DIR, `Pulumi.${ws.stackName}.yaml`))).toBe(false);
    const stackConfig = fs.readFileSync(ws.stackConfigFile, "utf8");
    expect(stackConfig).toContain("encryptionsalt:");
    expect(stackConfig).toContain("engine-smoke:label: first");
    expect(stackConfig).not.toContain(SECRET); // stored encrypted
  });

  test("preview --json plans to create the stack and the dynamic resource", async () => {
    const result = expectSuccess(await ws.preview({ json: true }));
    expect(result.json).toBeDefined();
    expect(result.json?.changeSummary).toEqual({ create: 2 });
    const ops = (result.json?.steps ?? []).map((s) => `${s.op} ${s.urn.split("::").pop()}`);
    expect(ops).toEqual(expect.arrayContaining([`create engine-smoke-${ws.stackName}`, "create thing"]));
    expect(result.stdout).not.toContain(SECRET);
  });

  test("up creates the resource through the dynamic provider host", async () => {
    const result = expectSuccess(await ws.up());
    expect(result.stdout).toMatch(/\+ 2 created/);
    expect(result.stdout + result.stderr).not.toContain(SECRET);

    const outputs = await ws.stackOutputs();
    expect(outputs.label).toBe("first");
    expect(outputs.thingId).toMatch(/^[0-9a-f]{16}$/);
    expect(outputs.token).toBe(`tok-${outputs.thingId as string}`);
    expect(outputs.secretLength).toBe("[secret]");
    // The program and the provider host both loaded the repository's single copy of @pulumi/pulumi.
    expect(outputs.programSdk).toBe(REPO_SDK);
    expect(outputs.hostSdk).toBe(REPO_SDK);
  });

  test("a second preview has no changes", async () => {
    const result = expectSuccess(await ws.preview({ json: true, expectNoChanges: true }));
    expect(result.json?.changeSummary).toEqual({ same: 2 });
  });

  test("a config change is an update in place (diff → update), keeping the id", async () => {
    const before = await ws.stackOutputs();
    expectSuccess(await ws.setConfig("label", "second"));

    const preview = expectSuccess(await ws.preview({ diff: true }));
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic:Resource: \(update\)/);
    expect(preview.stdout).toMatch(/~ label: "first" => "second"/);
    expect(preview.stdout).toMatch(/~ 1 to update/);

    expectSuccess(await ws.up());
    const after = await ws.stackOutputs();
    expect(after.label).toBe("second");
    expect(after.thingId).toBe(before.thingId);
    expect(after.token).toBe(before.token);
  });

  test("refresh reads the resource back without changes", async () => {
    const result = expectSuccess(await ws.refresh({ args: ["--skip-preview"] }));
    expect(result.stdout).toMatch(/2 unchanged/);
  });

  test("stack export holds the dynamic resource with its serialized provider, secrets encrypted", async () => {
    const exported = expectSuccess(await ws.exportStack());
    expect(exported.stdout).not.toContain(SECRET);
    const resources = exported.deployment?.deployment.resources ?? [];
    const thing = resources.find((r) => r.type === DYNAMIC_TYPE);
    expect(thing).toBeDefined();
    expect(thing?.outputs?.label).toBe("second");
    expect(typeof thing?.inputs?.__provider).toBe("string");
    expect(resources.some((r) => r.type === "pulumi:providers:pulumi-nodejs")).toBe(true);
  });

  test("destroy deletes everything", async () => {
    const result = await ws.destroy();
    if (result.code !== 0) throw new Error(describeResult(result));
    expect(result.stdout).toMatch(/- 2 deleted/);
    const exported = expectSuccess(await ws.exportStack());
    expect(exported.deployment?.deployment.resources ?? []).toEqual([]);
  });
});
