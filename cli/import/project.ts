/**
 * The generated project around `index.ts`: Pulumi.yaml, package.json (this package's version and a compatible
 * @pulumi/pulumi), tsconfig.json and a README with the next steps. Nothing here holds a credential: the
 * tenant URL is the only connection setting written, and only into the README's instructions.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { slug } from "./names";
import type { KindName } from "./types";

interface OwnManifest {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
}

/** This package's package.json, found upwards from here (the same from the sources and from dist/). */
export function ownManifest(from: string = __dirname): OwnManifest {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as OwnManifest;
      if (manifest.name === "pulumi-qlik") return manifest;
    }
    if (path.dirname(dir) === dir) throw new Error(`pulumi-qlik's package.json not found above ${from}`);
  }
}

export class OutputDirectoryError extends Error {
  readonly code = "OUTPUT_NOT_EMPTY";
}

/**
 * Refuses a directory that has anything in it, unless `force`. Checked before anything is read; the directory
 * is created only when the project is written, so a failed import leaves nothing behind.
 */
export function checkOutputDirectory(dir: string, force: boolean): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new OutputDirectoryError(`--out ${dir} exists and is not a directory.`);
    const entries = fs.readdirSync(dir);
    if (entries.length > 0 && !force) {
      throw new OutputDirectoryError(
        `--out ${dir} is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"}). ` +
          "Choose an empty or new directory, or pass --force to overwrite the generated files in it.",
      );
    }
  }
}

export interface ProjectSummary {
  tenantUrl: string;
  /** Declared objects per kind, in declaration order. */
  counts: { kind: KindName; declared: number; skipped: number }[];
  pending: readonly KindName[];
}

/** A Pulumi project name from the directory's name (letters, digits, `-`, `_`, `.`). */
export function projectName(dir: string): string {
  return slug(path.basename(path.resolve(dir))) || "qlik-tenant";
}

/** Shell lines with their `#` comments aligned. */
function commented(lines: [string, string][]): string[] {
  const width = Math.max(...lines.filter(([, note]) => note).map(([command]) => command.length)) + 2;
  return lines.map(([command, note]) => (note ? `${command.padEnd(width)}# ${note}` : command));
}

/** From this many declared objects the generated README tells how to keep the first `up` linear. */
export const LARGE_STACK_OBJECTS = 200;

/**
 * Pulumi's file and bucket backends rewrite the whole state after every step, so adopting N objects costs N
 * rewrites of a growing file: quadratic. `PULUMI_SKIP_CHECKPOINTS=true` writes it once, at the end (BENCHMARKS.md,
 * "Importing a tenant": 2,215 objects adopted in 12 s with it, 260 s without).
 */
function largeStackAdvice(summary: ProjectSummary): string[] {
  const objects = summary.counts.reduce((total, { declared }) => total + declared, 0);
  if (objects < LARGE_STACK_OBJECTS) return [];
  return [
    `This program declares ${objects.toLocaleString("en-US")} objects. Run the first \`pulumi up\` (and any \`pulumi destroy\`)`,
    "as `PULUMI_SKIP_CHECKPOINTS=true pulumi up`: by default Pulumi's file and bucket backends rewrite the whole",
    "state after each object, a cost that grows with the square of the stack's size (measured with 2,215 objects:",
    "12 s with the setting, 260 s without). The state is then written once, when the command ends. Should the",
    "command be killed, run `pulumi cancel`, then `pulumi up` again: every object is adopted again, nothing is",
    "created twice.",
    "",
  ];
}

