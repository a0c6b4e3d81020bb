// The practice data as one switchable unit (src/db/types.ts PatientRange): which stored patients
// are current, where a new load or import writes, the one-transaction switch, removing stale
// rows, and deleting the practice data.
//
// Callers must hold the cross-tab job lock for anything that writes here (the engine runs loads
// and imports under it): `purgeStalePatients` deletes every chunk outside the current range,
// which would include a load that another tab was writing at that moment.

import type { ScrDatabase } from '../../db/database';
import type { Patient, Practice } from '../../domain/model/practice';
import type { PatientRange } from '../../db/types';
import type { StoredAuthor } from '../../domain/author/practiceAuthor';
import { loadAuthor, saveAuthor } from '../authorStore';
import { chunkKeyOf } from '../../db/patientChunks';
import { getPatient } from '../../db/patientStore';

export { nextFreeSeq } from '../../db/patientStore';

/**
 * Stale chunks deleted per transaction (5,000 patients): short transactions keep readers in
 * other tabs moving.
 */
export const PURGE_BATCH_CHUNKS = 50;

export async function currentRange(db: ScrDatabase): Promise<PatientRange | null> {
  return (await db.patientRange.get('current')) ?? null;
}

/** Whether `seq` is one of the current patients. */
export const inRange = (range: PatientRange | null, seq: number): boolean => range !== null && seq >= range.firstSeq && seq <= range.lastSeq;

/** How many current patients there are (the range is dense: src/db/types.ts PatientRange). */
export const rangeSize = (range: PatientRange | null): number => (range === null ? 0 : Math.max(0, range.lastSeq - range.firstSeq + 1));

/** The current patient with this seq, or null (also for a stale one not yet deleted). */
export async function currentPatient(db: ScrDatabase, seq: number): Promise<Patient | null> {
  const [range, patient] = await Promise.all([currentRange(db), getPatient(db, seq)]);
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

/** Deletes, in batches, every chunk whose key is below `bound` ('below') or above it ('above'). */
async function deleteBatches(db: ScrDatabase, side: 'below' | 'above', bound: number): Promise<void> {
  for (;;) {
    const where = db.patientChunks.where('first');
    const keys = await (side === 'below' ? where.below(bound) : where.above(bound)).limit(PURGE_BATCH_CHUNKS).primaryKeys();
    const first = keys[0];
    const last = keys[keys.length - 1];
    if (first === undefined || last === undefined) return;
    // Every key between two stale keys on this side of the range is stale too: one range delete.
    await db.patientChunks.where('first').between(first, last, true, true).delete();
  }
}

/**
 * Deletes every stored patient outside the current range: the practice data an import or load
 * replaced, or what a cancelled, failed or crashed one left. A window belongs to one load only
 * (src/db/types.ts PatientChunk), so whole chunks go: those below the range's first window and
 * those above its last seq.
 */
export async function purgeStalePatients(db: ScrDatabase): Promise<void> {
  const range = await currentRange(db);
  if (range === null) {
    await db.patientChunks.clear();
    return;
  }
  await deleteBatches(db, 'below', chunkKeyOf(range.firstSeq));
  await deleteBatches(db, 'above', range.lastSeq);
}

/** Clears what an import staged and parked (its rows are only needed during the import). */
export async function clearStaging(db: ScrDatabase): Promise<void> {
  await db.transaction('rw', db.importStage, db.importJoined, async () => {
    await db.importStage.clear();
    await db.importJoined.clear();
  });
}

/**
 * Deletes all practice data: the practice row and its patient range in one transaction (from
 * then on the browser has no practice), the latest import's report and summary (they quote the
 * extract), the staging rows, then every patient record. Keeps the log, the runs and their
 * statistics. Callers refuse this while a run is unfinished.
 */
export async function deletePracticeData(db: ScrDatabase): Promise<{ readonly patientsDeleted: number }> {
  const patientsDeleted = await db.transaction('rw', [db.practice, db.patientRange, db.importLatest, db.importReport, db.importStage, db.importJoined], async () => {
    const range = await currentRange(db);
    await db.practice.delete('practice');
    await db.patientRange.delete('current');
    await db.importLatest.clear();
    await db.importReport.clear();
    await db.importStage.clear();
    await db.importJoined.clear();
    return rangeSize(range);
  });
  await purgeStalePatients(db);
  return { patientsDeleted };
}
