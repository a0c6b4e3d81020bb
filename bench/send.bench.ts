// Sending to the loopback Spine (test/spine/server.ts, in this Node process on 127.0.0.1, any
// free port), configured through the app's Settings screen as a user would:
//   sustained - the national gateway's limits (SpikeArrest 5ps: one request per 200 ms as they
//               arrive; Quota 300 per calendar minute) applied by a gateway in a process of its
//               own (lib/gateway.ts: as Apigee, it does nothing else, so its time stamps are not
//               held up by the Spine's validation), the app at 5 requests/s, the Spine answering
//               in 1-3 s: the acknowledged rate over BENCH_SEND_SECONDS (600 for the real figure)
//               after a warm-up, as a fraction of the limit, and every 429 the gateway had to
//               send; once on an idle machine and once with another process spinning on every
//               core (test/support/cpuBurner.ts), as on a busy practice PC;
//   uncapped  - the Spine unlimited with no latency and national-level validation (strict FHIR
//               validation is CPU-heavy and would measure the test server), the limit lifted
//               (the stored rate limit removed) and 50 at once;
//   form max  - as uncapped but with the app at the form's maximum, 100/s.
// The uncapped windows start once every patient is checked, so they measure sending alone, and
// read the outbox only at their start and end (lib/sendRate.ts, watchSendingBySpine: counting it
// walks an index of the database the app is writing, and a reading every second took about half
// of IndexedDB's time from the app). The sustained windows are counted at the Spine with the
// bench detached from the browser (lib/detachableBrowser.ts). The uncapped ones print where the
// window's time went (lib/windowDiagnostics.ts: CPU per process and thread, the Spine's event
// loop, and on request the worker's CPU profile and a Chromium trace).
// The app reaches the loopback Spine over HTTPS and HTTP/2 (the gateway, or for the uncapped
// figures test/spine/http2Front.ts), as it reaches the national API: over plain HTTP/1.1
// Chromium opens at most 6 connections per
// host, which with answers taking 1-3 s would cap any client near 6 / 2 s = 3 a second and make
// the requests beyond 6 wait in the browser and leave together.

import { availableParallelism } from 'node:os';
import { expect, test } from '@playwright/test';
import { createSpineServer, type SpineServer } from '../test/spine/server';
import { startHttp2Front } from '../test/spine/http2Front';
import { benchCertificate } from './lib/tls';
import { fmt, loadDemo, outboxCounts, removeStoredRateLimit, saveSpineSettings, startRun, waitAllChecked } from './lib/app';
import { BENCH } from './lib/env';
import { openDetachableApp } from './lib/detachableBrowser';
import { loadDemoPractice } from '../test/e2e/support/practice';
import { openApp } from './lib/profile';
import { recordFigures } from './lib/results';
import { figure } from './lib/stats';
import { attemptTimes, describeDelays, describeGaps, pathDelays, quantile, watchSendingBySpine, type RateWindow } from './lib/sendRate';
import { startCpuBurner, type CpuBurner } from '../test/support/cpuBurner';
import { GATEWAY_PRIORITY, startGatewayProcess } from './lib/gatewayProcess';
import { startDiagnostics } from './lib/windowDiagnostics';
import { writeTrace } from './lib/trace';

const TOKEN = 'bench-access-token';
/** The national limit, on both sides (requests/s). */
const LIMIT = 5;
/** In flight at once for the sustained test: 5/s × up to 3 s per answer needs 15; room above. */
const SUSTAINED_CONCURRENCY = 20;
/** Seconds of sending before the sustained window starts (the first answers take 1-3 s). */
const SUSTAINED_WARMUP_S = 30;
const SUSTAINED_PATIENTS = 10_000;
/** The gateway's minimum gap between arrivals (ms). */
const LIMIT_SPACING_MS = 1000 / LIMIT;

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

interface SustainedRun {
  readonly ratio: number;
  readonly windowRatios: readonly number[];
  readonly throttled: number;
  readonly busiestSecond: number;
  /** The smallest gap between two requests' arrivals at the gateway (ms). */
  readonly smallestGapMs: number | null;
  /** From the app handing a request to fetch to its arrival at the gateway (ms): 99th percentile. */
  readonly pathDelayP99Ms: number | null;
  /** CPU seconds the burner used per second of the run (2 = both cores all the time), or null when idle. */
  readonly burnerCores: number | null;
  /** The niceness the gateway ran at, or null when the system refused a higher priority. */
  readonly gatewayPriority: number | null;
}

/**
 * One sustained run: 10,000 patients, the app at the limit, the Spine answering in 1-3 s behind
 * the gateway's limits (lib/gateway.ts, in a process of its own); with `busy`, another process
 * spins on every core from the moment the run starts (warm-up included) until the window ends,
 * so the app's timers, its network thread, the gateway and the Spine all compete with it. The
 * bench lets go of the browser from Run to the window's end (lib/detachableBrowser.ts: an
 * attached DevTools client bunches requests a practice PC's browser does not), so the window is
 * counted at the Spine (messages it stored in the window) and the outbox is read after it.
 */
