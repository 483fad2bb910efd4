/**
 * Warnings for the person running `pulumi up`. The dynamic-provider host is started by the engine with the
 * engine's address as its first argument but never connects back, so `pulumi.log.warn` there only reaches the
 * plugin's stderr. This module sends the warning over the engine's own `Log` RPC instead, so it shows as a
 * `warning:` diagnostic in the CLI's output; when that is not possible (tests, another host) it goes to stderr.
 *
 * `@pulumi/pulumi` (a peer dependency) is loaded lazily, from wherever the host resolves it: the provider stays a
 * plain library that does not import it at load time.
 */
import * as path from "node:path";

type Sink = (message: string) => void | Promise<void>;

let sink: Sink | undefined;

/** Replaces where warnings go (tests); `undefined` restores the engine/stderr default. */
export function setWarningSink(next: Sink | undefined): void {
  sink = next;
}

/** Delivers a warning, resolving once it was handed over; never throws. */
export async function warn(message: string): Promise<void> {
  try {
    if (sink) return await sink(message);
    const address = engineAddress();
    if (address && (await logToEngine(address, message))) return;
  } catch {
    // fall through to stderr
  }
  process.stderr.write(`warning: ${message}\n`);
}

/** The engine's address when this process is Pulumi's Node.js dynamic-provider host. */
function engineAddress(): string | undefined {
  const [, script, address] = process.argv;
  if (!script || !/dynamic-provider[\\/]index\.js$/.test(script)) return undefined;
  return address && /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

interface EngineClient {
  log(request: unknown, options: { deadline: number }, callback: (error: Error | null) => void): void;
}

let engine: { client: EngineClient; engineProto: { LogRequest: new () => LogRequest } } | undefined;

interface LogRequest {
  setSeverity(severity: number): void;
  setMessage(message: string): void;
  setUrn(urn: string): void;
}

const WARNING = 2; // pulumirpc.LogSeverity.WARNING

function logToEngine(address: string, message: string): Promise<boolean> {
  if (!engine) {
    // The host's own copies: gRPC message classes are checked by identity.
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const engineGrpc = require(path.join(pulumiDir, "proto/engine_grpc_pb"));
    const engineProto = require(path.join(pulumiDir, "proto/engine_pb"));
    engine = { client: new engineGrpc.EngineClient(address, grpc.credentials.createInsecure()), engineProto };
  }
  const request = new engine.engineProto.LogRequest();
  request.setSeverity(WARNING);
  request.setMessage(message);
  request.setUrn("");
  const client = engine.client;
  return new Promise((resolve) => {
    client.log(request, { deadline: Date.now() + 5_000 }, (error) => resolve(error === null));
  });
}
