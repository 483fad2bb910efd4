/**
 * `npm run demo`: the quickstart program against the bundled Qlik Cloud emulator, with the real Pulumi CLI.
 *
 *   1. starts the emulator (`dist/emulator/cli.js --json`, random ports) as a child process;
 *   2. creates a stack on a local file backend under .state/demo (gitignored; $PULUMI_QLIK_DEMO_DIR overrides),
 *      with `qlik:tenantUrl` and the API key as a secret (`pulumi config set --secret qlik:apiKey`);
 *   3. runs `pulumi up --yes`, then `pulumi stack output`, then `pulumi preview --expect-no-changes`, streaming
 *      the CLI's own output, with TypeScript type-checked as `pulumi` does by default;
 *   4. stops the emulator — also on failure, Ctrl-C or SIGTERM — and says where to look.
 *
 * Exits 0 when every step succeeded, 130/143 when interrupted, 1 otherwise.
 * Built by `npm run build` into dist/scripts/demo.js; `npm run demo` builds the CLI first if needed.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiBinDir } from "./pulumi-cli";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "quickstart");
const EMULATOR_CLI = path.join(REPO_ROOT, "dist", "emulator", "cli.js");
const DEMO_DIR = path.resolve(process.env.PULUMI_QLIK_DEMO_DIR ?? path.join(REPO_ROOT, ".state", "demo"));
const STACK = "demo";
/** Protects the demo stack's secrets in its local state only; printed so the stack can be used by hand. */
const PASSPHRASE = "pulumi-qlik-demo";

interface EmulatorTenant {
  id: string;
  name: string;
  url: string;
  apiKey: string;
}

interface EmulatorInfo {
  consoleUrl: string;
  tenantUrl: string;
  tenants: EmulatorTenant[];
}

class StepFailed extends Error {}

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function heading(text: string): void {
  console.log(`\n${bold(`━━ ${text} `.padEnd(100, "━"))}\n`);
}

/** The child processes to stop on exit: the emulator, and the pulumi command running now. */
const children = new Set<ChildProcess>();
let interrupted: NodeJS.Signals | undefined;

/** The CLI's environment: local backend and home under the demo directory, no ambient Pulumi or Qlik settings. */
function pulumiEnv(binDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("PULUMI_") && !key.startsWith("QLIK_")) env[key] = value;
  }
  return {
    ...env,
    PATH: [binDir, process.env.PATH].filter(Boolean).join(path.delimiter),
    PULUMI_HOME: path.join(DEMO_DIR, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(DEMO_DIR, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Type-check the program, as `pulumi` does for users by default.
    PULUMI_NODEJS_TRANSPILE_ONLY: "false",
  };
}

/** Starts the emulator in its own process group (so Ctrl-C reaches pulumi first, which still needs it). */
async function startEmulator(): Promise<{ info: EmulatorInfo; process: ChildProcess }> {
  if (!fs.existsSync(EMULATOR_CLI)) throw new StepFailed(`${EMULATOR_CLI} not found: run 'npm run build' first.`);
  const child = spawn(process.execPath, [EMULATOR_CLI, "--json", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.add(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const info = await new Promise<EmulatorInfo>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(
      () => reject(new StepFailed(`The emulator did not start within 20 s.\n${stderr}`)),
      20_000,
    );
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.slice(0, newline)) as EmulatorInfo);
      } catch {
        reject(new StepFailed(`The emulator printed something other than its JSON line:\n${stdout}`));
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new StepFailed(`The emulator exited (${code ?? signal}) before it was ready.\n${stderr}`));
    });
  });
  child.removeAllListeners("exit");
  child.once("exit", (code, signal) => {
    children.delete(child);
    if (!stopping) console.error(`\nThe emulator stopped unexpectedly (${code ?? signal}).\n${stderr}`);
  });
  return { info, process: child };
}

let stopping = false;

function stopEmulator(child: ChildProcess): Promise<void> {
  stopping = true;
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Runs `pulumi <args>` in the program directory; its output goes straight to this terminal unless captured. */
function pulumi(
  binDir: string,
  args: string[],
  options: { capture?: boolean; stdin?: string } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(binDir, "pulumi"), args, {
      cwd: PROGRAM_DIR,
      env: pulumiEnv(binDir),
      stdio: [options.stdin === undefined ? "ignore" : "pipe", options.capture ? "pipe" : "inherit", "pipe"],
    });
    children.add(child);
    let output = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (!options.capture) process.stderr.write(chunk);
    });
    child.stdin?.end(options.stdin);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

async function step(binDir: string, what: string, args: string[], options?: { capture?: boolean; stdin?: string }) {
  const result = await pulumi(binDir, args, options);
  if (interrupted) throw new StepFailed(`Interrupted during ${what}.`);
  if (result.code !== 0) {
    const detail = options?.capture ? `\n${result.output.trim()}` : "";
    throw new StepFailed(`${what} failed (pulumi ${args.join(" ")} exited with ${result.code}).${detail}`);
  }
  return result;
}

/** Makes `pulumi-qlik` resolvable from the example (npm ci does this through `prepare`). */
function ensureLinked(): void {
  if (fs.existsSync(path.join(PROGRAM_DIR, "node_modules", "pulumi-qlik", "package.json"))) return;
  const linked = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "link-self.js")], { stdio: "inherit" });
  if (linked.status !== 0) throw new StepFailed("Could not link pulumi-qlik into examples/quickstart/node_modules.");
}

function rel(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === "" ? "." : relative.startsWith("..") ? file : relative;
}

