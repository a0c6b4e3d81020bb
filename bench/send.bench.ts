// Sending to the loopback Spine (test/spine/server.ts, in this Node process on 127.0.0.1, any
// free port), configured through the app's Settings screen as a user would:
//   sustained - Spine and app both limited to 5 requests/s, the Spine answering in 1-3 s: the
//               acknowledged rate over BENCH_SEND_SECONDS (600 for the real figure) after a warm-up,
//               as a fraction of the limit, and every 429 the Spine had to send;
//   uncapped  - the Spine unlimited with no latency and national-level validation (strict FHIR
//               validation is CPU-heavy and would measure the test server), the limit lifted
//               (the stored rate limit removed) and 50 at once;
//   form max  - as uncapped but with the app at the form's maximum, 100/s.
// The uncapped windows start once every patient is checked, so they measure sending alone.
// The app reaches the loopback Spine through an HTTPS/HTTP2 front (test/spine/http2Front.ts), as
// it reaches the national API: over plain HTTP/1.1 Chromium opens at most 6 connections per
// host, which with answers taking 1-3 s would cap any client near 6 / 2 s = 3 a second and make
// the requests beyond 6 wait in the browser and leave together.

import { expect, test } from '@playwright/test';
import { createSpineServer, type SpineServer } from '../test/spine/server';
import { startHttp2Front } from '../test/spine/http2Front';
import { benchCertificate } from './lib/tls';
import { fmt, loadDemo, outboxCounts, removeStoredRateLimit, saveSpineSettings, startRun, waitAllChecked } from './lib/app';
import { BENCH } from './lib/env';
import { openApp } from './lib/profile';
import { recordFigures } from './lib/results';
import { figure } from './lib/stats';
import { watchSending, windowRates, type RateWindow } from './lib/sendRate';

const TOKEN = 'bench-access-token';
/** The national limit, on both sides (requests/s). */
const LIMIT = 5;
/** In flight at once for the sustained test: 5/s × up to 3 s per answer needs 15; room above. */
const SUSTAINED_CONCURRENCY = 20;
/** Seconds of sending before the sustained window starts (the first answers take 1-3 s). */
const SUSTAINED_WARMUP_S = 30;
const SUSTAINED_PATIENTS = 10_000;
const UNCAPPED_RATE = 100;
const UNCAPPED_CONCURRENCY = 50;
/** Seconds after the last patient is checked before an uncapped window starts. */
const UNCAPPED_SETTLE_S = 2;

/** A loopback Spine behind its HTTPS/HTTP2 front; `body` gets the Spine and the URL to configure. */
async function withSpine<T>(options: Parameters<typeof createSpineServer>[0], body: (spine: SpineServer, baseUrl: string) => Promise<T>): Promise<T> {
  const spine = await createSpineServer(options);
  const front = await startHttp2Front(spine.url, benchCertificate());
  try {
    return await body(spine, front.url);
  } finally {
    await front.close();
    await spine.close();
  }
}

test('sending: sustained rate against the configured limit', async ({ baseURL }) => {
  test.setTimeout(BENCH.sendRuns * (BENCH.sendSeconds + 600) * 1000);
  const ratios: number[] = [];
  const minuteRatios: number[] = [];
  const throttled: number[] = [];
  const busiestSecond: number[] = [];
  const windowSeconds = BENCH.sendSeconds >= 120 ? 60 : 10;
  for (let i = 0; i < BENCH.sendRuns; i++) {
    await withSpine({ port: 0, rateLimitPerSecond: LIMIT, latencyMs: { min: 1000, max: 3000 }, acceptAnyToken: true, level: 'strict', cors: 'open' }, async (spine, baseUrl) => {
      const app = await openApp(baseURL ?? '');
      try {
        const { page } = app;
        await loadDemo(page, SUSTAINED_PATIENTS);
        await saveSpineSettings(page, { baseUrl, token: TOKEN, ratePerSecond: LIMIT, concurrency: SUSTAINED_CONCURRENCY, timeoutSeconds: 30, rememberToken: false });
        await startRun(page);
        await page.waitForTimeout(SUSTAINED_WARMUP_S * 1000);
        const w = await watchSending(page, BENCH.sendSeconds, 1000, SUSTAINED_CONCURRENCY * 2);
        expect(w.ranDry, 'the outbox ran dry during the sustained window').toBe(false);
        const stats = spine.stats();
        const counts = await outboxCounts(page);
        ratios.push(w.perSecond / LIMIT);
        for (const r of windowRates(w.points, windowSeconds)) minuteRatios.push(r / LIMIT);
        throttled.push(stats.byStatus['429'] ?? 0);
        busiestSecond.push(stats.maxRequestsInOneSecond);
        console.log(`sustained #${i + 1}: ${w.perSecond.toFixed(3)}/s over ${w.seconds.toFixed(0)} s (${(w.perSecond / LIMIT).toFixed(3)} of the limit); Spine answers ${JSON.stringify(stats.byStatus)}, most in one second ${stats.maxRequestsInOneSecond}; app sent ${fmt(counts.sent)}, failed ${fmt(counts.failed)}`);
      } finally {
        await app.close();
      }
    });
  }
  const setup = `loopback Spine (in the bench's Node process, reached over HTTPS and HTTP/2) limited to ${LIMIT}/s (sliding second), answering in 1–3 s, strict validation; app settings ${LIMIT}/s, ${SUSTAINED_CONCURRENCY} at once; ${fmt(SUSTAINED_PATIENTS)} demo patients; after ${SUSTAINED_WARMUP_S} s of warm-up`;
  recordFigures([
    figure('send_sustained_ratio_to_limit', '× limit', ratios, `messages acknowledged (outbox rows sent) per second over ${BENCH.sendSeconds} s ÷ ${LIMIT}; ${setup}`),
    figure(`send_sustained_window_ratio_to_limit`, '× limit', minuteRatios, `the same, per consecutive ${windowSeconds} s window (min and max show how steady it was); runs = windows`),
    figure('send_sustained_429_count', '429s', throttled, `429 Too Many Requests answers from the Spine during the whole sending (warm-up included); ${setup}`),
    figure('send_sustained_max_in_one_second', 'requests', busiestSecond, `most requests the Spine received in any sliding second (limit ${LIMIT}); ${setup}`),
  ]);
});

