// The engine meets the national service's real answers, through its own HTTP transport, against
// a fake service in-process (fakeNationalService.ts: no replay record by X-Request-ID, duplicates
// refused by event id with PSIS-30134, an unknown role session refused with a 400 that names no
// PSIS code):
// - an answer lost after the Spine stored the message (504, reset, no answer) → the retry gets
//   PSIS-30134 for the message's own event id → Sent, stored once;
// - a refusal of what the app sends → sending paused with the service's words (status, Upload
//   screen's text, log), nothing failed; Pause, fix the settings, Resume completes; or saving the
//   fixed settings carries on by itself;
// - PSIS-30134 naming another event id → that message failed with the reason;
// - the app closed with requests in flight → reopened, each of those messages shows its cut-off
//   attempt and then the answer to the re-send.

import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/domain/model/runs';
import { CUT_OFF_ERROR } from '../../../src/domain/sending/outboxTransition';
import { DEFAULT_SPINE_FORM_VALUES, type SettingsFormValues } from '../../../src/domain/settings/formValues';
import { sendingText } from '../../../src/ui/sendingText';
import { duplicateText } from '../send/duplicateRuleSpine';
import { FAKE_BASE_URL, FakeNationalService, unknownSessionText, type LostAnswer } from './fakeNationalService';
import { allChecked, latest, loadDemo, makeEngine, qualifyingNhsNumbers, settle, uniqueDbName, until, type TestEngine } from './harness';

const URID = '555254240100';
const WRONG_URID = '111111111111';

function form(overrides: Partial<SettingsFormValues> = {}): SettingsFormValues {
  return { ...DEFAULT_SPINE_FORM_VALUES, baseUrl: FAKE_BASE_URL, sessionUrid: URID, authKind: 'bearer', bearerToken: 'a-token-for-tests', ratePerSecond: '50', concurrency: '4', timeoutSeconds: '1', ladder: 'training', ...overrides };
}

async function logTexts(t: TestEngine): Promise<string[]> {
  return (await t.db.log.orderBy('id').toArray()).map((l) => l.text);
}

async function runMessages(t: TestEngine): Promise<OutboxMessage[]> {
  const run = await latest(t);
  return t.db.outbox.where('[runId+seq]').between([run.id ?? 0, 0], [run.id ?? 0, Infinity]).toArray();
}

/** Completed; one message per qualifying patient, each sent and stored by the service exactly once. */
async function expectAllSentOnce(t: TestEngine, service: FakeNationalService): Promise<OutboxMessage[]> {
  const run = await latest(t);
  expect(run.control).toBe('completed');
  const qualifying = await qualifyingNhsNumbers(t);
  const messages = await runMessages(t);
  expect(messages.map((m) => m.nhsNumber).sort()).toEqual([...qualifying].sort());
  expect(messages.filter((m) => m.state !== 'sent')).toEqual([]);
  expect(qualifying.filter((n) => service.storedFor(n) !== 1)).toEqual([]);
  expect(service.storedTotal()).toBe(qualifying.length);
  expect(await t.engine.runMessageCounts(run.id ?? 0)).toEqual({ queued: 0, sending: 0, waiting: 0, sent: qualifying.length, failed: 0 });
  return messages;
}

