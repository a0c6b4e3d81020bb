// The engine's one job state, seen from outside: a full disk and a database upgrade in another
// tab stop a run through the stop under way (the status says who stopped it, and Pause meanwhile
// is refused with that cause), and an upgrade during Delete practice data ends it with Reload,
// never as a failed delete or a failure shown while the delete still runs.

import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSIONS } from '../../../src/db/database';
import type { EngineStatus } from '../../../src/shared/engineState';
import { allChecked, latest, loadDemo, makeEngine, settle, uniqueDbName, until, type TestEngine } from './harness';

const stopCause = (s: EngineStatus): string | null => (s.job.phase === 'running' ? (s.job.stopping?.cause.by ?? null) : null);

/** Another tab opens the database at a higher version (a newer app adding a table). */
async function upgradeInAnotherTab(name: string, t: TestEngine): Promise<Dexie> {
  const newer = new Dexie(name);
  for (const declare of SCHEMA_VERSIONS) declare(newer);
  newer.version(t.db.verno + 1).stores({ newTable: 'id' });
  await newer.open();
  return newer;
}

describe('who stops a run, as the job state says', () => {
  it('storage full while sending: the status shows the stop under way, by storage, before the run pauses', async () => {
    const t = makeEngine(uniqueDbName('jobstate-storage'), { runPageSize: 50 });
    await loadDemo(t, 200);
    const outbox = t.db.outbox;
    const bulkPut = outbox.bulkPut.bind(outbox);
    let full = false;
    Object.assign(outbox, { bulkPut: (...args: Parameters<typeof bulkPut>) => (full ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : bulkPut(...args)) });
    t.engine.setOnline(false);
    const ended = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    // Every patient queued first: queueing writes the outbox with bulkPut too, and this is about sending.
    await until(() => allChecked(t));
    full = true;
    t.engine.setOnline(true);
    expect(await ended).toBe('idle');
    expect(t.statuses.some((s) => stopCause(s) === 'storage' && s.runsHere)).toBe(true);
    expect((await latest(t)).stoppedBy?.by).toBe('storage');
  });

  it('a database upgrade in another tab during a run: the status shows the stop under way, by the upgrade; Pause meanwhile is refused; then Reload', async () => {
    const name = uniqueDbName('jobstate-upgrade');
    const t = makeEngine(name, { runPageSize: 50 });
    await loadDemo(t, 200);
    t.engine.setOnline(false);
    const ended = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => allChecked(t));
    const pauses: { ok: boolean; code: string | null }[] = [];
    const newer = upgradeInAnotherTab(name, t);
    await until(() => stopCause(t.engine.status()) === 'upgrade' || t.engine.status().job.phase === 'failed');
    if (stopCause(t.engine.status()) === 'upgrade') {
      const r = t.engine.requestStop('pause');
      pauses.push({ ok: r.ok, code: r.ok ? null : r.error.code });
    }
    expect(await ended).toBe('failed');
    (await newer).close();
    expect(t.statuses.some((s) => stopCause(s) === 'upgrade')).toBe(true);
    expect(pauses.every((p) => !p.ok && p.code === 'stop-under-way')).toBe(true);
    expect(t.engine.status().job).toMatchObject({ phase: 'failed', job: 'database', error: { code: 'database-closed' } });
  });
});

describe('a database upgrade during Delete practice data', () => {
  it('the delete is shown as under way until it ends, then this tab is told to reload: never a failed delete', async () => {
    const name = uniqueDbName('jobstate-delete');
    const t = makeEngine(name);
    await loadDemo(t, 500);
    const deleting = t.waitFor('deleting-practice');
    const ended = settle(t);
    expect((await t.engine.deletePracticeData()).ok).toBe(true);
    await deleting;
    const newer = await upgradeInAnotherTab(name, t);
    expect(await ended).toBe('failed');
    newer.close();

    const afterDelete = t.statuses.slice(t.statuses.findIndex((s) => s.job.phase === 'deleting-practice'));
    // While this tab still runs the delete, it says so; a failure comes only once it has ended.
    expect(afterDelete.filter((s) => s.job.phase === 'failed').every((s) => !s.runsHere)).toBe(true);
    expect(afterDelete.some((s) => s.job.phase === 'failed' && s.job.job === 'delete')).toBe(false);
    const status = t.engine.status();
    expect(status).toMatchObject({ runsHere: false, job: { phase: 'failed', job: 'database', error: { code: 'database-closed' } } });
    expect(status.job.phase === 'failed' ? status.job.error.message : '').toMatch(/Reload this tab/);
  });
});
