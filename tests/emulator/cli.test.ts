import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { defaultSeed } from "../../emulator";
import { buildEmulator } from "./support/build-emulator";
import { client } from "./support/http";

let build: ReturnType<typeof buildEmulator>;

beforeAll(() => {
  build = buildEmulator();
});
afterAll(() => rmSync(build.outDir, { recursive: true, force: true }));

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [build.cli, ...args], { env: { ...process.env, NODE_PATH: build.nodePath } });
}

/** Resolves with the first stdout line (or rejects with stderr if the process ends first). */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout }).once("line", resolve);
    // "close", not "exit": only then has all of stderr arrived (the EADDRINUSE retry below reads it).
    child.once("close", (code) => reject(new Error(`emulator exited with ${code}: ${stderr}`)));
  });
}

interface CliInfo {
  consoleUrl: string;
  tenants: { url: string }[];
  iqServer: { url: string };
}

/**
 * Starts the CLI with `--port P` (it takes P, P+1 and P+2). P is drawn below the kernel's ephemeral range
 * (32768–60999), where outgoing connections of parallel suites take their ports; a port another process
 * happens to hold is retried with another P rather than failing the test.
 */
async function startOnFixedPorts(
  args: string[],
): Promise<{ port: number; child: ChildProcessWithoutNullStreams; info: CliInfo }> {
  for (let attempt = 1; ; attempt++) {
    const port = 20000 + 3 * Math.floor(Math.random() * 4000);
    const child = startCli([...args, "--port", String(port)]);
    try {
      return { port, child, info: JSON.parse(await firstLine(child)) };
    } catch (error) {
      if (attempt >= 5 || !/EADDRINUSE/.test(String(error))) throw error;
    }
  }
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("pulumi-qlik-emulator CLI", () => {
  test("--json prints one parseable line, serves requests, and exits 0 on SIGTERM", async () => {
    const child = startCli(["--json", "--time-scale", "60"]);
    const info = JSON.parse(await firstLine(child));
    expect(Object.keys(info).sort()).toEqual(["consoleUrl", "iqServer", "orgClient", "tenantUrl", "tenants"]);
    expect(info.iqServer).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      username: "admin",
      password: "admin123",
    });
    expect(info.tenants).toHaveLength(3);
    expect(info.tenants[0]).toMatchObject({ apiKey: "emu-apikey-1", url: info.tenantUrl, regionCode: "us-east-1" });
    expect(info.orgClient).toEqual({ clientId: "emu-org-client", clientSecret: "emu-org-secret" });

    const res = await client(info.tenantUrl, info.tenants[0].apiKey).get("/api/v1/users");
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-limit")).toBe("1000");

    const exited = exitOf(child);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  test("without --json prints how to point pulumi-qlik at it; SIGINT stops it", async () => {
    const child = startCli(["--no-rate-limits"]);
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    await firstLine(child);
    // The banner may arrive in several chunks: wait for its last line as it arrives, not on a timer.
    await new Promise<void>((resolve) => {
      const check = () => {
        if (!output.includes("Press Ctrl+C to stop.")) return;
        child.stdout.off("data", check);
        resolve();
      };
      child.stdout.on("data", check);
      check();
    });
    expect(output).toMatch(/QLIK_TENANT_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain("QLIK_API_KEY=emu-apikey-1");
    expect(output).toContain("emu-client-1 / emu-secret-1");
    expect(output).toContain("Rate limits: off");
    expect(output).toMatch(/IQSERVER_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain("IQSERVER_USERNAME=admin");
    expect(output).toContain("IQSERVER_PASSWORD=admin123");
    const exited = exitOf(child);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  test("--seed loads a seed file; --port fixes the ports; a bad seed fails with a message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-seed-"));
    try {
      const seed = defaultSeed();
      seed.tenants = seed.tenants.slice(0, 1);
      seed.listedTenants = [];
      const file = join(dir, "seed.json");
      writeFileSync(file, JSON.stringify(seed));
      const { port, child, info } = await startOnFixedPorts(["--json", "--seed", file]);
      expect(info.consoleUrl).toBe(`http://127.0.0.1:${port}`);
      expect(info.tenants.map((t) => t.url)).toEqual([`http://127.0.0.1:${port + 1}`]);
      expect(info.iqServer.url).toBe(`http://127.0.0.1:${port + 2}`);
      const exited = exitOf(child);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);

      const badFile = join(dir, "bad.json");
      writeFileSync(badFile, JSON.stringify({ organization: {}, tenants: [] }));
      const bad = startCli(["--json", "--seed", badFile]);
      let stderr = "";
      bad.stderr.on("data", (chunk) => (stderr += chunk));
      expect(await exitOf(bad)).toBe(1);
      expect(stderr).toMatch(/Invalid emulator seed file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
