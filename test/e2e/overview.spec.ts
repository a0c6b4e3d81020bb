// First open → load the demo practice → the overview shows the counts the generator and the
// domain rules give for that practice; a reload keeps them (IndexedDB, not memory).

import { expect, test } from '@playwright/test';
import { DEFAULT_DEMO_SEED } from '../../src/demo/generatePatients';
import { DEMO_SIZE, expectedOverview, expectOverview, loadDemoPractice, localToday, readStoredDemo } from './support/practice';

test('first open → load 1,000 patients → overview counts equal those computed from the generator', async ({ page }) => {
  const dayBefore = localToday();
  await page.goto('/');
  await loadDemoPractice(page);
  const dayAfter = localToday();

  const stored = await readStoredDemo(page);
  expect(stored).not.toBeNull();
  if (!stored) return;
  expect(stored.seed).toBe(DEFAULT_DEMO_SEED);
  expect(stored.size).toBe(DEMO_SIZE);
  // The practice is dated today (either side of midnight if the test straddles it).
  expect([dayBefore, dayAfter]).toContain(stored.asOf);

  const expected = expectedOverview(DEMO_SIZE, stored.asOf);
  // The generated practice has something in every registration row, so the check is not vacuous.
  expect(Object.values(expected['Registration type']).every((n) => n !== '0')).toBe(true);
  await expectOverview(page, expected);
  await expect(page.getByTestId('status-bar')).toContainText('1,000 patients');
});

test('a reload keeps the practice: the same counts are shown again', async ({ page }) => {
  await page.goto('/');
  await loadDemoPractice(page);
  const stored = await readStoredDemo(page);
  if (!stored) throw new Error('no practice stored');
  const expected = expectedOverview(DEMO_SIZE, stored.asOf);

  await page.reload();
  await expect(page.getByTestId('patient-count')).toHaveText('1,000');
  await expectOverview(page, expected);
  await expect(page.getByRole('heading', { name: 'No practice data yet' })).toHaveCount(0);
  await expect(page.getByTestId('status-bar')).toContainText('1,000 patients');
});
