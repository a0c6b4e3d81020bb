// Reading and writing patients, which are stored in chunks (src/db/types.ts PatientChunk): by
// seq, a run of seqs in order, by NHS-number prefix and by record id. Callers decide which seqs
// are current (src/db/types.ts PatientRange); the lookups take the range so rows of a replaced
// practice not yet deleted are never returned. Usable inside a transaction that includes
// `db.patientChunks`.

import type { ScrDatabase } from './database';
import type { Patient } from '../domain/model/practice';
import type { PatientRange } from './types';
import { chunkKeyOf, nextWindowAfter, patientIn, PATIENTS_PER_CHUNK, toChunks } from './patientChunks';

const inRange = (range: PatientRange, seq: number): boolean => seq >= range.firstSeq && seq <= range.lastSeq;

/** Whether chunk `key` may hold current patients (windows are never shared: see PatientChunk). */
const chunkMayBeCurrent = (range: PatientRange, key: number): boolean => key >= chunkKeyOf(range.firstSeq) && key <= range.lastSeq;

/** The stored patient with `seq`, current or not. */
export async function getPatient(db: ScrDatabase, seq: number): Promise<Patient | undefined> {
  return patientIn(await db.patientChunks.get(chunkKeyOf(seq)), seq);
}

/** As Table.bulkGet: the stored patient for each seq, in the order asked (undefined if none). */
export async function getPatients(db: ScrDatabase, seqs: readonly number[]): Promise<(Patient | undefined)[]> {
  const keys = [...new Set(seqs.map(chunkKeyOf))];
  const chunks = await db.patientChunks.bulkGet(keys);
  const byKey = new Map(keys.map((k, i) => [k, chunks[i]]));
  return seqs.map((seq) => patientIn(byKey.get(chunkKeyOf(seq)), seq));
}

/** Up to `limit` stored patients with `afterSeq < seq <= lastSeq`, in seq order. */
export async function readPatientsAfter(db: ScrDatabase, afterSeq: number, lastSeq: number, limit: number): Promise<Patient[]> {
  const out: Patient[] = [];
  let from = chunkKeyOf(afterSeq + 1);
  while (out.length < limit && from <= lastSeq) {
    // Enough chunks for the rest of the page when the windows are full, as they are in the range.
    const chunks = await db.patientChunks.where('first').between(from, lastSeq, true, true).limit(Math.ceil((limit - out.length) / PATIENTS_PER_CHUNK) + 1).toArray();
    const last = chunks[chunks.length - 1];
    if (last === undefined) break;
    for (const chunk of chunks) {
      for (const p of chunk.patients) {
        if (p.seq > afterSeq && p.seq <= lastSeq && out.length < limit) out.push(p);
      }
    }
    from = last.first + PATIENTS_PER_CHUNK;
  }
  return out;
}

/**
 * Up to `limit` current patients whose NHS number starts with `prefix`, in NHS-number order. Only
 * the index is read until the matches are known, then one chunk per window they are in.
 */
export async function findByNhsPrefix(db: ScrDatabase, range: PatientRange, prefix: string, limit: number): Promise<Patient[]> {
  // (NHS number, chunk key) of each match, in index order. One key cursor (no chunk is read),
  // stopped once `limit` current matches are in hand; `until` sees no value on a key cursor.
  const hits: { readonly nhsNumber: string; readonly key: number }[] = [];
  await db.patientChunks
    .where('nhsNumbers')
    .startsWith(prefix)
    .until(() => hits.length >= limit)
    .eachKey((nhsNumber, cursor) => {
      const key = cursor.primaryKey;
      if (typeof nhsNumber === 'string' && chunkMayBeCurrent(range, key)) hits.push({ nhsNumber, key });
    });
  const patients = await db.patientChunks.bulkGet([...new Set(hits.map((h) => h.key))]);
  const byKey = new Map(patients.filter((c) => c !== undefined).map((c) => [c.first, c]));
  // A multi-entry index holds a number once per chunk, however many of its patients have it.
  return hits
    .flatMap(({ nhsNumber, key }) => byKey.get(key)?.patients.filter((p) => p.nhsNumber === nhsNumber && inRange(range, p.seq)) ?? [])
    .slice(0, limit);
}

/** Up to `limit` current patients with the practice's record id `id`, in seq order. */
export async function findByRecordId(db: ScrDatabase, range: PatientRange, id: string, limit: number): Promise<Patient[]> {
  const keys = (await db.patientChunks.where('ids').equals(id).primaryKeys()).filter((k) => chunkMayBeCurrent(range, k));
  const chunks = await db.patientChunks.bulkGet(keys);
  return chunks.flatMap((c) => c?.patients.filter((p) => p.id === id && inRange(range, p.seq)) ?? []).slice(0, limit);
}

/**
 * Stores `patients` (ascending seq) as chunks. They must fill their windows whole: every patient
 * of a window in one call (a chunk is written once; see PatientChunk).
 */
export function putPatients(db: ScrDatabase, patients: readonly Patient[]): Promise<unknown> {
  return db.patientChunks.bulkPut(toChunks(patients));
}

/**
 * The first seq of the first window above every stored patient: where a new load or import
 * starts writing, so it shares no chunk with any other.
 */
export async function nextFreeSeq(db: ScrDatabase): Promise<number> {
  const [last] = await db.patientChunks.orderBy(':id').reverse().limit(1).primaryKeys();
  return last === undefined ? 1 : nextWindowAfter(last);
}
