// The engine when storage fails under it: the browser's storage full (a checkpoint transaction
// refused) pauses the run with a clear message and loses nothing, and Resume finishes it; a
// newer version of the app upgrading the database in another tab stops the run at its last
// checkpoint and tells this tab to reload, leaving the run for the newer version to continue.

import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSIONS } from '../../../src/db/database';
import { allChecked, latest, loadDemo, makeEngine, settle, uniqueDbName, until } from './harness';

const PAGE = 50;

function quotaExceeded(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

describe('storage failing under a run', () => {
  it('storage full while queueing: the run pauses with the reason, the refused page is not half-stored, Resume finishes it', async () => {
    const name = uniqueDbName('quota');
    let pages = 0;
    let full = true;
    const t = makeEngine(name, { runPageSize: PAGE, loopHooks: { insideCommit: () => { if (++pages === 3 && full) throw quotaExceeded(); } } });
    await loadDemo(t, 400);
    const stopped = settle(t);
    await t.engine.startRun('run');
    expect(await stopped).toBe('failed');
    const status = t.engine.status();
    expect(status.job.phase === 'failed' ? status.job.error.code : null).toBe('storage-quota');

    const run = await latest(t);
    expect(run.control).toBe('paused');
    expect(run.counts.checked).toBe(2 * PAGE);
    expect((await t.db.outbox.count()) + (await t.db.outcomes.count())).toBe(2 * PAGE);
    const log = (await t.db.log.orderBy('id').toArray()).map((l) => l.text);
    expect(log.at(-1)).toMatch(/paused: the browser's storage for this site is full\. Nothing is lost/);

    // Space freed: Resume continues from the checkpoint and every patient is checked once.
    full = false;
    const done = settle(t);
    expect((await t.engine.resume()).ok).toBe(true);
    await done;
    const finished = await latest(t);
    expect(finished.control).toBe('completed');
    expect(finished.counts.checked).toBe(400);
    const seqs = [...(await t.db.outbox.toArray()).map((m) => m.seq), ...(await t.db.outcomes.toArray()).map((o) => o.seq)];
    expect(new Set(seqs).size).toBe(400);
    expect(seqs.length).toBe(400);
  });

  it('storage full while sending: the run pauses with the reason; once space is back one Resume completes it, each message sent once', async () => {
    const t = makeEngine(uniqueDbName('quota-sending'), { runPageSize: PAGE });
    await loadDemo(t, 200);
    // The outbox refuses writes, as a full disk does, until space is freed.
    const outbox = t.db.outbox;
    const bulkPut = outbox.bulkPut.bind(outbox);
    let full = false;
    Object.assign(outbox, { bulkPut: (...args: Parameters<typeof bulkPut>) => (full ? Promise.reject(quotaExceeded()) : bulkPut(...args)) });
    t.engine.setOnline(false);
    const paused = settle(t);
    await t.engine.startRun('run');
    // Every patient queued first: queueing writes the outbox with bulkPut too, and this is about sending.
    await until(() => allChecked(t));
    full = true;
    t.engine.setOnline(true);
    expect(await paused).toBe('idle');
    const run = await latest(t);
    expect(run.control).toBe('paused');
    const log = (await t.db.log.orderBy('id').toArray()).map((l) => l.text);
    expect(log.at(-1)).toMatch(/paused because the browser's storage for this site is full/);

    full = false;
    const done = settle(t);
    expect((await t.engine.resume()).ok).toBe(true);
    expect(await done).toBe('idle');
    const finished = await latest(t);
    expect(finished.control).toBe('completed');
    const rows = await t.db.outbox.toArray();
    expect(rows.length).toBe(finished.counts.queued);
    expect(rows.every((r) => r.state === 'sent' || (r.state === 'failed' && r.failure !== null))).toBe(true);
  });

  it('a newer version upgrading the database in another tab: the run stops at a checkpoint and this tab is told to reload; the run stays due to continue', async () => {
    const name = uniqueDbName('versionchange');
    const t = makeEngine(name, { runPageSize: PAGE });
    await loadDemo(t, 300);
    t.engine.setOnline(false); // sending waits, so the run is still running when the upgrade comes
    const stopped = settle(t);
    await t.engine.startRun('run');
    await until(() => allChecked(t));

    // Another tab opens the database at a higher version (a newer app adding a table).
    const current = t.db.verno;
    const newer = new Dexie(name);
    for (const declare of SCHEMA_VERSIONS) declare(newer);
    newer.version(current + 1).stores({ newTable: 'id' });
    await newer.open();

    expect(await stopped).toBe('failed');
    const status = t.engine.status();
    expect(status.job).toMatchObject({ phase: 'failed', job: 'database', error: { code: 'database-closed' } });
    expect(status.job.phase === 'failed' ? status.job.error.message : '').toMatch(/Reload this tab/);

    // What is stored is whole: every patient up to the checkpoint has exactly one row.
    const run = await newer.table('runs').orderBy('id').last();
    const rows = (await newer.table('outbox').count()) + (await newer.table('outcomes').count());
    expect(run.counts.checked).toBe(300);
    expect(rows).toBe(run.counts.checked);
    // Still stored as running: the newer version's engine continues it when it starts.
    expect(run.control).toBe('running');
    newer.close();
  });
});
