// A whole run at the national rate, and sending from a tab in the background.
//
//   run to completion - a 2,000-patient practice (the demo practice's first 2,000 patients as a
//       practice extract, imported on the Import screen; the author completed in Settings), the
//       app at 5/s with 20 at once, the loopback Spine answering in 1-3 s behind the gateway's
//       SpikeArrest and Quota (bench/lib/gateway.ts, in a process of its own), reached over
//       HTTPS/HTTP2. From "Yes, run" to the completion screen:
//         run_wall_ratio_to_limit - (qualifying patients ÷ 5/s) ÷ that time: 1 would be sending at
//           exactly the limit from the click to the last answer;
//         first_send_ms - from the click to the first request on the wire (the browser's own
//           request event for the first POST to the gateway);
//         run_ui_tasks_over_50ms - Long Tasks on the page's main thread meanwhile (Upload screen).
//   background tab - 10,000 demo patients at 5/s against the same Spine and gateway, in a browser
//       whose tabs behave as on a practice PC (test/e2e/support/realTabs.ts: no Playwright page
//       emulation, Chromium's background throttling as shipped): right after Run another tab
//       is put in front, so the app's tab is hidden for the whole send, with the intensive
//       throttling of hidden tabs (timers woken once a minute) from 10 s on instead of 5 minutes.
//       send_background_tab_ratio_to_limit - messages the Spine stored per second over
//       BENCH_SEND_SECONDS after a 30 s warm-up, ÷ 5. The page is not touched meanwhile: the
//       count is the Spine's. send_front_tab_ratio_to_limit is the same with the tab left in
//       front, in the same browser: the control.

import { expect, test, type Page } from '@playwright/test';
import { createSpineServer, type SpineServer } from '../test/spine/server';
import { loadDemoPractice } from '../test/e2e/support/practice';
import { launchRealTabs } from '../test/e2e/support/realTabs';
import { fmt, readLatestRun, saveSpineSettings, startRun } from './lib/app';
import { BENCH } from './lib/env';
import { writeDemoExtract } from './lib/extract';
import { startGatewayProcess, type GatewayProcess } from './lib/gatewayProcess';
import { openApp } from './lib/profile';
import { recordFigures } from './lib/results';
import { figure } from './lib/stats';
import { benchCertificate } from './lib/tls';
import { startUiProbe, stopUiProbe } from './lib/uiProbe';

const TOKEN = 'bench-access-token';
/** The national limit, on both sides (requests/s). */
const LIMIT = 5;
/** In flight at once: 5/s × up to 3 s per answer needs 15; room above. */
const CONCURRENCY = 20;
const PRACTICE = 2_000;
const BACKGROUND_PATIENTS = 10_000;
/** Seconds of sending before the background window starts. */
const WARMUP_S = 30;
/** Seconds a hidden tab waits before Chromium wakes its timers only once a minute, here. */
const INTENSIVE_AFTER_S = 10;

/** The Spine (answering in 1-3 s, strict) behind the gateway's limits; closed after `body`. */
async function withGateway<T>(body: (spine: SpineServer, gateway: GatewayProcess) => Promise<T>): Promise<T> {
  const spine = await createSpineServer({ port: 0, rateLimitPerSecond: 0, quotaPerMinute: 0, latencyMs: { min: 1000, max: 3000 }, acceptAnyToken: true, level: 'strict', cors: 'open' });
  const tls = benchCertificate();
  const gateway = await startGatewayProcess({ targetUrl: spine.url, key: tls.key, cert: tls.cert, ratePerSecond: LIMIT, quotaPerMinute: LIMIT * 60 });
  try {
    return await body(spine, gateway);
  } finally {
    await gateway.close();
    await spine.close();
  }
}

