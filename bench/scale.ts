/**
 * `npm run bench -- --scale <N>`: a refresh of N users (10,000 in BENCHMARKS.md) through Pulumi's real
 * dynamic-provider host, driven as the engine drives it (`--parallel` reads in flight). The users are seeded into
 * the emulator rather than created through rate-limited POSTs; each Read carries what a refresh carries: the id
 * recorded in state and the outputs recorded with it. Reports the requests sent (listing in pages of 100 is the
 * floor: N ÷ 100), the 429s, the wall time, the host's CPU time, and its peak resident set size (VmHWM).
 *
 * To tell the host's own memory from pulumi-qlik's, the same refresh also runs with a reference provider whose read
 * answers from memory (no requests, nothing listed), its `__provider` text as long as pulumi-qlik's so the host does
 * the same protobuf work per call; and each of the two runs with the GC settings pulumi-qlik gives the host
 * (provider/hostGc.ts) and with V8's defaults (`PULUMI_QLIK_HOST_GC=default`).
 */
import type { ChildProcess } from "node:child_process";
import { readStat, TICKS_PER_SECOND } from "./process-cpu";
import { defaultSeed, startEmulator, type EmulatorSeed } from "../emulator";
import { HOST_GC_ENV, HOST_GC_FLAGS } from "../provider/hostGc";
import { resetSharedClients } from "../provider/http";
import { hostEnv, ProviderHost, urnOf, type Props } from "../tests/protocol/host";
import { memory, PROJECT } from "./host-run";
import { measurePhase, totalRequests, type PhaseResult } from "./measure";

const SUBJECT_PREFIX = "scale|user-";

/** Which provider answers the Reads, and whether the host keeps V8's GC defaults. */
export interface ScaleVariant {
  provider: "pulumi-qlik" | "in-memory";
  gc: "pulumi-qlik" | "V8 defaults";
}

export const SCALE_VARIANTS: readonly ScaleVariant[] = [
  { provider: "pulumi-qlik", gc: "pulumi-qlik" },
  { provider: "pulumi-qlik", gc: "V8 defaults" },
  { provider: "in-memory", gc: "pulumi-qlik" },
  { provider: "in-memory", gc: "V8 defaults" },
];

export interface ScaleFigures {
  variant: ScaleVariant;
  users: number;
  refresh: PhaseResult;
  /** Requests per 100 users refreshed. */
  requestsPer100: number;
  /** VmRSS of the host after the first Check (provider loaded), and its peak over the refresh; bytes. */
  loadedRssBytes?: number;
  peakRssBytes?: number;
  /** CPU time (user + system) the host spent during the refresh; ms. */
  refreshCpuMs?: number;
}

/** CPU time (user + system) of a process so far, from /proc/<pid>/stat; ms. */
function cpuMs(pid: number | undefined): number | undefined {
  const stat = pid === undefined ? undefined : readStat(pid);
  return stat === undefined ? undefined : (stat.ticks * 1000) / TICKS_PER_SECOND;
}

/**
 * A serialized dynamic provider whose read answers from memory with the outputs and inputs it was given (as
 * pulumi-qlik's read returns both), padded with a comment to `length` characters. With `tunedGc` it gives the host
 * the GC settings pulumi-qlik gives it, at the same moment (when the host first loads it).
 */
export function inMemoryProvider(length: number, tunedGc: boolean): string {
  const flags = tunedGc ? HOST_GC_FLAGS.map((flag) => `v8.setFlagsFromString(${JSON.stringify(flag)}); `).join("") : "";
  const code =
    `exports.handler = () => { const v8 = require("v8"); ${flags}return { async read(id, props) { ` +
    `const { userId, ...inputs } = props; return { id, props: { ...props, userId: id }, inputs }; } }; };\n`;
  return `${code}//${"x".repeat(Math.max(0, length - code.length - 3))}\n`;
}

function seedWithUsers(users: number): EmulatorSeed {
  const seed = defaultSeed();
  const tenant = seed.tenants[0];
  tenant.users = [
    ...(tenant.users ?? []),
    ...Array.from({ length: users }, (_, i) => ({
      subject: `${SUBJECT_PREFIX}${i}`,
      email: `user-${i}@scale.example`,
      name: `Scale User ${i}`,
      roles: ["Developer"],
    })),
  ];
  return seed;
}

