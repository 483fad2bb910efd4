/**
 * `npm run bench`: pulumi-qlik at Qlik's physical limits, against the emulator with Qlik's real rate limits
 * time-scaled. For each workload (N users + G groups), the same operations go through Pulumi's real
 * dynamic-provider host with the engine's concurrency, through the provider called in-process (no host), and
 * through a naive client; the results are printed as one table and written to BENCHMARKS.md (between its
 * `bench:results` markers; the text around them is kept). See BENCHMARKS.md for how to read it.
 *
 *   npm run bench                      # N = 200 and 1,000 users + 100 groups, 60× time scale
 *   npm run bench -- --quick           # N = 100 users + 20 groups; prints only (unless --out is given)
 *   npm run bench -- --time-scale 120  # or BENCH_TIME_SCALE=120
 *   npm run bench -- --parallel 16 --out /tmp/bench.md
 *   npm run bench -- --no-cli          # without the `pulumi` CLI section (skipped anyway when the CLI is not built)
 *   npm run bench -- --scale 10000     # only: refresh 10,000 seeded users through the host (requests, CPU, peak RSS)
 *   npm run bench -- --users 5000 --host-only   # N = 5,000 users + 100 groups, only through the host; prints
 *   npm run bench -- --cli-scale       # only: 500, 2,000 and 5,000 objects through the real CLI, from the tarball
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator";
import { resetSharedClients } from "../provider/http";
import { findPulumiBinDir } from "../tests/e2e/harness";
import { repoVersion } from "../tests/package/packed";
import { providerModuleText } from "../sdk/shim";
import { cliRun, cliUnavailable, type CliFigures } from "./cli-run";
import { CLI_SETTINGS, cliScaleRun, installScaleProject, type CliScaleRun, type CliSetting } from "./cli-scale";
import { cliScaleSection } from "./cli-scale-report";
import { hostRun } from "./host-run";
import { inProcessDriver } from "./inprocess";
import { combine, QLIK_LIMITS, sleep, type PhaseResult } from "./measure";
import { naiveDriver } from "./naive";
import { runPhases } from "./phases";
import { SCALE_VARIANTS, scaleFigures, scaleRun } from "./scale";
import { cliFigures, figures, resultsTable, type RunFigures } from "./report";
import { resourcesOf, type Kind, type Workload } from "./workload";

const root = path.resolve(__dirname, "../..");
const USAGE = `npm run bench [-- options]   (after a build: node dist/bench/run.js [options])

  --quick             N = 100 users + 20 groups; prints the table, writes nothing unless --out is given
  --time-scale <n>    emulator time scale (default 60, or BENCH_TIME_SCALE): a Qlik minute lasts 60/n s
  --parallel <n>      operations in flight, as the engine's --parallel (default 8)
  --out <file>        where to write the results (default BENCHMARKS.md, except with --quick)
  --no-cli            skip the run of the first workload through the real \`pulumi\` CLI (up, up, refresh, destroy)
  --cli-only          only that run; prints, writes nothing unless --out is given
  --users <n>[,<n>…]  the workloads: n users + 100 groups each (default 200,1000); prints, writes nothing unless
                      --out is given
  --host-only         only the provider host client (no in-process, naive or CLI run)
  --scale <n>         only: refresh n users, seeded into the emulator, through the provider host; reports requests,
                      429s, wall time, the host's CPU time and peak RSS, next to the same refresh answered from memory
                      (the host alone), each with pulumi-qlik's host GC settings and V8's defaults; prints, writes
                      nothing (see BENCHMARKS.md)
  --cli-scale [sizes] only: stacks of each size (default 500,2000,5000 objects: 90 % users, 10 % groups) through
                      the real \`pulumi\` CLI with pulumi-qlik installed from its packed tarball: create, no-op
                      preview and up, update of 10 %, refresh, destroy; writes its own block of BENCHMARKS.md
                      (or --out)
  --cli-settings <s>  with --cli-scale: which CLI settings, comma-separated (default: default,skip-checkpoints)
  --cli-default-max <n>
                      with --cli-scale: the default setting runs only sizes up to n (default 2000): its cost grows
                      with the square of the stack's size
`;
const BEGIN = "<!-- bench:results:begin -->";
const END = "<!-- bench:results:end -->";
const CLI_SCALE_BEGIN = "<!-- bench:cli-scale:begin -->";
const CLI_SCALE_END = "<!-- bench:cli-scale:end -->";
const CLI_SCALE_SIZES = "500,2000,5000";

/** `--cli-scale` may come without sizes: then it takes the default ones. */
function withCliScaleDefault(argv: string[]): string[] {
  return argv.flatMap((arg, index) =>
    arg === "--cli-scale" && (index + 1 >= argv.length || argv[index + 1].startsWith("--"))
      ? [arg, CLI_SCALE_SIZES]
      : [arg],
  );
}

