// Totals the unit (Vitest JSON) and browser (Playwright JSON) results into one line:
// `N passed, N failed` with `, N skipped` when any were skipped. A missing report counts as a
// failure, so a suite that never ran cannot pass silently.
import { existsSync, readFileSync } from 'node:fs';

const [unitPath, e2ePath] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;

if (unitPath && existsSync(unitPath)) {
  const r = JSON.parse(readFileSync(unitPath, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A file that failed to load has no test results but must still fail the run.
  for (const f of r.testResults ?? []) if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++;
} else {
  missing++;
}

if (e2ePath && existsSync(e2ePath)) {
  const report = JSON.parse(readFileSync(e2ePath, 'utf8'));
  const s = report.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  // Errors outside any test (the web server did not start, a spec failed to load) fail the run.
  failed += (report.errors ?? []).length;
} else {
  missing++;
}

failed += missing;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
