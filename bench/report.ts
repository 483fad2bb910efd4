/** The benchmark's table (Markdown, printed and written to BENCHMARKS.md) and the figures under it. */
import { totalRequests, type PhaseResult } from "./measure";
import type { CliFigures } from "./cli-run";
import type { HostFigures } from "./host-run";
import type { Kind } from "./workload";

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const ratio = (wall: number, yardstick: number) => (yardstick > 0 ? `${(wall / yardstick).toFixed(2)}×` : "—");

export function resultsTable(results: readonly PhaseResult[]): string {
  const header = [
    "Workload",
    "Client",
    "Phase",
    "Ops",
    "Requests (T1 / T2 / Special)",
    "429s",
    "Failed",
    "Wall (s)",
    "N ÷ rate (s)",
    "**Wall ÷ (N ÷ rate)**",
    "Floor (s)",
    "Wall ÷ floor",
  ];
  const rows = results.map((r) => [
    r.workload,
    r.client,
    r.phase === "writes" ? "**writes (create + update + delete)**" : r.phase,
    String(r.ops),
    requestsCell(r),
    String(r.rateLimited),
    String(r.failed),
    seconds(r.wallMs),
    seconds(r.limitMs),
    r.phase === "writes" ? `**${ratio(r.wallMs, r.limitMs)}**` : ratio(r.wallMs, r.limitMs),
    seconds(r.floorMs),
    ratio(r.wallMs, r.floorMs),
  ]);
  return markdownTable(header, rows);
}

/** A Markdown table: the header row, its rule, then one row per entry. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The "Requests (T1 / T2 / Special)" cell: all requests that reached the emulator, then per tier. */
export function requestsCell(result: Pick<PhaseResult, "requests">): string {
  const { tier1, tier2, special } = result.requests;
  return `${totalRequests(result)} (${tier1} / ${tier2} / ${special})`;
}

export interface RunFigures {
  workload: string;
  resources: number;
  batchedRefresh: PhaseResult;
  /** The naive client's refresh (one GET per resource); absent when only the host ran (`--host-only`). */
  unbatchedRefresh?: PhaseResult;
  host: HostFigures;
}

export function figures(runs: readonly RunFigures[], providerBytes: Record<Kind, number>): string {
  const lines: string[] = [];
  for (const run of runs) {
    const batched = (totalRequests(run.batchedRefresh) * 100) / run.resources;
    const head =
      `- ${run.workload}: refresh sends **${batched.toFixed(2)} requests per 100 resources** batched ` +
      `(${totalRequests(run.batchedRefresh)} for ${run.resources})`;
    if (!run.unbatchedRefresh) {
      lines.push(`${head}.`);
      continue;
    }
    const unbatched = (totalRequests(run.unbatchedRefresh) * 100) / run.resources;
    lines.push(
      `${head} vs ${unbatched.toFixed(0)} unbatched (one GET each): **${(unbatched / batched).toFixed(0)}× fewer**.`,
    );
  }
  const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
  for (const run of runs) {
    lines.push(
      `- ${run.workload}: provider host start-up ${run.host.startMs.toFixed(0)} ms to its port, ` +
        `${run.host.firstCallMs.toFixed(0)} ms more for Configure + the first Check (loads pulumi-qlik); ` +
        `host RSS ${mib(run.host.idleRssBytes)} before Configure (Pulumi's host alone), ` +
        `${mib(run.host.loadedRssBytes)} with pulumi-qlik loaded, **peak ${mib(run.host.peakRssBytes)}** over the run.`,
    );
  }
  lines.push(
    `- \`__provider\` (the one-line \`require\` of the kind's module, the same from a checkout, npm or a tarball) is ` +
      `${providerBytes.User} bytes for User and ${providerBytes.Group} for Group; state holds it twice per resource ` +
      `(inputs and outputs): ${2 * providerBytes.User} / ${2 * providerBytes.Group} bytes per resource ` +
      `(see "State per resource").`,
  );
  return lines.join("\n");
}

/** The lines under the CLI table: what part of each command's wall time is the CLI's own. */
export function cliFigures(cli: CliFigures, resources: number): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    `- ${cli.version}, the engine's default \`--parallel\`, file backend, ${resources} resources. ` +
      `A no-op \`pulumi preview\` of the same stack takes ${s(cli.noopPreviewMs)} and a no-op \`pulumi up\` ` +
      `${s(cli.noopUpMs)} (${cli.noopRequests} requests to Qlik): the CLI's own cost for this stack — CLI and ` +
      "language host start, loading the program and pulumi-qlik, registering every resource, the provider plugin's " +
      "start, Check and Diff per resource, and writing state.",
  ];
  for (const phase of cli.phases.filter((p) => p.phase.startsWith("up"))) {
    const rest = phase.wallMs - cli.noopUpMs;
    lines.push(
      `- ${phase.phase}: ${s(phase.wallMs)} wall − ${s(cli.noopUpMs)} no-op up = ${s(rest)} beyond the CLI's fixed ` +
        `cost, against ${s(phase.limitMs)} of N ÷ rate (${(rest / phase.limitMs).toFixed(2)}×).`,
    );
  }
  const refresh = cli.phases.find((p) => p.phase === "refresh");
  if (refresh)
    lines.push(
      `- refresh and destroy do not run the program, so the no-op up is not their fixed cost; the refresh itself ` +
        `(${s(refresh.wallMs)} for ${totalRequests(refresh)} requests, far from any limit) bounds from above the ` +
        "fixed cost of a command that starts the CLI and the provider plugin and takes one step per resource.",
    );
  return lines.join("\n");
}
