/**
 * Pieces the end-to-end suites share on top of harness.ts: the emulator as a child process (the CLI with
 * `--json`, random ports), its admin endpoints, working copies of the example programs that tests may edit,
 * and a workspace configured for one emulated tenant.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatedTenant, EmulatorInfo, RequestLogEntry, TenantSnapshot } from "../../emulator/types";
import {
  createWorkspace,
  expectSuccess,
  type PulumiWorkspace,
  type StackExport,
  type WorkspaceOptions,
} from "./harness";

/** The checkout's root, found from here whether this runs from tests/e2e (ts-jest) or dist/tests/e2e (the bench). */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "pulumi-qlik") return dir;
    if (path.dirname(dir) === dir) throw new Error(`no pulumi-qlik checkout above ${from}`);
  }
}
const EMULATOR_CLI = path.join(REPO_ROOT, "dist", "emulator", "cli.js");
/** Working copies of example programs live here (ignored by tests/e2e/.gitignore), so that `@pulumi/pulumi`
 * resolves to the repository's single copy exactly as it does from examples/. */
const WORK_DIR = path.join(REPO_ROOT, "tests", "e2e", ".work");

export type { RequestLogEntry, TenantSnapshot };

/** The emulator CLI running as a child process; every control goes through its HTTP admin endpoints. */
export interface EmulatorProcess {
  info: EmulatorInfo;
  /** The request log (all listeners), or the entries after `since`. */
  log(since?: number): Promise<RequestLogEntry[]>;
  /** The seq of the newest log entry (0 when empty): pass it to `log()` later to get what came after. */
  lastSeq(): Promise<number>;
  /** Runs `step` and returns the requests that reached the emulator meanwhile. */
  during(step: () => Promise<unknown>): Promise<RequestLogEntry[]>;
  /** `/__emulator/state` of one emulated tenant (default: the first). */
  state(tenantId?: string): Promise<TenantSnapshot>;
  /** A call to a tenant's API with its API key, as an administrator would make it outside Pulumi. */
  tenantApi(tenant: EmulatedTenant, method: string, apiPath: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/emulator/cli.js --json --port 0 …` (with `--seed` when given) and waits for its one JSON line. Rate limits stay on,
 * time-scaled by `timeScale` (default 60: a rate-limit minute lasts one second, so a 429 never waits long).
 * Request bodies are logged, so tests can look at the exact PATCH documents.
 */
export async function startEmulatorProcess(
  options: { timeScale?: number; seed?: string } = {},
): Promise<EmulatorProcess> {
  if (!fs.existsSync(EMULATOR_CLI)) throw new Error(`${EMULATOR_CLI} not found: run 'npm run build' first`);
  const args = [EMULATOR_CLI, "--json", "--port", "0", "--time-scale", String(options.timeScale ?? 60), "--log-bodies"];
  if (options.seed !== undefined) args.push("--seed", options.seed);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const info = await new Promise<EmulatorInfo>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => fail(new Error("the emulator printed nothing within 20 s")), 20_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${error.message}\n--- emulator stderr ---\n${stderr}`));
    };
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.slice(0, newline)) as EmulatorInfo);
      } catch (error) {
        fail(error as Error);
      }
    });
    child.once("exit", (code, signal) => fail(new Error(`the emulator exited early (${code ?? signal})`)));
    child.once("error", fail);
  });
  child.removeAllListeners("exit");
  return emulatorControls(child, info);
}

