// Prints `tests: N passed, N failed` from the runners' own JSON reports
// (Jest and Playwright). A missing report counts as a failure, so a run that
// executed nothing can never look green.
const fs = require('node:fs');
const path = require('node:path');

const results = path.resolve(__dirname, '..', 'test-results');

function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(path.join(results, file), 'utf8'));
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
const missing = [];

const jest = readReport('jest.json');
if (jest) {
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
} else {
  missing.push('jest.json');
}

const playwright = readReport('playwright.json');
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
} else {
  missing.push('playwright.json');
}

for (const file of missing) {
  console.log(
    `test report test-results/${file} is missing: that runner did not finish`,
  );
  failed += 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
