/**
 * The deterministic parts of `npm run bench -- --cli-scale` (bench/cli-scale.ts): what the program declares for a
 * size, which share the update step changes, and the growth figures of the report. Wall times are the
 * benchmark's business, never asserted here.
 */
import { declaredResources } from "../../../bench/cli-run";
import { CHANGE_EVERY, scaleWorkload, type CliScaleRun, type CliStepResult } from "../../../bench/cli-scale";
import { growth, growthTable } from "../../../bench/cli-scale-report";

test.each([
  [500, 450, 50],
  [2000, 1800, 200],
  [5000, 4500, 500],
])("%i objects are %i users and %i groups", (objects, users, groups) => {
  expect(scaleWorkload(objects)).toMatchObject({ users, groups });
  const resources = declaredResources(scaleWorkload(objects), CHANGE_EVERY);
  expect(resources).toHaveLength(objects);
  expect(resources.filter((r) => r.kind === "User")).toHaveLength(users);
  expect(new Set(resources.map((r) => r.name)).size).toBe(objects);
});

test("the update step changes 10 % of the objects, users and groups alike, one changed field each", () => {
  const resources = declaredResources(scaleWorkload(2000), CHANGE_EVERY);
  const changed = resources.filter((r) => r.changed !== undefined);
  expect(changed).toHaveLength(200);
  expect(changed.filter((r) => r.kind === "Group")).toHaveLength(20);
  for (const r of changed) {
    const differing = Object.keys(r.changed!).filter(
      (key) => JSON.stringify(r.changed![key]) !== JSON.stringify(r.inputs[key]),
    );
    expect(differing).toEqual([r.kind === "User" ? "name" : "description"]);
  }
  // Nothing names the tenant: the stack's config does.
  expect(resources.some((r) => "tenantUrl" in r.inputs || (r.changed && "tenantUrl" in r.changed))).toBe(false);
});

function run(setting: string, objects: number, createMs: number): CliScaleRun {
  const step = {
    step: "create",
    phase: "create",
    wallMs: createMs,
    failed: 0,
  } as CliStepResult;
  return { setting, objects, workload: scaleWorkload(objects), steps: [step] };
}

test("growth: time(largest) ÷ time(smallest) per setting and step, with the exponent of N", () => {
  const rows = growth([run("a", 500, 10_000), run("a", 2000, 25_000), run("a", 5000, 100_000), run("b", 500, 1)]);
  expect(rows).toHaveLength(1); // setting b has one size only
  expect(rows[0]).toMatchObject({ setting: "a", step: "create", ratio: 10, linear: 10 });
  expect(rows[0].exponent).toBeCloseTo(1, 10);
  expect(growthTable(rows)).toContain("| `a` | create | 10.0 | 25.0 | 100.0 | **10.0×** | 10× | 1.00 |");
});
