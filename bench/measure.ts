/**
 * What one phase of the benchmark cost, read from the emulator's request log, and how it compares with Qlik's
 * physical limit: each tier allows `limit` requests per sliding window, so `n` accepted requests need at least
 * n ÷ rate (the headline's yardstick) — or, since a sliding window lets a whole budget through at once,
 * (⌈n ÷ limit⌉ − 1) windows (the floor no client can beat).
 */
import type { EmulatorHandle, RequestLogEntry, Tier } from "../emulator";

export const TIERS: readonly Tier[] = ["tier1", "tier2", "special"];
export const QLIK_LIMITS: Readonly<Record<Tier, number>> = { tier1: 1000, tier2: 100, special: 200 };

export interface PhaseResult {
  workload: string;
  client: string;
  phase: string;
  ops: number;
  failed: number;
  firstError?: string;
  wallMs: number;
  /** Requests that reached the emulator (429s included), per tier. */
  requests: Record<Tier, number>;
  rateLimited: number;
  /** Σ accepted ÷ rate, for the tier that binds. */
  limitMs: number;
  /** (⌈accepted ÷ limit⌉ − 1) windows, for the tier that binds. */
  floorMs: number;
}

export function totalRequests(result: Pick<PhaseResult, "requests">): number {
  return TIERS.reduce((sum, tier) => sum + result.requests[tier], 0);
}

/** Runs `work` over `items` with at most `parallel` in flight (the engine's `--parallel`). */
export async function inParallel<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<{ failed: number; firstError?: string }> {
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return { failed, firstError };
}

export interface PhaseSpec<T> {
  workload: string;
  client: string;
  phase: string;
  items: readonly T[];
  parallel: number;
  work: (item: T, index: number) => Promise<void>;
}

/**
 * Requests per tier (429s included), 429s, and the two yardsticks — N ÷ rate and the sliding-window floor of the
 * binding tier — for the requests of one phase as the emulator logged them.
 */
export function tally(
  log: readonly RequestLogEntry[],
  windowMs: number,
): Pick<PhaseResult, "requests" | "rateLimited" | "limitMs" | "floorMs"> {
  const requests = { tier1: 0, tier2: 0, special: 0 };
  const accepted = { tier1: 0, tier2: 0, special: 0 };
  let rateLimited = 0;
  for (const entry of log) {
    if (entry.tier === "none") continue;
    requests[entry.tier]++;
    if (entry.rateLimited) rateLimited++;
    else accepted[entry.tier]++;
  }
  const limitMs = Math.max(...TIERS.map((tier) => (accepted[tier] / QLIK_LIMITS[tier]) * windowMs));
  const floorMs = Math.max(
    ...TIERS.map((tier) => Math.max(0, Math.ceil(accepted[tier] / QLIK_LIMITS[tier]) - 1) * windowMs),
  );
  return { requests, rateLimited, limitMs, floorMs };
}

/** Clears the log, runs the phase, and measures it. */
export async function measurePhase<T>(emu: EmulatorHandle, windowMs: number, spec: PhaseSpec<T>): Promise<PhaseResult> {
  emu.clearLog();
  const started = performance.now();
  const { failed, firstError } = await inParallel(spec.items, spec.parallel, spec.work);
  const wallMs = performance.now() - started;
  const { requests, rateLimited, limitMs, floorMs } = tally(emu.log, windowMs);
  return {
    workload: spec.workload,
    client: spec.client,
    phase: spec.phase,
    ops: spec.items.length,
    failed,
    firstError,
    wallMs,
    requests,
    rateLimited,
    limitMs,
    floorMs,
  };
}

/** The sum of several phases (e.g. every write phase of one run), with the yardsticks added up. */
export function combine(phase: string, results: readonly PhaseResult[]): PhaseResult {
  const sum = (pick: (result: PhaseResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  return {
    workload: results[0].workload,
    client: results[0].client,
    phase,
    ops: sum((r) => r.ops),
    failed: sum((r) => r.failed),
    firstError: results.find((r) => r.firstError)?.firstError,
    wallMs: sum((r) => r.wallMs),
    requests: {
      tier1: sum((r) => r.requests.tier1),
      tier2: sum((r) => r.requests.tier2),
      special: sum((r) => r.requests.special),
    },
    rateLimited: sum((r) => r.rateLimited),
    limitMs: sum((r) => r.limitMs),
    floorMs: sum((r) => r.floorMs),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