function emulatorControls(child: ChildProcess, info: EmulatorInfo): EmulatorProcess {
  const admin = async <T>(method: string, adminPath: string): Promise<T> => {
    const response = await fetch(`${info.consoleUrl}/__emulator/${adminPath}`, { method });
    if (!response.ok)
      throw new Error(`${method} /__emulator/${adminPath}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const log = (since?: number) => admin<RequestLogEntry[]>("GET", since === undefined ? "log" : `log?since=${since}`);
  const lastSeq = async () => (await log()).at(-1)?.seq ?? 0;
  return {
    info,
    log,
    lastSeq,
    during: async (step) => {
      const since = await lastSeq();
      await step();
      return log(since);
    },
    state: (tenantId = info.tenants[0].id) => admin<TenantSnapshot>("GET", `state?tenantId=${tenantId}`),
    tenantApi: (tenant, method, apiPath, body) =>
      fetch(`${tenant.url}${apiPath}`, {
        method,
        headers: {
          authorization: `Bearer ${tenant.apiKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Requests that change something: every POST/PATCH/DELETE except the POSTs that only read — OAuth token
 * requests and `…/actions/filter` (batched reads of users and groups by id).
 */
export function writes(entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter(
    (entry) => entry.method !== "GET" && entry.path !== "/oauth/token" && !entry.path.endsWith("/actions/filter"),
  );
}

/** `METHOD path status` lines, for readable assertions and failure messages. */
export function describeRequests(entries: readonly RequestLogEntry[]): string[] {
  return entries.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
}

/** A fresh, not yet created directory under tests/e2e/.work for a program tests will run. */
export function workDirectory(prefix: string): string {
  return path.join(WORK_DIR, `${prefix}-${randomBytes(3).toString("hex")}`);
}

/** `node_modules/pulumi-qlik` in a program directory: a symlink to this checkout, as link-self makes. */
async function linkPackage(dir: string): Promise<void> {
  const modules = path.join(dir, "node_modules");
  await fs.promises.mkdir(modules, { recursive: true });
  await fs.promises.symlink(path.relative(modules, REPO_ROOT), path.join(modules, "pulumi-qlik"), "dir");
}

/**
 * A copy of an example program under tests/e2e/.work, for tests that edit it. The copy gets its own
 * `node_modules/pulumi-qlik` symlink to the repository root (as scripts/link-self.js makes for examples/), and
 * `@pulumi/pulumi` resolves to the repository's copy by walking up, as it does from examples/.
 */
export class ProgramCopy {
  private constructor(readonly dir: string) {}

  static async of(example: string): Promise<ProgramCopy> {
    return ProgramCopy.ofDirectory(path.join(REPO_ROOT, "examples", example));
  }

  /** A copy of the program in `source` (Pulumi.yaml, index.ts, package.json), e.g. a test fixture. */
  static async ofDirectory(source: string): Promise<ProgramCopy> {
    const dir = workDirectory(path.basename(source));
    await fs.promises.mkdir(dir, { recursive: true });
    for (const file of ["Pulumi.yaml", "index.ts"]) {
      await fs.promises.copyFile(path.join(source, file), path.join(dir, file));
    }
    // A distinct package name keeps jest's module map free of duplicate names should a copy outlive its run.
    const pkg = JSON.parse(await fs.promises.readFile(path.join(source, "package.json"), "utf8")) as { name: string };
    pkg.name = `${pkg.name}-e2e-copy`;
    await fs.promises.writeFile(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
    await linkPackage(dir);
    return new ProgramCopy(dir);
  }

  /** A program written elsewhere (e.g. by `pulumi-qlik import`) into a {@link workDirectory}. */
  static async at(dir: string): Promise<ProgramCopy> {
    await linkPackage(dir);
    return new ProgramCopy(dir);
  }

  get program(): string {
    return fs.readFileSync(path.join(this.dir, "index.ts"), "utf8");
  }

  /** Replaces `from` (which must occur exactly once, so a changed example fails loudly) with `to`. */
  edit(from: string, to: string): void {
    const text = this.program;
    const count = text.split(from).length - 1;
    if (count !== 1)
      throw new Error(`expected exactly one ${JSON.stringify(from)} in ${this.dir}/index.ts, found ${count}`);
    fs.writeFileSync(path.join(this.dir, "index.ts"), text.replace(from, to));
  }

  /** Replaces the whole program. */
  write(code: string): void {
    fs.writeFileSync(path.join(this.dir, "index.ts"), code);
  }

  /** Appends code to the program. */
  append(code: string): void {
    fs.appendFileSync(path.join(this.dir, "index.ts"), code);
  }

  async dispose(): Promise<void> {
    if (process.env.PULUMI_E2E_KEEP === "1") return;
    await fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Environment for every CLI run: TypeScript transpiled without type checks (each checked run costs ~6 s; the
 * suites type-check the first run of each program), and no ambient Qlik settings — the stacks' config must be
 * what connects them. Empty values count as unset in pulumi-qlik's settings.
 */
export const E2E_ENV: Record<string, string> = {
  PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  ...Object.fromEntries(
    [
      "QLIK_TENANT_URL",
      "QLIK_API_KEY",
      "QLIK_CLIENT_ID",
      "QLIK_CLIENT_SECRET",
      "QLIK_CONSOLE_URL",
      "QLIK_ORG_CLIENT_ID",
      "QLIK_ORG_CLIENT_SECRET",
      "QLIK_TENANTS",
    ].map((name) => [name, ""]),
  ),
};

/** Per-run override: let ts-node type-check the program, as it does for users by default. */
export const TYPE_CHECK = { env: { PULUMI_NODEJS_TRANSPILE_ONLY: "false" } };

/**
 * A new stack of `programDir` connected to one emulated tenant: `qlik:tenantUrl`, and `qlik:apiKey` set with
 * `--secret`.
 */
export async function tenantStack(
  programDir: string,
  tenant: EmulatedTenant,
  options: Partial<WorkspaceOptions> = {},
): Promise<PulumiWorkspace> {
  const ws = await createWorkspace({ programDir, ...options, env: { ...E2E_ENV, ...options.env } });
  expectSuccess(await ws.stackInit());
  expectSuccess(await ws.setConfig("qlik:tenantUrl", tenant.url));
  expectSuccess(await ws.setConfig("qlik:apiKey", tenant.apiKey, { secret: true }));
  return ws;
}

/** The "step" lines of a preview or update (`+ …`, `~ …`, `+- …`), without the Outputs section. */
export function stepLines(stdout: string): string[] {
  const body = stdout.split(/^Outputs:$/m)[0].split(/^Resources:$/m)[0];
  return body
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => /^\s*(\+-|\+\+|--|[+~-])\s+pulumi-nodejs:dynamic\/qlik:/.test(line));
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const full = path.join(entry.parentPath, entry.name);
    return entry.isFile() ? [full] : [];
  });
}

/** A user as a program describes it, from the emulator's state. */
export interface UserSummary {
  id: string;
  name?: string;
  email?: string;
  status?: string;
  roles: string[];
  groups: string[];
  preferredLocale?: string;
}

export interface GroupSummary {
  id: string;
  providerType?: string;
  description?: string;
  roles: string[];
}

export interface SettingsSummary {
  id: string;
  preferredStartPage?: unknown;
  customizeNoAccess?: unknown;
  releaseCadence?: unknown;
  sessionReplayOptOut?: unknown;
  crossRegionDataProcessing?: unknown;
}

const names = (list: readonly { name?: string }[] | undefined) => (list ?? []).map((item) => item.name ?? "").sort();

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/** Users by subject, groups by name, and the settings document, in the terms a program uses. */
export function summarize(snapshot: TenantSnapshot): {
  users: Record<string, UserSummary>;
  groups: Record<string, GroupSummary>;
  settings: SettingsSummary | null;
} {
  const users = Object.fromEntries(
    snapshot.users.map((user) => [
      user.subject,
      defined({
        id: user.id,
        name: user.name,
        email: user.email,
        status: user.status,
        roles: names(user.assignedRoles),
        groups: names(user.assignedGroups),
        preferredLocale: user.preferredLocale,
      }),
    ]),
  );
  const groups = Object.fromEntries(
    snapshot.groups.map((group) => [
      group.name,
      defined({
        id: group.id,
        providerType: group.providerType,
        description: group.description,
        roles: names(group.assignedRoles),
      }),
    ]),
  );
  const doc = snapshot.tenantSettings as (Record<string, unknown> & { id: string }) | null;
  const startPage = doc?.preferredStartPage as { value?: string } | string | undefined;
  const settings = doc
    ? defined({
        id: doc.id,
        preferredStartPage: typeof startPage === "object" ? startPage.value : startPage,
        customizeNoAccess: doc.customizeNoAccess,
        releaseCadence: doc.releaseCadence,
        sessionReplayOptOut: doc.sessionReplayOptOut,
        crossRegionDataProcessing: doc.crossRegionDataProcessing,
      })
    : null;
  return { users, groups, settings };
}

/**
 * With PULUMI_E2E_TRANSCRIPT=<file>, appends each command's output there (secrets already redacted by the
 * harness), to read what the engine printed without re-running anything.
 */
export function transcript(title: string, result: { args: string[]; code: number; stdout: string; stderr: string }) {
  const file = process.env.PULUMI_E2E_TRANSCRIPT;
  if (!file) return;
  fs.appendFileSync(
    file,
    `\n===== ${title}\n$ pulumi ${result.args.join(" ")}  (exit ${result.code})\n${result.stdout}` +
      (result.stderr.trim() ? `--- stderr ---\n${result.stderr}` : ""),
  );
}

/** Each pulumi-qlik resource's stored inputs, without the serialized provider, by resource name. */
export function inputsByName(state: StackExport): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    (state.deployment.resources ?? [])
      .filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/qlik:"))
      .map((resource) => {
        const { __provider: _provider, ...inputs } = resource.inputs ?? {};
        return [resource.urn.split("::").pop() as string, inputs];
      }),
  );
}
