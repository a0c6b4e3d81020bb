// Control of a run from any tab, who stopped it, and Discard this run, with the engine in-process:
// - Pause and Cancel Upload asked in a tab that does not hold the job are carried out by the tab
//   that does; a tab with no job holder anywhere gets a clear refusal;
// - the first stop wins and keeps its cause (full storage, the schedule, you): a second one is
//   refused, and the run's record and the log say who stopped it, once;
// - Discard ends an unfinished run for good: unsent messages dropped (counted and logged), what the
//   Spine acknowledged kept on record (a later run replaces those summaries), and Run, Import and
//   Delete possible again.

import { describe, expect, it } from 'vitest';
import type { OutboxMessage, RunRecord } from '../../../src/domain/model/runs';
import { DEFAULT_SPINE_FORM_VALUES, type SettingsFormValues } from '../../../src/domain/settings/formValues';
import { eventIdOf } from '../../../src/domain/summary/ids';
import type { EngineStatus } from '../../../src/shared/engineState';
import type { PeerMessage } from '../../../src/worker/ports';
import { FAKE_BASE_URL, FakeNationalService } from './fakeNationalService';
import { allChecked, isRunning, latest, loadDemo, makeEngine, ManualTicks, memoryBus, memoryLocks, settle, TestTime, uniqueDbName, until, type TestEngine } from './harness';

const URID = '555254240100';

function spineForm(): SettingsFormValues {
  return { ...DEFAULT_SPINE_FORM_VALUES, baseUrl: FAKE_BASE_URL, sessionUrid: URID, authKind: 'bearer', bearerToken: 'a-token-for-tests', ratePerSecond: '50', concurrency: '4', timeoutSeconds: '1', ladder: 'training' };
}

async function logTexts(t: TestEngine): Promise<string[]> {
  return (await t.db.log.orderBy('id').toArray()).map((l) => l.text);
}

async function runRows(t: TestEngine, runId: number): Promise<OutboxMessage[]> {
  return t.db.outbox.where('[runId+seq]').between([runId, 0], [runId, Infinity]).toArray();
}

const stoppingOf = (s: EngineStatus): unknown => (s.job.phase === 'running' ? s.job.stopping : null);

/** Two tabs on one database, one lock and one peer channel; the first loads the demo practice. */
async function twoTabs(prefix: string, size: number): Promise<{ a: TestEngine; b: TestEngine; bus: ReturnType<typeof memoryBus> }> {
  const name = uniqueDbName(prefix);
  const locks = memoryLocks();
  const bus = memoryBus();
  const a = makeEngine(name, { locks, peers: bus(), runPageSize: 50, runCommandAnswerMs: 200 });
  const b = makeEngine(name, { locks, peers: bus(), runPageSize: 50, runCommandAnswerMs: 200 });
  await loadDemo(a, size);
  return { a, b, bus };
}

/**
 * Starts a run in `t` with sending held (offline), and waits until every patient is checked.
 * `ended` settles when the run does (wrapped: an async function would wait for it).
 */
async function runHeldOffline(t: TestEngine): Promise<{ ended: Promise<'idle' | 'failed'> }> {
  t.engine.setOnline(false);
  const ended = settle(t);
  expect((await t.engine.startRun('run')).ok).toBe(true);
  await until(() => allChecked(t));
  return { ended };
}

