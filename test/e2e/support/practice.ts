// Shared steps for the browser tests: load the demo practice through the UI, compute the
// overview's expected counts in the test process from the same generator and domain rules,
// read the stored practice row straight from IndexedDB, and wait for the service worker.

import { expect, type Page } from '@playwright/test';
import { DATABASE_NAME } from '../../../src/db/database';
import type { Patient } from '../../../src/domain/model/practice';
import { DEFAULT_DEMO_SEED, generatePage } from '../../../src/demo/generatePatients';
import { consentPreference } from '../../../src/domain/consent';
import { nhsNumberProblem } from '../../../src/domain/nhsNumber';
import { isWithheld } from '../../../src/domain/withheld';

export const DEMO_SIZE = 1_000;

/** Today's local calendar date, `YYYY-MM-DD` (the demo practice's asOf): the app's own helper. */
export { localToday } from '../../../src/domain/localDate';

const fmt = (n: number): string => n.toLocaleString('en-GB');

/** Overview rows as the user sees them: table caption → row label → formatted count. */
export type ExpectedOverview = Readonly<Record<'Registration type' | 'Consent preference' | 'Flags', Readonly<Record<string, string>>>>;

/** The overview a practice generated with (seed, asOf) must show, from the domain functions. */
export function expectedOverview(size: number, asOf: string, seed: number = DEFAULT_DEMO_SEED): ExpectedOverview {
  const patients = generatePage({ seed, asOf }, 1, size);
  const count = (pred: (p: Patient) => boolean): string => fmt(patients.filter(pred).length);
  const consent: Record<string, number> = {};
  for (const p of patients) {
    const label = consentPreference(p).label;
    consent[label] = (consent[label] ?? 0) + 1;
  }
  return {
    'Registration type': {
      'Permanent (regular)': count((p) => p.registrationType === 'permanent'),
      'Applied (not yet registered)': count((p) => p.registrationType === 'applied'),
      'Temporary resident': count((p) => p.registrationType === 'temporary'),
      'Deducted (left the practice)': count((p) => p.registrationType === 'deducted'),
    },
    'Consent preference': Object.fromEntries(Object.entries(consent).map(([label, n]) => [label, fmt(n)])),
    Flags: {
      Deceased: count((p) => p.deceased),
      'FP69 (registration under review)': count((p) => p.fp69),
      'Sensitive record': count((p) => p.sensitive),
      'Existing national summary': count((p) => p.existingSummary),
      'NHS number missing': count((p) => nhsNumberProblem(p.nhsNumber) === 'missing'),
      'NHS number invalid': count((p) => nhsNumberProblem(p.nhsNumber) !== null && nhsNumberProblem(p.nhsNumber) !== 'missing'),
      'NHS number not verified on PDS': count((p) => nhsNumberProblem(p.nhsNumber) === null && !p.nhsNumberVerified),
      'With medication': count((p) => p.medications.length > 0),
      'With allergies': count((p) => p.allergies.some((a) => !a.negative)),
      'With withheld items': count((p) => p.medications.some((m) => isWithheld(m)) || p.allergies.some((a) => isWithheld(a))),
    },
  };
}

/** Asserts every expected overview count is on the page. */
export async function expectOverview(page: Page, expected: ExpectedOverview): Promise<void> {
  for (const [caption, rows] of Object.entries(expected)) {
    for (const [label, count] of Object.entries(rows)) {
      await expect(page.getByTestId(`count-${caption}-${label}`), `${caption}: ${label}`).toHaveText(count);
    }
  }
}

/** From the "No practice data yet" screen: picks the size and loads, then waits for the count. */
export async function loadDemoPractice(page: Page, size: number = DEMO_SIZE): Promise<void> {
  await expect(page.getByRole('heading', { name: 'No practice data yet' })).toBeVisible();
  await page.getByLabel('Number of patients').selectOption(String(size));
  await page.getByRole('button', { name: 'Load the demo practice' }).click();
  await expect(page.getByTestId('patient-count')).toHaveText(fmt(size));
}

export interface StoredDemo {
  readonly seed: number;
  readonly size: number;
  readonly asOf: string;
}

/** The stored practice row's demo inputs, read with the raw IndexedDB API in the page. */
export async function readStoredDemo(page: Page): Promise<StoredDemo | null> {
  return page.evaluate(
    (name) =>
      new Promise<StoredDemo | null>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('practice', 'readonly').objectStore('practice').get('practice');
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            const row: unknown = get.result;
            db.close();
            if (typeof row !== 'object' || row === null || !('demo' in row)) return resolve(null);
            const demo: unknown = row.demo;
            if (typeof demo !== 'object' || demo === null || !('seed' in demo) || !('size' in demo) || !('asOf' in demo)) return resolve(null);
            resolve({ seed: Number(demo.seed), size: Number(demo.size), asOf: String(demo.asOf) });
          };
        };
      }),
    DATABASE_NAME,
  );
}

/**
 * Waits until the service worker controls the page. The first visit installs it but is not
 * controlled (no clientsClaim: updates are applied only when the engine is idle), so this
 * reloads once when needed. Call it before starting a job: it may reload the page.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}
