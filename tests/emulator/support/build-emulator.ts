/**
 * Transpiles emulator/ (no type check: tsc does that separately) into a temporary directory so the CLI can be
 * spawned as plain `node` without a full build of the package, which other folders may not compile yet.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const REPO = join(__dirname, "..", "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Returns the directory holding `emulator/cli.js`; run it with NODE_PATH=<repo>/node_modules. */
export function buildEmulator(): { outDir: string; cli: string; nodePath: string } {
  const outDir = mkdtempSync(join(tmpdir(), "qlik-emulator-"));
  for (const file of sources(join(REPO, "emulator"))) {
    const output = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    const target = join(outDir, relative(REPO, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  return { outDir, cli: join(outDir, "emulator", "cli.js"), nodePath: join(REPO, "node_modules") };
}