describe('control from any tab', () => {
  it('Pause from the second tab is carried out by the tab holding the job: the run pauses at its checkpoint, the log says once that you paused it', async () => {
    const { a, b } = await twoTabs('control-pause', 300);
    const seenByB = b.waitFor('running');
    const { ended } = await runHeldOffline(a);
    expect((await seenByB).runsHere).toBe(false);

    const answer = await b.engine.requestStopFromAnyTab('pause');
    expect(answer).toEqual({ ok: true, value: null });
    expect(await ended).toBe('idle');
    // Both tabs saw the stop under way, with its cause.
    expect(a.statuses.some((s) => JSON.stringify(stoppingOf(s)) === JSON.stringify({ kind: 'pause', cause: { by: 'user' } }))).toBe(true);
    expect(b.statuses.some((s) => !s.runsHere && JSON.stringify(stoppingOf(s)) === JSON.stringify({ kind: 'pause', cause: { by: 'user' } }))).toBe(true);

    const run = await latest(a);
    expect(run.control).toBe('paused');
    expect(run.stoppedBy).toEqual({ by: 'user' });
    const lines = (await logTexts(a)).filter((l) => /paused|stopped/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('paused by the user');

    // Resume from the second tab: it takes the job, and Cancel Upload from the first tab reaches it.
    b.engine.setOnline(false);
    const bEnded = settle(b);
    expect((await b.engine.resume()).ok).toBe(true);
    await until(() => allChecked(b));
    expect(await a.engine.requestStopFromAnyTab('stop')).toEqual({ ok: true, value: null });
    expect(await bEnded).toBe('idle');
    const cancelled = await latest(a);
    expect(cancelled.control).toBe('stopped');
    expect(cancelled.stoppedBy).toEqual({ by: 'user' });
    expect((await logTexts(a)).at(-1)).toContain('stopped (upload cancelled by the user)');
  });

  it('with no tab holding the job, Pause and Cancel Upload are refused plainly', async () => {
    const { a, b } = await twoTabs('control-none', 100);
    const pause = await b.engine.requestStopFromAnyTab('pause');
    expect(pause.ok ? null : pause.error).toEqual({ code: 'not-running', message: 'No tab is running the upload: there is nothing to pause or cancel.' });
    const here = await a.engine.requestStopFromAnyTab('stop');
    expect(here.ok ? null : here.error.code).toBe('not-running');
  });

  it('a stop under way keeps its cause: storage full pauses the run, a Cancel from another tab meanwhile is refused, and the record and the log say storage', async () => {
    const { a, b, bus } = await twoTabs('control-storage', 200);
    // The outbox refuses writes, as a full disk does, once sending starts.
    const outbox = a.db.outbox;
    const bulkPut = outbox.bulkPut.bind(outbox);
    let full = false;
    Object.assign(outbox, { bulkPut: (...args: Parameters<typeof bulkPut>) => (full ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : bulkPut(...args)) });
    // A third tab's channel: the moment the storage stop is announced, the other tab asks to cancel.
    const answers: Promise<unknown>[] = [];
    const watcher = bus();
    watcher.onMessage((m: PeerMessage) => {
      if (m.type === 'status' && m.status.job.phase === 'running' && m.status.job.stopping?.cause.by === 'storage' && answers.length === 0) answers.push(b.engine.requestStopFromAnyTab('stop'));
    });
    const { ended } = await runHeldOffline(a);
    full = true;
    a.engine.setOnline(true);
    expect(await ended).toBe('idle');
    expect(answers).toHaveLength(1);
    const refused = (await answers[0]) as { ok: boolean; error?: { code: string; message: string } };
    expect(refused.error?.code).toBe('stop-under-way');
    expect(refused.error?.message).toContain("paused because the browser's storage for this site is full");

    const run = await latest(a);
    expect(run.control).toBe('paused');
    expect(run.stoppedBy?.by).toBe('storage');
    const log = await logTexts(a);
    expect(log.filter((l) => l.includes('cancelled by the user'))).toEqual([]);
    expect(log.filter((l) => l.includes("paused because the browser's storage for this site is full"))).toHaveLength(1);
  });
});

describe('who stopped a run', () => {
  it('the schedule: the stop under way and the paused run carry its cause, and the log says the schedule paused it, not you', async () => {
    const time = new TestTime(Date.parse('2026-11-26T09:00:00Z'));
    const ticks = new ManualTicks();
    const t = makeEngine(uniqueDbName('control-schedule'), { time, scheduleTicks: ticks, runPageSize: 50 });
    await loadDemo(t, 100);
    t.engine.setOnline(false);
    await t.engine.start();
    const input = { startMode: 'now', startDate: '', startTime: '', limitMode: 'pause', stopTime: '', pauseTime: '18:00', resumeTime: '07:30' } as const;
    expect((await t.engine.setSchedule(input, 'run')).valid).toBe(true);
    const paused = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => allChecked(t));
    time.advance(Date.parse('2026-11-26T18:00:00Z') - time.now() + 200);
    ticks.fire();
    await t.engine.scheduler.current();
    expect(await paused).toBe('idle');

    expect(t.statuses.some((s) => JSON.stringify(stoppingOf(s)) === JSON.stringify({ kind: 'pause', cause: { by: 'schedule' } }))).toBe(true);
    const run = await latest(t);
    expect(run.control).toBe('paused');
    expect(run.stoppedBy).toEqual({ by: 'schedule' });
    const log = await logTexts(t);
    expect(log.filter((l) => l.includes('paused by the schedule (pause time reached)'))).toHaveLength(1);
    expect(log.filter((l) => l.includes('by the user'))).toEqual([]);
    t.engine.dispose();
  });
});