function wholeNumbers(text: string, flag: string): number[] {
  const numbers = text.split(",").map((part) => Number(part.trim()));
  if (numbers.length === 0 || numbers.some((n) => !(Number.isInteger(n) && n >= 10)))
    throw new Error(`${flag} takes whole numbers ≥ 10 separated by commas, e.g. ${flag} 500,2000`);
  return numbers;
}

function options() {
  const { values } = parseArgs({
    args: withCliScaleDefault(process.argv.slice(2)),
    options: {
      quick: { type: "boolean", default: false },
      "time-scale": { type: "string" },
      parallel: { type: "string", default: "8" },
      out: { type: "string" },
      "no-cli": { type: "boolean", default: false },
      "cli-only": { type: "boolean", default: false },
      scale: { type: "string" },
      users: { type: "string" },
      "host-only": { type: "boolean", default: false },
      "cli-scale": { type: "string" },
      "cli-settings": { type: "string", default: CLI_SETTINGS.map((setting) => setting.key).join(",") },
      "cli-default-max": { type: "string", default: "2000" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const timeScale = Number(values["time-scale"] ?? process.env.BENCH_TIME_SCALE ?? 60);
  const parallel = Number(values.parallel);
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (scale !== undefined && !(Number.isInteger(scale) && scale >= 1))
    throw new Error("--scale must be a whole number of users ≥ 1, e.g. --scale 10000");
  if (!(timeScale >= 1) || !(parallel >= 1)) throw new Error("--time-scale and --parallel must be numbers ≥ 1");
  const userCounts = values.users?.split(",").map(Number) ?? [200, 1000];
  if (!userCounts.every((n) => Number.isInteger(n) && n >= 1))
    throw new Error("--users must be whole numbers ≥ 1 separated by commas, e.g. --users 5000 or --users 200,1000");
  if (values.quick && values.users) throw new Error("--quick and --users exclude each other");
  const workloads: Workload[] = values.quick
    ? [{ label: "N=100 + 20 groups", users: 100, groups: 20 }]
    : userCounts.map((users) => ({ label: `N=${users} + 100 groups`, users, groups: 100 }));
  const cliScale =
    values["cli-scale"] === undefined
      ? undefined
      : {
          sizes: [...new Set(wholeNumbers(values["cli-scale"], "--cli-scale"))].sort((a, b) => a - b),
          settings: values["cli-settings"].split(",").map((key) => {
            const setting = CLI_SETTINGS.find((candidate) => candidate.key === key.trim());
            if (!setting)
              throw new Error(
                `--cli-settings: unknown setting "${key}"; known: ${CLI_SETTINGS.map((c) => c.key).join(", ")}`,
              );
            return setting;
          }),
          defaultMax: wholeNumbers(values["cli-default-max"], "--cli-default-max")[0],
        };
  const partial = values.quick || values["cli-only"] || values.users !== undefined || values["host-only"];
  const out = values.out ?? (partial ? undefined : path.join(root, "BENCHMARKS.md"));
  if (values["no-cli"] && values["cli-only"]) throw new Error("--no-cli and --cli-only exclude each other");
  if (values["host-only"] && values["cli-only"]) throw new Error("--host-only and --cli-only exclude each other");
  return {
    quick: values.quick,
    timeScale,
    parallel,
    workloads,
    out,
    cli: !values["no-cli"] && !values["host-only"],
    hostOnly: values["host-only"],
    cliOnly: values["cli-only"],
    scale,
    cliScale,
    /** --out as given: --cli-scale writes its own block of BENCHMARKS.md unless told otherwise. */
    outGiven: values.out,
  };
}

function machine(): string {
  const cpus = os.cpus();
  return (
    `${cpus[0]?.model.trim() ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
    `${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`
  );
}

async function main(): Promise<void> {
  const settings = options();
  const windowMs = 60_000 / settings.timeScale;
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  if (settings.cliScale) {
    const out = settings.outGiven ?? path.join(root, "BENCHMARKS.md");
    const section = await cliScaleSeries({ ...settings.cliScale, timeScale: settings.timeScale, log });
    process.stdout.write(`\n${section.text}\n`);
    writeBlock(out, CLI_SCALE_BEGIN, CLI_SCALE_END, section.text);
    log(`wrote ${path.relative(process.cwd(), out) || out}`);
    if (section.failed) process.exitCode = 1;
    return;
  }
  const programDir = path.join(root, "examples/quickstart");
  if (!fs.existsSync(path.join(programDir, "node_modules/pulumi-qlik"))) {
    throw new Error(
      `${programDir}/node_modules/pulumi-qlik is missing: run \`npm install\` (its prepare step links it).`,
    );
  }
  // Each resource's `__provider`, exactly as the SDK writes it (tests/protocol/lifecycle.test.ts checks the two agree).
  const providers: Record<Kind, string> = { User: providerModuleText("User"), Group: providerModuleText("Group") };
  if (settings.scale !== undefined) {
    const runs = [];
    for (const variant of SCALE_VARIANTS) {
      runs.push(
        await scaleRun({
          variant,
          users: settings.scale,
          timeScale: settings.timeScale,
          parallel: settings.parallel,
          programDir,
          userProvider: providers.User,
          log,
        }),
      );
    }
    process.stdout.write(
      `\nRun ${new Date().toISOString()} on ${machine()}; time scale ${settings.timeScale}×, ` +
        `${settings.parallel} reads in flight.\n\n${scaleFigures(runs)}\n`,
    );
    for (const { refresh } of runs.filter((run) => run.refresh.failed > 0)) {
      process.stderr.write(`${refresh.failed} reads failed: ${refresh.firstError}\n`);
      process.exitCode = 1;
    }
    return;
  }
  const emu = await startEmulator({ timeScale: settings.timeScale });
  const cliWorkload = settings.workloads[0];
  let cli: CliFigures | undefined;
  const cliSkipped = settings.cli
    ? cliUnavailable(root)
    : `${settings.hostOnly ? "--host-only" : "--no-cli"} was given.`;
  // Before each write phase the Tier 2 window empties, as between two `pulumi` commands a minute apart.
  const beforeWrites = () => sleep(windowMs * 1.05 + 20);
  const phaseOptions = { parallel: settings.parallel, windowMs, beforeWrites };
  const writes = (phases: PhaseResult[]) => [
    ...phases,
    combine(
      "writes",
      phases.filter((p) => p.phase !== "refresh"),
    ),
  ];
  const fresh = async () => {
    emu.reset();
    await sleep(windowMs);
  };
  const started = performance.now();
  const results: PhaseResult[] = [];
  const runs: RunFigures[] = [];
  try {
    for (const workload of settings.cliOnly ? [] : settings.workloads) {
      const resources = resourcesOf(workload, emu.tenantUrl);
      log(`${workload.label}: through the provider host…`);
      await fresh();
      const provider = await hostRun(emu, workload, resources, providers, { ...phaseOptions, programDir });
      results.push(...writes(provider.phases));
      const run: RunFigures = {
        workload: workload.label,
        resources: resources.length,
        batchedRefresh: provider.phases.find((p) => p.phase === "refresh")!,
        host: provider.host,
      };
      runs.push(run);
      if (settings.hostOnly) continue;
      log(`${workload.label}: the provider in-process…`);
      await fresh();
      const inProcess = await runPhases(emu, workload, resources, inProcessDriver(emu, windowMs), phaseOptions);
      log(`${workload.label}: naive client…`);
      await fresh();
      const naive = await runPhases(emu, workload, resources, naiveDriver(emu), phaseOptions);
      results.push(...writes(inProcess), ...writes(naive));
      run.unbatchedRefresh = naive.find((p) => p.phase === "refresh");
    }
  } finally {
    resetSharedClients();
    await emu.stop();
  }
  if (cliSkipped === undefined) {
    log(`${cliWorkload.label}: through the \`pulumi\` CLI (up, no-op preview and up, up, refresh, destroy)…`);
    cli = await cliRun({ root, workload: cliWorkload, timeScale: settings.timeScale, log });
  } else {
    log(`skipping the \`pulumi\` CLI run: ${cliSkipped}`);
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const providerBytes = {
    User: Buffer.byteLength(providers.User),
    Group: Buffer.byteLength(providers.Group),
  } as Record<Kind, number>;

  const failures = [...results, ...(cli?.phases ?? [])].filter((r) => r.failed > 0 && r.phase !== "writes");
  const cliSection = settings.hostOnly
    ? []
    : [
        "",
        `### ${cliWorkload.label} through the \`pulumi\` CLI`,
        "",
        ...(cli
          ? [resultsTable(cli.phases), "", cliFigures(cli, cliWorkload.users + cliWorkload.groups)]
          : [`Not run: ${cliSkipped}`]),
      ];
  const section = [
    `Run ${new Date().toISOString()} on ${machine()}.`,
    "",
    `Settings: emulator time scale ${settings.timeScale}× (a Qlik minute lasts ${windowMs.toFixed(0)} ms), Qlik's limits ` +
      `(Tier 1 ${QLIK_LIMITS.tier1}/min, Tier 2 ${QLIK_LIMITS.tier2}/min, Special ${QLIK_LIMITS.special}/min), ` +
      `${settings.parallel} operations in flight (the engine's \`--parallel\` default on 2 CPUs), ` +
      `${settings.quick ? "quick mode, " : ""}total bench time ${totalSeconds.toFixed(0)} s. ` +
      "Wall times are real (time-scaled) seconds; multiply by the time scale for Qlik time.",
    "",
    ...(results.length > 0 ? [resultsTable(results)] : []),
    "",
    ...(runs.length > 0 ? [figures(runs, providerBytes)] : []),
    ...cliSection,
    ...(failures.length > 0
      ? [
          "",
          "Failures:",
          ...failures.map((f) => `- ${f.workload} ${f.client} ${f.phase}: ${f.failed} (${f.firstError})`),
        ]
      : []),
  ].join("\n");
  process.stdout.write(`\n${section}\n`);

  if (settings.out) {
    writeBlock(settings.out, BEGIN, END, section);
    log(`wrote ${path.relative(process.cwd(), settings.out) || settings.out}`);
  }
  if (failures.length > 0) process.exitCode = 1;
}

/** `pulumi version` of the CLI the benchmark runs. */
function findPulumiVersion(): string {
  return execFileSync(path.join(findPulumiBinDir(root), "pulumi"), ["version"], { encoding: "utf8" }).trim();
}

/** Replaces the text between `begin` and `end` in `file` (appends a new block when the markers are missing). */
function writeBlock(file: string, begin: string, end: string, section: string): void {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  const block = `${begin}\n${section}\n${end}`;
  const text =
    existing === undefined
      ? `# Benchmarks\n\n${block}\n`
      : existing.includes(begin) && existing.includes(end)
        ? existing.slice(0, existing.indexOf(begin)) + block + existing.slice(existing.indexOf(end) + end.length)
        : `${existing.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

/** `--cli-scale`: every size with every setting through the real CLI; the Markdown section. */
async function cliScaleSeries(options: {
  sizes: number[];
  settings: CliSetting[];
  defaultMax: number;
  timeScale: number;
  log: (line: string) => void;
}): Promise<{ text: string; failed: boolean }> {
  const unavailable = cliUnavailable(root);
  if (unavailable) throw new Error(unavailable);
  const started = performance.now();
  const load = () =>
    os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(" / ");
  const loadBefore = load();
  const project = installScaleProject(options.sizes, options.log);
  const runs: CliScaleRun[] = [];
  const notRun: string[] = [];
  try {
    for (const objects of options.sizes) {
      for (const setting of options.settings) {
        if (setting.key === "default" && objects > options.defaultMax) {
          notRun.push(
            `${objects.toLocaleString("en-US")} objects with the default setting (above --cli-default-max ` +
              `${options.defaultMax}: its checkpoint writes grow with the square of the stack).`,
          );
          continue;
        }
        options.log(`${objects} objects through the CLI, ${setting.name}…`);
        runs.push(
          await cliScaleRun({ root, project, objects, setting, timeScale: options.timeScale, log: options.log }),
        );
      }
    }
  } finally {
    if (process.env.PULUMI_E2E_KEEP !== "1") fs.rmSync(path.dirname(project), { recursive: true, force: true });
  }
  const minutes = (performance.now() - started) / 60_000;
  const versions = `CLI ${findPulumiVersion()}, \`@pulumi/pulumi\` ${repoVersion("@pulumi/pulumi")}`;
  const header =
    `Run ${new Date().toISOString()} on ${machine()}; ${versions}; pulumi-qlik installed from its packed ` +
    `tarball; emulator time scale ${options.timeScale}× (a Qlik minute lasts ${(60 / options.timeScale).toFixed(2)} s); ` +
    `the engine's default \`--parallel\`; file backend. Load average (1 / 5 / 15 min) ${loadBefore} at the start, ` +
    `${load()} at the end; ${minutes.toFixed(0)} minutes in all. Settings: ` +
    options.settings.map((setting) => `\`${setting.name}\`: ${setting.description}`).join("; ") +
    ".";
  const text = cliScaleSection({ runs, notRun, header });
  return { text, failed: runs.some((run) => run.steps.length < 6 || run.steps.some((s) => s.failed > 0)) };
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