async function sustainedOnce(baseURL: string, busy: boolean, label: string, windowSeconds: number): Promise<SustainedRun> {
  const spine = await createSpineServer({ port: 0, rateLimitPerSecond: 0, quotaPerMinute: 0, latencyMs: { min: 1000, max: 3000 }, acceptAnyToken: true, level: 'strict', cors: 'open' });
  const tls = benchCertificate();
  const gateway = await startGatewayProcess({ targetUrl: spine.url, key: tls.key, cert: tls.cert, ratePerSecond: LIMIT, quotaPerMinute: LIMIT * 60 });
  const app = await openDetachableApp(baseURL);
  let burner: CpuBurner | null = null;
  try {
    await loadDemoPractice(app.page(), SUSTAINED_PATIENTS);
    await saveSpineSettings(app.page(), { baseUrl: gateway.url, token: TOKEN, ratePerSecond: LIMIT, concurrency: SUSTAINED_CONCURRENCY, timeoutSeconds: 30, rememberToken: false });
    if (busy) burner = await startCpuBurner();
    const burnStartedAt = Date.now();
    const burnedBefore = burner?.cpuSeconds() ?? null;
    await startRun(app.page());
    await app.detach();
    const from = Date.now() + SUSTAINED_WARMUP_S * 1000;
    const to = from + BENCH.sendSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, to - Date.now()));
    const burned = burner?.cpuSeconds() ?? null;
    const burnerCores = burned === null || burnedBefore === null ? null : (burned - burnedBefore) / ((Date.now() - burnStartedAt) / 1000);
    await burner?.stop();
    const storedAt = spine.bundles().map((b) => Date.parse(b.receivedAt));
    const stored = (a: number, b: number): number => storedAt.filter((t) => t >= a && t < b).length;
    const page = await app.attach();
    const counts = await outboxCounts(page);
    expect(counts.queued + counts.waiting, 'the outbox ran dry during the sustained window').toBeGreaterThan(SUSTAINED_CONCURRENCY);
    const limits = await gateway.stats();
    const stats = spine.stats();
    const sentTimes = await attemptTimes(page);
    const arrivals = await gateway.arrivals();
    const delays = pathDelays(sentTimes, arrivals);
    writeTrace(label, { sent: [...sentTimes.entries()], arrivals });
    const perSecond = stored(from, to) / BENCH.sendSeconds;
    const windowRatios: number[] = [];
    for (let t = from; t + windowSeconds * 1000 <= to; t += windowSeconds * 1000) windowRatios.push(stored(t, t + windowSeconds * 1000) / windowSeconds / LIMIT);
    const stages = `handed to fetch: ${describeGaps([...sentTimes.values()].flat(), LIMIT_SPACING_MS)}; stamped by the gateway: ${describeGaps(arrivals.map((a) => a.at), LIMIT_SPACING_MS)}; gateway priority ${gateway.priority ?? 'default'}`;
    const run: SustainedRun = {
      ratio: perSecond / LIMIT,
      windowRatios,
      throttled: limits.spikeArrests + limits.quotaRefusals,
      busiestSecond: stats.maxRequestsInOneSecond,
      smallestGapMs: limits.smallestGapMs,
      pathDelayP99Ms: quantile(delays, 0.99),
      burnerCores,
      gatewayPriority: gateway.priority,
    };
    console.log(
      `${label}: ${perSecond.toFixed(3)}/s stored over ${BENCH.sendSeconds} s (${run.ratio.toFixed(3)} of the limit); gateway ${JSON.stringify(limits)}; from the app to the gateway ${describeDelays(delays)}; Spine answers ${JSON.stringify(stats.byStatus)}, most in one second ${stats.maxRequestsInOneSecond}; app sent ${fmt(counts.sent)}, failed ${fmt(counts.failed)}${burnerCores === null ? '' : `; the burner used ${burnerCores.toFixed(2)} cores`}; ${stages}`,
    );
    return run;
  } finally {
    await burner?.stop();
    await app.close();
    await gateway.close();
    await spine.close();
  }
}

