/**
 * Interrupted deployments through the real CLI, against an emulator made slow by a small write budget
 * (`qlik:tier2PerMinute` 2 per one-second window): most of the program's creates wait in the provider host's
 * rate-limit queue when the CLI is interrupted.
 *
 * - SIGKILL (a CI timeout, the OOM killer, `kill -9`): nobody ends the dynamic-provider host. It must notice that
 *   its engine is gone, drop what waits in its queue, send nothing more and exit. Then the README's recovery
 *   (`pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up` with `adoptExisting: true`) leaves
 *   every user exactly once in Qlik and every one of them in the state.
 * - SIGINT (Ctrl-C): the engine lets the operations in flight finish and records them; nothing is orphaned, and
 *   the next `pulumi up` creates the rest.
 *
 * Both with the CLI's defaults and with PULUMI_SKIP_CHECKPOINTS=true, the setting BENCHMARKS.md recommends for
 * large stacks: the state is then written only when the command ends, so a killed run records nothing at all and
 * the same recovery adopts everything it created.
 */
import * as fs from "node:fs";
import { describe as describeResult, expectSuccess, type PulumiWorkspace, type StackExport } from "./harness";
import {
  ProgramCopy,
  startEmulatorProcess,
  tenantStack,
  transcript,
  type EmulatorProcess,
  type TenantSnapshot,
} from "./support";

const USERS = 24;
const PREFIX = "auth0|interrupted-";

let emulator: EmulatorProcess;
let program: ProgramCopy;
let seed: TenantSnapshot;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  seed = await emulator.state();
  program = await ProgramCopy.of("quickstart");
  program.write(`import * as pulumi from "@pulumi/pulumi";
import * as qlik from "pulumi-qlik";

const adoptExisting = new pulumi.Config().getBoolean("adopt") ?? false;
for (let i = 0; i < ${USERS}; i++) {
  new qlik.User(\`user-\${i}\`, { subject: \`${PREFIX}\${i}\`, email: \`user\${i}@example.com\`, adoptExisting });
}
`);
});

afterAll(async () => {
  await program?.dispose();
  await emulator?.stop();
});

/** How the CLI runs: its defaults, or with the large-stack setting (checkpoint written once, at the end). */
const SETTINGS: Array<[string, Record<string, string>]> = [
  ["the CLI's defaults", {}],
  ["PULUMI_SKIP_CHECKPOINTS=true", { PULUMI_SKIP_CHECKPOINTS: "true" }],
];

async function slowStack(env: Record<string, string>): Promise<PulumiWorkspace> {
  const ws = await tenantStack(program.dir, emulator.info.tenants[0], { env });
  expectSuccess(await ws.setConfig("qlik:tier2PerMinute", "2"));
  expectSuccess(await ws.setConfig("qlik:rateWindowSeconds", "1"));
  return ws;
}

/** Our users in the emulator, by subject. */
async function usersInQlik(): Promise<{ id: string; subject: string }[]> {
  return (await emulator.state()).users.filter((user) => user.subject.startsWith(PREFIX));
}

async function userPosts(since: number): Promise<number> {
  return (await emulator.log(since)).filter((entry) => entry.method === "POST" && entry.path === "/api/v1/users")
    .length;
}

/** Polls `condition` on real events (no time limit of its own: jest's timeout bounds the test). */
async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * Starts `pulumi up` and resolves once its CLI process runs and the emulator has taken 4 user creates (`since`:
 * the emulator's log position before it started).
 */
async function upUntilFourCreates(
  ws: PulumiWorkspace,
): Promise<{ since: number; cli: number; running: ReturnType<PulumiWorkspace["up"]> }> {
  const since = await emulator.lastSeq();
  let cli = 0;
  const running = ws.up({ onStart: (pid) => (cli = pid) });
  await until(async () => cli !== 0 && (await userPosts(since)) >= 4);
  return { since, cli, running };
}

/** Process ids below `root` (Linux /proc), with their command lines. */
function descendants(root: number): { pid: number; cmdline: string }[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; cmdline: string }[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      let cmdline = "";
      try {
        cmdline = fs.readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0").join(" ");
      } catch {
        // gone meanwhile
      }
      found.push({ pid: child, cmdline });
      walk(child);
    }
  };
  walk(root);
  return found;
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

