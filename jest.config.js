/** Unit, emulator-integration and dynamic-provider-host protocol tests. End-to-end tests with the real
 *  Pulumi CLI have their own config (jest.e2e.config.js) because they need the CLI built first. */
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
