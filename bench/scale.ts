/**
 * `npm run bench -- --scale <N>`: a refresh of N users (10,000 in BENCHMARKS.md) through Pulumi's real
 * dynamic-provider host, driven as the engine drives it (`--parallel` reads in flight). The users are seeded into
 * the emulator rather than created through rate-limited POSTs; each Read carries what a refresh carries: the id
 * recorded in state and the outputs recorded with it. Reports the requests sent (listing in pages of 100 is the
 * floor: N ÷ 100), the 429s, the wall time, and the provider host's peak resident set size (VmHWM).
 */
import type { ChildProcess } from "node:child_process";
import { defaultSeed, startEmulator, type EmulatorSeed } from "../emulator";
import { resetSharedClients } from "../provider/http";
import { ProviderHost, urnOf, type Props } from "../tests/protocol/host";
import { hostEnv, memory, PROJECT } from "./host-run";
import { measurePhase, totalRequests, type PhaseResult } from "./measure";

const SUBJECT_PREFIX = "scale|user-";

export interface ScaleFigures {
  users: number;
  refresh: PhaseResult;
  /** Requests per 100 users refreshed. */
  requestsPer100: number;
  /** VmRSS of the host after the first Check (provider loaded), and its peak over the refresh; bytes. */
  loadedRssBytes?: number;
  peakRssBytes?: number;
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
  users: number;
  timeScale: number;
  parallel: number;
  programDir: string;
  userProvider: string;
  log: (line: string) => void;
}): Promise<ScaleFigures> {
  const windowMs = 60_000 / options.timeScale;
  const emu = await startEmulator({ timeScale: options.timeScale, seed: seedWithUsers(options.users) });
  const host = await ProviderHost.start({ programDir: options.programDir, project: PROJECT, env: hostEnv() });
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
          __provider: options.userProvider,
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
    options.log(`refreshing ${options.users} seeded users through the provider host…`);
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
    return {
      users: options.users,
      refresh,
      requestsPer100: (totalRequests(refresh) / options.users) * 100,
      loadedRssBytes,
      peakRssBytes,
    };
  } finally {
    await host.stop();
    resetSharedClients();
    await emu.stop();
  }
}

const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MiB`);

export function scaleFigures(figures: ScaleFigures): string {
  const { refresh } = figures;
  return [
    `| users | reads | failed | requests | per 100 users | 429s | wall | host RSS loaded | host peak RSS (VmHWM) |`,
    `|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    `| ${figures.users.toLocaleString("en-US")} | ${refresh.ops} | ${refresh.failed} | ${totalRequests(refresh)} | ` +
      `${figures.requestsPer100.toFixed(2)} | ${refresh.rateLimited} | ${(refresh.wallMs / 1000).toFixed(1)} s | ` +
      `${mib(figures.loadedRssBytes)} | ${mib(figures.peakRssBytes)} |`,
  ].join("\n");
}
