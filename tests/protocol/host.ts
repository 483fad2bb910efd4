/**
 * Drives Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, the way the
 * engine does: Configure first, then Check/Diff/Create/Read/Update/Delete with `google.protobuf.Struct`s that
 * carry the serialized provider shim in `__provider`. Serialization, Struct conversion, the host's provider
 * cache and configure are all the real ones; only the engine's own bookkeeping is missing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import * as readline from "node:readline";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
// The stubs check message types by identity: use the google-protobuf copy @pulumi/pulumi itself resolves.
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const providerPb = require(path.join(pulumiDir, "proto/provider_pb"));
const providerGrpc = require(path.join(pulumiDir, "proto/provider_grpc_pb"));

export type Props = Record<string, unknown>;

export interface HostOptions {
  /** A Pulumi program directory where `pulumi-qlik` resolves from node_modules. */
  programDir: string;
  project?: string;
  env?: NodeJS.ProcessEnv;
}

export interface DiffResponse {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface CheckResponse {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: InstanceType<typeof providerGrpc.ResourceProviderClient>,
    private readonly engine: net.Server,
    readonly stderr: string[],
  ) {}

  static async start(options: HostOptions): Promise<ProviderHost> {
    const entry = path.join(pulumiDir, "cmd/dynamic-provider/index.js");
    // The host's argument is the engine's address, and the provider watches it: a refused connection means the
    // CLI is gone, and the host halts. So something must listen there for as long as the test drives the host.
    const engine = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
    const enginePort = (engine.address() as net.AddressInfo).port;
    const child = spawn(process.execPath, [entry, `127.0.0.1:${enginePort}`], {
      cwd: options.programDir,
      env: { ...process.env, PULUMI_NODEJS_PROJECT: options.project ?? "qlik-protocol", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
    const port = await new Promise<string>((resolve, reject) => {
      child.once("exit", () => engine.close());
      const lines = readline.createInterface({ input: child.stdout! });
      lines.once("line", (line) => resolve(line.trim()));
      child.once("exit", (code) => reject(new Error(`provider host exited with ${code}: ${stderr.join("")}`)));
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new ProviderHost(child, client, engine, stderr);
  }

  /** Resolves once the host's stderr matches `pattern` (checked as each chunk arrives); rejects after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs: number): Promise<void> {
    if (pattern.test(this.stderr.join(""))) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onData = () => {
        if (!pattern.test(this.stderr.join(""))) return;
        clearTimeout(timer);
        this.child.stderr!.off("data", onData);
        resolve();
      };
      const timer = setTimeout(() => {
        this.child.stderr!.off("data", onData);
        reject(new Error(`no ${pattern} on the provider host's stderr within ${timeoutMs} ms`));
      }, timeoutMs);
      this.child.stderr!.on("data", onData);
    });
  }

  async stop(): Promise<void> {
    this.client.close();
    this.engine.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }

  configure(config: Record<string, string>): Promise<void> {
    const request = new providerPb.ConfigureRequest();
    request.setArgs(structPb.Struct.fromJavaScript(config));
    for (const [key, value] of Object.entries(config)) request.getVariablesMap().set(key, value);
    return this.call("configure", request).then(() => undefined);
  }

  async check(urn: string, olds: Props, news: Props): Promise<CheckResponse> {
    const request = new providerPb.CheckRequest();
    request.setUrn(urn);
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    const response = await this.call("check", request);
    return {
      inputs: response.getInputs()?.toJavaScript() ?? {},
      failures: response.getFailuresList().map((f: { getProperty(): string; getReason(): string }) => ({
        property: f.getProperty(),
        reason: f.getReason(),
      })),
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffResponse> {
    const request = new providerPb.DiffRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    const response = await this.call("diff", request);
    const kinds = providerPb.DiffResponse.DiffChanges;
    const changes = response.getChanges();
    return {
      changes: changes === kinds.DIFF_NONE ? "none" : changes === kinds.DIFF_SOME ? "some" : "unknown",
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const request = new providerPb.CreateRequest();
    request.setUrn(urn);
    request.setProperties(toStruct(properties));
    const response = await this.call("create", request);
    return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
  }

  /** `properties: undefined` sends none, as newer engines do for a user's `Resource.get` (only `inputs`). */
  async read(urn: string, id: string, properties: Props | undefined, inputs?: Props) {
    const request = new providerPb.ReadRequest();
    request.setUrn(urn);
    request.setId(id);
    if (properties) request.setProperties(toStruct(properties));
    if (inputs) request.setInputs(toStruct(inputs));
    const response = await this.call("read", request);
    return {
      id: response.getId() as string,
      properties: (response.getProperties()?.toJavaScript() ?? {}) as Props,
      inputs: response.getInputs()?.toJavaScript() as Props | undefined,
    };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const request = new providerPb.UpdateRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    const response = await this.call("update", request);
    return { properties: response.getProperties()?.toJavaScript() ?? {} };
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const request = new providerPb.DeleteRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(toStruct(properties));
    await this.call("delete", request);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private call(method: string, request: unknown): Promise<any> {
    return new Promise((resolve, reject) => {
      this.client[method](request, (error: Error | null, response: unknown) =>
        error ? reject(error) : resolve(response),
      );
    });
  }
}

function toStruct(value: Props) {
  return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

/** The environment the host inherits, without Qlik settings: they come through Configure, as from a stack. */
export function hostEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("QLIK_")) env[key] = value;
  return env;
}

export function urnOf(kind: string, name: string, project = "qlik-protocol"): string {
  return `urn:pulumi:test::${project}::pulumi-nodejs:dynamic/qlik:${kind}::${name}`;
}
