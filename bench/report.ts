/** The benchmark's table (Markdown, printed and written to BENCHMARKS.md) and the figures under it. */
import { totalRequests, type PhaseResult } from "./measure";
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
    `${totalRequests(r)} (${r.requests.tier1} / ${r.requests.tier2} / ${r.requests.special})`,
    String(r.rateLimited),
    String(r.failed),
    seconds(r.wallMs),
    seconds(r.limitMs),
    r.phase === "writes" ? `**${ratio(r.wallMs, r.limitMs)}**` : ratio(r.wallMs, r.limitMs),
    seconds(r.floorMs),
    ratio(r.wallMs, r.floorMs),
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export interface RunFigures {
  workload: string;
  resources: number;
  batchedRefresh: PhaseResult;
  unbatchedRefresh: PhaseResult;
  host: HostFigures;
}

export function figures(runs: readonly RunFigures[], providerBytes: Record<Kind, number>): string {
  const lines: string[] = [];
  for (const run of runs) {
    const batched = (totalRequests(run.batchedRefresh) * 100) / run.resources;
    const unbatched = (totalRequests(run.unbatchedRefresh) * 100) / run.resources;
    lines.push(
      `- ${run.workload}: refresh sends **${batched.toFixed(2)} requests per 100 resources** batched ` +
        `(${totalRequests(run.batchedRefresh)} for ${run.resources}) vs ${unbatched.toFixed(0)} unbatched ` +
        `(one GET each): **${(unbatched / batched).toFixed(0)}× fewer**.`,
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
    `- \`__provider\` (the serialized shim) is ${providerBytes.User} bytes for User and ${providerBytes.Group} for ` +
      `Group; state holds it twice per resource (inputs and outputs): ${2 * providerBytes.User} / ` +
      `${2 * providerBytes.Group} bytes per resource.`,
  );
  return lines.join("\n");
}
