/**
 * `npm run bench -- --cli-scale [sizes]`: large stacks through the real `pulumi` CLI, as users run them.
 *
 * pulumi-qlik is `npm pack`ed and installed from the tarball into a fresh project outside the repository (with
 * the `@pulumi/pulumi` this checkout is tested with), whose program declares N objects: 90 % users, 10 % custom
 * groups (bench/workload.ts). For each size and each CLI setting, against a fresh emulator at the time scale
 * (60×: a Qlik minute lasts a second), one CLI command per step: create (`up --yes --skip-preview`), a no-op
 * `preview` and `up` (`--expect-no-changes`), an update of 10 % of the objects (a config value the program reads
 * switches every tenth to its changed form: one PATCH each), `refresh --yes --skip-preview`, `destroy`. Before each
 * step that writes, one (scaled) minute passes so the Tier 2 window starts empty.
 *
 * Measured per step: wall time, requests per tier and 429s (the emulator's log), failures, N ÷ rate of the binding
 * tier (the physical limit), the checkpoint file's size after the step, and the CPU time of the CLI, the language
 * host and the dynamic-provider host (/proc, sampled).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  createWorkspace,
  expectSuccess,
  findPulumiBinDir,
  type CommandResult,
  type PulumiWorkspace,
} from "../tests/e2e/harness";
import { checkpointFile } from "../tests/e2e/state-size";
import { startEmulatorProcess } from "../tests/e2e/support";
import { freshDir, installProject, pack, repoVersion } from "../tests/package/packed";
import { cliEnv, cliPhase, declaredResources, PROGRAM, PULUMI_YAML } from "./cli-run";
import { sleep, totalRequests, type PhaseResult } from "./measure";
import { sampleProcessTree, type CpuSeconds } from "./process-cpu";
import type { Workload } from "./workload";

/** A way to run the CLI: its name in the report and the environment it adds. */
export interface CliSetting {
  /** What `--cli-settings` calls it. */
  key: string;
  name: string;
  env: Record<string, string>;
  description: string;
}

export const CLI_SETTINGS: readonly CliSetting[] = [
  {
    key: "default",
    name: "default",
    env: {},
    description: "the CLI as installed: the file backend rewrites the whole checkpoint after every step",
  },
  {
    key: "skip-checkpoints",
    name: "PULUMI_SKIP_CHECKPOINTS=true",
    env: { PULUMI_SKIP_CHECKPOINTS: "true" },
    description: "the state is written once, when the command ends",
  },
];

export const CLI_STEPS = ["create", "no-op preview", "no-op up", "update 10%", "refresh", "destroy"] as const;
export type CliStep = (typeof CLI_STEPS)[number];

export interface CliStepResult extends PhaseResult {
  step: CliStep;
  /** Size of the checkpoint file after the step (bytes), as the file backend wrote it. */
  checkpointBytes: number;
  cpu: CpuSeconds;
}

export interface CliScaleRun {
  setting: string;
  objects: number;
  workload: Workload;
  steps: CliStepResult[];
}

/** N objects: 90 % users, 10 % custom groups (rounded down), so 500 is 450 + 50 and 5,000 is 4,500 + 500. */
export function scaleWorkload(objects: number): Workload {
  const groups = Math.floor(objects / 10);
  return { label: `${objects} (${objects - groups} users + ${groups} groups)`, users: objects - groups, groups };
}

/** Every tenth resource changes in the update step: 10 % of them, one PATCH each. */
export const CHANGE_EVERY = 10;

/** The program's file of resources for `objects` (one project serves every size). */
const resourcesFile = (objects: number) => `resources-${objects}.json`;

/**
 * A fresh project outside the repository with pulumi-qlik installed from its packed tarball, as users get it, and
 * the resources of every size. Returns its directory.
 */
