// The same answers from the loopback Spine over real HTTP on 127.0.0.1, at its national level (the
// service's rules, no replay record by X-Request-ID, duplicates by event id with PSIS-30134):
// - an answer lost after storing (504, a reset, no answer within the time limit) → the retry
//   meets PSIS-30134 for the message's own event id → Sent; each patient stored exactly once;
// - a header missing on the way (the service's 400 names no PSIS code) → sending paused with the
//   service's words, nothing failed; once the header gets through, Resume completes.
// Faults are planned one request at a time (one request in flight), as in
// engine-faults-loopback.test.ts.

import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/domain/model/runs';
import { DEFAULT_SPINE_FORM_VALUES, type SettingsFormValues } from '../../../src/domain/settings/formValues';
import type { FaultKind } from '../../spine/config';
import { createSpineServer, type SpineServer } from '../../spine/server';
import { latest, loadDemo, makeEngine, qualifyingNhsNumbers, settle, uniqueDbName, until, type TestEngine } from './harness';

const NO_FAULTS: Record<FaultKind, number> = { '500': 0, '503': 0, '504': 0, hang: 0, reset: 0, malformed: 0 };
const MISSING_HEADER = "Required request header 'NHSD-Session-URID' for method parameter type String is not present";

const spines: SpineServer[] = [];
afterEach(async () => {
  await Promise.all(spines.splice(0).map((s) => s.close()));
});

async function startSpine(): Promise<SpineServer> {
  const spine = await createSpineServer({ port: 0, rateLimitPerSecond: 0, quotaPerMinute: 0, noConsentNhsNumbers: [] });
  spines.push(spine);
  return spine;
}

function spineForm(spine: SpineServer, overrides: Partial<SettingsFormValues> = {}): SettingsFormValues {
  return { ...DEFAULT_SPINE_FORM_VALUES, baseUrl: spine.url, sessionUrid: '555254240100', authKind: 'bearer', bearerToken: spine.issueToken().access_token, ratePerSecond: '100', concurrency: '1', timeoutSeconds: '10', ladder: 'training', ...overrides };
}

/**
 * A fetch that sets the Spine's fault rates just before each upload so that only the first
 * attempt of every `every`-th message meets `kind` (one request in flight at a time).
 */
function firstAttemptFaults(spine: SpineServer, kind: FaultKind, every: number): typeof fetch {
  const attempts = new Map<string, number>();
  let messages = 0;
  return (input, init) => {
    const requestId = new Headers(init?.headers).get('X-Request-ID');
    if (requestId !== null) {
      const attempt = (attempts.get(requestId) ?? 0) + 1;
      attempts.set(requestId, attempt);
      const hit = attempt === 1 && messages++ % every === 0;
      spine.configure({ faults: hit ? { ...NO_FAULTS, [kind]: 1 } : NO_FAULTS });
    }
    return fetch(input, init);
  };
}

async function runMessages(t: TestEngine): Promise<OutboxMessage[]> {
  const run = await latest(t);
  return t.db.outbox.where('[runId+seq]').between([run.id ?? 0, 0], [run.id ?? 0, Infinity]).toArray();
}

async function expectAllSentOnce(t: TestEngine, spine: SpineServer): Promise<OutboxMessage[]> {
  const run = await latest(t);
  expect(run.control).toBe('completed');
  const qualifying = await qualifyingNhsNumbers(t);
  const messages = await runMessages(t);
  expect(messages).toHaveLength(qualifying.length);
  expect(messages.filter((m) => m.state !== 'sent')).toEqual([]);
  expect(qualifying.filter((n) => spine.bundles(n).length !== 1)).toEqual([]);
  expect(spine.stats().bundlesStored).toBe(qualifying.length);
  return messages;
}

describe('the loopback Spine at its national level', () => {
  it.each<[FaultKind, number | null]>([
    ['504', 504],
    ['reset', null],
    ['hang', null],
  ])('a %s after storing → the retry meets PSIS-30134 for its own event id → Sent, stored exactly once', async (kind, firstStatus) => {
    const spine = await startSpine();
    const every = kind === 'hang' ? 8 : 3;
    const t = makeEngine(uniqueDbName(`loopback-lost-${kind}`), { runPageSize: 50, fetch: firstAttemptFaults(spine, kind, every) });
    await loadDemo(t, 40);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { timeoutSeconds: kind === 'hang' ? '1' : '10' }))).ok).toBe(true);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    expect(await done).toBe('idle');

    const messages = await expectAllSentOnce(t, spine);
    const resent = messages.filter((m) => m.attempts.length > 1);
    const planned = Math.ceil(messages.length / every);
    expect(spine.stats().faultsInjected[kind]).toBe(planned);
    expect(resent).toHaveLength(planned);
    for (const m of resent) {
      expect(m.attempts.map((a) => a.status)).toEqual([firstStatus, 400]);
      expect(m.attempts[1]?.outcome).toBe('already-on-spine');
      expect(m.attempts[1]?.error).toMatch(/^Already on the Spine \(400\): \[PSIS-30134\] - Duplicate event with eventId /);
      expect(m.attempts[1]?.error?.toLowerCase()).toContain(m.compositionId.toLowerCase());
    }
    expect(spine.stats().duplicatesRefused).toEqual({ replayedRequestIds: 0, psisDuplicates: planned });
  }, 60_000);

  it('a header missing on the way: sending paused with the service’s words, nothing failed; once it gets through, Resume completes', async () => {
    const spine = await startSpine();
    let dropHeader = true;
    const dropping: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      if (dropHeader) headers.delete('NHSD-Session-URID');
      return fetch(input, { ...init, headers });
    };
    const t = makeEngine(uniqueDbName('loopback-missing-header'), { runPageSize: 50, fetch: dropping });
    await loadDemo(t, 60);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { concurrency: '4' }))).ok).toBe(true);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => {
      const job = t.engine.status().job;
      return job.phase === 'running' && job.sending.sender.holds.includes('refused-by-service');
    });
    const job = t.engine.status().job;
    expect(job.phase === 'running' ? job.sending.sender.refusal : null).toEqual({ rule: 'contract', status: 400, text: MISSING_HEADER });
    await until(async () => (await t.db.log.toArray()).some((l) => l.text.startsWith(`Sending paused: The Spine refused what this app sends (400): ${MISSING_HEADER}`)));

    const paused = settle(t);
    expect(t.engine.requestStop('pause').ok).toBe(true);
    await paused;
    const held = await runMessages(t);
    expect(held.filter((m) => m.state === 'failed' || m.state === 'sent')).toEqual([]);
    expect(held.some((m) => m.attempts.some((a) => a.outcome === 'held'))).toBe(true);
    expect(spine.stats().bundlesStored).toBe(0);

    dropHeader = false;
    const done = settle(t);
    expect((await t.engine.resume()).ok).toBe(true);
    expect(await done).toBe('idle');
    await expectAllSentOnce(t, spine);
  }, 60_000);
});
