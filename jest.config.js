/** Unit, emulator-integration and dynamic-provider-host protocol tests. End-to-end tests with the real
 *  Pulumi CLI have their own config (jest.e2e.config.js) because they need the CLI built first. */
// ts-jest only transpiles (diagnostics off, for speed): `npm run typecheck` type-checks the tests, and .ci/run runs it.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/e2e/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  testTimeout: 60_000,
  reporters: ["default", ["<rootDir>/tests/support/summary-reporter.js", { label: "tests" }]],
  maxWorkers: 2,
};
