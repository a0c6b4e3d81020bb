// Faults on the way to the Spine, against the loopback Spine over real HTTP on 127.0.0.1 (strict
// validation): each transient class (500, 503 with an HTML body, 504 after storing, a request
// that hangs until the app's time limit, a reset connection, a malformed body), bursts of 429,
// the network going away and the browser going offline and back, and a 401 mid-run followed by a
// new token. Whatever happens, every qualifying patient is stored by the Spine exactly once,
// every message ends sent (201, or a retry after a lost answer that meets PSIS-30134 for its own
// event id: already on the Spine) or failed with its reason and code, the outbox states add up,
// and no message the Spine stored is shown as failed.
//
// The transient classes are injected one request at a time (one request in flight, the Spine's
// fault rate set to 1 for the request the plan picks and 0 otherwise), so which message meets
// which fault on which attempt is deterministic; the Spine counts what it injected.
// Over 300 lines: the fault classes share one loopback Spine and engine fixture; split, each file would repeat it.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SPINE_FORM_VALUES, type SettingsFormValues } from '../../../src/domain/settings/formValues';
import { requestCount, type OutboxMessage, type RunRecord } from '../../../src/domain/model/runs';
import type { Clock } from '../../../src/worker/ports';
import type { Sleeper } from '../../../src/worker/send/sleeper';
import { FAULT_KINDS, type FaultKind } from '../../spine/config';
import { createSpineServer, type SpineServer } from '../../spine/server';
import { latest, loadDemo, makeEngine, qualifyingNhsNumbers, REAL_TIME, settle, uniqueDbName, until, type TestEngine } from './harness';

const NO_FAULTS: Record<FaultKind, number> = { '500': 0, '503': 0, '504': 0, hang: 0, reset: 0, malformed: 0 };

/** Faults the Spine injected across this file, by kind, and 429s and 401s it answered. */
const injected: Record<FaultKind | '429' | '401', number> = { ...NO_FAULTS, '429': 0, '401': 0 };
let lostOrDuplicated = 0;

const spines: SpineServer[] = [];
afterEach(async () => {
  for (const spine of spines) {
    const stats = spine.stats();
    for (const kind of FAULT_KINDS) injected[kind] += stats.faultsInjected[kind];
    injected['429'] += stats.byStatus['429'] ?? 0;
    injected['401'] += stats.byStatus['401'] ?? 0;
  }
  await Promise.all(spines.splice(0).map((s) => s.close()));
});

afterAll(() => {
  const total = Object.values(injected).reduce((a, b) => a + b, 0);
  // The one deliberate line of this file: the figures for the reliability note.
  console.log(`faults injected against the loopback Spine: ${total} (${Object.entries(injected).map(([k, n]) => `${k}: ${n}`).join(', ')}); patients lost or stored twice: ${lostOrDuplicated}`);
});

async function startSpine(options: Parameters<typeof createSpineServer>[0] = {}): Promise<SpineServer> {
  const spine = await createSpineServer({ port: 0, rateLimitPerSecond: 0, quotaPerMinute: 0, noConsentNhsNumbers: [], ...options });
  spines.push(spine);
  return spine;
}

function spineForm(spine: SpineServer, overrides: Partial<SettingsFormValues> = {}): SettingsFormValues {
  return { ...DEFAULT_SPINE_FORM_VALUES, baseUrl: spine.url, sessionUrid: '555254240100', authKind: 'bearer', bearerToken: spine.issueToken().access_token, ratePerSecond: '100', concurrency: '1', timeoutSeconds: '10', ladder: 'training', ...overrides };
}

/** Which fault (if any) the request for a message's `attempt`-th try meets; `order`: the message's place in sending order from 0. */
type FaultPlan = (attempt: number, order: number) => FaultKind | null;

/**
 * A fetch that sets the Spine's fault rates just before each POST /Bundle so that exactly the
 * planned requests meet a fault. Needs one request in flight at a time (concurrency 1): the
 * Spine draws the fault while that request is the only one it is processing.
 */
function plannedFaults(spine: SpineServer, plan: FaultPlan): typeof fetch {
  const attempts = new Map<string, number>();
  const order: string[] = [];
  return (input, init) => {
    const requestId = new Headers(init?.headers).get('X-Request-ID');
    if (requestId !== null) {
      const attempt = (attempts.get(requestId) ?? 0) + 1;
      attempts.set(requestId, attempt);
      if (attempt === 1) order.push(requestId);
      const kind = plan(attempt, order.indexOf(requestId));
      spine.configure({ faults: kind === null ? NO_FAULTS : { ...NO_FAULTS, [kind]: 1 } });
    }
    return fetch(input, init);
  };
}


