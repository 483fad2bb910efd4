/**
 * The generated project's README: a large tenant's first `pulumi up` is told how to stay linear
 * (`PULUMI_SKIP_CHECKPOINTS=true`), a small one is not burdened with it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LARGE_STACK_OBJECTS, writeProject, type ProjectSummary } from "../../../cli/import/project";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-project-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function readmeFor(counts: ProjectSummary["counts"]): string {
  writeProject(dir, "export {};\n", { tenantUrl: "https://acme.eu.qlikcloud.com", counts, pending: [] });
  return fs.readFileSync(path.join(dir, "README.md"), "utf8");
}

test("a large tenant: the README says to run the first up with PULUMI_SKIP_CHECKPOINTS=true, and how to recover", () => {
  const readme = readmeFor([
    { kind: "users", declared: 2006, skipped: 0 },
    { kind: "groups", declared: 203, skipped: 1 },
    { kind: "tenant", declared: 1, skipped: 0 },
  ]);
  expect(readme).toMatch(/This program declares 2,210 objects\. Run the first `pulumi up`/);
  expect(readme).toContain("`PULUMI_SKIP_CHECKPOINTS=true pulumi up`");
  expect(readme).toMatch(/killed, run `pulumi cancel`, then `pulumi up` again: every object is adopted again/);
});

test("a small tenant: no such advice", () => {
  const readme = readmeFor([{ kind: "users", declared: LARGE_STACK_OBJECTS - 1, skipped: 0 }]);
  expect(readme).not.toContain("PULUMI_SKIP_CHECKPOINTS");
});
