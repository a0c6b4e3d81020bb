// Reload mid-run: the run continues by itself and checks every patient with each qualifying
// patient queued exactly once, and goes on sending. Two tabs: the second shows the run and
// cannot start another, and both see it complete.
import { expect, test, type Page } from '@playwright/test';

async function loadPractice(page: Page, size: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Number of patients').selectOption(size);
  await page.getByRole('button', { name: 'Load the demo practice' }).click();
  await expect(page.getByTestId('patient-count')).toHaveText(Number(size).toLocaleString('en-GB'), { timeout: 60_000 });
}

/** Reads the stored rows straight from IndexedDB in the page. */
async function storedCounts(page: Page): Promise<{ outbox: number; distinctSeqs: number; outcomes: number; patients: number; checked: number; queued: number; control: string }> {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('scr-initial-upload');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T,>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(r.error);
      });
    const outbox = await all<{ seq: number }>('outbox');
    const outcomes = await all<{ seq: number }>('outcomes');
    const runs = await all<{ control: string; counts: { checked: number; queued: number } }>('runs');
    // Patients are stored in chunks (src/db/types.ts PatientChunk).
    const patients = (await all<{ patients: readonly unknown[] }>('patientChunks')).reduce((n, c) => n + c.patients.length, 0);
    db.close();
    const run = runs[runs.length - 1];
    return {
      outbox: outbox.length,
      distinctSeqs: new Set(outbox.map((m) => m.seq)).size,
      outcomes: outcomes.length,
      patients,
      checked: run?.counts.checked ?? -1,
      queued: run?.counts.queued ?? -1,
      control: run?.control ?? 'none',
    };
  });
}

test('a reload mid-run resumes by itself and queues each qualifying patient exactly once', async ({ page }) => {
  await loadPractice(page, '10000');
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-running')).toBeVisible();
  // Wait until some pages are committed, then reload in the middle of the checking.
  await expect.poll(async () => (await storedCounts(page)).checked, { timeout: 60_000 }).toBeGreaterThan(1_000);
  const before = await storedCounts(page);
  expect(before.checked).toBeLessThan(before.patients);
  await page.reload();
  await expect(page.getByTestId('resumed-automatically')).toBeVisible({ timeout: 30_000 });
  // Every patient checked: the run now only waits for its messages (sending 8,000 at 100 a
  // second is not waited for here; the sending tests run smaller practices to the end).
  await expect(page.getByTestId('status-bar')).toContainText('all 10,000 patients checked', { timeout: 60_000 });
  await expect(page.getByTestId('sending-text')).toContainText('Every patient is checked; the run completes when the last messages are acknowledged or fail.');
  const after = await storedCounts(page);
  expect(after.control).toBe('running');
  expect(after.checked).toBe(after.patients);
  expect(after.outbox).toBe(after.distinctSeqs);
  expect(after.outbox).toBe(after.queued);
  expect(after.outbox + after.outcomes).toBe(after.patients);
  // And the resumed run sends.
  await expect(page.getByTestId('stat-sent')).not.toHaveText('0');
  await page.getByRole('link', { name: 'Log' }).click();
  await expect(page.getByTestId('log-table')).toContainText('resumed automatically (the app was reopened while it was running)');
});

test('a second tab shows the run and cannot start another', async ({ page, context }) => {
  await loadPractice(page, '1000');
  // The second tab is open before the run starts, so it sees the run begin in the other tab.
  const second = await context.newPage();
  await second.goto('/#/upload');
  await expect(second.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-running')).toBeVisible();
  await expect(second.getByRole('heading', { name: /in progress in another tab/ })).toBeVisible({ timeout: 30_000 });
  await expect(second.getByTestId('status-bar')).toContainText('(in another tab)');
  await expect(second.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
  // Pause is offered here too: the tab that runs the job carries it out.
  await expect(second.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByTestId('situation-completed')).toBeVisible({ timeout: 60_000 });
  await expect(second.getByTestId('situation-completed')).toBeVisible({ timeout: 30_000 });
  await expect(second.getByTestId('stat-sending')).toHaveText('0');
  await expect(second.getByTestId('stat-sent')).toHaveText(await page.getByTestId('stat-sent').innerText());
  const counts = await storedCounts(second);
  expect(counts.control).toBe('completed');
  expect(counts.outbox).toBe(counts.distinctSeqs);
  expect(counts.outbox + counts.outcomes).toBe(counts.patients);
});