/**
 * The run completed; each qualifying patient has exactly one message; each message is sent or
 * failed with its reason and code; the states add up; the Spine stored each sent patient exactly
 * once and no failed one. Returns the run's messages by NHS number.
 */
async function expectNothingLostOrTwice(t: TestEngine, spine: SpineServer): Promise<{ run: RunRecord; rows: Map<string, OutboxMessage> }> {
  const run = await latest(t);
  expect(run.control).toBe('completed');
  const qualifying = await qualifyingNhsNumbers(t);
  const messages = await t.db.outbox.where('[runId+seq]').between([run.id ?? 0, 0], [run.id ?? 0, Infinity]).toArray();
  const rows = new Map(messages.map((m) => [m.nhsNumber, m]));
  const notOnce = qualifying.filter((n) => messages.filter((m) => m.nhsNumber === n).length !== 1 || spine.bundles(n).length !== (rows.get(n)?.state === 'sent' ? 1 : 0));
  lostOrDuplicated += notOnce.length;
  expect(notOnce, 'patients not queued once, or not stored exactly once when sent (or stored when failed)').toEqual([]);
  expect(messages).toHaveLength(qualifying.length);
  expect(run.counts.queued).toBe(qualifying.length);

  for (const m of messages) {
    expect(['sent', 'failed'], `${m.nhsNumber} ends sent or failed`).toContain(m.state);
    // Sent: a 201, or the Spine saying it already holds this very summary (PSIS-30134, own event id).
    if (m.state === 'sent') expect(m.attempts.at(-1)?.outcome === 'already-on-spine' || m.attempts.at(-1)?.status === 201).toBe(true);
    else {
      expect(m.failure, `${m.nhsNumber} failed with a reason`).toMatch(/\S/);
      expect(m.failureCode, `${m.nhsNumber} failed with a code`).not.toBeNull();
    }
    // Every attempt that did not end in 201 says why.
    for (const a of m.attempts) if (a.status !== 201) expect(a.error, `${m.nhsNumber}: attempt at ${a.at}`).toMatch(/\S/);
  }
  const counts = await t.engine.runMessageCounts(run.id ?? 0);
  const sent = messages.filter((m) => m.state === 'sent').length;
  expect(counts).toEqual({ queued: 0, sending: 0, waiting: 0, sent, failed: messages.length - sent });
  expect(run.messages).toEqual(counts);
  const stats = spine.stats();
  expect(stats.bundlesStored).toBe(sent);
  // No replay record by X-Request-ID: a re-send of a stored message meets the duplicate rule and is
  // shown Sent (more duplicates than that when the answer to one was lost in turn).
  const alreadyOnSpine = messages.filter((m) => m.attempts.at(-1)?.outcome === 'already-on-spine').length;
  expect(stats.duplicatesRefused.replayedRequestIds).toBe(0);
  expect(stats.duplicatesRefused.psisDuplicates).toBeGreaterThanOrEqual(alreadyOnSpine);
  return { run, rows };
}

/** Runs the demo practice's upload to the end. */
async function runToEnd(t: TestEngine): Promise<void> {
  const done = settle(t);
  const started = await t.engine.startRun('run');
  expect(started.ok).toBe(true);
  expect(await done).toBe('idle');
}

/** The status the app records for an attempt that met each fault. */
const RECORDED_STATUS: Record<FaultKind, number | null> = { '500': 500, '503': 503, '504': 504, malformed: 502, reset: null, hang: null };
/** Faults after which the upload was stored: the retry meets PSIS-30134 for its own event id (Sent). */
const AFTER_STORING: ReadonlySet<FaultKind> = new Set(['504', 'malformed', 'reset', 'hang']);