/** The sustained runs, idle or with the CPU kept busy, recorded under `suffix`-ed figure names. */
async function sustained(baseURL: string, busy: boolean): Promise<void> {
  const suffix = busy ? '_busy_cpu' : '';
  const windowSeconds = BENCH.sendSeconds >= 120 ? 60 : 10;
  const runs: SustainedRun[] = [];
  for (let i = 0; i < BENCH.sendRuns; i++) runs.push(await sustainedOnce(baseURL, busy, `sustained${busy ? ', CPU busy,' : ''} #${i + 1}`, windowSeconds));
  const cores = runs.map((r) => r.burnerCores).filter((c): c is number => c !== null);
  const gatewayPriority = runs.some((r) => r.gatewayPriority === null) ? null : GATEWAY_PRIORITY;
  const load = busy
    ? `; the CPU kept busy by another process spinning one thread per core (test/support/cpuBurner.ts) from the start of sending to the end of the window${cores.length > 0 ? `, which got ${Math.min(...cores).toFixed(2)}–${Math.max(...cores).toFixed(2)} of the ${availableParallelism()} cores` : ''}`
    : '';
  const setup = `loopback Spine (in the bench's Node process; answering in 1–3 s, strict validation) behind the gateway's limits, applied as requests arrive at a gateway in a process of its own (bench/lib/gateway.ts, reached over HTTPS and HTTP/2, its event loop at the highest scheduling priority${gatewayPriority === null ? ' where permitted (it was not)' : ''}: Apigee runs on machines of its own, not on the practice PC): SpikeArrest ${LIMIT}ps (one request per ${1000 / LIMIT} ms) and Quota ${LIMIT * 60} per calendar minute; app settings ${LIMIT}/s, ${SUSTAINED_CONCURRENCY} at once; ${fmt(SUSTAINED_PATIENTS)} demo patients; after ${SUSTAINED_WARMUP_S} s of warm-up${load}`;
  recordFigures([
    figure(`send_sustained_ratio_to_limit${suffix}`, '× limit', runs.map((r) => r.ratio), `messages the Spine stored per second over ${BENCH.sendSeconds} s ÷ ${LIMIT}, the bench detached from the browser from Run to the window's end (no DevTools client attached, as on a practice PC); ${setup}`),
    figure(`send_sustained_window_ratio_to_limit${suffix}`, '× limit', runs.flatMap((r) => r.windowRatios), `the same, per consecutive ${windowSeconds} s window (min and max show how steady it was); runs = windows`),
    figure(`send_sustained_429_count${suffix}`, '429s', runs.map((r) => r.throttled), `429 Too Many Requests answers from the gateway (SpikeArrest or Quota) during the whole sending (warm-up included); ${setup}`),
    figure(`send_sustained_path_delay_p99_ms${suffix}`, 'ms', runs.flatMap((r) => (r.pathDelayP99Ms === null ? [] : [r.pathDelayP99Ms])), `99th percentile of the time from the app handing a request to fetch (its attempt time in the outbox) to its arrival at the gateway, on the same machine's clock: the bunching a margin has to cover; ${setup}`),
    figure(`send_sustained_smallest_gap_ms${suffix}`, 'ms', runs.flatMap((r) => (r.smallestGapMs === null ? [] : [r.smallestGapMs])), `the smallest gap between two requests' arrivals at the gateway during the whole sending (SpikeArrest refuses under ${1000 / LIMIT} ms); ${setup}`),
    figure(`send_sustained_max_in_one_second${suffix}`, 'requests', runs.map((r) => r.busiestSecond), `most requests the Spine received in any sliding second (limit ${LIMIT}); ${setup}`),
  ]);
}

test('sending: sustained rate against the configured limit', async ({ baseURL }) => {
  test.setTimeout(BENCH.sendRuns * (BENCH.sendSeconds + 600) * 1000);
  await sustained(baseURL ?? '', false);
});

test('sending: sustained rate with the CPU kept busy by another process', async ({ baseURL }) => {
  test.setTimeout(BENCH.sendRuns * (BENCH.sendSeconds + 900) * 1000);
  await sustained(baseURL ?? '', true);
});

/** POST /Bundle requests the Spine has answered, whatever the answer. */
function answered(spine: SpineServer): number {
  return Object.values(spine.stats().byStatus).reduce((sum, n) => sum + n, 0);
}

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
      const diagnostics = await startDiagnostics(app);
      const w = await watchSendingBySpine(page, BENCH.uncappedSeconds, 1000, UNCAPPED_CONCURRENCY * 2, () => answered(spine));
      const where = await diagnostics.stop(w.seconds);
      const stats = spine.stats();
      console.log(`${removeLimit ? 'ceiling' : 'uncapped'}: ${w.perSecond.toFixed(1)}/s over ${w.seconds.toFixed(1)} s${w.ranDry ? ' (outbox ran dry: window ended early)' : ''}; Spine answers ${JSON.stringify(stats.byStatus)}; ${where}`);
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
    figure('send_uncapped_per_s', 'messages/s', rates, `acknowledged per second over ${BENCH.uncappedSeconds} s once all 20,000 patients are checked (the outbox counted at the window's start and end only), with the limit lifted (the stored rate limit removed by writing the settings row directly: the form allows at most ${UNCAPPED_RATE}/s), ${UNCAPPED_CONCURRENCY} at once; loopback Spine unlimited, no latency, national-level validation${ranDry > 0 ? `; ${ranDry} run(s) ran out of messages and measured a shorter window` : ''}`),
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
