// The upload engine in-process: Run to completion, the operations and their refusals, and
// crashes injected between and inside checkpoint transactions followed by a resume — after which
// every qualifying patient must be queued exactly once and the counters must agree with the rows.

import { describe, expect, it } from 'vitest';
import type { ScrDatabase } from '../../../src/db/database';
import { checkEligibility } from '../../../src/domain/eligibility';
import { loadDemo, latest, makeEngine, memoryBus, memoryLocks, settle, uniqueDbName } from './harness';
import { storedPatients } from '../db/storedPatients';

const SIZE = 1_200;
const PAGE = 100;

/** Checks the checkpoint invariant on the stored rows of one run and returns the queued seqs. */
async function assertExactlyOnce(db: ScrDatabase, runId: number): Promise<void> {
  const patients = await storedPatients(db);
  const outbox = await db.outbox.where('[runId+seq]').between([runId, -Infinity], [runId, Infinity]).toArray();
  const outcomes = await db.outcomes.where('[runId+seq]').between([runId, -Infinity], [runId, Infinity]).toArray();
  const queuedSeqs = outbox.map((m) => m.seq);
  expect(new Set(queuedSeqs).size).toBe(queuedSeqs.length);
  const expectedQueued = patients.filter((p) => checkEligibility(p).outcome === 'qualifies').map((p) => p.seq);
  expect([...queuedSeqs].sort((a, b) => a - b)).toEqual(expectedQueued);
  const outcomeSeqs = outcomes.map((o) => o.seq);
  expect(new Set(outcomeSeqs).size).toBe(outcomeSeqs.length);
  expect(outcomeSeqs.length + queuedSeqs.length).toBe(patients.length);
  const run = await db.runs.get(runId);
  expect(run?.control).toBe('completed');
  expect(run?.counts.checked).toBe(patients.length);
  expect(run?.counts.queued).toBe(outbox.length);
  const failed = Object.values(run?.counts.failed ?? {}).reduce((s, n) => s + n, 0);
  expect(failed).toBe(outcomes.filter((o) => o.outcome === 'failed').length);
  // Every request id and bundle id is unique: no message was built twice.
  expect(new Set(outbox.map((m) => m.requestId)).size).toBe(outbox.length);
  expect(new Set(outbox.map((m) => m.bundleId)).size).toBe(outbox.length);
}

