// Driving the built app as a user does (the demo panel, the Upload screen, Settings), and reading
// its stored state straight from IndexedDB in the page to know when something has happened.
// Times are taken on one clock (the same machine): Date.now() in Node just before the action, and
// Date.now() in the page or in Node when the result is seen, polled every POLL_MS.

import { expect, type Page } from '@playwright/test';
import { DATABASE_NAME } from '../../src/db/database';

export const fmt = (n: number): string => n.toLocaleString('en-GB');

/** How often the page checks for the thing being waited for (ms). */
const POLL_MS = 100;

/** From the first-open screen: loads the demo practice; returns the seconds it took. */
export async function loadDemo(page: Page, size: number): Promise<number> {
  await page.goto('/');
  await page.getByLabel('Number of patients').selectOption(String(size));
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Load the demo practice' }).click();
  const seenAt = await page.waitForFunction(
    (expected) => (document.querySelector('[data-testid="patient-count"]')?.textContent === expected ? Date.now() : 0),
    fmt(size),
    { polling: POLL_MS, timeout: 900_000 },
  );
  return ((await seenAt.jsonValue()) - t0) / 1000;
}

/** Upload → Run → "Yes, run"; returns Date.now() just before the confirming click. */
export async function startRun(page: Page): Promise<number> {
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Yes, run' }).click();
  return t0;
}

export interface StoredRun {
  readonly control: string;
  readonly total: number;
  readonly checked: number;
  readonly queued: number;
}

/**
 * Waits until the latest stored run has every patient checked (the checkpoint transaction that
 * commits the last page); returns when it was seen (epoch ms, within POLL_MS plus one read).
 */
export async function waitAllChecked(page: Page, timeoutMs: number): Promise<{ at: number; run: StoredRun }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await readLatestRun(page);
    if (run !== null && run.total > 0 && run.checked >= run.total) return { at: Date.now(), run };
    if (Date.now() > deadline) throw new Error(`the run did not finish checking within ${timeoutMs} ms (${JSON.stringify(run)})`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The latest stored run, or null. */
export async function readLatestRun(page: Page): Promise<StoredRun | null> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      return await new Promise<StoredRun | null>((resolve, reject) => {
        const req = db.transaction('runs').objectStore('runs').openCursor(null, 'prev');
        req.onsuccess = () => {
          const v: unknown = req.result?.value;
          if (typeof v !== 'object' || v === null || !('counts' in v) || !('total' in v) || !('control' in v)) return resolve(null);
          const counts = v.counts as { checked: number; queued: number };
          resolve({ control: String(v.control), total: Number(v.total), checked: counts.checked, queued: counts.queued });
        };
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  }, DATABASE_NAME);
}

export type OutboxStateCounts = Readonly<Record<'queued' | 'sending' | 'waiting' | 'sent' | 'failed', number>>;

/** Outbox rows per state, counted on the `state` index. */
export async function outboxCounts(page: Page): Promise<OutboxStateCounts> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const index = db.transaction('outbox').objectStore('outbox').index('state');
      const count = (state: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = index.count(state);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const [queued, sending, waiting, sent, failed] = await Promise.all(['queued', 'sending', 'waiting', 'sent', 'failed'].map(count));
      return { queued: queued ?? 0, sending: sending ?? 0, waiting: waiting ?? 0, sent: sent ?? 0, failed: failed ?? 0 };
    } finally {
      db.close();
    }
  }, DATABASE_NAME);
}

/** Goes offline and waits until the app shows it (the UI forwards it to the engine). */
export async function goOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await expect(page.getByTestId('status-bar')).toContainText('Offline');
}

/** Settings → "A Spine over HTTP" with an access token: the browser tests' own steps. */
export { saveSpineSettings } from '../../test/e2e/support/sending';

/**
 * Replaces the stored requests-per-second with no limit at all, bypassing the form (whose
 * maximum is 100): only for measuring the engine's own ceiling. Takes effect when the worker
 * next reads its settings (a reload).
 */
export async function removeStoredRateLimit(page: Page): Promise<void> {
  await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('settings', 'readwrite');
        const store = tx.objectStore('settings');
        const get = store.get('sending');
        get.onsuccess = () => {
          const row: unknown = get.result;
          if (typeof row !== 'object' || row === null || !('value' in row) || typeof row.value !== 'object' || row.value === null) {
            tx.abort();
            return;
          }
          store.put({ ...row, value: { ...row.value, ratePerSecond: Number.POSITIVE_INFINITY } });
        };
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(new Error('no stored sending settings to change'));
      });
    } finally {
      db.close();
    }
  }, DATABASE_NAME);
}
