/**
 * `pulumi-qlik import`, as a function: connects the way the provider does (provider/config.ts), reads each
 * selected kind through one paced client, and writes the project. The command line (cli/index.ts) only parses
 * options and prints; tests and the benchmark call this directly.
 */
import * as path from "node:path";
import { settingsFromEnv, tenantConnection } from "../../provider/config";
import {
  createClient,
  QlikApiError,
  QlikConfigError,
  QlikRequestError,
  type QlikHttpClient,
} from "../../provider/http";
import type { ClientOptions } from "../../provider/http/types";
import { selectKinds } from "./kinds";
import { nameDeclarations, renderProgram, type KindSection } from "./program";
import { plainProgress, type Progress } from "./progress";
import { checkOutputDirectory, writeProject, type ProjectSummary } from "./project";
import type { KindName } from "./types";

export interface ImportOptions {
  /** The tenant; defaults to QLIK_TENANT_URL. */
  tenantUrl?: string;
  /** The project directory to write. */
  out: string;
  only?: string;
  skip?: string;
  /** Write into a non-empty directory. */
  force?: boolean;
  /** Where credentials and tuning come from (QLIK_*); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  progress?: Progress;
}

export interface ImportReport extends ProjectSummary {
  outDir: string;
  files: string[];
  /** Requests sent to the tenant (attempts on the wire, retries included), 429s among them. */
  requests: number;
  rateLimited: number;
  durationMs: number;
}

/** A failure the command reports as one plain message (no stack trace), with exit code 1 or 2 (usage). */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "ImportError";
  }
}

const CREDENTIAL_HELP =
  "pulumi-qlik import reads credentials as the provider does, from the environment: QLIK_API_KEY, or " +
  "QLIK_CLIENT_ID and QLIK_CLIENT_SECRET (an OAuth machine-to-machine client); the tenant from --tenant-url or " +
  "QLIK_TENANT_URL.";

/** The first call: proves the tenant answers and accepts the credential, failing fast when it does not. */
async function preflight(options: ClientOptions): Promise<QlikHttpClient> {
  // A short retry deadline: an unreachable tenant is reported in seconds, not after the provider's 15 minutes.
  const deadlineMs = Math.min(options.retry?.deadlineMs ?? 10_000, 10_000);
  const probe = createClient({ ...options, retry: { ...options.retry, deadlineMs } });
  try {
    await probe.request({ method: "GET", path: "/api/v1/users/me" });
    return probe;
  } catch (error) {
    await probe.close();
    if (error instanceof QlikApiError && (error.status === 401 || error.status === 403)) {
      throw new ImportError(
        `${options.origin} refused the credential (${error.status}): ${error.message}\n` +
          "Check that the API key or OAuth client belongs to this tenant, is not expired, and that its user is a " +
          `tenant admin. ${CREDENTIAL_HELP}`,
      );
    }
    if (error instanceof QlikRequestError) {
      throw new ImportError(
        `Cannot reach the tenant at ${options.origin}: ${error.message}\nCheck the URL (--tenant-url or ` +
          "QLIK_TENANT_URL) and your network.",
      );
    }
    throw new ImportError(`${options.origin} did not answer as a Qlik Cloud tenant: ${(error as Error).message}`);
  }
}

function connectionOptions(options: ImportOptions): ClientOptions {
  try {
    return tenantConnection(settingsFromEnv(options.env ?? process.env), options.tenantUrl);
  } catch (error) {
    if (error instanceof QlikConfigError) {
      const message = error.message.startsWith("No tenant URL")
        ? "No tenant URL: pass --tenant-url https://<tenant>.<region>.qlikcloud.com or set QLIK_TENANT_URL."
        : error.message;
      throw new ImportError(`${message}\n${CREDENTIAL_HELP}`, 2);
    }
    throw error;
  }
}

export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const progress = options.progress ?? plainProgress(() => {});
  let selection;
  try {
    selection = selectKinds(options.only, options.skip);
  } catch (error) {
    throw new ImportError((error as Error).message, 2);
  }
  if (selection.importers.length === 0) {
    const why =
      selection.pending.length > 0
        ? `${selection.pending.join(", ")} cannot be imported by this version of pulumi-qlik yet (it has no resource for them)`
        : "--skip leaves no kind";
    throw new ImportError(`Nothing to import: ${why}.`, 2);
  }
  const connection = connectionOptions(options);
  const outDir = path.resolve(options.out);
  try {
    checkOutputDirectory(outDir, options.force ?? false);
  } catch (error) {
    throw new ImportError((error as Error).message, 2);
  }
  for (const kind of selection.pending) {
    progress.log(`${kind}: not imported — this version of pulumi-qlik has no resource for it yet.`);
  }

  const probe = await preflight(connection);
  const client = createClient(connection);
  const sections: KindSection[] = [];
  // Earlier kinds' resource names, so that a later kind can name its objects after them (space assignments).
  const nameOf = (kind: KindName, qlikId: string) =>
    sections
      .find((section) => section.importer.kind === kind)
      ?.declarations.find((declaration) => declaration.qlikId === qlikId)?.resourceName;
  const kinds = selection.importers.map((importer) => importer.kind);
  try {
    for (const importer of selection.importers) {
      const collection = progress.collection(importer.kind);
      let result;
      try {
        result = await importer.read({ client, progress: collection, nameOf, kinds });
      } catch (error) {
        throw new ImportError(`Reading ${importer.kind} from ${connection.origin} failed: ${(error as Error).message}`);
      }
      collection.done(result.declarations.length + result.skipped.length);
      sections.push({ importer, declarations: nameDeclarations(result.declarations), skipped: result.skipped });
    }
  } finally {
    progress.stop();
    await Promise.all([probe.close(), client.close()]);
  }

  const summary: ProjectSummary = {
    tenantUrl: connection.origin,
    counts: sections.map(({ importer, declarations, skipped }) => ({
      kind: importer.kind as KindName,
      declared: declarations.length,
      skipped: skipped.length,
    })),
    pending: selection.pending,
  };
  const program = renderProgram(sections, { tenantUrl: connection.origin, pending: selection.pending });
  const files = writeProject(outDir, program, summary);
  return {
    ...summary,
    outDir,
    files,
    requests: probe.stats.requests + client.stats.requests,
    rateLimited: probe.stats.rateLimited + client.stats.rateLimited,
    durationMs: Date.now() - started,
  };
}
