// The bridge replaces an engine worker that died. The worker is killed from inside (the test
// evaluates `self.close()` in it through Playwright): no test hook in the product. The bridge's
// heartbeat notices within DEAD_WORKER_NOTICED_MS and starts a new worker, which reads the
// practice and the log from IndexedDB.

import { expect, test, type Worker } from '@playwright/test';
import { DEAD_WORKER_NOTICED_MS } from '../../src/ui/engine/engineBridge';
import { loadDemoPractice } from './support/practice';

const ENGINE = /engine\.worker/;

test('a dead engine worker is replaced and the app keeps working', async ({ page }) => {
  const started: Worker[] = [];
  page.on('worker', (w) => {
    if (ENGINE.test(w.url())) started.push(w);
  });
  await page.goto('/');
  await loadDemoPractice(page);
  await expect.poll(() => started.length).toBe(1);
  const first = started[0];
  if (!first) throw new Error('no engine worker');

  const closed = first.waitForEvent('close');
  await first.evaluate(() => self.close()).catch(() => undefined);
  await closed;

  // A second engine worker starts by itself.
  await expect.poll(() => started.length, { timeout: DEAD_WORKER_NOTICED_MS + 15_000 }).toBe(2);
  const second = started[1];
  if (!second) throw new Error('no replacement worker');
  expect(await second.evaluate(() => 1 + 1)).toBe(2);

  // The new engine answers: the status bar leaves "restarting", the practice is still there, and
  // the log (read from the new worker) shows the load.
  await expect(page.getByTestId('status-bar')).not.toContainText('restarting');
  await expect(page.getByTestId('status-bar')).toContainText('1,000 patients');
  await expect(page.getByTestId('patient-count')).toHaveText('1,000');
  await page.getByRole('link', { name: 'Log' }).click();
  await expect(page.getByTestId('log-table')).toContainText('Demo practice loaded: 1,000 patients');
});
