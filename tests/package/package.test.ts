/**
 * The package as `npm pack` makes it, and the docs' TypeScript compiled against it: the tarball is installed with
 * plain `npm install` into a fresh directory outside the repository, next to the README's minimal project
 * (package.json, the standard Pulumi tsconfig.json), and every TypeScript block of README.md and the examples'
 * READMEs is type-checked there, each as its own module. Requires `npm run build`. The e2e suite
 * tests/e2e/package.test.ts runs such a project with the real CLI.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { freshDir, installProject, pack, repoVersion, typeCheck, type Diagnostic, type Packed } from "./packed";
import { codeBlocks, docFiles, isTypeScript, minimalProject, type CodeBlock } from "./readme";

let workDir: string;
let packed: Packed;
let projectDir: string;

beforeAll(() => {
  workDir = freshDir("pack");
  packed = pack(workDir);
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("ships the built sdk, provider and emulator, the LICENSE and the READMEs, and nothing internal", () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        "LICENSE",
        "README.md",
        "package.json",
        "dist/sdk/index.js",
        "dist/sdk/index.d.ts",
        "dist/provider/index.js",
        "dist/emulator/bin.js",
        "dist/cli/index.js",
        "emulator/README.md",
      ]),
    );
    const outside = packed.files.filter(
      (file) =>
        !/^dist\/(cli|sdk|provider|emulator)\//.test(file) &&
        !/^examples\/[^/]+\/(README\.md|index\.ts|Pulumi\.yaml)$/.test(file) &&
        !["LICENSE", "README.md", "package.json", "BENCHMARKS.md", "emulator/README.md"].includes(file),
    );
    expect(outside).toEqual([]);
  });

  it("has the full Apache-2.0 text the manifest names", () => {
    const license = fs.readFileSync(path.join(__dirname, "..", "..", "LICENSE"), "utf8");
    expect(packed.manifest.license).toBe("Apache-2.0");
    expect(license).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    expect(license.length).toBeGreaterThan(10_000);
  });

  it("runs no lifecycle script at install (nothing that needs this repository)", () => {
    const scripts = (packed.manifest.scripts ?? {}) as Record<string, string>;
    for (const hook of ["preinstall", "install", "postinstall", "prepare", "prepublish"]) {
      expect(scripts[hook]).toBeUndefined();
    }
  });

  it("states the Node.js and @pulumi/pulumi ranges the matrix tests, and keeps the emulator's router optional", () => {
    expect(packed.manifest.engines).toEqual({ node: ">=22" });
    const peers = packed.manifest.peerDependencies as Record<string, string>;
    expect(peers["@pulumi/pulumi"]).toBe(">=3.248.0 <4");
    expect(packed.manifest.peerDependenciesMeta).toEqual({ "find-my-way": { optional: true } });
    expect(Object.keys(packed.manifest.dependencies as object)).not.toContain("find-my-way");
  });

  it("resolves every relative link of its README inside the package", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z]+:/i.test(target));
    expect(targets.length).toBeGreaterThan(0);
    const missing = targets.filter(
      (target) => !packed.files.some((file) => file === target || file.startsWith(`${target.replace(/\/$/, "")}/`)),
    );
    expect(missing).toEqual([]);
  });
});

/** The doc blocks as modules: a block that uses `qlik.`/`pulumi.` without importing them gets the import. */
function asModule(block: CodeBlock): { text: string; offset: number } {
  const imports: string[] = [];
  if (/\bqlik\./.test(block.code) && !/from "pulumi-qlik"/.test(block.code))
    imports.push('import * as qlik from "pulumi-qlik";');
  if (/\bpulumi\./.test(block.code) && !/from "@pulumi\/pulumi"/.test(block.code))
    imports.push('import * as pulumi from "@pulumi/pulumi";');
  const isModule = imports.length > 0 || /^\s*(import|export)\b/m.test(block.code);
  return { text: [...imports, block.code, isModule ? "" : "export {};"].join("\n"), offset: imports.length };
}

describe("docs that compile", () => {
  const blocks = docFiles().flatMap((file) => codeBlocks(file).filter(isTypeScript));
  const names = blocks.map((block, index) => `docs/${index}-${block.file.replace(/\W+/g, "-")}-${block.line}.ts`);
  let diagnostics: Diagnostic[] = [];

  beforeAll(() => {
    projectDir = path.join(workDir, "project");
    fs.mkdirSync(projectDir);
    const files: Record<string, string> = minimalProject(repoVersion("@pulumi/pulumi"), [...names, "surface.ts"]);
    blocks.forEach((block, index) => (files[names[index]] = asModule(block).text));
    files["surface.ts"] = fs.readFileSync(path.join(__dirname, "surface.fixture.ts"), "utf8");
    installProject(projectDir, files, packed.tarball, []);
    // The package is a real copy, as from the registry.
    expect(fs.lstatSync(path.join(projectDir, "node_modules", "pulumi-qlik")).isSymbolicLink()).toBe(false);
    diagnostics = typeCheck(projectDir).diagnostics;
  }, 5 * 60_000);

  it("installs the emulator command, which asks for its optional router instead of crashing", () => {
    const bin = path.join(projectDir, "node_modules", ".bin", "pulumi-qlik-emulator");
    const run = spawnSync(process.execPath, [bin, "--json"], { cwd: projectDir, encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("npm install --save-dev find-my-way@^9");
  });

  it("finds TypeScript blocks in README.md", () => {
    expect(blocks.filter((block) => block.file === "README.md").length).toBeGreaterThanOrEqual(6);
  });

  it("reports nothing outside the doc blocks (the package's declarations compile with the standard tsconfig)", () => {
    const elsewhere = diagnostics.filter((d) => !d.file.startsWith("docs/") && d.file !== "surface.ts");
    expect(elsewhere).toEqual([]);
  });

  it("keeps the public types to what programs use (surface.ts: outputs, data sources, no internals)", () => {
    expect(diagnostics.filter((d) => d.file === "surface.ts")).toEqual([]);
  });

  it.each(blocks.map((block, index) => [`${block.file}:${block.line}`, index] as const))(
    "%s type-checks",
    (_where, index) => {
      const block = blocks[index];
      const errors = diagnostics
        .filter((d) => d.file === names[index])
        .map((d) => `${block.file}:${block.line + d.line - 1 - asModule(block).offset}: ${d.message}`);
      expect(errors).toEqual([]);
    },
  );
});
