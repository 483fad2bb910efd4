/**
 * pulumi-qlik through Pulumi's real dynamic-provider host, driven over gRPC as the engine drives it (the driver of
 * the protocol tests, tests/protocol/host.ts): Check → Create; Check → Diff → Update; Read; Delete — all resources
 * in one host process, with real serialized `__provider` strings.
 */
import * as fs from "node:fs";
import type { ChildProcess } from "node:child_process";
import type { EmulatorHandle } from "../emulator";
import { hostEnv, ProviderHost, urnOf, type Props } from "../tests/protocol/host";
import { changedField, runPhases, type Driver, type PhaseOptions } from "./phases";
import type { PhaseResult } from "./measure";
import type { BenchResource, Kind, Workload } from "./workload";

export const PROJECT = "qlik-bench";

export interface HostFigures {
  /** Spawn until the host printed its port. */
  startMs: number;
  /** Configure plus the first Check (which loads pulumi-qlik's provider module). */
  firstCallMs: number;
  /** Resident set size of the host process (VmRSS) before Configure: Pulumi's host alone; bytes. */
  idleRssBytes?: number;
  /** VmRSS after the first Check: pulumi-qlik's provider loaded, nothing done yet. */
  loadedRssBytes?: number;
  /** Peak resident set size of the host process over the whole run (VmHWM). Undefined where /proc is missing. */
  peakRssBytes?: number;
}

interface Live {
  id: string;
  inputs: Props;
  outputs: Props;
}

/** A memory figure of a process from /proc/<pid>/status (`VmRSS`, `VmHWM`), in bytes. */
export function memory(pid: number | undefined, field: "VmRSS" | "VmHWM"): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function hostDriver(host: ProviderHost, providers: Record<Kind, string>): Driver<Live> {
  const urn = (resource: BenchResource) => urnOf(resource.kind, resource.name, PROJECT);
  return {
    client: "pulumi-qlik",
    async create(resource) {
      const checked = await host.check(urn(resource), {}, { ...resource.inputs, __provider: providers[resource.kind] });
      if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
      const created = await host.create(urn(resource), checked.inputs);
      return { id: created.id, inputs: checked.inputs, outputs: created.properties };
    },
    async update(resource, before) {
      const news = { ...resource.changed, __provider: providers[resource.kind] };
      const checked = await host.check(urn(resource), before.inputs, news);
      const diff = await host.diff(urn(resource), before.id, before.outputs, checked.inputs);
      if (diff.changes !== "some" || diff.replaces.length > 0)
        throw new Error(`unexpected diff ${JSON.stringify(diff)}`);
      const updated = await host.update(urn(resource), before.id, before.outputs, checked.inputs);
      return { id: before.id, inputs: checked.inputs, outputs: updated.properties };
    },
    async refresh(resource, { id, inputs, outputs }) {
      const read = await host.read(urn(resource), id, outputs, inputs);
      if (read.id !== id) throw new Error(`read ${id} returned "${read.id}"`);
      const { key, value } = changedField(resource);
      if (read.properties[key] !== value) throw new Error(`read ${id}: ${key} is ${String(read.properties[key])}`);
      return { id, inputs: read.inputs ?? inputs, outputs: read.properties };
    },
    async delete(resource, { id, outputs }) {
      await host.delete(urn(resource), id, outputs);
    },
  };
}

export async function hostRun(
  emu: EmulatorHandle,
  workload: Workload,
  resources: readonly BenchResource[],
  providers: Record<Kind, string>,
  options: PhaseOptions & { programDir: string },
): Promise<{ phases: PhaseResult[]; host: HostFigures }> {
  const apiKey = emu.tenants[0].apiKey;
  const spawned = performance.now();
  const host = await ProviderHost.start({
    programDir: options.programDir,
    project: PROJECT,
    env: hostEnv(),
  });
  const startMs = performance.now() - spawned;
  // The driver keeps its child process private; the benchmark only reads its pid for /proc.
  const pid = (host as unknown as { child: ChildProcess }).child.pid;
  try {
    const idleRssBytes = memory(pid, "VmRSS");
    const first = performance.now();
    // The emulator's "minute" is time-scaled: the provider is told so as a user would tell it.
    await host.configure({
      "qlik:tenantUrl": emu.tenantUrl,
      "qlik:apiKey": apiKey,
      "qlik:rateWindowSeconds": String(options.windowMs / 1000),
    });
    const probe = resources[0];
    await host.check(
      urnOf(probe.kind, probe.name, PROJECT),
      {},
      { ...probe.inputs, __provider: providers[probe.kind] },
    );
    const firstCallMs = performance.now() - first;
    const loadedRssBytes = memory(pid, "VmRSS");
    const phases = await runPhases(emu, workload, resources, hostDriver(host, providers), options);
    const peakRssBytes = memory(pid, "VmHWM");
    return { phases, host: { startMs, firstCallMs, idleRssBytes, loadedRssBytes, peakRssBytes } };
  } finally {
    await host.stop();
  }
}