export function installScaleProject(sizes: readonly number[], log: (line: string) => void): string {
  const dir = freshDir("bench-cli-scale");
  log(`packing pulumi-qlik and installing the tarball into ${dir}…`);
  const { tarball } = pack(dir);
  const project = path.join(dir, "project");
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "qlik-bench-cli-scale", private: true, main: "index.js" }, null, 2),
    "Pulumi.yaml": PULUMI_YAML,
    "index.js": PROGRAM,
  };
  for (const objects of sizes) {
    files[resourcesFile(objects)] = JSON.stringify(declaredResources(scaleWorkload(objects), CHANGE_EVERY));
  }
  installProject(project, files, tarball, [`@pulumi/pulumi@${repoVersion("@pulumi/pulumi")}`]);
  return project;
}

/** Runs the six steps for one size and one setting against a fresh emulator. */
export async function cliScaleRun(options: {
  root: string;
  project: string;
  objects: number;
  setting: CliSetting;
  timeScale: number;
  log: (line: string) => void;
}): Promise<CliScaleRun> {
  const { objects, setting, timeScale } = options;
  const workload = scaleWorkload(objects);
  const windowMs = 60_000 / timeScale;
  const emu = await startEmulatorProcess({ timeScale });
  const ws: PulumiWorkspace = await createWorkspace({
    programDir: options.project,
    binDir: findPulumiBinDir(options.root),
    env: { ...cliEnv(), ...setting.env },
    stackName: `scale-${objects}`,
    timeoutMs: 90 * 60_000,
  });
  const steps: CliStepResult[] = [];
  const timed = async (step: CliStep, run: (onStart: (pid: number) => void) => Promise<CommandResult>) => {
    const since = await emu.lastSeq();
    let sampler: ReturnType<typeof sampleProcessTree> | undefined;
    const result = await run((pid) => (sampler = sampleProcessTree(pid)));
    const cpu = sampler?.stop() ?? { cli: 0, languageHost: 0, providerHost: 0 };
    const entries = await emu.log(since);
    const measured: CliStepResult = {
      ...cliPhase(
        { workload: workload.label, client: setting.name, phase: step, ops: objects },
        result,
        entries,
        windowMs,
      ),
      step,
      checkpointBytes: fs.existsSync(path.join(ws.stateDir, ".pulumi")) ? fs.statSync(checkpointFile(ws)).size : 0,
      cpu,
    };
    options.log(
      `  ${objects} objects, ${setting.name}, ${step}: ${(result.durationMs / 1000).toFixed(1)} s, ` +
        `${totalRequests(measured)} requests, ${measured.rateLimited} × 429${measured.failed ? ", FAILED" : ""}`,
    );
    steps.push(measured);
    if (measured.failed) throw new Error(`${step} failed: ${measured.firstError}`);
  };
  /** Before each step that writes, one (scaled) minute for the Tier 2 window to empty. */
  const beforeWrites = () => sleep(windowMs * 1.05 + 20);
  try {
    expectSuccess(await ws.stackInit());
    expectSuccess(await ws.setConfig("qlik:tenantUrl", emu.info.tenantUrl));
    expectSuccess(await ws.setConfig("qlik:apiKey", emu.info.tenants[0].apiKey, { secret: true }));
    expectSuccess(await ws.setConfig("qlik:rateWindowSeconds", String(windowMs / 1000)));
    expectSuccess(await ws.setConfig("resources", resourcesFile(objects)));
    expectSuccess(await ws.setConfig("updated", "false"));
    await beforeWrites();
    await timed("create", (onStart) => ws.up({ onStart }));
    await timed("no-op preview", (onStart) => ws.preview({ expectNoChanges: true, onStart }));
    await timed("no-op up", (onStart) => ws.up({ args: ["--expect-no-changes"], onStart }));
    expectSuccess(await ws.setConfig("updated", "true"));
    await beforeWrites();
    await timed("update 10%", (onStart) => ws.up({ onStart }));
    // --skip-preview as for up and destroy: a refresh's preview would read every resource once more.
    await timed("refresh", (onStart) => ws.refresh({ args: ["--skip-preview"], onStart }));
    await beforeWrites();
    await timed("destroy", (onStart) => ws.destroy({ onStart }));
  } catch (error) {
    options.log(`  ${objects} objects, ${setting.name}: stopped: ${(error as Error).message.slice(0, 500)}`);
  } finally {
    await ws.dispose();
    await emu.stop();
  }
  return { setting: setting.name, objects, workload, steps };
}