describe('a re-send that finds the summary already on the Spine is Sent', () => {
  it.each<[LostAnswer, number | null]>([
    ['504', 504],
    ['reset', null],
    ['hang', null],
  ])('a %s after the Spine stored it → the retry gets PSIS-30134 for its own event id → Sent, stored once', async (lost, firstStatus) => {
    // Every fourth message's first answer is lost after storing.
    let firsts = 0;
    const service = new FakeNationalService({ sessionUrids: [URID], lose: (_id, nth) => (nth === 1 && firsts++ % 4 === 0 ? lost : null) });
    const t = makeEngine(uniqueDbName(`lost-${lost}`), { runPageSize: 50, fetch: service.fetch });
    await loadDemo(t, 80);
    expect((await t.engine.sendingSettings.save(form())).ok).toBe(true);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    expect(await done).toBe('idle');

    const messages = await expectAllSentOnce(t, service);
    const resent = messages.filter((m) => m.attempts.length > 1);
    expect(resent.length).toBe(Math.ceil(messages.length / 4));
    for (const m of resent) {
      expect(m.attempts.map((a) => a.status)).toEqual([firstStatus, 400]);
      expect(m.attempts[1]).toMatchObject({ outcome: 'already-on-spine', error: `Already on the Spine (400): ${duplicateText(m.compositionId, m.nhsNumber)}` });
    }
    if (lost === 'hang') expect(resent.every((m) => m.attempts[0]?.error === 'No answer within 1 s')).toBe(true);
    const completion = (await logTexts(t)).find((l) => l.startsWith('National Summary Initial Upload completed successfully'));
    expect(completion).toContain(`Sent: ${messages.length.toLocaleString('en-GB')}; Sending: 0;`);
  }, 60_000);

  it('PSIS-30134 naming another event id fails that message with the reason; the rest are sent', async () => {
    const service = new FakeNationalService({ sessionUrids: [URID] });
    const t = makeEngine(uniqueDbName('duplicate-other'), { runPageSize: 50, fetch: service.fetch });
    await loadDemo(t, 60);
    const [victim] = await qualifyingNhsNumbers(t);
    if (victim === undefined) throw new Error('nobody qualifies');
    const other = '0b5d1c2e-0000-4000-8000-000000000001';
    service.duplicateOf(victim, other);
    expect((await t.engine.sendingSettings.save(form())).ok).toBe(true);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await done;
    expect((await latest(t)).control).toBe('completed');
    const failed = (await runMessages(t)).filter((m) => m.state === 'failed');
    expect(failed.map((m) => m.nhsNumber)).toEqual([victim]);
    expect(failed[0]).toMatchObject({ failureCode: 'rejected', failure: `Rejected by the Spine (400): ${duplicateText(other, victim)}` });
    expect((await logTexts(t)).some((l) => l.startsWith('Sending paused'))).toBe(false);
  }, 60_000);
});

