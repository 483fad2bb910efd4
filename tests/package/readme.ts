/** Fenced code blocks of the repository's Markdown files, for tests that compile or run what the docs show. */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./packed";

export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the block's first code line in that file. */
  line: number;
  /** The info string's first word: `ts`, `json`, `sh`, … ("" when none). */
  lang: string;
  /** `title=<name>` in the info string: the file the block is meant to be saved as. */
  title?: string;
  code: string;
}

export function codeBlocks(file: string): CodeBlock[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, file), "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  let open: { info: string; start: number; code: string[] } | undefined;
  lines.forEach((text, index) => {
    if (open === undefined) {
      const fence = /^```(.*)$/.exec(text);
      if (fence) open = { info: fence[1].trim(), start: index + 2, code: [] };
    } else if (text.trim() === "```") {
      const [lang = "", ...rest] = open.info.split(/\s+/);
      const title = rest.find((word) => word.startsWith("title="))?.slice("title=".length);
      blocks.push({ file, line: open.start, lang, title, code: open.code.join("\n") + "\n" });
      open = undefined;
    } else {
      open.code.push(text);
    }
  });
  if (open) throw new Error(`${file}: a code block opened at line ${open.start - 1} is never closed`);
  return blocks;
}

/** README.md and every example's README: the docs whose TypeScript must compile. */
export function docFiles(): string[] {
  const examples = fs
    .readdirSync(path.join(REPO_ROOT, "examples"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(REPO_ROOT, "examples", entry.name, "README.md")))
    .map((entry) => `examples/${entry.name}/README.md`)
    .sort();
  return ["README.md", ...examples];
}

export function isTypeScript(block: CodeBlock): boolean {
  return block.lang === "ts" || block.lang === "typescript";
}

/** The README's block titled `title` (its install section's minimal project files). */
export function readmeFile(title: string): string {
  const block = codeBlocks("README.md").find((candidate) => candidate.title === title);
  if (!block) throw new Error(`README.md has no code block titled ${title}`);
  return block.code;
}

/**
 * The README's minimal project, ready to install next to the packed tarball: its package.json without the
 * `pulumi-qlik` dependency (the tarball is installed instead, as a file dependency) and with `@pulumi/pulumi`
 * pinned to `pulumiVersion`; its tsconfig.json with `files` replaced by `files`; its Pulumi.yaml.
 */
export function minimalProject(pulumiVersion: string, files: string[]): Record<string, string> {
  const manifest = JSON.parse(readmeFile("package.json")) as { dependencies: Record<string, string> };
  delete manifest.dependencies["pulumi-qlik"];
  manifest.dependencies["@pulumi/pulumi"] = pulumiVersion;
  const tsconfig = JSON.parse(readmeFile("tsconfig.json")) as { files: string[] };
  tsconfig.files = files;
  return {
    "package.json": JSON.stringify(manifest, null, 2) + "\n",
    "tsconfig.json": JSON.stringify(tsconfig, null, 2) + "\n",
    "Pulumi.yaml": readmeFile("Pulumi.yaml"),
  };
}
