// Benchmark (not part of CI): loads the demo practice through the UI, runs Check/Build/Queue to
// completion, then writes the same number of same-sized records (queued bodies and small outcome
// rows) straight to IndexedDB in the same browser, and prints the times and the ratio.
// Run with `npm run bench` (PERF_N=10000 for a quicker run; N is one of the sizes the demo panel offers). One run per figure so far: the
// median-of-several harness with bench/results.json is issue #8.
import { expect, test } from '@playwright/test';
import { generatePage } from '../src/demo/generatePatients';
import { buildSummaryBundle } from '../src/domain/summary/buildBundle';
import { checkEligibility } from '../src/domain/eligibility';
const N = Number(process.env.PERF_N ?? 100000);
test(`perf ${N}`, async ({ page }) => {
  test.setTimeout(900_000);
  await page.goto('/');
  await page.getByLabel('Number of patients').selectOption(String(N));
  let t0 = Date.now();
  await page.getByRole('button', { name: 'Load the demo practice' }).click();
  await expect(page.getByTestId('patient-count')).toHaveText(N.toLocaleString('en-GB'), { timeout: 600_000 });
  const load = (Date.now() - t0) / 1000;
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  t0 = Date.now();
  await page.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-completed')).toBeVisible({ timeout: 600_000 });
  const run = (Date.now() - t0) / 1000;
  const queued = Number((await page.getByTestId('qualifying').innerText()).replace(/,/g, ''));
  const pats = generatePage({ seed: 1, asOf: '2026-11-26' }, 1, 300).filter((p) => checkEligibility(p).outcome === 'qualifies');
  const bodies = pats.map((p) => JSON.stringify(buildSummaryBundle({ patient: p, practice: { name: 'X', odsCode: 'Y90001' }, runDate: '2026-11-26', timestamp: '2026-11-26T09:00:00.000Z', bundleId: crypto.randomUUID(), compositionId: crypto.randomUUID() })));
  const raw = await page.evaluate(async ({ bodies, n, queued }) => {
    const db: IDBDatabase = await new Promise((res, rej) => { const o = indexedDB.open('raw-bulk', 1); o.onupgradeneeded = () => { o.result.createObjectStore('p', { keyPath: 'k' }); }; o.onsuccess = () => res(o.result); o.onerror = rej; });
    const t0 = performance.now();
    for (let f = 0; f < n; f += 1000) {
      const tx = db.transaction('p', 'readwrite');
      const st = tx.objectStore('p');
      for (let i = f; i < Math.min(n, f + 1000); i++) st.add(i < queued ? { k: i, body: bodies[i % bodies.length] } : { k: i, reason: 'dissent', nhsNumber: '9990000018', at: new Date().toISOString() });
      await new Promise((r, j) => { tx.oncomplete = r; tx.onerror = j; });
    }
    return (performance.now() - t0) / 1000;
  }, { bodies, n: N, queued });
  console.log(`PERF ${N}: demo load ${load.toFixed(1)} s; prepare ${run.toFixed(1)} s (${Math.round(N / run)} patients/s); raw bulk write of ${N} same-sized records ${raw.toFixed(1)} s (${Math.round(N / raw)}/s); ratio ${(raw / run).toFixed(2)}`);
});
