// The crash test's reading of the upload log: the app's own account of each resume, and the
// check that the log stayed whole through every kill (test/e2e/crash.spec.ts).

import type { Page } from '@playwright/test';
import { DATABASE_NAME } from '../../../src/db/database';
import type { StoredUpload } from './crash';
import { expect, type DemoOutcomes } from './sending';

export const COMPLETED = 'National Summary Initial Upload completed successfully';
export const STARTED = /^National Summary Initial Upload started for ([0-9,]+) patients/;
export const RESUMED = /^National Summary Initial Upload resumed automatically \((.+)\), at ([0-9,]+) of ([0-9,]+) patients checked\.$/;

/** The log only (small), for waiting on the app's own account of a resume. */
export async function readLog(page: Page): Promise<string[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<{ text: string }[]>((resolve, reject) => {
      const r = db.transaction('log', 'readonly').objectStore('log').getAll();
      r.onsuccess = () => resolve(r.result as { text: string }[]);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return rows.map((l) => l.text);
  }, DATABASE_NAME);
}

/** The log is whole: increasing ids; from the run's start line: one resume line per kill, each check failure once, the completion line last if completed. */
export function expectLogWhole(upload: StoredUpload, demo: DemoOutcomes, kills: number, completed: boolean): void {
  const ids = upload.log.map((l) => l.id);
  expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0)), 'log ids strictly increasing').toBe(true);
  const starts = upload.log.filter((l) => STARTED.test(l.text));
  expect(starts, 'one run start line').toHaveLength(1);
  const fromStart = upload.log.slice(upload.log.indexOf(starts[0] ?? upload.log[0] ?? { id: 0, level: '', text: '' }));
  expect(fromStart[0]?.text).toMatch(STARTED);
  expect(fromStart.filter((l) => RESUMED.test(l.text)), 'one "resumed automatically" line per kill').toHaveLength(kills);
  // Each patient the checks failed has its warning line once (written with its page's checkpoint).
  const failedLines = fromStart.filter((l) => l.level === 'warning' && l.text.startsWith('Patient ')).map((l) => l.text);
  expect(new Set(failedLines).size, 'no failed-check line twice').toBe(failedLines.length);
  expect(failedLines, 'one line per failed check').toHaveLength(demo.checkFailed);
  expect(fromStart.filter((l) => l.level === 'error'), 'no errors logged').toEqual([]);
  if (completed) {
    expect(fromStart.at(-1)?.text.startsWith(COMPLETED), 'the completion line is last').toBe(true);
    expect(fromStart.filter((l) => l.text.startsWith(COMPLETED))).toHaveLength(1);
  }
}
