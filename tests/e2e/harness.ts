/**
 * End-to-end test harness: drives the real Pulumi CLI (built by `npm run pulumi:install` into
 * .pulumi-cli/<version>/bin) against a program directory, in a throw-away workspace with a local file
 * backend, passphrase secrets and its own PULUMI_HOME, so nothing is downloaded and nothing outside the
 * workspace is touched.
 *
 * Usage:
 *   const ws = await createWorkspace({ programDir: path.join(__dirname, "smoke") });
 *   try { await ws.stackInit(); await ws.up(); } finally { await ws.dispose(); }
 *
 * Secrets: the passphrase and every value given to `setConfig(..., { secret: true })` are passed through
 * the environment or stdin (never argv) and are replaced by "[secret]" in every returned stdout/stderr.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiBinDir } from "../../scripts/pulumi-cli";

/** The outcome of one CLI invocation (secrets redacted). */
export interface CommandResult {
  /** The exit code; -1 when the process was killed (e.g. timeout) or failed to start. */
  code: number;
  stdout: string;
  stderr: string;
  /** True when the harness killed the command because it ran past its timeout. */
  timedOut: boolean;
  /** The arguments after `pulumi`, for messages. */
  args: string[];
  durationMs: number;
}

export interface WorkspaceOptions {
  /** Absolute path of the program directory (contains Pulumi.yaml). */
  programDir: string;
  /** Stack name; defaults to a random "e2e-xxxxxx". */
  stackName?: string;
  /** Secrets passphrase; defaults to a random one. */
  passphrase?: string;
  /** Extra environment for every command (e.g. emulator URLs). Ambient PULUMI_* variables are dropped. */
  env?: Record<string, string>;
  /** Default timeout for each command; defaults to 5 minutes. */
  timeoutMs?: number;
  /** The CLI bin directory; defaults to {@link findPulumiBinDir}. */
  binDir?: string;
  /** Keep the workspace directory on dispose (for debugging). Also set by PULUMI_E2E_KEEP=1. */
  keep?: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Written to the command's stdin (then closed). */
  stdin?: string;
  /** Extra environment for this command only. */
  env?: Record<string, string>;
  /** Called with the CLI's process id once it started (for tests that signal the CLI itself). */
  onStart?: (pid: number) => void;
}

export interface OperationOptions extends RunOptions {
  /** Extra CLI arguments, e.g. ["--target", urn] or ["--refresh"]. */
  args?: string[];
}

export interface PreviewOptions extends OperationOptions {
  /** Add --json: stdout is a JSON document, parsed into {@link PreviewResult.json}. */
  json?: boolean;
  /** Add --diff: stdout shows property-level diffs. */
  diff?: boolean;
  /** Add --expect-no-changes: the CLI exits non-zero if the preview has changes. */
  expectNoChanges?: boolean;
}

/** `pulumi preview --json` output (the fields tests use). */
export interface PreviewJson {
  steps?: Array<{ op: string; urn: string; [key: string]: unknown }>;
  changeSummary?: Record<string, number>;
  diagnostics?: Array<{ message?: string; severity?: string; urn?: string }>;
  [key: string]: unknown;
}

export interface PreviewResult extends CommandResult {
  /** Parsed stdout when `json: true` and stdout parsed. */
  json?: PreviewJson;
}

