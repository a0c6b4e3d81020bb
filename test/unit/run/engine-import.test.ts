// The import as an engine job: the demo practice exported and imported back through the engine
// gives the same practice and the same eligibility outcomes; an import is refused while a run is
// unfinished; a cancelled import leaves the previous practice; deleting the practice data
// removes every patient's data and keeps the log and the runs' statistics.

import { describe, expect, it } from 'vitest';
import { checkEligibility } from '../../../src/domain/eligibility';
import { isRunning, latest, loadDemo, makeEngine, settle, uniqueDbName, until, type TestEngine } from './harness';
import { storedPatients, storedPatientCount } from '../db/storedPatients';

async function outcomesBySeqOrder(t: TestEngine): Promise<string[]> {
  const range = await t.db.patientRange.get('current');
  if (!range) return [];
  const patients = (await storedPatients(t.db)).filter((p) => p.seq >= range.firstSeq && p.seq <= range.lastSeq);
  return patients.map((p) => `${p.nhsNumber ?? '-'}:${JSON.stringify(checkEligibility(p))}`);
}

async function logTexts(t: TestEngine): Promise<string[]> {
  return (await t.db.log.orderBy('id').toArray()).map((l) => l.text);
}

describe('import as an engine job', () => {
  it('export then import gives the same practice and the same eligibility outcomes, and logs the summary', async () => {
    const t = makeEngine(uniqueDbName('import-roundtrip'));
    await loadDemo(t, 300);
    const before = await outcomesBySeqOrder(t);
    const practiceBefore = await t.engine.getPractice();
    const files = await t.engine.exportPractice();
    expect(files.map((f) => f.name)).toContain('Patient.ndjson');

    const done = settle(t);
    expect(await t.engine.startImport(files.map((f) => ({ name: f.name, blob: f.blob })))).toEqual({ ok: true, value: null });
    expect(await done).toBe('idle');
    expect(t.statuses.some((s) => s.job.phase === 'importing')).toBe(true);
    expect(await outcomesBySeqOrder(t)).toEqual(before);
    const practice = await t.engine.getPractice();
    expect(practice?.odsCode).toBe(practiceBefore?.odsCode);
    expect(practice?.stats).toEqual(practiceBefore?.stats);
    expect((await logTexts(t)).some((l) => l.startsWith('Practice extract imported: 300 patients'))).toBe(true);
  });

  it('is refused while a run is unfinished, and with no files', async () => {
    const t = makeEngine(uniqueDbName('import-refused'), { runPageSize: 50 });
    await loadDemo(t, 200);
    const files = await t.engine.exportPractice();
    t.engine.setOnline(false);
    const stopped = settle(t);
    await t.engine.startRun('run');
    // Offline, the run waits for sending once every patient is checked: pause it there.
    await until(() => isRunning(t));
    expect(t.engine.requestStop('pause').ok).toBe(true);
    await stopped;
    expect((await latest(t)).control).toBe('paused');
    const refused = await t.engine.startImport(files.map((f) => ({ name: f.name, blob: f.blob })));
    expect(refused.ok ? null : refused.error.code).toBe('unfinished-run');
    const none = await t.engine.startImport([]);
    expect(none.ok ? null : none.error.code).toBe('invalid-argument');
    const del = await t.engine.deletePracticeData();
    expect(del.ok ? null : del.error.code).toBe('unfinished-run');
  });

  it('bad lines are reported with file, line and reason while every valid line is imported', async () => {
    const t = makeEngine(uniqueDbName('import-bad'));
    await loadDemo(t, 50);
    const files = await t.engine.exportPractice();
    const withBad = files.map((f) => (f.name === 'Patient.ndjson' ? { name: f.name, blob: new Blob([f.blob, '{"resourceType":"Patient",\n', 'not json\n']) } : { name: f.name, blob: f.blob }));
    const done = settle(t);
    await t.engine.startImport(withBad);
    await done;
    expect((await t.engine.getPractice())?.stats.patients).toBe(50);
    const report = await t.db.importReport.toArray();
    const rows = report.flatMap((c) => c.rows);
    expect(rows.filter((r) => r.file === 'Patient.ndjson').map((r) => [r.line, r.code])).toEqual([
      [51, 'invalid-json'],
      [52, 'invalid-json'],
    ]);
  });

  it('deleting the practice data removes patients, messages and outcomes, and keeps the log and the statistics', async () => {
    const t = makeEngine(uniqueDbName('import-delete'), { runPageSize: 100 });
    await loadDemo(t, 200);
    let done = settle(t);
    await t.engine.startRun('run');
    await done;
    const run = await latest(t);
    expect(run.messages?.sent).toBeGreaterThan(0);
    const logBefore = await logTexts(t);

    done = settle(t);
    expect((await t.engine.deletePracticeData()).ok).toBe(true);
    await done;
    expect(await storedPatientCount(t.db)).toBe(0);
    expect(await t.db.outbox.count()).toBe(0);
    expect(await t.db.outcomes.count()).toBe(0);
    expect(await t.engine.getPractice()).toBeNull();
    const runAfter = await latest(t);
    expect(runAfter.counts).toEqual(run.counts);
    expect(runAfter.messages).toEqual(run.messages);
    const logAfter = await logTexts(t);
    expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
    expect(logAfter.at(-1)).toMatch(/^Practice data deleted from this browser: 200 patients and \d+ messages/);
  });
});
