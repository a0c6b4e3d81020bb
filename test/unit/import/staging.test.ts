// Import into staging, then switch in one step: while an import runs, and after it is cancelled,
// rejected or fails, the previous practice data is exactly as it was and is what every reader
// sees; a completed import replaces it and the replaced rows are deleted. Deleting the practice
// data keeps the log and the runs.

import { afterEach, describe, expect, it } from 'vitest';
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { exportPractice } from '../../../src/worker/import/exportPractice';
import { deletePracticeData } from '../../../src/worker/import/practiceData';
import { latestImport, readImportReport } from '../../../src/worker/import/reportStore';
import { findPatients, type PatientListItem } from '../../../src/worker/patientLookup';
import { createRun, readScopePage } from '../../../src/worker/run/runStore';
import { appendLog } from '../../../src/db/logStore';
import { closeAll, file, loadDemo, NOW, openDb, runImport } from './support';
import type { ScrDatabase } from '../../../src/db/database';
import { parkedPatientCount, storedPatients, storedPatientCount } from '../db/storedPatients';

afterEach(closeAll);

/** A demo practice of `size` exported as extract files (another profile, as a user would). */
async function extractOf(size: number, seed: number) {
  const db = openDb('extract-source');
  await loadDemo(db, size, seed);
  return exportPractice(db);
}

async function snapshot(db: ScrDatabase) {
  return { practice: await db.practice.get('practice'), patients: await storedPatients(db), range: await db.patientRange.get('current') };
}

