/**
 * Garbage-collector settings pulumi-qlik gives Pulumi's dynamic-provider host (only there, once).
 *
 * A refresh of 10,000 users through the host allocates ~1.6 GB, most of it the host's own protobuf and gRPC
 * handling of each Read, almost all of it short-lived; what stays alive is ~50 MB. With V8's defaults the host still
 * peaks at ~400–450 MiB resident: the young generation grows to two 64 MB semi-spaces, and the old generation is
 * allowed to fill with promoted garbage to several times its live size before a full collection. Two settings,
 * both read by V8 at each collection so that they take effect when set at run time (unlike
 * `--max-semi-space-size`, which only counts at start-up):
 *  - `--semi-space-growth-factor=1`: the young generation keeps the size it has when the provider loads (a few MB)
 *    instead of doubling up to 64 MB; scavenges get more frequent and each one cheaper;
 *  - `--heap-growing-percent=50`: a full collection lets the old generation grow to 1.5× what survived it before
 *    the next one.
 * Measured (BENCHMARKS.md, "Refresh and memory at scale"): peak 238–251 MiB instead of 421–453, for up to ~10 %
 * more CPU in the host; either setting alone leaves it above 300 MiB, and the stronger `--optimize-for-size` doubles
 * the CPU. `PULUMI_QLIK_HOST_GC=default` leaves V8's defaults (the settings are process-wide: they apply to every
 * dynamic provider of the program, which share the host).
 */
import * as v8 from "node:v8";
import { hostEngineAddress } from "./engineWatch";

export const HOST_GC_FLAGS: readonly string[] = ["--semi-space-growth-factor=1", "--heap-growing-percent=50"];
/** Set to `default` to keep V8's own settings in the provider host. */
export const HOST_GC_ENV = "PULUMI_QLIK_HOST_GC";

export interface HostGcOptions {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  setFlags?: (flags: string) => void;
}

let applied = false;

/** Applies `HOST_GC_FLAGS` when this process is the dynamic-provider host; returns the flags applied now. */
export function tuneHostGc(options: HostGcOptions = {}): readonly string[] {
  const { argv = process.argv, env = process.env, setFlags = v8.setFlagsFromString } = options;
  if (applied || hostEngineAddress(argv) === undefined) return [];
  if (env[HOST_GC_ENV] === "default") return [];
  applied = true;
  for (const flag of HOST_GC_FLAGS) setFlags(flag);
  return HOST_GC_FLAGS;
}

/** Forgets that the flags were applied (tests). */
export function resetHostGc(): void {
  applied = false;
}
