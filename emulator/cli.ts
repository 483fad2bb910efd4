#!/usr/bin/env node
/**
 * `pulumi-qlik-emulator`: runs the emulator until SIGINT/SIGTERM. With --json it prints exactly one JSON line
 * ({consoleUrl, tenantUrl, tenants, orgClient}) for scripts to parse; otherwise a readable summary.
 */
import { Command, InvalidArgumentError } from "commander";
import { startEmulator } from "./emulator";
import type { EmulatorHandle, EmulatorInfo } from "./types";

interface CliOptions {
  port: number;
  seed?: string;
  timeScale: number;
  rateLimits: boolean;
  json: boolean;
  logBodies: boolean;
  linkOrigin?: string;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number (0 = random)");
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError("expected a positive number");
  return n;
}

function infoOf(handle: EmulatorHandle): EmulatorInfo {
  return {
    consoleUrl: handle.consoleUrl,
    tenantUrl: handle.tenantUrl,
    tenants: handle.tenants,
    orgClient: handle.orgClient,
    iqServer: { url: handle.iqServer.url, username: handle.iqServer.username, password: handle.iqServer.password },
  };
}

function summary(handle: EmulatorHandle, options: CliOptions): string {
  const first = handle.tenants[0];
  const lines = [
    "Qlik Cloud emulator (pulumi-qlik) is running.",
    "",
    `Cloud Console:  ${handle.consoleUrl}`,
    `  org OAuth client:  ${handle.orgClient.clientId} / ${handle.orgClient.clientSecret}`,
    "",
    "Tenants:",
  ];
  for (const tenant of handle.tenants) {
    lines.push(
      `  ${tenant.name} (${tenant.regionCode}, ${tenant.id})  ${tenant.url}${tenant === first ? "  [default]" : ""}`,
      `    API key:       ${tenant.apiKey}`,
      `    OAuth client:  ${tenant.oauthClient.clientId} / ${tenant.oauthClient.clientSecret}`,
    );
  }
  lines.push(
    "",
    `Rate limits: ${options.rateLimits ? "on" : "off"}${options.timeScale !== 1 ? `, time scale ${options.timeScale}×` : ""}`,
    "",
    "Point pulumi-qlik at it:",
    `  export QLIK_TENANT_URL=${first.url}`,
    `  export QLIK_API_KEY=${first.apiKey}`,
    `  # or OAuth: QLIK_CLIENT_ID=${first.oauthClient.clientId} QLIK_CLIENT_SECRET=${first.oauthClient.clientSecret}`,
    `  export QLIK_CONSOLE_URL=${handle.consoleUrl}`,
    `  export QLIK_ORG_CLIENT_ID=${handle.orgClient.clientId}`,
    `  export QLIK_ORG_CLIENT_SECRET=${handle.orgClient.clientSecret}`,
    "",
    `Sonatype IQ Server:  ${handle.iqServer.url}`,
    `  user / password:   ${handle.iqServer.username} / ${handle.iqServer.password}`,
    `  export IQSERVER_URL=${handle.iqServer.url}`,
    `  export IQSERVER_USERNAME=${handle.iqServer.username}`,
    `  export IQSERVER_PASSWORD=${handle.iqServer.password}`,
    "",
    `Admin endpoints: ${first.url}/__emulator/{info,log,state,faults,reset,invalidate-tokens}`,
    "Press Ctrl+C to stop.",
  );
  return lines.join("\n");
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = new Command()
    .name("pulumi-qlik-emulator")
    .description("A strict local Qlik Cloud (tenants + Cloud Console) for testing pulumi-qlik")
    .option(
      "--port <n>",
      "console port; tenants, then IQ Server, listen on the next ports (0 = random)",
      nonNegativeInteger,
      0,
    )
    .option("--seed <file|name>", "JSON seed file, or a built-in seed: default, rich (default: default)")
    .option("--time-scale <n>", "divide rate-limit windows and Retry-After by n", positiveNumber, 1)
    .option("--no-rate-limits", "disable rate limiting")
    .option("--json", "print one JSON line with the URLs and credentials, then keep running", false)
    .option("--log-bodies", "keep request bodies in the request log", false)
    .option("--link-origin <origin>", "origin written into links.*.href")
    .parse(argv);
  const options = program.opts<CliOptions>();

  const handle = await startEmulator({
    port: options.port,
    seed: options.seed,
    timeScale: options.timeScale,
    rateLimits: options.rateLimits ? undefined : false,
    logBodies: options.logBodies,
    linkOrigin: options.linkOrigin,
  });
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    handle.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Handlers first: whoever reads the line below may signal us right away.
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  process.stdout.write((options.json ? JSON.stringify(infoOf(handle)) : summary(handle, options)) + "\n");
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`pulumi-qlik-emulator: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
