// The v5 upgrade (src/db/database.ts): the current patients, one record each in `patients`,
// move into chunk records in `patientChunks`. Runs inside the version-change transaction, a
// group of whole windows at a time so memory stays bounded however large the practice is.
// Rows outside the current range are stale (src/db/types.ts PatientRange) and are not moved:
// the `patients` table is deleted after this upgrade.

import type { Transaction } from 'dexie';
import type { Patient } from '../domain/model/practice';
import type { PatientRange } from './types';
import { chunkKeyOf, PATIENTS_PER_CHUNK, toChunks } from './patientChunks';

/** Windows moved per step: whole windows, so no chunk is written twice. */
const WINDOWS_PER_STEP = 20;

export async function upgradeToPatientChunks(tx: Transaction): Promise<void> {
  const range = (await tx.table('patientRange').get('current')) as PatientRange | undefined;
  if (range === undefined) return;
  const patients = tx.table<Patient, number>('patients');
  const chunks = tx.table('patientChunks');
  for (let from = chunkKeyOf(range.firstSeq); from <= range.lastSeq; from += WINDOWS_PER_STEP * PATIENTS_PER_CHUNK) {
    const to = Math.min(range.lastSeq, from + WINDOWS_PER_STEP * PATIENTS_PER_CHUNK - 1);
    const page = await patients.where(':id').between(Math.max(from, range.firstSeq), to, true, true).toArray();
    if (page.length > 0) await chunks.bulkAdd(toChunks(page));
  }
}
