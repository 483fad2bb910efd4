/** The tables of `npm run bench -- --cli-scale`: one row per size, setting and step, and the growth with size. */
import { markdownTable, requestsCell } from "./report";
import { CLI_STEPS, type CliScaleRun, type CliStep, type CliStepResult } from "./cli-scale";

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const thousands = (n: number) => n.toLocaleString("en-US");

export function cliScaleTable(runs: readonly CliScaleRun[]): string {
  const header = [
    "Objects",
    "CLI setting",
    "Step",
    "Requests (T1 / T2 / Special)",
    "429s",
    "CLI exit",
    "Wall (s)",
    "N ÷ rate (s)",
    "**Wall ÷ (N ÷ rate)**",
    "ms per object",
    "Checkpoint (bytes)",
    "CPU s: CLI / language host / provider host",
  ];
  const rows = runs.flatMap((run) =>
    run.steps.map((s) => [
      thousands(run.objects),
      `\`${run.setting}\``,
      s.step,
      requestsCell(s),
      String(s.rateLimited),
      s.failed > 0 ? "**failed**" : "0",
      seconds(s.wallMs),
      (s.limitMs / 1000).toFixed(2),
      s.limitMs >= 100 ? `**${(s.wallMs / s.limitMs).toFixed(2)}×**` : "—",
      (s.wallMs / run.objects).toFixed(1),
      thousands(s.checkpointBytes),
      `${s.cpu.cli.toFixed(1)} / ${s.cpu.languageHost.toFixed(1)} / ${s.cpu.providerHost.toFixed(1)}`,
    ]),
  );
  return markdownTable(header, rows);
}

export interface Growth {
  setting: string;
  step: CliStep;
  /** Wall time per size (ms), sizes ascending. */
  walls: Array<{ objects: number; wallMs: number }>;
  /** time(largest) ÷ time(smallest), against largest ÷ smallest (linear). */
  ratio: number;
  linear: number;
  /** k in time ∝ N^k between the smallest and the largest size. */
  exponent: number;
}

/** For each setting and step measured at two sizes or more: how its wall time grows from the smallest size to the largest. */
export function growth(runs: readonly CliScaleRun[]): Growth[] {
  const settings = [...new Set(runs.map((run) => run.setting))];
  const result: Growth[] = [];
  for (const setting of settings) {
    for (const step of CLI_STEPS) {
      const walls = runs
        .filter((run) => run.setting === setting)
        .map((run) => ({ objects: run.objects, step: run.steps.find((s) => s.step === step) }))
        .filter(
          (entry): entry is { objects: number; step: CliStepResult } =>
            entry.step !== undefined && entry.step.failed === 0,
        )
        .map((entry) => ({ objects: entry.objects, wallMs: entry.step.wallMs }))
        .sort((a, b) => a.objects - b.objects);
      if (walls.length < 2) continue;
      const first = walls[0];
      const last = walls[walls.length - 1];
      const ratio = last.wallMs / first.wallMs;
      const linear = last.objects / first.objects;
      result.push({ setting, step, walls, ratio, linear, exponent: Math.log(ratio) / Math.log(linear) });
    }
  }
  return result;
}

export function growthTable(rows: readonly Growth[]): string {
  const sizes = [...new Set(rows.flatMap((row) => row.walls.map((wall) => wall.objects)))].sort((a, b) => a - b);
  const header = [
    "CLI setting",
    "Step",
    ...sizes.map((objects) => `${thousands(objects)}: wall (s)`),
    "time(largest) ÷ time(smallest)",
    "linear would be",
    "exponent k (time ∝ N^k)",
  ];
  return markdownTable(
    header,
    rows.map((row) => [
      `\`${row.setting}\``,
      row.step,
      ...sizes.map((objects) => {
        const wall = row.walls.find((entry) => entry.objects === objects);
        return wall ? seconds(wall.wallMs) : "not run";
      }),
      `**${row.ratio.toFixed(1)}×**`,
      `${row.linear.toFixed(0)}×`,
      row.exponent.toFixed(2),
    ]),
  );
}

/** The generated block of BENCHMARKS.md for this series. */
export function cliScaleSection(options: {
  runs: readonly CliScaleRun[];
  /** Sizes and settings asked for but not run, with why. */
  notRun: readonly string[];
  header: string;
}): string {
  const { runs } = options;
  const growths = growth(runs);
  const lines = [options.header, "", cliScaleTable(runs), ""];
  if (growths.length > 0)
    lines.push("Growth with the stack's size (wall time of each step):", "", growthTable(growths), "");
  for (const run of runs) {
    const create = run.steps.find((s) => s.step === "create" && s.failed === 0);
    if (create)
      lines.push(
        `- ${thousands(run.objects)} objects, \`${run.setting}\`: create ${seconds(create.wallMs)} s against ` +
          `${(create.limitMs / 1000).toFixed(1)} s of Tier 2 budget: **${(create.wallMs / create.limitMs).toFixed(2)}×** the physical limit.`,
      );
  }
  for (const note of options.notRun) lines.push(`- Not run: ${note}`);
  const failures = runs.flatMap((run) =>
    run.steps
      .filter((s) => s.failed > 0)
      .map((s) => `- ${run.objects} objects, \`${run.setting}\`, ${s.step}: ${s.firstError}`),
  );
  if (failures.length > 0) lines.push("", "Failures:", ...failures);
  return lines.join("\n");
}
