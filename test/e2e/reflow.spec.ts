// Reflow (WCAG 1.4.10): at 320 CSS pixels wide (a 1280-pixel window at 400% zoom) and at 200%
// zoom of a 1280-pixel window (640 CSS pixels at a device scale of 2), no screen scrolls
// sideways: not the menu, the status bar, the Run dialog with its schedule, the tables of
// messages, failures and the log, a message's summary, the preview, the import report or Help.
// And at 1280 pixels the main menu stays on one line.

import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { loadDemoPractice } from './support/practice';

const SIZE = 200;

/** Fails (softly, so every screen is tried) when the page is wider than the window. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => {
    const root = document.documentElement;
    // What sticks out, to say where the overflow comes from.
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && e.closest('.nhsuk-u-visually-hidden') === null)
      .slice(0, 5)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> ${(e.textContent ?? '').slice(0, 40)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  expect.soft(found.scrollWidth, `${where} scrolls sideways: ${found.wide.join(' | ')}`).toBeLessThanOrEqual(found.clientWidth);
}

async function openScreen(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
}

async function everyScreen(page: Page, width: string): Promise<void> {
  // A whole upload and every screen: more time than one feature's test on a busy machine.
  test.slow();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'No practice data yet' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'first open');
  await loadDemoPractice(page, SIZE);
  await expectNoSidewaysScroll(page, 'the practice');

  await openScreen(page, 'Upload');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run the initial upload' });
  await dialog.getByLabel('Pause at a time and resume at a time').check();
  await dialog.getByLabel('At a date and time').check();
  await expectNoSidewaysScroll(page, 'the Run dialog with the schedule');
  await dialog.getByLabel('Now').check();
  await dialog.getByLabel('No: run until it finishes').check();
  await dialog.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-completed')).toBeVisible({ timeout: 60_000 });
  await expectNoSidewaysScroll(page, 'Upload: completed');

  await openScreen(page, 'Messages');
  await expect(page.getByTestId('message-table')).toBeVisible();
  await expectNoSidewaysScroll(page, 'Messages');
  // The message table scrolls in its own box: a labelled region that Tab reaches.
  await expectNoAxeViolations(page, `Messages at ${width}`);
  await page.getByLabel('State', { exact: true }).selectOption({ label: 'Failed' });
  await page.getByTestId('message-table').getByRole('button').first().click();
  await expect(page.getByTestId('spine-summary')).toBeVisible();
  await page.locator('summary', { hasText: 'FHIR Bundle, JSON' }).click();
  await expectNoSidewaysScroll(page, "a message's detail, its Bundle open");

  await openScreen(page, 'Upload Errors');
  await expect(page.getByTestId('failure-table')).toBeVisible();
  await expectNoSidewaysScroll(page, 'Upload Errors');
  await openScreen(page, 'Preview');
  await page.getByTestId('patient-list').getByRole('button').first().click();
  await expect(page.getByTestId('preview-outcome')).toBeVisible();
  await expectNoSidewaysScroll(page, 'Preview of a patient');
  await openScreen(page, 'Log');
  await expect(page.getByTestId('log-table')).toBeVisible();
  await expectNoSidewaysScroll(page, 'Log');
  await openScreen(page, 'Storage');
  await expectNoSidewaysScroll(page, 'Storage');
  await openScreen(page, 'Import');
  await page.getByTestId('import-files-input').setInputFiles({ name: 'Notes.ndjson', mimeType: 'application/fhir+ndjson', buffer: Buffer.from('not json at all, and a long line without a break: ' + 'x'.repeat(300) + '\n') });
  await page.getByRole('button', { name: 'Yes, import' }).click();
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expectNoSidewaysScroll(page, 'Import with its report');
  await page.getByRole('main').getByRole('link', { name: 'The practice extract format', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'The practice extract: what the app imports' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'Help');
  await openScreen(page, 'Settings');
  await page.getByLabel('A Spine over HTTP').check();
  await page.getByRole('radio', { name: 'Signed JWT (application-restricted)' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-error-summary')).toBeVisible();
  await expectNoSidewaysScroll(page, 'Settings with field errors');
}

test.describe('320 CSS pixels wide', () => {
  test.use({ viewport: { width: 320, height: 640 } });
  test('no screen scrolls sideways', async ({ page }) => {
    await everyScreen(page, '320 px');
  });
});

test.describe('200% zoom of a 1280-pixel window', () => {
  test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  test('no screen scrolls sideways', async ({ page }) => {
    await everyScreen(page, '200% zoom');
  });
});

test.describe('a 1280-pixel window', () => {
  test.use({ viewport: { width: 1280, height: 800 } });
  test('the menu is one line, whichever screen is open', async ({ page }) => {
    await page.goto('/');
    for (const name of ['Practice', 'Settings', 'Upload Errors']) {
      await openScreen(page, name);
      const tops = await page.locator('.app-nav__item').evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().top)));
      expect(new Set(tops).size, `the menu with ${name} open: item tops ${tops.join(', ')}`).toBe(1);
    }
  });
});
