// Shared steps for the sending tests: the demo practice's expected outcomes (from the same
// generator and domain rules the app uses), a loopback Spine per test that is always closed,
// the Settings form filled in as a user would, the run started from the Upload screen, reading
// counts off the screen, and downloads read as text.

import { test as base, expect, type Download, type Locator, type Page } from '@playwright/test';
import type { Patient } from '../../../src/domain/model/practice';
import { DEFAULT_DEMO_SEED, generatePage } from '../../../src/demo/generatePatients';
import { checkEligibility } from '../../../src/domain/eligibility';
import { createSpineServer, type SpineServer, type SpineServerOptions } from '../../spine/server';
import { localToday } from './practice';

export const fmt = (n: number): string => n.toLocaleString('en-GB');

export interface DemoOutcomes {
  readonly patients: readonly Patient[];
  /** Patients who pass every check: one message each. */
  readonly qualifying: readonly Patient[];
  /** Patients failed by the checks (NHS number problems), before anything is sent. */
  readonly checkFailed: number;
  readonly notRequired: number;
}

/** What the checks make of the demo practice the app loads today (default seed). */
export function demoOutcomes(size: number): DemoOutcomes {
  const patients = generatePage({ seed: DEFAULT_DEMO_SEED, asOf: localToday() }, 1, size);
  const results = patients.map((p) => ({ p, outcome: checkEligibility(p).outcome }));
  return {
    patients,
    qualifying: results.filter((r) => r.outcome === 'qualifies').map((r) => r.p),
    checkFailed: results.filter((r) => r.outcome === 'failed').length,
    notRequired: results.filter((r) => r.outcome === 'not-required').length,
  };
}

/** Each test gets `startSpine`; every server it started is closed when the test ends. */
export const test = base.extend<{ startSpine: (options?: SpineServerOptions) => Promise<SpineServer> }>({
  // Playwright reads the fixtures a fixture depends on from this (empty) pattern.
  startSpine: async ({}, use) => {
    const started: SpineServer[] = [];
    await use(async (options = {}) => {
      const spine = await createSpineServer({ port: 0, ...options });
      started.push(spine);
      return spine;
    });
    await Promise.all(started.map((s) => s.close()));
  },
});

export { expect };

export interface SpineFormInput {
  readonly baseUrl: string;
  readonly token: string;
  readonly ratePerSecond: number;
  readonly concurrency?: number;
  readonly timeoutSeconds?: number;
  /** Tick or untick "remember this token" (left as it is when absent: unticked on a new form). */
  readonly rememberToken?: boolean;
  /** NHSD-Session-URID; TEST_SESSION_URID when absent. */
  readonly sessionUrid?: string;
}

/** A made-up NHSD-Session-URID (digits, as the service requires) for test Spines. */
export const TEST_SESSION_URID = '555254240100';

/** The Access token password field (the radio beside it has the same label). */
export function tokenField(page: Page): Locator {
  return page.getByLabel('Access token', { exact: true }).and(page.locator('input[type="password"]'));
}

/**
 * In Settings: "A Spine over HTTP" with an access token kept for the session and the short retry
 * schedule (a test Spine), then Save; waits for the notice naming the endpoint.
 */
export async function saveSpineSettings(page: Page, input: SpineFormInput): Promise<void> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: 'A Spine over HTTP' }).check();
  await page.getByLabel('Base URL', { exact: true }).fill(input.baseUrl);
  await page.getByLabel('NHSD-Session-URID', { exact: true }).fill(input.sessionUrid ?? TEST_SESSION_URID);
  await page.getByRole('radio', { name: 'Access token', exact: true }).check();
  await tokenField(page).fill(input.token);
  if (input.rememberToken !== undefined) await page.getByLabel('Remember this token on this computer').setChecked(input.rememberToken);
  await page.getByLabel('Requests per second', { exact: true }).fill(String(input.ratePerSecond));
  if (input.concurrency !== undefined) await page.getByLabel('Requests at once', { exact: true }).fill(String(input.concurrency));
  if (input.timeoutSeconds !== undefined) await page.getByLabel('Time limit per request', { exact: true }).fill(String(input.timeoutSeconds));
  await page.getByRole('radio', { name: 'Short' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-notice')).toHaveText(`Settings saved. Messages go to ${input.baseUrl}/Bundle.`);
}

/** What a test enters in Settings' author section; a field left out is left as it is. */
export interface AuthorFormInput {
  readonly practiceAddress?: string;
  readonly practiceTelephone?: string;
  readonly clinicianName: string;
  /** An SDS Job Role Name code, e.g. R0260 (General Medical Practitioner). */
  readonly jobRole: string;
  /** Both switch the author to the SDS-user shape. */
  readonly sdsUserId?: string;
  readonly sdsRoleProfileId?: string;
}

/** In Settings (already open): fills the author section and saves it; waits for the notice. */
export async function saveAuthor(page: Page, input: AuthorFormInput): Promise<void> {
  const author = page.getByTestId('author-section');
  if (input.practiceAddress !== undefined) await author.getByLabel('Practice address').fill(input.practiceAddress);
  if (input.practiceTelephone !== undefined) await author.getByLabel('Practice telephone').fill(input.practiceTelephone);
  await author.getByLabel('Responsible clinician’s name').fill(input.clinicianName);
  await author.getByLabel('Job role').selectOption(input.jobRole);
  if (input.sdsUserId !== undefined) await author.getByLabel('SDS user ID').fill(input.sdsUserId);
  if (input.sdsRoleProfileId !== undefined) await author.getByLabel('SDS role profile ID').fill(input.sdsRoleProfileId);
  await author.getByRole('button', { name: 'Save the author' }).click();
  await expect(page.getByTestId('author-notice')).toContainText('Author saved');
}

/** Upload → Run → "Yes, run"; waits until the progress card shows. */
export async function startRun(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-running')).toBeVisible();
}

/** A count as the screen shows it ("1,234" → 1234); fails on anything else. */
export async function countOf(locator: Locator): Promise<number> {
  const text = (await locator.innerText()).trim();
  expect(text, 'a whole number as the screen formats it').toMatch(/^[0-9]{1,3}(,[0-9]{3})*$/);
  return Number(text.replace(/,/g, ''));
}

/** Clicks `trigger` and returns the text of the file it downloads, with its suggested name. */
export async function downloadedText(page: Page, trigger: Locator): Promise<{ name: string; text: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** CSV text as a spreadsheet reads it (one reader for unit and browser tests). */
export { readCsv as parseCsv } from '../../unit/support/readCsv';