describe('each transient fault class: retried with the same request id until acknowledged; stored exactly once', () => {
  it.each([
    ['500', 'every third message', 3],
    ['503', 'every third message (an HTML body)', 3],
    ['504', 'every third message (after storing it)', 3],
    ['malformed', 'every third message (502 with a truncated body, after storing it)', 3],
    ['reset', 'every third message (connection reset after storing it)', 3],
    ['hang', 'every eighth message (no answer until the app’s 1 s time limit, after storing it)', 8],
  ] as const)('%s on the first attempt of %s', async (kind, _what, every) => {
    const spine = await startSpine();
    const t = makeEngine(uniqueDbName(`fault-${kind}`), { runPageSize: 50, fetch: plannedFaults(spine, (attempt, order) => (attempt === 1 && order % every === 0 ? kind : null)) });
    await loadDemo(t, 40);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { timeoutSeconds: kind === 'hang' ? '1' : '10' }))).ok).toBe(true);
    await runToEnd(t);

    const { rows } = await expectNothingLostOrTwice(t, spine);
    const faulted = [...rows.values()].filter((m) => m.attempts.length > 1);
    const planned = Math.ceil(rows.size / every);
    expect(spine.stats().faultsInjected[kind]).toBe(planned);
    expect(faulted).toHaveLength(planned);
    for (const m of faulted) {
      expect(m.state).toBe('sent');
      expect(m.attempts.map((a) => a.status)).toEqual([RECORDED_STATUS[kind], AFTER_STORING.has(kind) ? 400 : 201]);
      if (AFTER_STORING.has(kind)) expect(m.attempts[1]?.outcome).toBe('already-on-spine');
    }
    if (kind === 'hang') expect(faulted.every((m) => m.attempts[0]?.error === 'No answer within 1 s')).toBe(true);
    if (kind === 'reset') expect(faulted.every((m) => m.attempts[0]?.error?.startsWith('Network error:'))).toBe(true);
    // After storing: the retry met the duplicate rule and was not stored again.
    expect(spine.stats().duplicatesRefused).toEqual({ replayedRequestIds: 0, psisDuplicates: AFTER_STORING.has(kind) ? planned : 0 });
  }, 60_000);

  it('all classes mixed, some messages twice in a row; one the Spine never accepts fails with the last reason and is not stored', async () => {
    const spine = await startSpine();
    const cycle: readonly (FaultKind | null)[] = ['500', '503', '504', 'malformed', 'reset', null, 'hang'];
    const neverAccepted = 5;
    const t = makeEngine(uniqueDbName('fault-mixed'), {
      runPageSize: 50,
      fetch: plannedFaults(spine, (attempt, order) => {
        if (order === neverAccepted) return '503';
        if (attempt === 1) return cycle[order % cycle.length] ?? null;
        // Every fourth message meets a second fault on its retry.
        return attempt === 2 && order % 4 === 0 ? (cycle[(order + 1) % cycle.length] ?? null) : null;
      }),
    });
    await loadDemo(t, 60);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { timeoutSeconds: '1' }))).ok).toBe(true);
    await runToEnd(t);

    const { rows } = await expectNothingLostOrTwice(t, spine);
    const failed = [...rows.values()].filter((m) => m.state === 'failed');
    expect(failed).toHaveLength(1);
    const [gaveUp] = failed;
    // The training schedule: the first attempt and five retries, then the last reason.
    expect(gaveUp?.failureCode).toBe('gave-up');
    expect(gaveUp?.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503, 503, 503]);
    expect(gaveUp?.failure).toMatch(/Service unavailable \(503\)/);
    expect(spine.bundles(gaveUp?.nhsNumber ?? '')).toHaveLength(0);
    const stats = spine.stats();
    expect(Object.values(stats.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(rows.size);
  }, 60_000);
});

