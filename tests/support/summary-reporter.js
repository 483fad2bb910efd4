/**
 * Prints one closing line per jest run ("<suite>: N passed, N failed, N skipped"), and appends the counts to
 * $TEST_SUMMARY_FILE when set, so .ci/run can close with one total over every suite.
 */
const fs = require("node:fs");

class SummaryReporter {
  constructor(_globalConfig, options = {}) {
    this.label = options.label || "jest";
  }

  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    console.log(`${this.label}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    if (process.env.TEST_SUMMARY_FILE) {
      fs.appendFileSync(
        process.env.TEST_SUMMARY_FILE,
        JSON.stringify({ label: this.label, passed, failed, skipped }) + "\n",
      );
    }
  }
}

module.exports = SummaryReporter;