describe('Discard this run', () => {
  it('drops the unsent messages (counted and logged), keeps what the Spine acknowledged, and Run becomes possible again; the new run replaces the acknowledged summaries', async () => {
    const SENT_BEFORE = 20;
    let uploads = 0;
    let holding = true;
    const service = new FakeNationalService({ sessionUrids: [URID], lose: () => (holding && uploads > SENT_BEFORE ? '504' : null) });
    let engine: TestEngine | null = null;
    // After SENT_BEFORE acknowledged uploads the next ones are stored but their answer is lost
    // (504), and the browser goes offline: the run waits with some sent, some waiting to retry
    // and most waiting to be sent.
    const fetchThenOffline: typeof fetch = (input, init) => {
      uploads++;
      if (holding && uploads > SENT_BEFORE) engine?.engine.setOnline(false);
      return service.fetch(input, init);
    };
    const t = makeEngine(uniqueDbName('discard'), { runPageSize: 50, fetch: fetchThenOffline });
    engine = t;
    await loadDemo(t, 300);
    expect((await t.engine.sendingSettings.save(spineForm())).ok).toBe(true);
    const paused = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => allChecked(t) && t.engine.status().job.phase === 'running' && (t.engine.status().job as { sending: { sender: { holds: readonly string[] } } }).sending.sender.holds.includes('offline'));
    expect(t.engine.requestStop('pause').ok).toBe(true);
    expect(await paused).toBe('idle');
    const first = await latest(t);
    const runId = first.id ?? 0;
    const before = await t.engine.runMessageCounts(runId);
    expect(before.sent).toBe(SENT_BEFORE);
    expect(before.waiting).toBeGreaterThan(0);
    expect(before.queued).toBeGreaterThan(0);
    const unsent = before.queued + before.sending + before.waiting;
    const sentRows = (await runRows(t, runId)).filter((m) => m.state === 'sent');
    const outcomesBefore = await t.db.outcomes.count();
    // While unfinished: no new run, no import, no delete.
    expect((await t.engine.startRun('run')).ok).toBe(false);
    const del = await t.engine.deletePracticeData();
    expect(del.ok ? null : del.error.code).toBe('unfinished-run');

    const discarded = await t.engine.discardRun();
    expect(discarded).toEqual({ ok: true, value: { dropped: unsent } });

    const run = await latest(t);
    expect(run.control).toBe('discarded');
    expect(run.discarded).toMatchObject({ dropped: unsent, mayBeOnSpine: before.waiting });
    expect(run.messages).toEqual({ queued: 0, sending: 0, waiting: 0, sent: SENT_BEFORE, failed: 0 });
    // What the Spine acknowledged stays, row for row; nothing unsent is left; the checks stay.
    const rows = await runRows(t, runId);
    expect(rows.map((m) => m.requestId).sort()).toEqual(sentRows.map((m) => m.requestId).sort());
    expect(await t.db.outcomes.count()).toBe(outcomesBefore);
    const log = await logTexts(t);
    const line = log.at(-1) ?? '';
    expect(line).toContain(`(run ${runId}) discarded by the user`);
    expect(line).toContain(`${SENT_BEFORE} messages sent (acknowledged by the Spine) and 0 failed stay on record`);
    expect(line).toContain(`${unsent} unsent messages were dropped (${before.waiting} of them had lost an answer, so the Spine may hold those)`);
    expect(log.filter((l) => l.includes('discarded'))).toHaveLength(1);

    // It never runs again.
    expect((await t.engine.resume()).ok ? null : 'refused').toBe('refused');
    const reprocess = await t.engine.reprocessMessages(runId, null);
    expect(reprocess.ok ? null : reprocess.error.code).toBe('run-discarded');
    const again = await t.engine.discardRun();
    expect(again.ok ? null : again.error.code).toBe('nothing-to-discard');

    // Run is possible again (nothing ever completed); its summaries replace the acknowledged ones.
    holding = false;
    t.engine.setOnline(true);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    expect(await done).toBe('idle');
    const second = await latest(t);
    expect(second.control).toBe('completed');
    const replaced = new Map(sentRows.map((m) => [m.nhsNumber, eventIdOf(m.compositionId)]));
    const secondRows = await runRows(t, second.id ?? 0);
    for (const m of secondRows) expect(m.replacesEventId ?? null).toBe(replaced.get(m.nhsNumber) ?? null);
  });

  it('then Import: the practice data can be replaced, and the discarded run stays in the history', async () => {
    const t = makeEngine(uniqueDbName('discard-import'), { runPageSize: 50 });
    await loadDemo(t, 200);
    const files = (await t.engine.exportPractice()).map((f) => ({ name: f.name, blob: f.blob }));
    const { ended: stopped } = await runHeldOffline(t);
    expect(t.engine.requestStop('stop').ok).toBe(true);
    await stopped;
    const refused = await t.engine.startImport(files);
    expect(refused.ok ? null : refused.error.code).toBe('unfinished-run');

    expect((await t.engine.discardRun()).ok).toBe(true);
    const imported = settle(t);
    expect(await t.engine.startImport(files)).toEqual({ ok: true, value: null });
    expect(await imported).toBe('idle');
    const runs: RunRecord[] = await t.db.runs.toArray();
    expect(runs.map((r) => r.control)).toEqual(['discarded']);
    expect((await logTexts(t)).some((l) => l.startsWith('Practice extract imported: 200 patients'))).toBe(true);
    // No run completed: the next one is a Run, not a Rerun.
    const rerun = await t.engine.startRun('rerun');
    expect(rerun.ok ? null : rerun.error.code).toBe('invalid-argument');
  });

  it('is refused while the run is running, here or in another tab', async () => {
    const { a, b } = await twoTabs('discard-running', 100);
    const seenByB = b.waitFor('running');
    const { ended } = await runHeldOffline(a);
    await seenByB;
    const here = await a.engine.discardRun();
    expect(here.ok ? null : here.error.code).toBe('busy');
    const there = await b.engine.discardRun();
    expect(there.ok ? null : there.error.message).toBe('The upload is running in another tab: pause or cancel it first, then discard it.');
    expect(isRunning(a)).toBe(true);
    expect(a.engine.requestStop('pause').ok).toBe(true);
    await ended;
  });
});
