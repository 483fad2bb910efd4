/**
 * `npm run demo` (dist/scripts/demo.js, built by `npm run build`): it runs the quickstart end to end and
 * exits 0, and an interrupt (Ctrl-C, simulated by SIGINT to the whole process group as a terminal sends it)
 * cancels pulumi, stops the emulator and exits 130. The demo's state goes to a temporary directory here
 * ($PULUMI_QLIK_DEMO_DIR), not to the repository's .state/demo.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./support";

const DEMO = path.join(REPO_ROOT, "dist", "scripts", "demo.js");

interface DemoRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs the demo in its own process group; `onOutput` may interrupt it. */
function runDemo(dir: string, onOutput?: (output: string, pid: number) => void): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_QLIK_DEMO_DIR: dir };
    const child = spawn(process.execPath, [DEMO], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    const collect = (chunk: string) => {
      output += chunk;
      onOutput?.(output, child.pid!);
    };
    child.stdout.setEncoding("utf8").on("data", collect);
    child.stderr.setEncoding("utf8").on("data", collect);
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, output }));
  });
}

/** The emulator tenant URL the demo printed. */
function emulatorUrl(output: string): string {
  const match = /Tenant acme-us: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
  if (!match) throw new Error(`no emulator URL in the demo's output:\n${output}`);
  return match[1];
}

async function isListening(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/__emulator/info`);
    return true;
  } catch {
    return false;
  }
}

let dir: string;

beforeEach(async () => {
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-qlik-demo-"));
});

afterEach(async () => {
  await fs.promises.rm(dir, { recursive: true, force: true });
});

test("the demo runs the quickstart against the emulator, shows no changes on the second run, and exits 0", async () => {
  const run = await runDemo(dir);
  if (run.code !== 0) throw new Error(`the demo exited with ${run.code ?? run.signal}:\n${run.output}`);
  const headings = run.output.split("\n").filter((line) => line.startsWith("━━ "));
  expect(headings.map((line) => line.replace(/ ━+$/, ""))).toEqual([
    "━━ pulumi-qlik demo: the quickstart program against a local Qlik Cloud emulator",
    "━━ 1/5  Starting the emulator",
    "━━ 2/5  Creating the stack",
    "━━ 3/5  pulumi up --yes",
    "━━ 4/5  pulumi stack output",
    "━━ 5/5  pulumi preview --expect-no-changes (a second run finds nothing to do)",
    "━━ Done",
  ]);
  expect(run.output).toMatch(/\+ 10 created/);
  expect(run.output).toMatch(/Current stack outputs \(6\)/);
  expect(run.output).toMatch(/ {4}10 unchanged/);
  expect(run.output).toContain(`state (local backend)  ${path.join(dir, "state")}`);
  expect(fs.existsSync(path.join(dir, "Pulumi.demo.yaml"))).toBe(true);
  expect(fs.existsSync(path.join(REPO_ROOT, "examples", "quickstart", "Pulumi.demo.yaml"))).toBe(false);
  expect(await isListening(emulatorUrl(run.output))).toBe(false);
});

test("Ctrl-C during pulumi up cancels it, stops the emulator and exits 130", async () => {
  let sent = false;
  const run = await runDemo(dir, (output, pid) => {
    if (sent || !/Updating \(demo\)/.test(output)) return;
    sent = true;
    // A terminal sends SIGINT to the whole foreground process group: the demo and the pulumi CLI.
    setTimeout(() => process.kill(-pid, "SIGINT"), 200);
  });
  expect(sent).toBe(true);
  expect({ code: run.code, output: run.output }).toMatchObject({ code: 130 });
  expect(run.output).toContain("SIGINT: stopping");
  expect(run.output).toContain("Interrupted; the emulator has been stopped.");
  expect(await isListening(emulatorUrl(run.output))).toBe(false);
});
