/**
 * Who is busy during one `pulumi` command: the CPU time of the CLI process and of each process under it (the Node
 * language host running the program, the dynamic-provider host), read from /proc every `intervalMs`. A process
 * that ends between two samples is counted up to its last sample, so short-lived processes are undercounted by
 * at most one interval. Linux only; elsewhere every figure is 0.
 */
import * as fs from "node:fs";

export type ProcessRole = "cli" | "languageHost" | "providerHost";
export type CpuSeconds = Record<ProcessRole, number>;

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
export const TICKS_PER_SECOND = 100;

export interface Stat {
  ppid: number;
  ticks: number;
}

/** A process's parent and CPU ticks (user + system) so far; `undefined` once it is gone (or off Linux). */
export function readStat(pid: number): Stat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function roleOf(pid: number, rootPid: number): ProcessRole | undefined {
  if (pid === rootPid) return "cli";
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return undefined;
  }
  if (cmdline.includes("dynamic-provider")) return "providerHost";
  // The Go language plugin and the Node process it starts for the program (@pulumi/pulumi/cmd/run).
  if (cmdline.includes("pulumi-language-nodejs") || /@pulumi[/\\]pulumi[/\\]cmd[/\\]run/.test(cmdline))
    return "languageHost";
  return undefined;
}

/** Starts sampling the process tree under `rootPid`; `stop()` returns the CPU seconds per role. */
export function sampleProcessTree(rootPid: number, intervalMs = 500): { stop(): CpuSeconds } {
  const last = new Map<number, { role: ProcessRole; ticks: number }>();
  const sample = () => {
    let pids: number[];
    try {
      pids = fs
        .readdirSync("/proc")
        .filter((name) => /^\d+$/.test(name))
        .map(Number);
    } catch {
      return;
    }
    const stats = new Map<number, Stat>();
    for (const pid of pids) {
      const stat = readStat(pid);
      if (stat) stats.set(pid, stat);
    }
    const inTree = (pid: number): boolean => {
      for (let current = pid, depth = 0; depth < 16; depth++) {
        if (current === rootPid) return true;
        const parent = stats.get(current)?.ppid;
        if (parent === undefined || parent <= 1) return false;
        current = parent;
      }
      return false;
    };
    for (const [pid, stat] of stats) {
      if (!inTree(pid)) continue;
      const role = last.get(pid)?.role ?? roleOf(pid, rootPid);
      if (role) last.set(pid, { role, ticks: stat.ticks });
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      const seconds: CpuSeconds = { cli: 0, languageHost: 0, providerHost: 0 };
      for (const { role, ticks } of last.values()) seconds[role] += ticks / TICKS_PER_SECOND;
      return seconds;
    },
  };
}