async function uncappedOnce(baseURL: string, patients: number, removeLimit: boolean): Promise<RateWindow> {
  return withSpine({ port: 0, rateLimitPerSecond: 0, quotaPerMinute: 0, latencyMs: { min: 0, max: 0 }, acceptAnyToken: true, level: 'national', cors: 'open' }, async (spine, baseUrl) => {
    const app = await openApp(baseURL);
    try {
      const { page } = app;
      await loadDemo(page, patients);
      await saveSpineSettings(page, { baseUrl, token: TOKEN, ratePerSecond: UNCAPPED_RATE, concurrency: UNCAPPED_CONCURRENCY, timeoutSeconds: 30, rememberToken: removeLimit });
      if (removeLimit) {
        await removeStoredRateLimit(page);
        // The worker reads its settings when it starts.
        await page.reload();
      }
      await startRun(page);
      await waitAllChecked(page, 600_000);
      await page.waitForTimeout(UNCAPPED_SETTLE_S * 1000);
      const w = await watchSending(page, BENCH.uncappedSeconds, 1000, UNCAPPED_CONCURRENCY * 2);
      const stats = spine.stats();
      console.log(`${removeLimit ? 'ceiling' : 'uncapped'}: ${w.perSecond.toFixed(1)}/s over ${w.seconds.toFixed(1)} s${w.ranDry ? ' (outbox ran dry: window ended early)' : ''}; Spine answers ${JSON.stringify(stats.byStatus)}`);
      expect(w.seconds, 'the uncapped window was too short to measure').toBeGreaterThanOrEqual(5);
      return w;
    } finally {
      await app.close();
    }
  });
}

test('sending: uncapped messages per second', async ({ baseURL }) => {
  test.setTimeout(BENCH.runs * (BENCH.uncappedSeconds + 300) * 1000);
  const rates: number[] = [];
  let ranDry = 0;
  for (let i = 0; i < BENCH.runs; i++) {
    const w = await uncappedOnce(baseURL ?? '', 20_000, true);
    rates.push(w.perSecond);
    if (w.ranDry) ranDry++;
  }
  recordFigures([
    figure('send_uncapped_per_s', 'messages/s', rates, `acknowledged per second over ${BENCH.uncappedSeconds} s once all 20,000 patients are checked, with the limit lifted (the stored rate limit removed by writing the settings row directly: the form allows at most ${UNCAPPED_RATE}/s), ${UNCAPPED_CONCURRENCY} at once; loopback Spine unlimited, no latency, national-level validation${ranDry > 0 ? `; ${ranDry} run(s) ran out of messages and measured a shorter window` : ''}`),
  ]);
});

test('sending: at the Settings form\'s highest rate', async ({ baseURL }) => {
  test.setTimeout(BENCH.runs * (BENCH.uncappedSeconds + 300) * 1000);
  const rates: number[] = [];
  let ranDry = 0;
  for (let i = 0; i < BENCH.runs; i++) {
    const w = await uncappedOnce(baseURL ?? '', 10_000, false);
    rates.push(w.perSecond);
    if (w.ranDry) ranDry++;
  }
  recordFigures([
    figure('send_at_form_max_per_s', 'messages/s', rates, `as send_uncapped_per_s but 10,000 patients and the app at the Settings form's maximum, ${UNCAPPED_RATE}/s and ${UNCAPPED_CONCURRENCY} at once, so it cannot exceed ${UNCAPPED_RATE}${ranDry > 0 ? `; ${ranDry} run(s) ran out of messages and measured a shorter window` : ''}`),
  ]);
});