describe('429, the network, and logins mid-run', () => {
  it('bursts of 429 (the Spine’s limit below the app’s rate for a while): Retry-After honoured, each 429 recorded, every patient stored once', async () => {
    // A gateway that sends Retry-After (the live one sends none: see the pacer's own hold in throttleHold.ts).
    const spine = await startSpine({ latencyMs: { min: 5, max: 15 }, retryAfter: true });
    const t = makeEngine(uniqueDbName('fault-429'), { time: REAL_TIME, runPageSize: 50 });
    await loadDemo(t, 100);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { ratePerSecond: '25', concurrency: '8', timeoutSeconds: '10' }))).ok).toBe(true);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    // Two bursts: the Spine drops to 4 a second until it has refused a few more, then lets traffic through.
    for (const [storedAtLeast, refusedAtLeast] of [[10, 3], [45, 6]] as const) {
      await until(() => spine.stats().bundlesStored >= storedAtLeast);
      spine.configure({ rateLimitPerSecond: 4 });
      await until(() => (spine.stats().byStatus['429'] ?? 0) >= refusedAtLeast);
      spine.configure({ rateLimitPerSecond: 0 });
    }
    expect(await done).toBe('idle');

    const { rows } = await expectNothingLostOrTwice(t, spine);
    expect([...rows.values()].every((m) => m.state === 'sent')).toBe(true);
    const throttled = [...rows.values()].filter((m) => m.attempts.some((a) => a.status === 429));
    expect(throttled.length).toBeGreaterThan(0);
    // Each 429 is recorded with the reason (several in a row as one attempt that counts them);
    // the retry waited at least the Retry-After (1 s) after the last of them.
    const attempts429 = [...rows.values()].flatMap((m) => m.attempts).filter((a) => a.status === 429);
    expect(requestCount(attempts429)).toBe(spine.stats().byStatus['429'] ?? -1);
    for (const m of throttled) {
      m.attempts.forEach((a, i) => {
        if (a.status !== 429) return;
        expect(a.error).toMatch(/^Rate limit exceeded \(429\)/);
        const next = m.attempts[i + 1];
        expect(next, `${m.nhsNumber}: a retry after the 429`).toBeDefined();
        expect(Date.parse(next?.at ?? '') - Date.parse(a.at)).toBeGreaterThanOrEqual(1000);
      });
    }
  }, 60_000);

  it('the network goes away, then the browser says offline, then both come back: sending resumes by itself, nothing sent twice', async () => {
    const spine = await startSpine({ latencyMs: { min: 10, max: 30 } });
    let networkDown = false;
    let requestsTried = 0;
    const flaky: typeof fetch = (input, init) => {
      if (!new Headers(init?.headers).has('X-Request-ID')) return fetch(input, init);
      requestsTried++;
      return networkDown ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init);
    };
    // Real time that counts the waits with no time limit: in the engine only the sender waits so,
    // when a hold stops it (or its window is full), until an event wakes it.
    let unlimitedWaits = 0;
    const time: Clock & Sleeper = {
      now: () => REAL_TIME.now(),
      sleep: (ms, signal) => {
        if (ms === Number.POSITIVE_INFINITY) unlimitedWaits++;
        return REAL_TIME.sleep(ms, signal);
      },
    };
    const t = makeEngine(uniqueDbName('fault-offline'), { time, runPageSize: 50, fetch: flaky });
    await loadDemo(t, 100);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { ratePerSecond: '40', concurrency: '6' }))).ok).toBe(true);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => spine.stats().bundlesStored >= 15);

    networkDown = true;
    await until(async () => (await t.db.outbox.filter((m) => m.attempts.some((a) => a.error?.startsWith('Network error') === true)).count()) > 0);
    t.engine.setOnline(false);
    await until(() => {
      const job = t.engine.status().job;
      return job.phase === 'running' && job.sending.sender.holds.includes('offline');
    });
    // Requests in flight when the hold came have finished and been recorded.
    await until(async () => (await t.db.outbox.where('state').equals('sending').count()) === 0);
    const received = spine.stats().requestsReceived;
    const tried = requestsTried;
    const job = t.engine.status().job;
    expect(job.phase).toBe('running');
    // Back: the network first, then the browser's online event. The browser saying offline again
    // wakes the sender, which looks again with the network back: held, it sends nothing and waits
    // for the next event without a time limit. Not held, it would send (counted below) or wait
    // for its next probe or retry with a time limit (and this wait would time out).
    networkDown = false;
    const waitsBefore = unlimitedWaits;
    t.engine.setOnline(false);
    await until(() => unlimitedWaits > waitsBefore);
    expect(requestsTried, 'requests tried while the browser said offline').toBe(tried);
    expect(spine.stats().requestsReceived, 'requests while the browser said offline').toBe(received);
    t.engine.setOnline(true);
    expect(await done).toBe('idle');

    const { rows } = await expectNothingLostOrTwice(t, spine);
    expect([...rows.values()].every((m) => m.state === 'sent')).toBe(true);
    const cut = [...rows.values()].filter((m) => m.attempts.some((a) => a.status === null));
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((m) => m.attempts.at(-1)?.status === 201 && m.attempts.slice(0, -1).every((a) => a.status === null && a.error?.startsWith('Network error') === true))).toBe(true);
  }, 60_000);

  it('a 401 mid-run holds sending without using up attempts; a new token lets it finish', async () => {
    const spine = await startSpine({ latencyMs: { min: 10, max: 30 } });
    const t = makeEngine(uniqueDbName('fault-401'), { time: REAL_TIME, runPageSize: 50 });
    await loadDemo(t, 100);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { ratePerSecond: '40', concurrency: '6' }))).ok).toBe(true);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => spine.stats().bundlesStored >= 15);
    spine.expireTokens();
    await until(() => {
      const job = t.engine.status().job;
      return job.phase === 'running' && job.sending.sender.holds.includes('auth');
    });
    await until(async () => (await t.db.outbox.where('state').equals('sending').count()) === 0);
    const held = await t.db.outbox.toArray();
    expect(held.every((m) => m.state !== 'failed' && m.attempts.every((a) => a.status !== 401))).toBe(true);
    expect(spine.stats().bundlesStored).toBeLessThan(held.length);

    expect(t.engine.sendingSettings.setSessionToken(spine.issueToken().access_token).ok).toBe(true);
    expect(await done).toBe('idle');
    const { rows } = await expectNothingLostOrTwice(t, spine);
    expect([...rows.values()].every((m) => m.state === 'sent' && m.attempts.length === 1)).toBe(true);
    expect(spine.stats().byStatus['401'] ?? 0).toBeGreaterThan(0);
  }, 60_000);
});
