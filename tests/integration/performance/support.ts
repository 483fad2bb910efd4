/**
 * Shared pieces of the performance tests: a time-scaled emulator whose "minute" lasts 100 ms, the provider's
 * shared client tuned to the same window (the first caller of getSharedClient sets the tuning; the provider's
 * `tenantClient` then gets that instance), and a worker pool with the engine's concurrency.
 */
import { defaultSeed, type EmulatorHandle, type EmulatorSeed, type RequestLogEntry } from "../../../emulator";
import { getSharedClient, type QlikHttpClient } from "../../../provider/http";
import type { ClientOptions, Credentials } from "../../../provider/http/types";

export const TIME_SCALE = 600;
/** One Qlik "minute" at TIME_SCALE. */
export const WINDOW_MS = 60_000 / TIME_SCALE;
/** `pulumi up`'s default `--parallel` on a two-core machine (4 × CPUs). */
export const ENGINE_PARALLELISM = 8;

const TEST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, deadlineMs: 30_000 };

/**
 * Makes the process-wide client for (tenant, credentials) the way the provider will ask for it, but with the
 * emulator's window: every `implementation` call on that tenant then shares this client and its scheduler.
 */
export function primeSharedClient(
  origin: string,
  credentials: Credentials,
  options: Partial<ClientOptions> = {},
): QlikHttpClient {
  return getSharedClient({ origin, credentials, rateWindowMs: WINDOW_MS, retry: TEST_RETRY, ...options });
}

/** Runs `work` over `items` with at most `parallel` calls in flight, as the engine runs resource operations. */
export async function inParallel<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  parallel = ENGINE_PARALLELISM,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

/** The built-in seed with `users` extra users and `groups` extra custom groups in the first tenant. */
export function seedWith(users: number, groups: number): EmulatorSeed {
  const seed = defaultSeed();
  const tenant = seed.tenants[0];
  tenant.users = [
    ...(tenant.users ?? []),
    ...Array.from({ length: users }, (_, i) => ({
      subject: `perf|user-${i}`,
      email: `user-${i}@perf.example`,
      name: `User ${i}`,
      roles: ["Developer"],
    })),
  ];
  tenant.groups = [
    ...(tenant.groups ?? []),
    ...Array.from({ length: groups }, (_, i) => ({ name: `Perf group ${i}`, providerType: "custom" as const })),
  ];
  return seed;
}

export const requestsOf = (emu: EmulatorHandle) => emu.log.map((entry) => `${entry.method} ${entry.path}`);

/** How many log entries of each `METHOD path` (ids replaced by `{id}`). */
export function tally(entries: readonly RequestLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) {
    const key = `${entry.method} ${entry.path.replace(/\/[0-9a-f]{24}$/, "/{id}")}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The most entries whose arrival falls inside any `windowMs` (on the log's millisecond timestamps). */
export function maxPerWindow(entries: readonly RequestLogEntry[], windowMs: number): number {
  const times = entries.map((entry) => entry.at).sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[start] <= times[end] - windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