/** Every id the state records for our users. */
function idsInState(state: StackExport): string[] {
  return (state.deployment.resources ?? [])
    .filter((resource) => resource.type.endsWith(":User") && resource.id)
    .map((resource) => resource.id as string);
}

describe.each(SETTINGS)("%s", (_name, env) => {
  test("SIGKILL: the orphaned host drops its queue and exits; the documented recovery leaves no duplicate and no unknown object", async () => {
    const ws = await slowStack(env);
    try {
      const { since, cli, running } = await upUntilFourCreates(ws);
      const hosts = descendants(cli).filter(
        (p) => p.cmdline.includes("dynamic-provider") && p.cmdline.includes("node"),
      );
      expect(hosts.length).toBeGreaterThan(0);
      process.kill(cli, "SIGKILL");
      const killed = await running;
      transcript("interrupted: SIGKILL", killed);
      expect(killed.code).not.toBe(0);

      // Before: the orphan kept creating the queued users for as long as its queue lasted (and lived on for
      // good). Now it notices the engine is gone within a second or two, drops the queue and exits.
      await until(() => hosts.every((host) => !alive(host.pid)));
      const sent = await userPosts(since);
      expect(sent).toBeLessThan(USERS);
      const orphans = await usersInQlik();
      expect(orphans.length).toBe(sent);

      // The documented recovery. 1: the killed update left the stack locked.
      expectSuccess(await ws.cancel());
      if (env.PULUMI_SKIP_CHECKPOINTS) {
        // Nothing of the killed run was written: not the creates that landed, not even as pending operations.
        const unrecorded = expectSuccess(await ws.exportStack()).deployment!;
        expect(idsInState(unrecorded)).toEqual([]);
        expect(unrecorded.deployment.pending_operations ?? []).toEqual([]);
      }
      // 2: it also left pending creates (objects that may or may not exist): clear them from the state.
      const refreshed = await ws.refresh({ args: ["--clear-pending-creates"] });
      transcript("interrupted: refresh --clear-pending-creates", refreshed);
      expectSuccess(refreshed);
      // 3: up with adoptExisting takes over what landed instead of failing with 409s, and creates the rest.
      expectSuccess(await ws.setConfig("adopt", "true"));
      const recovered = await ws.up();
      transcript("interrupted: up after SIGKILL", recovered);
      expectSuccess(recovered);

      const users = await usersInQlik();
      expect(users).toHaveLength(USERS);
      expect(new Set(users.map((user) => user.subject)).size).toBe(USERS);
      const state = expectSuccess(await ws.exportStack()).deployment!;
      expect(idsInState(state).sort()).toEqual(users.map((user) => user.id).sort());
      expect(state.deployment.pending_operations ?? []).toEqual([]);
    } finally {
      const destroyed = await ws.destroy();
      if (destroyed.code !== 0) throw new Error(describeResult(destroyed));
      await ws.dispose();
    }
    expect(await usersInQlik()).toEqual([]);
  });

  test("SIGINT: operations in flight finish and are recorded, nothing is orphaned, and the next up creates the rest", async () => {
    const ws = await slowStack(env);
    try {
      const { cli, running } = await upUntilFourCreates(ws);
      process.kill(cli, "SIGINT");
      const interrupted = await running;
      transcript("interrupted: SIGINT", interrupted);

      // Every user that exists is in the state: no recovery needed.
      const state = expectSuccess(await ws.exportStack()).deployment!;
      const landed = await usersInQlik();
      expect(idsInState(state).sort()).toEqual(landed.map((user) => user.id).sort());
      expect(state.deployment.pending_operations ?? []).toEqual([]);

      const resumed = await ws.up();
      transcript("interrupted: up after SIGINT", resumed);
      expectSuccess(resumed);
      const users = await usersInQlik();
      expect(users).toHaveLength(USERS);
      expect(new Set(users.map((user) => user.subject)).size).toBe(USERS);
      expect(idsInState(expectSuccess(await ws.exportStack()).deployment!).sort()).toEqual(
        users.map((user) => user.id).sort(),
      );
    } finally {
      const destroyed = await ws.destroy();
      if (destroyed.code !== 0) throw new Error(describeResult(destroyed));
      await ws.dispose();
    }
    expect((await emulator.state()).users).toEqual(seed.users);
  });
});
