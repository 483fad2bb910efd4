/**
 * The package as users get it: `npm pack` of the built checkout, installed with plain `npm install` into a fresh
 * directory outside the repository (real copies, no symlinks, nothing resolvable from the checkout's
 * node_modules), next to the @pulumi/pulumi this checkout is tested with. Shared by the docs test (type-checks
 * the README's code against it) and the e2e package test (runs `pulumi preview`/`up` of a program using it).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// Found by the package name, so that the benchmark (compiled to dist/) packs the checkout too.
import { REPO_ROOT } from "../e2e/support";
export { REPO_ROOT };
const TSC = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the package (without the `package/` prefix). */
  files: string[];
  /** The package.json inside the tarball. */
  manifest: Record<string, unknown>;
}

/** `npm pack` of the checkout into `destination` (requires `npm run build`). */
export function pack(destination: string): Packed {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "sdk", "index.d.ts"))) {
    throw new Error("dist/ not built: run 'npm run build' first");
  }
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [info] = JSON.parse(out) as [{ filename: string; files: PackedFile[] }];
  const tarball = path.join(destination, info.filename);
  const manifest = JSON.parse(execFileSync("tar", ["-xOzf", tarball, "package/package.json"], { encoding: "utf8" }));
  return { tarball, files: info.files.map((file) => file.path).sort(), manifest };
}

/** The exact versions of the checkout's packages a user project needs next to pulumi-qlik. */
export function repoVersion(name: string): string {
  const manifest = path.join(REPO_ROOT, "node_modules", ...name.split("/"), "package.json");
  return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** A fresh directory outside the repository, so nothing resolves from the checkout's node_modules. */
export function freshDir(prefix: string): string {
  return fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `pulumi-qlik-${prefix}-`));
}

/**
 * Writes `files` into `dir`, then `npm install`s the tarball and `packages` (name@version specs) there, as a
 * user would: from the registry (npm's cache first), with no link to the checkout.
 */
export function installProject(dir: string, files: Record<string, string>, tarball: string, packages: string[]): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  execFileSync(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...packages],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 5 * 60_000 },
  );
}

/** One compiler diagnostic, with the file relative to the project. */
export interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

/** `tsc --noEmit -p dir` with the checkout's TypeScript; every diagnostic, parsed. */
export function typeCheck(dir: string): { diagnostics: Diagnostic[]; output: string } {
  let output = "";
  try {
    output = execFileSync(process.execPath, [TSC, "--noEmit", "--pretty", "false", "-p", dir], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    output = `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
  }
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split("\n")) {
    const match = /^(.+?)\((\d+),\d+\): error (.+)$/.exec(line);
    if (match) diagnostics.push({ file: match[1], line: Number(match[2]), message: match[3] });
    else if (line.startsWith("error ")) diagnostics.push({ file: "", line: 0, message: line });
  }
  return { diagnostics, output };
}
