#!/usr/bin/env node
/**
 * `pulumi-qlik`: the package's command line. `import` writes a Pulumi program for a live tenant; more
 * subcommands can follow. (The emulator has its own bin, `pulumi-qlik-emulator`.)
 */
import { Command } from "commander";
import { IMPLEMENTED_KINDS, PENDING_KINDS } from "./import/kinds";
import { progressFor } from "./import/progress";
import { ImportError, runImport, type ImportReport } from "./import/run";
import { KIND_NAMES } from "./import/types";

interface ImportCliOptions {
  tenantUrl?: string;
  out: string;
  only?: string;
  skip?: string;
  force: boolean;
}

const PENDING_HELP =
  PENDING_KINDS.length === 0
    ? ""
    : `${PENDING_KINDS.join(", ")} are accepted by --only and --skip but not imported yet
(pulumi-qlik has no resource for them): the command says so when they are selected.
`;

const IMPORT_HELP = `
Kinds: ${KIND_NAMES.join(", ")}.
This version imports ${IMPLEMENTED_KINDS.join(", ")}.
${PENDING_HELP}
Custom roles are declared (default roles are named, never declared). Custom-group memberships are declared once:
as group-members (one GroupMembers per group), users then leaving customGroups unmanaged; with
--skip group-members (or --only users) as each user's customGroups instead.

Credentials are read as the provider reads them, from the environment: QLIK_API_KEY, or
QLIK_CLIENT_ID and QLIK_CLIENT_SECRET. They are never written into the generated files.

Example:
  QLIK_API_KEY=… pulumi-qlik import --tenant-url https://acme.eu.qlikcloud.com --out ./acme-tenant
`;

export function formatSummary(report: ImportReport): string {
  const lines = [`Wrote ${report.files.join(", ")} to ${report.outDir}`, ""];
  const width = Math.max(...[...report.counts.map(({ kind }) => kind), ...report.pending].map((kind) => kind.length));
  for (const { kind, declared, skipped } of report.counts) {
    lines.push(
      `  ${kind.padEnd(width)}  ${declared} declared${skipped > 0 ? `, ${skipped} not declared (see index.ts)` : ""}`,
    );
  }
  for (const kind of report.pending) lines.push(`  ${kind.padEnd(width)}  not imported (no resource for it yet)`);
  const seconds = (report.durationMs / 1000).toFixed(1);
  lines.push(
    "",
    `${report.requests} requests${report.rateLimited > 0 ? ` (${report.rateLimited} answered 429 and retried)` : ""} in ${seconds} s.`,
    `Next: cd ${report.outDir} and follow README.md (npm install, pulumi stack init, pulumi config set qlik:tenantUrl …, pulumi up).`,
  );
  return lines.join("\n");
}

export function program(): Command {
  const root = new Command().name("pulumi-qlik").description("pulumi-qlik's command line");
  root
    .command("import")
    .description("Write a ready-to-run Pulumi TypeScript program that declares a live tenant's objects")
    .option("--tenant-url <url>", "the tenant, e.g. https://acme.eu.qlikcloud.com (default: QLIK_TENANT_URL)")
    .requiredOption("--out <dir>", "the directory to write the project into (new or empty)")
    .option("--only <kinds>", "comma-separated kinds to import (default: all)")
    .option("--skip <kinds>", "comma-separated kinds not to import")
    .option("--force", "write into a non-empty --out directory, overwriting the generated files", false)
    .addHelpText("after", IMPORT_HELP)
    .action(async (options: ImportCliOptions) => {
      const report = await runImport({ ...options, progress: progressFor(process.stderr) });
      process.stdout.write(`${formatSummary(report)}\n`);
    });
  return root;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    const exitCode = error instanceof ImportError ? error.exitCode : 1;
    process.stderr.write(`pulumi-qlik: ${(error as Error).message}\n`);
    process.exitCode = exitCode;
  }
}

if (require.main === module) void main();
