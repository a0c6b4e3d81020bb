// The default destination, the training Spine in this browser: a run of the demo practice sends
// every queued message and completes only when each is acknowledged or failed. The completion
// statistics, the Messages screen (counts, filters, one message in full) and its CSV agree with
// what the training Spine does: it refuses exactly the qualifying patients it has no consent
// for (999-range numbers with "13" as digits 7–8) and acknowledges everyone else.

import { selectSummaryContent } from '../../src/domain/summary/content';
import { trainingHasNoConsent } from '../../src/worker/send/trainingSpine';
import { localToday, loadDemoPractice } from './support/practice';
import { countOf, demoOutcomes, downloadedText, expect, fmt, parseCsv, startRun, test } from './support/sending';

const SIZE = 1_000;

test('training Spine: the run sends every message, completes, and the Messages screen agrees', async ({ page }) => {
  const demo = demoOutcomes(SIZE);
  // The training Spine's own rule (and the national sandbox's 9111231130).
  const refused = demo.qualifying.filter((p) => p.nhsNumber !== null && trainingHasNoConsent(p.nhsNumber, ['9111231130']));
  const refusedNumbers = refused.map((p) => p.nhsNumber ?? '').sort();
  expect(refused.length, 'the demo practice has patients the training Spine refuses').toBeGreaterThan(1);
  const sent = demo.qualifying.length - refused.length;

  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  await startRun(page);
  // While it runs, the page says where the messages go.
  await expect(page.getByTestId('training-label')).toHaveText('Training — nothing leaves this browser');
  await expect(page.getByTestId('sending-text')).toContainText('to the training Spine in this browser');

  const done = page.getByTestId('situation-completed');
  await expect(done).toContainText('National Summary Initial Upload completed successfully', { timeout: 60_000 });
  await expect(page.getByTestId('training-label')).toHaveCount(0);
  await expect(page.getByTestId('qualifying')).toHaveText(fmt(demo.qualifying.length));
  await expect(page.getByTestId('stat-unprocessed')).toHaveText('0');
  await expect(page.getByTestId('stat-sending')).toHaveText('0');
  await expect(page.getByTestId('stat-not-required')).toHaveText(fmt(demo.notRequired));
  const sentShown = await countOf(page.getByTestId('stat-sent'));
  const sendFailures = await countOf(done.getByTestId('count-By reason-Failed on sending (see Messages)'));
  expect(sentShown + sendFailures).toBe(demo.qualifying.length);
  expect(sentShown).toBe(sent);
  await expect(page.getByTestId('stat-failed')).toHaveText(fmt(demo.checkFailed + refused.length));

  // The Messages screen: the same counts, nothing left unsent.
  await done.getByRole('link', { name: 'See the messages that failed on sending' }).click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await expect(page.getByTestId('message-count-sent')).toHaveText(fmt(sent));
  await expect(page.getByTestId('message-count-failed')).toHaveText(fmt(refused.length));
  for (const state of ['queued', 'sending', 'waiting']) await expect(page.getByTestId(`message-count-${state}`)).toHaveText('0');
  await expect(page.getByTestId('message-count-total')).toHaveText(fmt(demo.qualifying.length));
  await expect(page.getByTestId('sends-chart')).toContainText(`${fmt(sent)} sent, ${fmt(refused.length)} failed`);
  await expect(page.getByTestId('message-range')).toHaveText(`Showing 1–50 of ${fmt(demo.qualifying.length)}`);

  // Filtered by Failed: only the refused patients, each with its reason.
  await page.getByLabel('State', { exact: true }).selectOption({ label: 'Failed' });
  await expect(page.getByTestId('message-range')).toHaveText(`Showing 1–${refused.length} of ${refused.length}`);
  const rows = page.getByTestId('message-table').locator('tbody tr');
  await expect(rows).toHaveCount(refused.length);
  for (const row of await rows.all()) {
    await expect(row.locator('td').nth(1)).toHaveText('Failed');
    await expect(row.locator('td').nth(4)).toHaveText('No consent recorded on the Spine');
  }
  expect((await rows.locator('td:first-child').allInnerTexts()).sort()).toEqual(refusedNumbers);

  // The same set by reason.
  await page.getByLabel('State', { exact: true }).selectOption({ label: 'All states' });
  await expect(page.getByTestId('message-range')).toHaveText(`Showing 1–50 of ${fmt(demo.qualifying.length)}`);
  await page.getByLabel('Why it failed').selectOption({ label: 'No consent recorded on the Spine' });
  await expect(page.getByTestId('message-range')).toHaveText(`Showing 1–${refused.length} of ${refused.length}`);
  await expect(page.getByLabel('State', { exact: true })).toHaveValue('failed');

  // CSV of what is shown: a header and one row per failed message, each naming the Spine's reason.
  const csv = await downloadedText(page, page.getByRole('button', { name: 'Download as CSV' }));
  expect(csv.name).toMatch(/^scr-messages-run-\d+-failed-no-consent\.csv$/);
  const records = parseCsv(csv.text);
  expect(records[0]).toEqual(['NHS number', 'List position', 'State', 'Attempts', 'Last attempt', 'Last status', 'Next attempt', 'Reason', 'Request ID']);
  const body = records.slice(1);
  expect(body).toHaveLength(refused.length);
  expect(body.map((r) => r[0]).sort()).toEqual(refusedNumbers);
  for (const r of body) {
    expect(r[2]).toBe('Failed');
    expect(r[5]).toBe('403');
    expect(r[7]).toContain('No consent on Spine (403)');
  }

  // One refused message in full: its attempts and the summary the Spine would show, with the
  // patient's allergy text rendered as text.
  const withAllergy = refused.find((p) => selectSummaryContent(p, localToday()).allergies.some((a) => a.description.includes('<')));
  if (!withAllergy) throw new Error('no refused patient with an allergy whose text holds "<"');
  const nhs = withAllergy.nhsNumber ?? '';
  const allergy = selectSummaryContent(withAllergy, localToday()).allergies.find((a) => a.description.includes('<'))?.description ?? '';
  const tag = /<([a-z]+)>/.exec(allergy)?.[1] ?? '';
  expect(tag, 'the allergy text holds something that looks like an element').not.toBe('');
  await page.getByRole('button', { name: `${nhs}: open the message` }).click();
  const detail = page.getByTestId('message-detail');
  await expect(detail.getByRole('heading', { name: `Message for NHS number ${nhs}` })).toBeFocused();
  await expect(detail.getByTestId('detail-state')).toHaveText('Failed: No consent recorded on the Spine');
  await expect(detail).toContainText("No consent on Spine (403): There's no patient's consent to store SCR");
  const attempts = detail.getByTestId('attempts-table');
  await expect(attempts.locator('caption')).toHaveText('Attempts (1)');
  await expect(attempts.locator('tbody tr')).toHaveCount(1);
  await expect(attempts.locator('tbody tr td').nth(1)).toHaveText('403');
  const summary = detail.getByTestId('spine-summary');
  await expect(summary.getByRole('heading', { name: 'Allergies and Adverse Reactions' })).toBeVisible();
  await expect(summary.getByRole('region', { name: 'Allergies and Adverse Reactions' })).toContainText(allergy);
  await expect(summary.getByRole('heading', { name: 'Current Repeat Medications' })).toBeVisible();
  expect(await summary.locator(tag).count()).toBe(0);
  await expect(detail.getByRole('button', { name: 'Reprocess' })).toBeVisible();

  // Back: the list again, focus on the message that was open.
  await detail.getByRole('button', { name: '‹ Back to messages' }).click();
  await expect(page.getByRole('button', { name: `${nhs}: open the message` })).toBeFocused();
});
