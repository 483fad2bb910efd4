/**
 * `npm run bench:import`: `pulumi-qlik import` of a large tenant — by default 2,000 users and 200 groups, plus
 * the group settings, the settings and the tenant (no spaces: their listing is one request) — on the emulator with Qlik's rate limits time-scaled (default
 * 60×: a Qlik minute lasts a second), the client pacing itself for the same scaled window. Prints, per run, the
 * time, the requests by tier, the 429s, and the size of the generated program.
 *
 * With `--up`, the last import then goes through the real `pulumi` CLI (built by `npm run pulumi:install`): `up`
 * (adopting everything: it must send no write) and `preview --expect-no-changes`, timed, with their requests.
 *
 *   npm run bench:import
 *   npm run bench:import -- --users 800 --groups 120 --runs 5 --time-scale 1
 *   npm run bench:import -- --up
 *   npm run bench:import -- --up --skip-checkpoints   # the CLI commands with PULUMI_SKIP_CHECKPOINTS=true
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { generatedContent, seedWithContent, startEmulator } from "../emulator";
import { runImport } from "../cli/import/run";
import { createWorkspace, expectSuccess, findPulumiBinDir } from "../tests/e2e/harness";
import { QLIK_LIMITS } from "./measure";

const root = path.resolve(__dirname, "../..");

function options() {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "2000" },
      groups: { type: "string", default: "200" },
      runs: { type: "string", default: "3" },
      "time-scale": { type: "string", default: process.env.BENCH_TIME_SCALE ?? "60" },
      up: { type: "boolean", default: false },
      "skip-checkpoints": { type: "boolean", default: false },
    },
  });
  const parsed = {
    users: Number(values.users),
    groups: Number(values.groups),
    runs: Number(values.runs),
    timeScale: Number(values["time-scale"]),
  };
  for (const [name, value] of Object.entries(parsed) as [string, number][]) {
    if (!(Number.isInteger(value) ? value >= (name === "users" || name === "groups" ? 0 : 1) : value > 0)) {
      throw new Error(`--${name} must be a positive number`);
    }
  }
  return { ...parsed, up: values.up, skipCheckpoints: values["skip-checkpoints"] };
}

/**
 * `pulumi up` and `pulumi preview --expect-no-changes` of the imported program, against the benchmark's emulator.
 * The program runs from .bench/ (inside the checkout, so `@pulumi/pulumi` resolves to its single copy) with a
 * `node_modules/pulumi-qlik` link, as the e2e suites run theirs.
 */
async function upImported(
  programDir: string,
  emulator: Awaited<ReturnType<typeof startEmulator>>,
  windowSeconds: number,
  skipCheckpoints: boolean,
): Promise<void> {
  const modules = path.join(programDir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(path.relative(modules, root), path.join(modules, "pulumi-qlik"), "dir");
  const env: Record<string, string> = {};
  for (const key of Object.keys(process.env)) if (key.startsWith("QLIK_")) env[key] = "";
  // The workspace drops ambient PULUMI_* variables: the setting is passed explicitly.
  if (skipCheckpoints) env.PULUMI_SKIP_CHECKPOINTS = "true";
  const ws = await createWorkspace({ programDir, binDir: findPulumiBinDir(root), env, timeoutMs: 30 * 60_000 });
  const tenant = emulator.tenants[0];
  try {
    expectSuccess(await ws.stackInit());
    expectSuccess(await ws.setConfig("qlik:tenantUrl", tenant.url));
    expectSuccess(await ws.setConfig("qlik:apiKey", tenant.apiKey, { secret: true }));
    expectSuccess(await ws.setConfig("qlik:rateWindowSeconds", String(windowSeconds)));
    for (const [label, run] of [
      ["pulumi up", () => ws.up()],
      ["pulumi preview --expect-no-changes", () => ws.preview({ expectNoChanges: true })],
    ] as const) {
      emulator.clearLog();
      const result = expectSuccess(await run());
      const log = emulator.log;
      const writes = log.filter((entry) => entry.method !== "GET" && !entry.path.endsWith("/actions/filter"));
      const created = /\+ (\d+) created/.exec(result.stdout)?.[1];
      process.stdout.write(
        `${label}: ${(result.durationMs / 1000).toFixed(1)} s, ${log.length} requests ` +
          `(${log.filter((e) => e.rateLimited).length} answered 429), ${writes.length} writes` +
          `${created ? `, ${created} resources created (adopted)` : ""}\n`,
      );
    }
  } finally {
    await ws.dispose();
    fs.rmSync(programDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const settings = options();
  const emulator = await startEmulator({
    seed: seedWithContent(generatedContent(settings.users, settings.groups)),
    timeScale: settings.timeScale,
  });
  const tenant = emulator.tenants[0];
  const state = emulator.state(tenant.id);
  const windowSeconds = 60 / settings.timeScale;
  process.stdout.write(
    `pulumi-qlik import of ${state.users.length} users and ${state.groups.length} groups (+ group settings, settings, tenant); ` +
      `emulator time scale ${settings.timeScale}× (a Qlik minute lasts ${(windowSeconds * 1000).toFixed(0)} ms), ` +
      `Qlik's limits (Tier 1 ${QLIK_LIMITS.tier1}/min); ${os.cpus().length} CPUs, Node ${process.version}\n\n` +
      "| run | time | requests | Tier 1 | Special | 429s | index.ts |\n| --- | --- | --- | --- | --- | --- | --- |\n",
  );
  const times: number[] = [];
  let lastProgram: string | undefined;
  try {
    for (let run = 1; run <= settings.runs; run++) {
      emulator.reset();
      const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-import-"));
      try {
        const report = await runImport({
          tenantUrl: tenant.url,
          out: path.join(out, "tenant"),
          env: { QLIK_API_KEY: tenant.apiKey, QLIK_RATE_WINDOW_SECONDS: String(windowSeconds) },
        });
        const tiers = { tier1: 0, special: 0 };
        for (const entry of emulator.log) if (entry.tier === "tier1" || entry.tier === "special") tiers[entry.tier]++;
        const program = fs.readFileSync(path.join(report.outDir, "index.ts"), "utf8");
        const lines = program.split("\n").length;
        times.push(report.durationMs);
        process.stdout.write(
          `| ${run} | ${(report.durationMs / 1000).toFixed(2)} s | ${report.requests} | ${tiers.tier1} | ${tiers.special} | ` +
            `${report.rateLimited} | ${lines.toLocaleString("en")} lines, ${(program.length / 1024).toFixed(0)} KiB |\n`,
        );
        if (run === settings.runs && settings.up) {
          lastProgram = path.join(root, ".bench", "import-program");
          fs.rmSync(lastProgram, { recursive: true, force: true });
          fs.mkdirSync(path.dirname(lastProgram), { recursive: true });
          fs.cpSync(report.outDir, lastProgram, { recursive: true });
        }
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] / 1000;
    process.stdout.write(`\nmedian ${median.toFixed(2)} s over ${times.length} runs\n`);
    if (lastProgram) {
      process.stdout.write(
        `\nThe imported program through the pulumi CLI${settings.skipCheckpoints ? " (PULUMI_SKIP_CHECKPOINTS=true)" : ""}:\n`,
      );
      await upImported(lastProgram, emulator, windowSeconds, settings.skipCheckpoints);
    }
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