/** The extract on the Import screen, then what the extract does not name of the author, in Settings. */
async function importPractice(page: Page, paths: readonly string[], size: number): Promise<void> {
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByTestId('import-files-input').setInputFiles([...paths]);
  await expect(page.getByTestId('import-summary-result')).toContainText(`${fmt(size)} patients`, { timeout: 300_000 });
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const author = page.getByTestId('author-section');
  await author.getByLabel('Practice address').fill('1 Park Row, Leeds LS1 5HD');
  await author.getByLabel('Practice telephone').fill('0113 496 0000');
  await author.getByLabel('Responsible clinician’s name').fill('Dr Sam Patel');
  await author.getByLabel('Job role').selectOption('R0260');
  await author.getByRole('button', { name: 'Save the author' }).click();
  await expect(page.getByTestId('author-notice')).toContainText('Author saved');
}

interface RunTimes {
  readonly ratio: number;
  readonly firstSendMs: number;
  readonly longTasks: number;
}

test('run: a 2,000-patient practice at 5/s from Run to completion', async ({ baseURL }) => {
  test.setTimeout(BENCH.runs * 1_200_000);
  const extract = await writeDemoExtract(PRACTICE);
  const runs: RunTimes[] = [];
  try {
    for (let i = 0; i < BENCH.runs; i++) {
      runs.push(
        await withGateway(async (spine, gateway) => {
          const app = await openApp(baseURL ?? '');
          try {
            const { page, context } = app;
            await importPractice(page, extract.paths, PRACTICE);
            await saveSpineSettings(page, { baseUrl: gateway.url, token: TOKEN, ratePerSecond: LIMIT, concurrency: CONCURRENCY, timeoutSeconds: 30, rememberToken: false });
            let firstSendAt: number | null = null;
            context.on('request', (request) => {
              if (firstSendAt === null && request.method() === 'POST' && request.url().startsWith(gateway.url)) firstSendAt = Date.now();
            });
            await page.getByRole('link', { name: 'Upload', exact: true }).click();
            await startUiProbe(page);
            const t0 = await startRun(page);
            const seen = await page.waitForFunction(() => (document.querySelector('[data-testid="situation-completed"]') !== null ? Date.now() : 0), null, { polling: 100, timeout: 1_000_000 });
            const doneAt = await seen.jsonValue();
            const ui = await stopUiProbe(page);
            const run = await readLatestRun(page);
            if (run === null || firstSendAt === null) throw new Error('no run, or nothing was sent');
            const seconds = (doneAt - t0) / 1000;
            const ratio = run.queued / LIMIT / seconds;
            const limits = await gateway.stats();
            console.log(
              `run #${i + 1}: ${fmt(run.queued)} qualifying sent in ${seconds.toFixed(1)} s (${ratio.toFixed(3)} of the limit); first request ${firstSendAt - t0} ms after Run; ${ui.longTasks.length} long tasks; gateway ${JSON.stringify(limits)}; Spine ${JSON.stringify(spine.stats().byStatus)}`,
            );
            return { ratio, firstSendMs: (firstSendAt ?? t0) - t0, longTasks: ui.longTasks.length };
          } finally {
            await app.close();
          }
        }),
      );
    }
  } finally {
    extract.remove();
  }
  const setup = `${fmt(PRACTICE)}-patient practice (the demo practice as an extract, imported), app ${LIMIT}/s and ${CONCURRENCY} at once, loopback Spine answering in 1–3 s (strict) behind the gateway's SpikeArrest ${LIMIT}ps and Quota ${LIMIT * 60}/min (bench/lib/gateway.ts, own process at the highest scheduling priority, HTTPS/HTTP2), on-disk profile, Upload screen showing`;
  recordFigures([
    figure('run_wall_ratio_to_limit', '× limit', runs.map((r) => r.ratio), `(qualifying patients ÷ ${LIMIT}/s) ÷ the time from "Yes, run" to the completion screen; ${setup}`),
    figure('first_send_ms', 'ms', runs.map((r) => r.firstSendMs), `from "Yes, run" to the browser's request event for the first POST /Bundle; ${setup}`),
    figure('run_ui_tasks_over_50ms', 'tasks', runs.map((r) => r.longTasks), `Long Tasks (over 50 ms) on the page's main thread from "Yes, run" to the completion screen; ${setup}`),
  ]);
});