describe('upload run', () => {
  it('checks, builds and queues every patient once, with the statistics and the log', async () => {
    const t = makeEngine(uniqueDbName('run-complete'), { runPageSize: PAGE });
    await loadDemo(t, SIZE);
    const done = settle(t);
    const started = await t.engine.startRun('run');
    expect(started.ok).toBe(true);
    expect(await done).toBe('idle');
    const run = await latest(t);
    await assertExactlyOnce(t.db, run.id ?? 0);

    const message = await t.db.outbox.where('[runId+seq]').between([run.id ?? 0, -Infinity], [run.id ?? 0, Infinity]).first();
    const bundle = JSON.parse(message?.body ?? '{}') as { identifier: { value: string }; entry: { resource: { resourceType: string; id: string } }[] };
    expect(bundle.identifier.value).toBe(message?.bundleId);
    expect(bundle.entry[0]?.resource.resourceType).toBe('Composition');
    expect(bundle.entry[0]?.resource.id).toBe(message?.compositionId);

    const log = (await t.db.log.toArray()).map((e) => e.text);
    expect(log.some((l) => l.startsWith(`National Summary Initial Upload started for ${SIZE.toLocaleString('en-GB')} patients`))).toBe(true);
    expect(log.some((l) => l.startsWith('National Summary Initial Upload completed successfully'))).toBe(true);
    const failedLines = log.filter((l) => l.startsWith('Patient ') && l.includes('Failed:'));
    expect(failedLines.length).toBe(Object.values(run.counts.failed).reduce((s, n) => s + n, 0));
  });

  it('refuses Run after completion, and Rerun and Failed make new runs that keep earlier results', async () => {
    const t = makeEngine(uniqueDbName('run-ops'), { runPageSize: PAGE });
    await loadDemo(t, 600);
    let done = settle(t);
    await t.engine.startRun('run');
    await done;
    const first = await latest(t);
    const firstQueued = await t.db.outbox.count();
    // The training Spine refuses some test numbers (no consent): those fail on sending.
    const sendFailed = await t.db.outbox.where('state').equals('failed').count();

    const again = await t.engine.startRun('run');
    expect(again.ok ? null : again.error.code).toBe('already-completed');

    done = settle(t);
    const failedRun = await t.engine.startRun('failed');
    expect(failedRun.ok).toBe(true);
    await done;
    const reprocess = await latest(t);
    const failedCount = Object.values(first.counts.failed).reduce((s, n) => s + n, 0);
    expect(reprocess.kind).toBe('failed');
    // Failed takes the patients that failed the checks and those whose message failed on sending.
    expect(reprocess.total).toBe(failedCount + sendFailed);
    expect(reprocess.counts.checked).toBe(failedCount + sendFailed);
    expect(reprocess.counts.queued).toBe(sendFailed);
    // The practice data did not change, so the same patients fail again for the same reasons.
    expect(reprocess.counts.failed).toEqual(first.counts.failed);

    done = settle(t);
    expect((await t.engine.startRun('rerun')).ok).toBe(true);
    await done;
    const rerun = await latest(t);
    expect(rerun.kind).toBe('rerun');
    expect(rerun.counts.queued).toBe(first.counts.queued);
    expect(await t.db.outbox.count()).toBe(firstQueued * 2 + sendFailed);
    expect(await t.db.runs.count()).toBe(3);
  });

  it('refuses a run with no practice data, and Rerun or Failed before anything has run', async () => {
    const t = makeEngine(uniqueDbName('run-refusals'));
    const none = await t.engine.startRun('run');
    expect(none.ok ? null : none.error.code).toBe('no-practice');
    await loadDemo(t, 50);
    const rerun = await t.engine.startRun('rerun');
    expect(rerun.ok ? null : rerun.error.code).toBe('invalid-argument');
    const resume = await t.engine.resume();
    expect(resume.ok ? null : resume.error.code).toBe('nothing-to-resume');
  });

  for (const where of ['inside', 'between'] as const) {
    for (const crashAtPage of [1, 4, 11]) {
      it(`a crash ${where} checkpoint transactions (page ${crashAtPage}) then a reopened app resumes: each patient queued once`, async () => {
        const name = uniqueDbName(`crash-${where}-${crashAtPage}`);
        let pages = 0;
        const crash = () => {
          throw new Error(`injected crash ${where} page ${crashAtPage}`);
        };
        const hooks =
          where === 'inside'
            ? { insideCommit: () => (++pages === crashAtPage ? crash() : undefined) }
            : { betweenPages: () => (++pages === crashAtPage ? crash() : undefined) };
        const first = makeEngine(name, { runPageSize: PAGE, loopHooks: hooks });
        await loadDemo(first, SIZE);
        const stopped = settle(first);
        await first.engine.startRun('run');
        expect(await stopped).toBe('failed');
        const interrupted = await latest(first);
        expect(interrupted.control).toBe('running');
        // Inside: the crashed page's transaction aborted; between: the crashed page was committed.
        const committedPages = where === 'inside' ? crashAtPage - 1 : crashAtPage;
        expect(interrupted.counts.checked).toBe(committedPages * PAGE);
        const rowsSoFar = (await first.db.outbox.count()) + (await first.db.outcomes.count());
        expect(rowsSoFar).toBe(committedPages * PAGE);

        // The app is reopened: a new engine on the same database continues by itself.
        const second = makeEngine(name, { runPageSize: PAGE });
        const resumed = second.waitFor('running');
        const finished = second.waitFor('idle');
        await second.engine.start();
        expect((await resumed).job).toMatchObject({ phase: 'running', resumedAutomatically: true });
        await finished;
        await assertExactlyOnce(second.db, interrupted.id ?? 0);
        const log = (await second.db.log.toArray()).map((e) => e.text);
        expect(log.some((l) => l.includes('resumed automatically (the app was reopened while it was running)'))).toBe(true);
      });
    }
  }

  it('a run paused by the user stays paused when the app reopens, and Resume finishes it exactly once', async () => {
    const name = uniqueDbName('pause');
    let pages = 0;
    let t = makeEngine(name, { runPageSize: PAGE });
    const pausing = makeEngine(name, {
      runPageSize: PAGE,
      loopHooks: {
        betweenPages: () => {
          if (++pages === 3) expect(pausing.engine.requestStop('pause').ok).toBe(true);
        },
      },
    });
    t = pausing;
    await loadDemo(t, SIZE);
    const stopped = settle(t);
    await t.engine.startRun('run');
    expect(await stopped).toBe('idle');
    const paused = await latest(t);
    expect(paused.control).toBe('paused');
    expect(paused.counts.checked).toBe(3 * PAGE);

    const reopened = makeEngine(name, { runPageSize: PAGE });
    await reopened.engine.start();
    expect(reopened.engine.status().job.phase).toBe('idle');
    expect((await latest(reopened)).counts.checked).toBe(3 * PAGE);

    const again = await reopened.engine.startRun('run');
    expect(again.ok ? null : again.error.code).toBe('unfinished-run');
    const done = settle(reopened);
    expect((await reopened.engine.resume()).ok).toBe(true);
    await done;
    await assertExactlyOnce(reopened.db, paused.id ?? 0);
  });

  it('one runner: a second tab cannot start a run and sees the first tab’s progress', async () => {
    const name = uniqueDbName('two-tabs');
    const locks = memoryLocks();
    const bus = memoryBus();
    const a = makeEngine(name, { locks, peers: bus(), runPageSize: PAGE });
    const b = makeEngine(name, { locks, peers: bus(), runPageSize: PAGE });
    await loadDemo(a, SIZE);
    const done = settle(a);
    const seenByB = b.waitFor('running');
    await a.engine.startRun('run');
    const bStatus = await seenByB;
    expect(bStatus.runsHere).toBe(false);
    const refused = await b.engine.startRun('run');
    expect(refused.ok).toBe(false);
    expect(refused.ok ? null : refused.error.code).toMatch(/busy|unfinished-run/);
    await done;
    await assertExactlyOnce(a.db, (await latest(a)).id ?? 0);
    expect(await a.db.runs.count()).toBe(1);
  });
});