describe('the previous practice data stays intact', () => {
  it('while the import runs, readers see only the previous practice; a cancel half-way leaves it exactly as it was', async () => {
    const db = openDb();
    await loadDemo(db, 300, 1);
    const before = await snapshot(db);
    const files = await extractOf(5_000, 2);
    const during: { seen?: Promise<PatientListItem[]>; stored?: Promise<number> } = {};
    let cancel = false;
    const { outcome } = await runImport(db, files, {
      onProgress: (p) => {
        // Once new patient records are being written (parked, before they are written in order):
        // look as the preview would, then cancel.
        if (p.phase === 'joining' && p.patientsWritten > 0 && !cancel) {
          during.seen = findPatients(db, '', 0, 10_000);
          during.stored = Promise.all([storedPatientCount(db), parkedPatientCount(db)]).then(([stored, parked]) => stored + parked);
          cancel = true;
        }
      },
      isCancelled: () => cancel,
    });
    expect(outcome.kind).toBe('cancelled');
    expect(await during.stored).toBeGreaterThan(300);
    const seen = (await during.seen) ?? [];
    expect(seen.map((p) => p.id)).toEqual(before.patients.map((p) => p.id));
    expect(await snapshot(db)).toEqual(before);
    expect(await db.importStage.count()).toBe(0);
    expect((await latestImport(db))?.outcome).toBe('cancelled');
  });

  it('an import cancelled while reading, one with no practice Organization, and one with no valid patient all leave it intact', async () => {
    const db = openDb();
    await loadDemo(db, 200, 1);
    const before = await snapshot(db);
    const files = await extractOf(1_000, 2);
    const cancelled = await runImport(db, files, { isCancelled: () => true });
    expect(cancelled.outcome.kind).toBe('cancelled');
    const noPractice = await runImport(db, files.filter((f) => f.name !== 'Organization.ndjson'));
    expect(noPractice.outcome).toMatchObject({ kind: 'rejected', reason: 'no-practice' });
    const noPatients = await runImport(db, [...files.filter((f) => f.name !== 'Patient.ndjson'), file('Patient.ndjson', '{"resourceType":"Patient"}\n')]);
    expect(noPatients.outcome).toMatchObject({ kind: 'rejected', reason: 'no-patients' });
    // The rejected import's report says why its lines were not imported.
    expect((await readImportReport(db, 0, 1)).rows[0]).toMatchObject({ file: 'Patient.ndjson', line: 1, code: 'missing-id' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('a write that fails half-way (a full disk) throws and leaves it intact; the next import succeeds', async () => {
    const db = openDb();
    // Once the demo practice is loaded, refuse the import's second write of patient chunks: the
    // join has parked every patient and written the first bin of them in order.
    let armed = false;
    let chunkWrites = 0;
    db.use({
      stack: 'dbcore',
      name: 'quota-on-second-chunk-write',
      create: (down: DBCore): DBCore => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'patientChunks') return table;
          return {
            ...table,
            mutate: (req: DBCoreMutateRequest) => {
              if (armed && (req.type === 'add' || req.type === 'put') && ++chunkWrites === 2) return Promise.reject(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
              return table.mutate(req);
            },
          };
        },
      }),
    });
    await loadDemo(db, 2_500, 1);
    const before = await snapshot(db);
    const files = await extractOf(6_000, 2);
    armed = true;
    await expect(runImport(db, files)).rejects.toThrow();
    expect(chunkWrites).toBe(2);
    expect(await snapshot(db)).toEqual(before);
    expect(await db.importStage.count()).toBe(0);
    expect(await parkedPatientCount(db)).toBe(0);

    const retry = await runImport(db, files);
    expect(retry.outcome.kind).toBe('imported');
    expect((await db.practice.get('practice'))?.stats.patients).toBe(6_000);
  });
});

describe('a completed import switches', () => {
  it('the new practice is current, the old rows are deleted, and a run reads only the new patients', async () => {
    const db = openDb();
    await loadDemo(db, 700, 1);
    const files = await extractOf(900, 2);
    const { outcome, progress } = await runImport(db, files);
    expect(outcome).toMatchObject({ kind: 'imported', summary: { patients: 900, errors: 0 } });
    expect(await storedPatientCount(db)).toBe(900);
    const range = await db.patientRange.get('current');
    expect(range).toEqual({ key: 'current', firstSeq: 701, lastSeq: 1_600 });
    expect((await db.practice.get('practice'))?.source).toBe('import');

    // Progress: bytes only grow to the total; the phases in order.
    const phases = progress.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['reading', 'joining', 'tidying']);
    const last = progress.filter((p) => p.phase === 'joining').at(-1);
    expect(last).toMatchObject({ bytesDone: last?.bytesTotal, patientsTotal: 900 });

    const run = await createRun(db, { kind: 'run', sourceRunId: null, runDate: '2026-01-15', createdAt: NOW }, (n) => `Run for ${n}`);
    expect(run.total).toBe(900);
    const page = await readScopePage(db, run, 0, 5);
    expect(page.map((p) => p.seq)).toEqual([701, 702, 703, 704, 705]);
  });

  it('the same files in any order give the same practice data', async () => {
    const files = await extractOf(400, 3);
    const a = openDb();
    const b = openDb();
    await runImport(a, files);
    await runImport(b, [...files].reverse());
    expect(await storedPatients(b)).toEqual(await storedPatients(a));
  });
});

describe('deleting the practice data', () => {
  it('removes the practice, every patient, the import report and staging; keeps the log and the runs', async () => {
    const db = openDb();
    await loadDemo(db, 500, 1);
    await runImport(db, [...(await extractOf(300, 2)), file('bad.ndjson', 'not json\n')]);
    await createRun(db, { kind: 'run', sourceRunId: null, runDate: '2026-01-15', createdAt: NOW }, (n) => `Run for ${n}`);
    await appendLog(db, new Date(NOW), 'info', 'Something worth keeping.');
    const logBefore = await db.log.count();

    expect(await deletePracticeData(db)).toEqual({ patientsDeleted: 300 });
    expect(await db.practice.count()).toBe(0);
    expect(await storedPatientCount(db)).toBe(0);
    expect(await db.patientRange.count()).toBe(0);
    expect(await db.importReport.count()).toBe(0);
    expect(await latestImport(db)).toBeNull();
    expect(await findPatients(db, '', 0, 10)).toEqual([]);
    expect(await db.log.count()).toBe(logBefore);
    expect(await db.runs.count()).toBe(1);
  });
});
