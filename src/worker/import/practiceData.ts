// The practice data as one switchable unit (src/db/types.ts PatientRange): which stored patients
// are current, where a new load or import writes, the one-transaction switch, removing stale
// rows, and deleting the practice data.
//
// Callers must hold the cross-tab job lock for anything that writes here (the engine runs loads
// and imports under it): `purgeStalePatients` deletes every row outside the current range, which
// would include a load that another tab was writing at that moment.

import type { ScrDatabase } from '../../db/database';
import type { Patient, Practice } from '../../domain/model/practice';
import type { PatientRange } from '../../db/types';
import type { StoredAuthor } from '../../domain/author/practiceAuthor';
import { loadAuthor, saveAuthor } from '../authorStore';

/** Stale patients deleted per transaction: short transactions keep readers in other tabs moving. */
export const PURGE_BATCH = 5_000;

export async function currentRange(db: ScrDatabase): Promise<PatientRange | null> {
  return (await db.patientRange.get('current')) ?? null;
}

/** Whether `seq` is one of the current patients. */
export const inRange = (range: PatientRange | null, seq: number): boolean => range !== null && seq >= range.firstSeq && seq <= range.lastSeq;

/** The first seq above every stored patient: where a new load or import starts writing. */
export async function nextFreeSeq(db: ScrDatabase): Promise<number> {
  const [last] = await db.patients.orderBy(':id').reverse().limit(1).primaryKeys();
  return typeof last === 'number' ? last + 1 : 1;
}

/** The current patient with this seq, or null (also for a stale one not yet deleted). */
export async function currentPatient(db: ScrDatabase, seq: number): Promise<Patient | null> {
  const [range, patient] = await Promise.all([currentRange(db), db.patients.get(seq)]);
  return patient && inRange(range, seq) ? patient : null;
}

/**
 * Makes `practice` with the patients `firstSeq..lastSeq` the current practice data, in ONE
 * short transaction (plus whatever `alsoInside` writes, e.g. the import's summary), and in the
 * same transaction makes the summary's author follow the new practice (`authorFor`, from
 * src/domain/author/practiceAuthor.ts). The rows must already be stored; the replaced ones
 * become stale.
 */
export async function switchPractice(
  db: ScrDatabase,
  practice: Practice,
  firstSeq: number,
  lastSeq: number,
  authorFor: (current: StoredAuthor | null) => StoredAuthor,
  alsoInside?: () => Promise<void>,
): Promise<void> {
  await db.transaction('rw', [db.practice, db.patientRange, db.importLatest, db.settings], async () => {
    await db.practice.put(practice);
    await db.patientRange.put({ key: 'current', firstSeq, lastSeq });
    await saveAuthor(db, authorFor(await loadAuthor(db)));
    if (alsoInside) await alsoInside();
  });
}

async function deleteBatches(db: ScrDatabase, side: 'below' | 'above', bound: number, onDeleted: (n: number) => void): Promise<void> {
  for (;;) {
    const where = db.patients.where('seq');
    const keys = (await (side === 'below' ? where.below(bound) : where.above(bound)).limit(PURGE_BATCH).primaryKeys()) as number[];
    const first = keys[0];
    const last = keys[keys.length - 1];
    if (first === undefined || last === undefined) return;
    // Every key between two stale keys on this side of the range is stale too: one range delete.
    await db.patients.where('seq').between(first, last, true, true).delete();
    onDeleted(keys.length);
  }
}

/**
 * Deletes every patient row outside the current range: the practice data an import or load
 * replaced, or what a cancelled, failed or crashed one left. Returns how many rows it deleted.
 */
export async function purgeStalePatients(db: ScrDatabase, onDeleted: (n: number) => void = () => undefined): Promise<number> {
  let deleted = 0;
  const count = (n: number) => {
    deleted += n;
    onDeleted(deleted);
  };
  const range = await currentRange(db);
  if (range === null) {
    deleted = await db.patients.count();
    if (deleted > 0) await db.patients.clear();
    return deleted;
  }
  await deleteBatches(db, 'below', range.firstSeq, count);
  await deleteBatches(db, 'above', range.lastSeq, count);
  return deleted;
}

/** Clears what an import staged (its rows are only needed during the import). */
export async function clearStaging(db: ScrDatabase): Promise<void> {
  await db.importStage.clear();
}

/**
 * Deletes all practice data: the practice row and its patient range in one transaction (from
 * then on the browser has no practice), the latest import's report and summary (they quote the
 * extract), the staging rows, then every patient record. Keeps the log, the runs and their
 * statistics. Callers refuse this while a run is unfinished.
 */
export async function deletePracticeData(db: ScrDatabase): Promise<{ readonly patientsDeleted: number }> {
  await db.transaction('rw', [db.practice, db.patientRange, db.importLatest, db.importReport, db.importStage], async () => {
    await db.practice.delete('practice');
    await db.patientRange.delete('current');
    await db.importLatest.clear();
    await db.importReport.clear();
    await db.importStage.clear();
  });
  return { patientsDeleted: await purgeStalePatients(db) };
}
