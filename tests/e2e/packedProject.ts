/**
 * A Pulumi project as a user sets one up: pulumi-qlik `npm pack`ed from this checkout and installed from the
 * tarball, next to the @pulumi/pulumi this checkout is tested with, in a fresh directory outside the repository
 * whose `index.ts` is `program`. For the e2e suites that must see the package as users get it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { freshDir, installProject, pack, repoVersion } from "../package/packed";
import { minimalProject } from "../package/readme";

export interface PackedProject {
  /** The fresh directory holding the tarball and the project; `removePackedProject` deletes it. */
  workDir: string;
  /** The project (`Pulumi.yaml`, `index.ts`, `node_modules/pulumi-qlik` as a real copy). */
  projectDir: string;
}

/** Packs the checkout (built) and installs it into a new project whose program is `program`. */
export function packedProject(prefix: string, program: string): PackedProject {
  const workDir = freshDir(prefix);
  const { tarball } = pack(workDir);
  const projectDir = path.join(workDir, "qlik-tenant");
  fs.mkdirSync(projectDir);
  installProject(
    projectDir,
    { ...minimalProject(repoVersion("@pulumi/pulumi"), ["index.ts"]), "index.ts": program },
    tarball,
    [],
  );
  return { workDir, projectDir };
}

/** Deletes the project's directory, unless PULUMI_E2E_KEEP=1 asks to keep it for a look. */
export function removePackedProject(project: PackedProject | undefined): void {
  if (project && process.env.PULUMI_E2E_KEEP !== "1") fs.rmSync(project.workDir, { recursive: true, force: true });
}
