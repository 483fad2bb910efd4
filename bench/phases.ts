/**
 * The four phases every client of the benchmark goes through, with the engine's concurrency: create every
 * resource, update every resource (one changed field), refresh (read) every resource, delete every resource.
 * Before each write phase the Tier 2 window is left to empty, as between two `pulumi` commands a minute apart.
 */
import type { EmulatorHandle } from "../emulator";
import { measurePhase, type PhaseResult } from "./measure";
import type { BenchResource, Workload } from "./workload";

/** One way of running the operations; `L` is what it keeps about a live resource (id, state). */
export interface Driver<L> {
  client: string;
  create(resource: BenchResource): Promise<L>;
  update(resource: BenchResource, live: L): Promise<L>;
  /** Reads the resource and checks it shows the update. */
  refresh(resource: BenchResource, live: L): Promise<L>;
  delete(resource: BenchResource, live: L): Promise<void>;
}

export interface PhaseOptions {
  parallel: number;
  windowMs: number;
  beforeWrites: () => Promise<void>;
}

export async function runPhases<L>(
  emu: EmulatorHandle,
  workload: Workload,
  resources: readonly BenchResource[],
  driver: Driver<L>,
  options: PhaseOptions,
): Promise<PhaseResult[]> {
  const live: L[] = new Array(resources.length);
  const phase = (name: string, work: (resource: BenchResource, index: number) => Promise<void>) =>
    measurePhase(emu, options.windowMs, {
      workload: workload.label,
      client: driver.client,
      phase: name,
      items: resources,
      parallel: options.parallel,
      work,
    });
  const results: PhaseResult[] = [];
  await options.beforeWrites();
  results.push(await phase("create", async (resource, i) => void (live[i] = await driver.create(resource))));
  await options.beforeWrites();
  results.push(await phase("update", async (resource, i) => void (live[i] = await driver.update(resource, live[i]))));
  results.push(await phase("refresh", async (resource, i) => void (live[i] = await driver.refresh(resource, live[i]))));
  await options.beforeWrites();
  results.push(await phase("delete", (resource, i) => driver.delete(resource, live[i])));
  return results;
}

/** The field an update changes, as a refresh should now report it. */
export function changedField(resource: BenchResource): { key: string; value: unknown } {
  return resource.kind === "User"
    ? { key: "name", value: resource.changed.name }
    : { key: "description", value: resource.changed.description };
}