export async function scaleRun(options: {
  variant: ScaleVariant;
  users: number;
  timeScale: number;
  parallel: number;
  programDir: string;
  userProvider: string;
  log: (line: string) => void;
}): Promise<ScaleFigures> {
  const windowMs = 60_000 / options.timeScale;
  const emu = await startEmulator({ timeScale: options.timeScale, seed: seedWithUsers(options.users) });
  const { variant } = options;
  const env = { ...hostEnv(), ...(variant.gc === "V8 defaults" ? { [HOST_GC_ENV]: "default" } : {}) };
  const provider =
    variant.provider === "pulumi-qlik"
      ? options.userProvider
      : inMemoryProvider(options.userProvider.length, variant.gc === "pulumi-qlik");
  const host = await ProviderHost.start({ programDir: options.programDir, project: PROJECT, env });
  // The driver keeps its child process private; the benchmark only reads its pid for /proc.
  const pid = (host as unknown as { child: ChildProcess }).child.pid;
  try {
    await host.configure({
      "qlik:tenantUrl": emu.tenantUrl,
      "qlik:apiKey": emu.tenants[0].apiKey,
      "qlik:rateWindowSeconds": String(windowMs / 1000),
    });
    // What a refresh passes to Read: the id in state, the inputs the program declared, the outputs recorded.
    const recorded = emu
      .state()
      .users.filter((user) => user.subject.startsWith(SUBJECT_PREFIX))
      .map((user, i) => {
        const inputs: Props = {
          subject: user.subject,
          email: user.email,
          name: user.name,
          tenantUrl: emu.tenantUrl,
          __provider: provider,
        };
        return {
          urn: urnOf("User", `user-${i}`, PROJECT),
          id: user.id,
          inputs,
          outputs: { ...inputs, userId: user.id },
        };
      });
    if (recorded.length !== options.users) throw new Error(`seeded ${recorded.length} users, not ${options.users}`);
    const probe = recorded[0];
    const checked = await host.check(probe.urn, {}, probe.inputs);
    if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
    const loadedRssBytes = memory(pid, "VmRSS");
    const cpuBefore = cpuMs(pid);
    options.log(`refreshing ${options.users} seeded users through the provider host (${variantLabel(variant)})…`);
    const refresh = await measurePhase(emu, windowMs, {
      workload: `N=${options.users} users (seeded)`,
      client: "pulumi-qlik",
      phase: "refresh",
      items: recorded,
      parallel: options.parallel,
      async work({ urn, id, inputs, outputs }) {
        const read = await host.read(urn, id, outputs, inputs);
        if (read.id !== id) throw new Error(`read ${id} returned "${read.id}"`);
        if (read.properties.userId !== id) throw new Error(`read ${id}: userId is ${String(read.properties.userId)}`);
      },
    });
    const peakRssBytes = memory(pid, "VmHWM");
    const cpuAfter = cpuMs(pid);
    return {
      variant,
      users: options.users,
      refresh,
      requestsPer100: (totalRequests(refresh) / options.users) * 100,
      loadedRssBytes,
      peakRssBytes,
      refreshCpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    };
  } finally {
    await host.stop();
    resetSharedClients();
    await emu.stop();
  }
}

const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MiB`);

function variantLabel(variant: ScaleVariant): string {
  const who = variant.provider === "pulumi-qlik" ? "pulumi-qlik" : "in-memory read (host alone)";
  return `${who}, GC: ${variant.gc}`;
}

export function scaleFigures(runs: readonly ScaleFigures[]): string {
  return [
    `| provider | host GC | users | reads | failed | requests | per 100 users | 429s | wall | host CPU | host RSS loaded | host peak RSS (VmHWM) |`,
    `|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...runs.map((figures) => {
      const { refresh, variant } = figures;
      const cpu = figures.refreshCpuMs === undefined ? "n/a" : `${(figures.refreshCpuMs / 1000).toFixed(1)} s`;
      return (
        `| ${variant.provider === "pulumi-qlik" ? "pulumi-qlik" : "in-memory read"} | ${variant.gc} | ` +
        `${figures.users.toLocaleString("en-US")} | ${refresh.ops} | ${refresh.failed} | ${totalRequests(refresh)} | ` +
        `${figures.requestsPer100.toFixed(2)} | ${refresh.rateLimited} | ${(refresh.wallMs / 1000).toFixed(1)} s | ` +
        `${cpu} | ${mib(figures.loadedRssBytes)} | ${mib(figures.peakRssBytes)} |`
      );
    }),
  ].join("\n");
}