describe('a refusal that will repeat for everyone pauses sending, not the list', () => {
  async function heldRun(name: string): Promise<{ t: TestEngine; service: FakeNationalService; refusal: string }> {
    const service = new FakeNationalService({ sessionUrids: [URID] });
    const t = makeEngine(uniqueDbName(name), { runPageSize: 50, fetch: service.fetch });
    await loadDemo(t, 120);
    expect((await t.engine.sendingSettings.save(form({ sessionUrid: WRONG_URID }))).ok).toBe(true);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => {
      const job = t.engine.status().job;
      return job.phase === 'running' && job.sending.sender.holds.includes('refused-by-service');
    });
    return { t, service, refusal: unknownSessionText(WRONG_URID) };
  }

  it('a contract 400, repeated: paused with the service’s words on screen and in the log, nothing failed; Pause, fix the settings, Resume completes', async () => {
    const { t, service, refusal } = await heldRun('refused-pause-resume');
    const job = t.engine.status().job;
    if (job.phase !== 'running') throw new Error('not running');
    expect(job.sending.sender.refusal).toEqual({ rule: 'contract', status: 400, text: refusal });
    expect(sendingText(job.sending, Date.now())).toContain(`The Spine refused what this app sends (400): ${refusal}. Sending is paused; nothing has failed.`);
    await until(async () => (await logTexts(t)).some((l) => l.startsWith('Sending paused: The Spine refused what this app sends (400)')));
    // Checking carries on meanwhile; nothing is failed and nothing more is sent.
    await until(() => allChecked(t));
    expect((await runMessages(t)).filter((m) => m.state === 'failed')).toEqual([]);

    const paused = settle(t);
    expect(t.engine.requestStop('pause').ok).toBe(true);
    expect(await paused).toBe('idle');
    expect((await latest(t)).control).toBe('paused');
    // What went out before the hold (the window in flight) was refused alike; nothing stored.
    const refusedSoFar = service.received.length;
    expect(refusedSoFar).toBeGreaterThan(0);
    expect(service.received.every((r) => r.status === 400)).toBe(true);
    expect(service.storedTotal()).toBe(0);
    const waiting = await runMessages(t);
    expect(waiting.filter((m) => m.state === 'failed' || m.state === 'sending')).toEqual([]);
    const held = waiting.filter((m) => m.attempts.length > 0);
    expect(held.length).toBe(refusedSoFar);
    expect(held.every((m) => m.state === 'waiting' && m.attempts.every((a) => a.outcome === 'held' && a.error === `Rejected by the Spine (400): ${refusal}`))).toBe(true);

    expect((await t.engine.sendingSettings.save(form())).ok).toBe(true);
    const done = settle(t);
    expect((await t.engine.resume()).ok).toBe(true);
    expect(await done).toBe('idle');
    const messages = await expectAllSentOnce(t, service);
    // The held attempt stays in each history, followed by the acknowledgement.
    for (const m of messages.filter((x) => x.attempts.length > 1)) expect(m.attempts.map((a) => a.outcome ?? a.status)).toEqual([...m.attempts.slice(0, -1).map(() => 'held'), 201]);
  }, 60_000);

  it('saving the fixed settings while held carries on sending by itself', async () => {
    const { t, service } = await heldRun('refused-fix-while-running');
    const done = settle(t);
    expect((await t.engine.sendingSettings.save(form())).ok).toBe(true);
    expect(await done).toBe('idle');
    await expectAllSentOnce(t, service);
    expect((await logTexts(t)).filter((l) => l.startsWith('Sending paused'))).toHaveLength(1);
  }, 60_000);
});

describe('an attempt recorded when it starts', () => {
  it('the app closed with requests in flight: reopened, each of those messages shows its cut-off attempt, then the re-send’s answer', async () => {
    const name = uniqueDbName('cut-off');
    const service = new FakeNationalService({ sessionUrids: [URID] });
    // The first app: the service stores what it is sent, and the app is gone before any answer.
    let stored = 0;
    const dying: typeof fetch = (input, init) =>
      service.fetch(input, init).then(() => {
        stored++;
        return new Promise<Response>(() => undefined);
      });
    const first = makeEngine(name, { runPageSize: 50, fetch: dying });
    await loadDemo(first, 60);
    // Four a second and four at once: the rows claimed are the four requests in flight. The token
    // is remembered, so the reopened app signs in by itself.
    expect((await first.engine.sendingSettings.save(form({ ratePerSecond: '4', concurrency: '4', timeoutSeconds: '30', rememberToken: true }))).ok).toBe(true);
    expect((await first.engine.startRun('run')).ok).toBe(true);
    await until(() => stored === 4);
    await until(async () => (await first.db.outbox.where('state').equals('sending').count()) === 4);
    first.db.close();

    // Reopened: the run continues by itself and re-sends them with the same request ids.
    const second = makeEngine(name, { runPageSize: 50, fetch: service.fetch });
    const done = second.waitFor('idle');
    await second.engine.start();
    await done;
    const messages = await expectAllSentOnce(second, service);
    const cut = messages.filter((m) => m.attempts[0]?.outcome === 'cut-off');
    expect(cut).toHaveLength(4);
    for (const m of cut) {
      expect(m.attempts).toEqual([
        expect.objectContaining({ status: null, error: CUT_OFF_ERROR, outcome: 'cut-off' }),
        expect.objectContaining({ status: 400, outcome: 'already-on-spine' }),
      ]);
    }
    expect(messages.filter((m) => m.attempts.length !== 1 && !cut.includes(m))).toEqual([]);
  }, 60_000);
});