async function main(): Promise<number> {
  const binDir = pulumiBinDir(REPO_ROOT);
  if (!fs.existsSync(path.join(binDir, "pulumi"))) {
    throw new StepFailed(`No Pulumi CLI in ${binDir}: run 'npm run pulumi:install' (npm run demo does it for you).`);
  }
  ensureLinked();
  const stackConfig = path.join(DEMO_DIR, `Pulumi.${STACK}.yaml`);
  const stackArgs = ["--stack", STACK, "--config-file", stackConfig];

  heading("pulumi-qlik demo: the quickstart program against a local Qlik Cloud emulator");
  console.log(`Program:  ${rel(PROGRAM_DIR)}/index.ts`);
  console.log(`Pulumi:   ${rel(path.join(binDir, "pulumi"))}`);
  console.log(`State:    ${rel(DEMO_DIR)} (local file backend; recreated on every run)`);

  // The emulator keeps everything in memory, so a stack from an earlier run would describe objects that no
  // longer exist: start from a clean directory.
  fs.rmSync(DEMO_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(DEMO_DIR, "state"), { recursive: true });
  fs.mkdirSync(path.join(DEMO_DIR, "home"), { recursive: true });

  heading("1/5  Starting the emulator");
  const emulator = await startEmulator();
  const tenant = emulator.info.tenants[0];
  console.log(`Cloud Console:   ${emulator.info.consoleUrl}`);
  console.log(`Tenant ${tenant.name}: ${tenant.url}   (API key ${tenant.apiKey})`);
  try {
    heading("2/5  Creating the stack");
    await step(binDir, "pulumi stack init", ["stack", "init", STACK, "--non-interactive"], { capture: true });
    // stack init writes Pulumi.demo.yaml next to Pulumi.yaml; keep it with the demo's state instead.
    const written = path.join(PROGRAM_DIR, `Pulumi.${STACK}.yaml`);
    if (fs.existsSync(written)) {
      fs.copyFileSync(written, stackConfig);
      fs.rmSync(written);
    }
    await step(binDir, "pulumi config set", ["config", "set", "qlik:tenantUrl", tenant.url, ...stackArgs], {
      capture: true,
    });
    await step(binDir, "pulumi config set --secret", ["config", "set", "--secret", "qlik:apiKey", ...stackArgs], {
      capture: true,
      stdin: tenant.apiKey,
    });
    console.log(`$ pulumi stack init ${STACK}`);
    console.log(`$ pulumi config set qlik:tenantUrl ${tenant.url}`);
    console.log("$ pulumi config set --secret qlik:apiKey ****      (stored encrypted in the stack config)");

    heading("3/5  pulumi up --yes");
    await step(binDir, "pulumi up", ["up", "--yes", ...stackArgs]);

    heading("4/5  pulumi stack output");
    await step(binDir, "pulumi stack output", ["stack", "output", "--stack", STACK]);

    heading("5/5  pulumi preview --expect-no-changes (a second run finds nothing to do)");
    await step(binDir, "pulumi preview", ["preview", "--expect-no-changes", ...stackArgs]);
    console.log("No resource changes: the tenant is exactly as the program describes it.");
  } finally {
    await stopEmulator(emulator.process);
  }

  heading("Done");
  const env = pulumiEnv(binDir);
  const configFlag = `--stack ${STACK} --config-file ${stackConfig}`;
  console.log(
    [
      "Where to look:",
      `  state (local backend)  ${rel(path.join(DEMO_DIR, "state"))}`,
      `  stack config           ${rel(stackConfig)}  (the API key is encrypted with the passphrase "${PASSPHRASE}")`,
      `  the program            ${rel(PROGRAM_DIR)}/index.ts`,
      `  the emulator was at    ${tenant.url} (tenant ${tenant.name}); it has been stopped`,
      "",
      "Run it again by hand (the emulator starts from its seed each time, hence --refresh):",
      "  npx pulumi-qlik-emulator --port 8600        # in another terminal; tenant acme-us is then on :8601",
      `  export PATH="${binDir}:$PATH"`,
      `  export PULUMI_BACKEND_URL="${env.PULUMI_BACKEND_URL}" PULUMI_HOME="${env.PULUMI_HOME}"`,
      `  export PULUMI_CONFIG_PASSPHRASE="${PASSPHRASE}"`,
      `  cd ${PROGRAM_DIR}`,
      `  pulumi config set qlik:tenantUrl http://127.0.0.1:8601 ${configFlag}`,
      `  pulumi up --refresh ${configFlag}`,
      "",
      "Against Qlik Cloud: see examples/quickstart/README.md.",
    ].join("\n"),
  );
  return 0;
}

function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) {
    // A second signal: stop everything now.
    for (const child of children) child.kill("SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  }
  interrupted = signal;
  console.error(`\n${signal}: stopping (pulumi finishes what is in flight; Ctrl-C again to force)…`);
  // Ctrl-C in a terminal already reached pulumi (same process group); a SIGTERM sent to this process did not.
  if (signal === "SIGTERM") {
    for (const child of children) if (child.spawnargs[0]?.endsWith("pulumi")) child.kill("SIGINT");
  }
}

process.on("SIGINT", () => onSignal("SIGINT"));
process.on("SIGTERM", () => onSignal("SIGTERM"));
// Last resort (e.g. an exception thrown past the cleanup): never leave the emulator running.
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

main().then(
  (code) => process.exit(interrupted ? (interrupted === "SIGINT" ? 130 : 143) : code),
  (error: unknown) => {
    if (interrupted) {
      console.error(`\nInterrupted; the emulator has been stopped. The stack's state is in ${rel(DEMO_DIR)}.`);
      process.exit(interrupted === "SIGINT" ? 130 : 143);
    }
    console.error(`\n${bold("The demo failed:")} ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof StepFailed) && error instanceof Error && error.stack) console.error(error.stack);
    process.exit(1);
  },
);