/**
 * One measurement in a browser whose tabs behave as on a practice PC: the app's tab left in front,
 * or put behind another tab right after Run. Returns the Spine's stored messages per second over
 * the window ÷ the limit.
 */
async function tabRateOnce(baseURL: string, hidden: boolean, label: string): Promise<number> {
  return withGateway(async (spine, gateway) => {
    const tabs = await launchRealTabs({ intensiveAfterSeconds: INTENSIVE_AFTER_S, args: [`--ignore-certificate-errors-spki-list=${benchCertificate().spkiSha256}`] });
    try {
      const page = await tabs.open(`${baseURL}/`);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await loadDemoPractice(page, BACKGROUND_PATIENTS);
      await saveSpineSettings(page, { baseUrl: gateway.url, token: TOKEN, ratePerSecond: LIMIT, concurrency: CONCURRENCY, timeoutSeconds: 30, rememberToken: false });
      await startRun(page);
      if (hidden) await tabs.hide(page);
      const from = Date.now() + WARMUP_S * 1000;
      const to = from + BENCH.sendSeconds * 1000;
      await expect.poll(() => Date.now(), { intervals: [5_000], timeout: to - Date.now() + 60_000 }).toBeGreaterThanOrEqual(to + 5_000);
      const stored = spine.bundles().filter((b) => {
        const at = Date.parse(b.receivedAt);
        return at >= from && at < to;
      }).length;
      expect(await page.evaluate(() => document.visibilityState)).toBe(hidden ? 'hidden' : 'visible');
      const ratio = stored / BENCH.sendSeconds / LIMIT;
      console.log(`${label}: ${fmt(stored)} stored in ${BENCH.sendSeconds} s (${ratio.toFixed(3)} of the limit); gateway ${JSON.stringify(await gateway.stats())}; Spine ${JSON.stringify(spine.stats().byStatus)}`);
      return ratio;
    } finally {
      await tabs.close();
    }
  });
}

const TAB_SETUP = `after ${WARMUP_S} s of warm-up; ${fmt(BACKGROUND_PATIENTS)} demo patients, app ${LIMIT}/s and ${CONCURRENCY} at once, loopback Spine answering in 1–3 s (strict) behind the gateway's SpikeArrest and Quota (own process at the highest scheduling priority, HTTPS/HTTP2); Debian's Chromium started by the bench with background throttling as shipped (test/e2e/support/realTabs.ts), on-disk profile; counted at the Spine, the page not touched meanwhile`;

test('run: sending from a tab in the background', async ({ baseURL }) => {
  test.setTimeout(BENCH.sendRuns * (BENCH.sendSeconds + 900) * 1000);
  const ratios: number[] = [];
  for (let i = 0; i < BENCH.sendRuns; i++) ratios.push(await tabRateOnce(baseURL ?? '', true, `background #${i + 1}`));
  recordFigures([
    figure(
      'send_background_tab_ratio_to_limit',
      '× limit',
      ratios,
      `messages the Spine stored per second over ${BENCH.sendSeconds} s ÷ ${LIMIT}, the app's tab hidden behind another from Run on (timers of hidden tabs woken once a minute after ${INTENSIVE_AFTER_S} s instead of 5 minutes); ${TAB_SETUP}`,
    ),
  ]);
});

test('run: sending from a tab in front, the same browser', async ({ baseURL }) => {
  test.setTimeout(BENCH.sendRuns * (BENCH.sendSeconds + 900) * 1000);
  const ratios: number[] = [];
  for (let i = 0; i < BENCH.sendRuns; i++) ratios.push(await tabRateOnce(baseURL ?? '', false, `front #${i + 1}`));
  recordFigures([
    figure('send_front_tab_ratio_to_limit', '× limit', ratios, `the control for send_background_tab_ratio_to_limit: the same, with the app's tab left in front; ${TAB_SETUP}`),
  ]);
});
