// Totals every check and test of `npm test` into one line: `N passed, N failed` with
// `, N skipped` when any were skipped. Arguments are report files, each read by its kind:
//   *.txt   the whole-project checks (type-check, lint): one `passed <name>` or `failed <name>` a line
//   Vitest JSON (numPassedTests...) and Playwright JSON (stats...).
// A missing report counts as a failure, so a suite that never ran cannot pass silently.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

function addChecks(text) {
  for (const line of text.split('\n')) {
    if (line.startsWith('passed ')) passed++;
    else if (line.startsWith('failed ')) failed++;
  }
}

function addVitest(r) {
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A file that failed to load has no test results but must still fail the run.
  for (const f of r.testResults ?? []) if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++;
}

function addPlaywright(report) {
  const s = report.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  // Errors outside any test (the web server did not start, a spec failed to load) fail the run.
  failed += (report.errors ?? []).length;
}

for (const path of process.argv.slice(2)) {
  if (!existsSync(path)) {
    console.error(`missing report: ${path}`);
    failed++;
    continue;
  }
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.txt')) {
    addChecks(text);
    continue;
  }
  const report = JSON.parse(text);
  if (typeof report.numPassedTests === 'number') addVitest(report);
  else if (report.stats) addPlaywright(report);
  else {
    console.error(`not a Vitest or Playwright report: ${path}`);
    failed++;
  }
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
