/** End-to-end tests: the real Pulumi CLI (built by scripts/install-pulumi.sh) against the emulator. */
// ts-jest only transpiles (diagnostics off, for speed): `npm run typecheck` type-checks the tests, and .ci/run runs it.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests/e2e"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  testTimeout: 600_000,
  reporters: ["default", ["<rootDir>/tests/support/summary-reporter.js", { label: "e2e" }]],
  maxWorkers: 1,
};