/** `pulumi stack export` output (the fields tests use). */
export interface StackExport {
  version: number;
  deployment: {
    resources?: Array<{
      urn: string;
      type: string;
      id?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
      [key: string]: unknown;
    }>;
    [key: string]: unknown;
  };
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`:
 * $PULUMI_BIN_DIR if set, else .pulumi-cli/<primary CLI version in scripts/matrix.json>/bin in the repository.
 * Runs nothing; throws with instructions when the CLI has not been built.
 */
export function findPulumiBinDir(repoRoot: string = REPO_ROOT): string {
  const binDir = pulumiBinDir(repoRoot);
  const missing = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"].filter(
    (exe) => !isExecutable(path.join(binDir, exe)),
  );
  if (missing.length > 0) {
    throw new Error(
      `The Pulumi CLI is not installed in ${binDir} (missing: ${missing.join(", ")}). ` +
        "Run 'npm run pulumi:install' (builds it from Go modules; the first build takes several minutes).",
    );
  }
  return binDir;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Creates a workspace (temp dir with state/ and home/) for one stack of one program. */
export async function createWorkspace(options: WorkspaceOptions): Promise<PulumiWorkspace> {
  const programDir = path.resolve(options.programDir);
  if (!fs.existsSync(path.join(programDir, "Pulumi.yaml"))) {
    throw new Error(`${programDir} has no Pulumi.yaml`);
  }
  const binDir = options.binDir ?? findPulumiBinDir();
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-e2e-"));
  return new PulumiWorkspace(dir, programDir, binDir, options);
}

export class PulumiWorkspace {
  /** Root of the temporary workspace. */
  readonly dir: string;
  /** The file backend's directory (PULUMI_BACKEND_URL=file://<stateDir>). */
  readonly stateDir: string;
  /** PULUMI_HOME: plugin cache, credentials, workspace settings. */
  readonly homeDir: string;
  readonly programDir: string;
  readonly binDir: string;
  readonly stackName: string;
  /** Where the stack's config lives (outside the program directory, which may be shared). */
  readonly stackConfigFile: string;
  private readonly baseEnv: Record<string, string>;
  private readonly secrets = new Set<string>();
  private readonly timeoutMs: number;
  private readonly keep: boolean;

  constructor(dir: string, programDir: string, binDir: string, options: WorkspaceOptions) {
    this.dir = dir;
    this.programDir = programDir;
    this.binDir = binDir;
    this.stateDir = path.join(dir, "state");
    this.homeDir = path.join(dir, "home");
    this.stackName = options.stackName ?? `e2e-${randomBytes(3).toString("hex")}`;
    this.stackConfigFile = path.join(dir, `Pulumi.${this.stackName}.yaml`);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.keep = options.keep ?? process.env.PULUMI_E2E_KEEP === "1";
    fs.mkdirSync(this.stateDir, { recursive: true });
    fs.mkdirSync(this.homeDir, { recursive: true });

    const passphrase = options.passphrase ?? randomBytes(16).toString("hex");
    this.secrets.add(passphrase);

    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      // Drop ambient Pulumi settings (access tokens, backend URLs, PULUMI_IGNORE_AMBIENT_PLUGINS, ...).
      if (v !== undefined && !k.startsWith("PULUMI_")) env[k] = v;
    }
    Object.assign(env, {
      PATH: [binDir, env.PATH].filter(Boolean).join(path.delimiter),
      PULUMI_HOME: this.homeDir,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // Never try to download plugins: everything must come from the bin dir.
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
    });
    Object.assign(env, options.env ?? {});
    this.baseEnv = env;
  }

  /** The environment every command runs with (contains the passphrase: do not log it). */
  get env(): Readonly<Record<string, string>> {
    return this.baseEnv;
  }

  /** Registers a value to redact from command output. */
  addSecret(value: string): void {
    if (value.length > 0) this.secrets.add(value);
  }

  /** Runs `pulumi <args>` in the program directory with the workspace environment. */
  run(args: string[], options: RunOptions = {}): Promise<CommandResult> {
    const fullArgs = ["--non-interactive", "--color", "never", ...args];
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const started = Date.now();
    return new Promise<CommandResult>((resolve) => {
      const child = spawn(path.join(this.binDir, "pulumi"), fullArgs, {
        cwd: this.programDir,
        env: { ...this.baseEnv, ...options.env },
        stdio: ["pipe", "pipe", "pipe"],
        detached: true, // own process group, so a timeout also kills the language host and plugins
      });
      if (child.pid !== undefined) options.onStart?.(child.pid);
      let stdout = "";
      let stderr = "";
      let timedOut = false;
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const killGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      };
      let killTimer: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup("SIGINT");
        killTimer = setTimeout(() => killGroup("SIGKILL"), 10_000);
      }, timeoutMs);
      const finish = (code: number, extraErr = "") => {
        clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        resolve({
          code,
          stdout: this.redact(stdout),
          stderr: this.redact(stderr + extraErr + (timedOut ? `\n[harness] killed after ${timeoutMs} ms\n` : "")),
          timedOut,
          args,
          durationMs: Date.now() - started,
        });
      };
      child.on("error", (err) => finish(-1, `\n[harness] ${err.message}\n`));
      child.on("close", (code) => finish(timedOut ? -1 : (code ?? -1)));
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.stdin ?? "");
    });
  }

  /**
   * `pulumi stack init <stack>`. The CLI writes Pulumi.<stack>.yaml (with the passphrase salt) next to
   * Pulumi.yaml; it is moved at once to {@link stackConfigFile} in the workspace, which every later
   * command is given with --config-file, so the program directory stays clean.
   */
  async stackInit(options: RunOptions = {}): Promise<CommandResult> {
    const result = await this.run(["stack", "init", this.stackName], options);
    this.moveStackConfigOut();
    return result;
  }

  /**
   * `pulumi config set <key> [--secret]`. The value goes through stdin, never argv; secret values are
   * redacted from all later output. `path: true` adds --path (key like "qlik:tenants[0].name").
   */
  setConfig(key: string, value: string, options: { secret?: boolean; path?: boolean } & RunOptions = {}) {
    if (options.secret) this.addSecret(value);
    const args = ["config", "set", key, ...this.stackArgs(), ...this.configFileArgs()];
    if (options.secret) args.push("--secret");
    if (options.path) args.push("--path");
    return this.run(args, { ...options, stdin: value });
  }

  /** `pulumi preview`, optionally with --json (parsed) or --diff. */
  async preview(options: PreviewOptions = {}): Promise<PreviewResult> {
    const args = ["preview", ...this.stackArgs(), ...this.configFileArgs()];
    if (options.json) args.push("--json");
    if (options.diff) args.push("--diff");
    if (options.expectNoChanges) args.push("--expect-no-changes");
    const result: PreviewResult = await this.run([...args, ...(options.args ?? [])], options);
    if (options.json) {
      try {
        result.json = JSON.parse(result.stdout) as PreviewJson;
      } catch {
        // leave json undefined; the caller asserts on code/stdout
      }
    }
    return result;
  }

  /** `pulumi up --yes --skip-preview`. */
  up(options: OperationOptions = {}): Promise<CommandResult> {
    const args = ["up", "--yes", "--skip-preview", ...this.stackArgs(), ...this.configFileArgs()];
    return this.run([...args, ...(options.args ?? [])], options);
  }

  /** `pulumi refresh --yes` (add "--skip-preview" or "--expect-no-changes" via args). */
  refresh(options: OperationOptions = {}): Promise<CommandResult> {
    const args = ["refresh", "--yes", ...this.stackArgs(), ...this.configFileArgs()];
    return this.run([...args, ...(options.args ?? [])], options);
  }

  /** `pulumi destroy --yes --skip-preview`. */
  destroy(options: OperationOptions = {}): Promise<CommandResult> {
    const args = ["destroy", "--yes", "--skip-preview", ...this.stackArgs(), ...this.configFileArgs()];
    return this.run([...args, ...(options.args ?? [])], options);
  }

  /** `pulumi cancel --yes`: removes the lock a killed update left on the stack. */
  cancel(options: RunOptions = {}): Promise<CommandResult> {
    return this.run(["cancel", "--yes", ...this.stackArgs()], options);
  }

  /** `pulumi stack export`; `deployment` is the parsed state (secrets stay encrypted). */
  async exportStack(options: RunOptions = {}): Promise<CommandResult & { deployment?: StackExport }> {
    const result = await this.run(["stack", "export", ...this.stackArgs()], options);
    let deployment: StackExport | undefined;
    if (result.code === 0) deployment = JSON.parse(result.stdout) as StackExport;
    return { ...result, deployment };
  }

  /** `pulumi stack output --json`: the stack outputs, secrets shown as "[secret]". */
  async stackOutputs(options: RunOptions = {}): Promise<Record<string, unknown>> {
    const result = await this.run(["stack", "output", "--json", ...this.stackArgs()], options);
    if (result.code !== 0) throw new Error(describe(result));
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /**
   * Removes the workspace directory (state and home) and any Pulumi.<stack>.yaml left in the program
   * directory. Does not destroy resources: call destroy() first.
   */
  async dispose(): Promise<void> {
    await fs.promises.rm(this.programStackConfigFile(), { force: true });
    if (this.keep) return;
    await fs.promises.rm(this.dir, { recursive: true, force: true });
  }

  private programStackConfigFile(): string {
    return path.join(this.programDir, `Pulumi.${this.stackName}.yaml`);
  }

  private moveStackConfigOut(): void {
    const from = this.programStackConfigFile();
    if (!fs.existsSync(from)) return;
    fs.copyFileSync(from, this.stackConfigFile); // copy + unlink: the temp dir may be on another device
    fs.rmSync(from, { force: true });
  }

  private stackArgs(): string[] {
    return ["--stack", this.stackName];
  }

  private configFileArgs(): string[] {
    return ["--config-file", this.stackConfigFile];
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("[secret]");
    return out;
  }
}

/** A one-paragraph description of a command result, for assertion messages. */
export function describe(result: CommandResult): string {
  const tail = (s: string) => (s.length > 4000 ? `…${s.slice(-4000)}` : s);
  return (
    `pulumi ${result.args.join(" ")} exited with ${result.code}${result.timedOut ? " (timed out)" : ""} ` +
    `after ${result.durationMs} ms\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`
  );
}

/** Throws with the command's output unless it exited 0. */
export function expectSuccess<T extends CommandResult>(result: T): T {
  if (result.code !== 0) throw new Error(describe(result));
  return result;
}
