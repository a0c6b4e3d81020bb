// How patients are grouped into chunk records (src/db/types.ts PatientChunk): which window of
// seqs a patient belongs to, and a run of patients as the chunks that store them. Pure: used by
// the writers, the readers (src/db/patientStore.ts) and the schema upgrade alike.

import type { Patient } from '../domain/model/practice';
import type { PatientChunk } from './types';

/**
 * Patients per chunk. Measured in Chromium 150 writing 100,000 demo patients, 2,000 per
 * transaction (browser process CPU, shared 2-core VM): one record each 31.7 s; chunks of 50
 * (about 70 KB) 12.6 s; of 100 (about 140 KB) 4.4 s; of 250 4.3 s; of 500 4.0 s. Below about
 * 100 demo patients a chunk costs disproportionately more, so do not lower this; 100 keeps a
 * single patient's read (one chunk) small.
 */
export const PATIENTS_PER_CHUNK = 100;

/** The key of the chunk that holds (or would hold) `seq`: the first seq of its window. */
export const chunkKeyOf = (seq: number): number => seq - ((seq - 1) % PATIENTS_PER_CHUNK);

/** The first seq of the window after the one `seq` is in: where a new load or import starts. */
export const nextWindowAfter = (seq: number): number => chunkKeyOf(seq) + PATIENTS_PER_CHUNK;

/** `patients`, in ascending seq, as chunk records: one per window they touch. */
export function toChunks(patients: readonly Patient[]): PatientChunk[] {
  const chunks: PatientChunk[] = [];
  let current: Patient[] = [];
  let key = 0;
  const close = (): void => {
    if (current.length === 0) return;
    chunks.push({
      first: key,
      patients: current,
      nhsNumbers: current.flatMap((p) => (p.nhsNumber === null ? [] : [p.nhsNumber])),
      ids: current.map((p) => p.id),
    });
    current = [];
  };
  for (const patient of patients) {
    const k = chunkKeyOf(patient.seq);
    if (k !== key) {
      close();
      key = k;
    }
    current.push(patient);
  }
  close();
  return chunks;
}

/** The patient with `seq` in `chunk` (patients are in ascending seq: a binary search). */
export function patientIn(chunk: PatientChunk | undefined, seq: number): Patient | undefined {
  if (chunk === undefined) return undefined;
  let lo = 0;
  let hi = chunk.patients.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = chunk.patients[mid];
    if (p === undefined) return undefined;
    if (p.seq === seq) return p;
    if (p.seq < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
