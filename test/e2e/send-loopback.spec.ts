// Sending to a Spine over HTTP on a busy PC: the loopback Spine (strict FHIR R4 and the
// service's rules, the national API's answers, the gateway's SpikeArrest of one request per
// 200 ms as they arrive and its Quota of 300 a minute) started by the test on 127.0.0.1, while
// another process spins on every core for the whole test (test/support/cpuBurner.ts), as on a
// practice PC busy with other work. The run completes with every qualifying patient stored
// exactly once, the app's pacing never draws a 429, the patients the Spine refuses show with the
// Spine's own reason, and the page contacts nothing but the app and the Spine.

import { startCpuBurner, type CpuBurner } from '../support/cpuBurner';
import { loadDemoPractice } from './support/practice';
import { countOf, demoOutcomes, expect, fmt, saveSpineSettings, startRun, test as sendingTest } from './support/sending';

const SIZE = 200;
/** Requests per second, the Spine's limit and the app's setting alike: the national limit. */
const RATE = 5;
/** Time allowed for sending, as a multiple of sending at the full rate: a busy PC is slower at everything. */
const SLACK = 2;

/** The CPU kept busy by another process from the test's start to its end, whatever happens. */
const test = sendingTest.extend<{ busyCpu: CpuBurner }>({
  // Playwright reads the fixtures a fixture depends on from this (empty) pattern.
  busyCpu: async ({}, use) => {
    const burner = await startCpuBurner();
    try {
      await use(burner);
    } finally {
      await burner.stop();
    }
  },
});

test('loopback Spine (strict), CPU kept busy by another process: each qualifying patient stored once, no 429, refusals with the Spine’s reason, no other origin contacted', async ({ page, context, baseURL, startSpine, busyCpu }) => {
  const burnedBefore = busyCpu.cpuSeconds();
  const startedAt = Date.now();
  const demo = demoOutcomes(SIZE);
  const numbers = demo.qualifying.map((p) => p.nhsNumber ?? '');
  // Two qualifying patients the Spine has no consent for: one early and one late in the list.
  const refused = [numbers[3] ?? '', numbers[numbers.length - 4] ?? ''];
  const spine = await startSpine({ level: 'strict', rateLimitPerSecond: RATE, noConsentNhsNumbers: refused, cors: 'open' });
  const sendingMs = (demo.qualifying.length / RATE) * 1000 * SLACK;
  test.setTimeout(90_000 + sendingMs);

  const appOrigin = new URL(baseURL ?? '').origin;
  const origins = new Map<string, number>();
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) return;
    const origin = new URL(url).origin;
    origins.set(origin, (origins.get(origin) ?? 0) + 1);
  });

  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: RATE });
  await startRun(page);
  await expect(page.getByTestId('sending-text')).toContainText(`(to ${new URL(spine.url).host})`);
  await expect(page.getByTestId('training-label')).toHaveCount(0);

  const done = page.getByTestId('situation-completed');
  await expect(done).toContainText('National Summary Initial Upload completed successfully', { timeout: sendingMs + 30_000 });
  // How busy the other process kept the CPU while the app sent (2 = both cores all the time).
  const burned = busyCpu.cpuSeconds();
  if (burned !== null && burnedBefore !== null) {
    test.info().annotations.push({ type: 'cpu burner', description: `${((burned - burnedBefore) / ((Date.now() - startedAt) / 1000)).toFixed(2)} cores busy for ${((Date.now() - startedAt) / 1000).toFixed(0)} s` });
  }

  // What the Spine received: none refused for the rate (soft, so the rest is still checked),
  // one request per message apart from those, every qualifying patient stored exactly once
  // except the two it refused.
  const stats = spine.stats();
  const throttled = stats.byStatus['429'] ?? 0;
  expect.soft(throttled, 'requests the Spine refused for the rate limit (429)').toBe(0);
  expect.soft(stats.maxRequestsInOneSecond, 'most requests in any sliding second').toBeLessThanOrEqual(RATE);
  expect(stats.byStatus).toEqual({ '201': demo.qualifying.length - 2, '403': 2, ...(throttled > 0 ? { '429': throttled } : {}) });
  expect(stats.requestsReceived).toBe(demo.qualifying.length + throttled);
  expect(stats.duplicatesRefused).toEqual({ replayedRequestIds: 0, psisDuplicates: 0 });
  expect(stats.bundlesStored).toBe(demo.qualifying.length - 2);
  const storedTwice = numbers.filter((n) => spine.bundles(n).length !== (refused.includes(n) ? 0 : 1));
  expect(storedTwice, 'patients not stored exactly once (or refused ones stored)').toEqual([]);

  // The app's account of it.
  await expect(page.getByTestId('stat-sent')).toHaveText(fmt(demo.qualifying.length - 2));
  await expect(page.getByTestId('stat-sending')).toHaveText('0');
  expect(await countOf(done.getByTestId('count-By reason-Failed on sending (see Messages)'))).toBe(2);
  await expect(page.getByTestId('stat-failed')).toHaveText(fmt(demo.checkFailed + 2));

  // Messages, filtered by reason: the two refused patients, each with the Spine's reason text.
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByTestId('message-count-sent')).toHaveText(fmt(demo.qualifying.length - 2));
  await expect(page.getByTestId('message-count-failed')).toHaveText('2');
  await page.getByLabel('Why it failed').selectOption({ label: 'No consent recorded on the Spine' });
  await expect(page.getByTestId('message-range')).toHaveText('Showing 1–2 of 2');
  const rows = page.getByTestId('message-table').locator('tbody tr');
  expect((await rows.locator('td:first-child').allInnerTexts()).sort()).toEqual([...refused].sort());
  for (const nhs of refused) {
    await page.getByRole('button', { name: `${nhs}: open the message` }).click();
    const detail = page.getByTestId('message-detail');
    await expect(detail.getByTestId('detail-state')).toHaveText('Failed: No consent recorded on the Spine');
    await expect(detail).toContainText('No consent on Spine (403)');
    await expect(detail).toContainText('[PSIS-30418] - ACF does not permit access to resource');
    await expect(detail.getByTestId('attempts-table').locator('tbody tr')).toHaveCount(1);
    await detail.getByRole('button', { name: '‹ Back to messages' }).click();
  }

  // A sent message: the request id the app shows is the one the Spine stored it under.
  const sentNhs = numbers[0] ?? '';
  await page.getByLabel('Why it failed').selectOption({ label: 'Any reason' });
  await page.getByLabel('State', { exact: true }).selectOption({ label: 'All states' });
  await page.getByLabel('NHS number', { exact: true }).fill(sentNhs);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('message-range')).toHaveText('Showing 1–1 of 1');
  await page.getByRole('button', { name: `${sentNhs}: open the message` }).click();
  const detail = page.getByTestId('message-detail');
  await expect(detail.getByTestId('detail-state')).toHaveText('Sent');
  const stored = spine.bundles(sentNhs);
  expect(stored).toHaveLength(1);
  await expect(detail).toContainText(stored[0]?.requestId ?? 'no request id stored');

  // Nothing but the app and the Spine was contacted, and the Spine's traffic was seen.
  expect([...origins.keys()].filter((o) => o !== appOrigin && o !== spine.url)).toEqual([]);
  expect(origins.get(spine.url) ?? 0).toBeGreaterThanOrEqual(demo.qualifying.length);
});
