/**
 * Notices when the Pulumi engine that started this dynamic-provider host is gone, so the host stops sending
 * requests whose results nobody can record any more, and exits instead of living on as an orphan.
 *
 * The engine (inside the `pulumi` CLI) starts the host as `node …/cmd/dynamic-provider <engine address>`, in a
 * process group of its own behind a `sh` wrapper, and normally ends it when the deployment ends. When the CLI is
 * killed (SIGKILL, OOM, a CI timeout) nobody ends it: the host keeps running, and keeps sending the creates that
 * wait in its rate-limit queue — objects Pulumi will never know about. Two signs reveal it, checked every second:
 * the engine's gRPC address refuses connections (its listener died with the CLI), or the host's parent changed
 * (it was re-parented to init). A refused loopback connection is definitive; a slow or failed probe for another
 * reason proves nothing and is ignored.
 */
import { connect } from "node:net";

export type ProbeResult = "up" | "gone" | "unknown";

export interface EngineWatchOptions {
  /** `host:port` of the engine, from the host's command line. */
  engineAddress: string;
  /** Called once, with why the engine is considered gone. */
  onGone(reason: string): void;
  /** Default 1000 ms. */
  intervalMs?: number;
  /** The parent process id to compare against; default `process.ppid` now. */
  parentPid?: number;
  /** For tests: how the address is probed, and how the current parent id is read. */
  probe?: (address: string) => Promise<ProbeResult>;
  currentParentPid?: () => number;
}

export interface EngineWatch {
  stop(): void;
}

/** The engine address when this process is Pulumi's Node.js dynamic-provider host, else `undefined`. */
export function hostEngineAddress(argv: readonly string[] = process.argv): string | undefined {
  const script = argv[1] ?? "";
  const address = argv[2] ?? "";
  if (!/[/\\]cmd[/\\]dynamic-provider([/\\]index(\.js)?)?$/.test(script)) return undefined;
  return /^(\[[0-9a-f:.]+\]|[\w.-]+):\d{1,5}$/i.test(address) ? address : undefined;
}

/** One TCP connection attempt to `address`: refused → gone; connected → up; anything else → unknown. */
export function probeAddress(address: string, timeoutMs = 2_000): Promise<ProbeResult> {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon).replace(/^\[|\]$/g, "");
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done("unknown"));
    socket.once("connect", () => done("up"));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code === "ECONNREFUSED" ? "gone" : "unknown"));
  });
}

export function watchEngine(options: EngineWatchOptions): EngineWatch {
  const probe = options.probe ?? ((address: string) => probeAddress(address));
  const currentParent = options.currentParentPid ?? (() => process.ppid);
  const parent = options.parentPid ?? currentParent();
  let stopped = false;
  let busy = false;
  const check = async () => {
    if (stopped || busy) return;
    busy = true;
    try {
      let reason: string | undefined;
      if (currentParent() !== parent) reason = "the process that started this provider host has exited";
      else if ((await probe(options.engineAddress)) === "gone") {
        reason = `the Pulumi engine at ${options.engineAddress} is gone (the pulumi CLI was stopped or killed)`;
      }
      if (reason !== undefined && !stopped) {
        stopped = true;
        clearInterval(timer);
        options.onGone(reason);
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void check(), options.intervalMs ?? 1_000);
  // The host's gRPC server keeps the process alive; this watch alone must not.
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