function readme(name: string, summary: ProjectSummary): string {
  const lines = [
    `# ${name}`,
    "",
    `A Pulumi program for the Qlik Cloud tenant ${summary.tenantUrl}, written by \`pulumi-qlik import\`.`,
    "It declares every object the import found, with the values Qlik had then and `adoptExisting: true` on custom",
    "roles, users, groups, spaces and space assignments (group members, the group settings, the settings document",
    "and the tenant are always adopted), so the first `pulumi up` takes them over and changes nothing in Qlik. A",
    "space's owner, an assignment's space and assignee, and a group's members refer to the declared objects",
    "(`users.alice.id`), or are the Qlik id where that object is not in the program. A custom role is named as",
    "`roles.analyst.name` where the program declares it (so Pulumi adopts the role first); default roles by name.",
    "",
    "| kind | declared | not declared |",
    "| --- | --- | --- |",
    ...summary.counts.map(({ kind, declared, skipped }) => `| ${kind} | ${declared} | ${skipped} |`),
    "",
  ];
  if (summary.pending.length > 0) {
    lines.push(
      `Not imported: ${summary.pending.join(", ")} — this version of pulumi-qlik has no resource for them yet.`,
      "",
    );
  }
  const kinds = summary.counts.map(({ kind }) => kind);
  if (kinds.includes("group-members")) {
    lines.push(
      "Custom-group memberships are declared once, as `groupMembers` (one complete member list per custom group",
      "with members); users leave `customGroups` unmanaged, since declaring both would have them undo each other.",
      "",
    );
  } else if (kinds.includes("users")) {
    lines.push(
      "Custom-group memberships are declared in each user's `customGroups` (group-members was not imported). Do not",
      "also add a GroupMembers resource for those groups: the two would undo each other.",
      "",
    );
  }
  lines.push(
    "Objects that were found but not declared, and fields left unmanaged, are listed in comments in `index.ts`.",
    "",
    "## Next steps",
    "",
    "```sh",
    ...commented([
      ["npm install", ""],
      ["pulumi stack init <stack>", "e.g. prod"],
      [`pulumi config set qlik:tenantUrl ${summary.tenantUrl}`, ""],
      ["pulumi config set --secret qlik:apiKey", "or qlik:clientId + qlik:clientSecret (secret)"],
      ["pulumi preview", "every object shows as a create (an adoption); nothing is sent to Qlik"],
      ["pulumi up", "adopts them: lookups only, no writes"],
      ["pulumi preview --expect-no-changes", "the program and the tenant agree"],
    ]),
    "```",
    "",
    "Instead of stack config you can export `QLIK_API_KEY` (or `QLIK_CLIENT_ID` and `QLIK_CLIENT_SECRET`).",
    "",
    ...largeStackAdvice(summary),
    "From then on, change the tenant by editing `index.ts`. Objects are Pulumi's once adopted, and `pulumi destroy`",
    "(or removing one from the program) treats them as follows:",
    "",
    "- custom roles, users and groups are **deleted** in Qlik (a role only once nothing is assigned it);",
    "- a group's members removed from the program leave the group (the group itself stays);",
    "- spaces are **deleted** in Qlik **with everything in them** (apps, data, their assignments); a space",
    "  assignment removed takes that user's or group's access to the space away;",
    "- the group settings, the settings document and the tenant declared here are never deleted: Pulumi **puts",
    "  back the values it found** when it adopted them (a GET and one PATCH, plus the cross-region inference",
    "  toggle if that changed; no PATCH when none of the values it manages changed), so after your edits they",
    "  return to what this import saw. A setting removed from one of them is put back the same way, and is left",
    "  to Qlik from then on.",
    "",
    "Add the resource option `retainOnDelete: true` to any object that must stay as it is (a role, user, group or space",
    "kept in Qlik, settings keeping the values Pulumi set), or `protect: true` to make Pulumi refuse to delete it.",
    "",
  );
  return lines.join("\n");
}

/** Writes the project into `dir` (checked with `checkOutputDirectory`), creating it if needed. */
export function writeProject(dir: string, program: string, summary: ProjectSummary): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const own = ownManifest();
  const name = projectName(dir);
  const files: Record<string, string> = {
    "Pulumi.yaml": [
      `name: ${name}`,
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      `description: ${JSON.stringify(`Qlik Cloud tenant ${summary.tenantUrl}, imported by pulumi-qlik`)}`,
      "",
    ].join("\n"),
    "package.json":
      JSON.stringify(
        {
          name,
          private: true,
          main: "index.ts",
          dependencies: {
            "@pulumi/pulumi": own.peerDependencies["@pulumi/pulumi"],
            [own.name]: `^${own.version}`,
          },
          devDependencies: { "@types/node": "^20.0.0", typescript: "^5.0.0" },
        },
        null,
        2,
      ) + "\n",
    "tsconfig.json":
      JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            outDir: "bin",
            target: "es2020",
            module: "commonjs",
            moduleResolution: "node",
            sourceMap: true,
            skipLibCheck: true,
            forceConsistentCasingInFileNames: true,
          },
          files: ["index.ts"],
        },
        null,
        2,
      ) + "\n",
    "index.ts": program,
    "README.md": readme(name, summary),
  };
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return Object.keys(files);
}
