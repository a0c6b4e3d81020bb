// What the practice database holds, patient by patient, however it is stored (in chunks:
// src/db/types.ts PatientChunk), for tests that check what a load, an import or a purge left.

import type { ScrDatabase } from '../../../src/db/database';
import type { Patient } from '../../../src/domain/model/practice';
import { chunkKeyOf } from '../../../src/db/patientChunks';

/** Every stored patient, current or stale, in seq order. */
export async function storedPatients(db: ScrDatabase): Promise<Patient[]> {
  return (await db.patientChunks.toArray()).flatMap((c) => c.patients);
}

export async function storedPatientCount(db: ScrDatabase): Promise<number> {
  return (await storedPatients(db)).length;
}

/** Patients an import has assembled and parked, not yet written in order. */
export async function parkedPatientCount(db: ScrDatabase): Promise<number> {
  return (await db.importJoined.toArray()).reduce((n, row) => n + row.patients.length, 0);
}

/** Removes one patient's record, as if it had been lost (its chunk is rewritten without it). */
export async function deleteStoredPatient(db: ScrDatabase, seq: number): Promise<void> {
  await db.transaction('rw', db.patientChunks, async () => {
    const chunk = await db.patientChunks.get(chunkKeyOf(seq));
    if (chunk === undefined) return;
    const patients = chunk.patients.filter((p) => p.seq !== seq);
    await db.patientChunks.put({
      first: chunk.first,
      patients,
      nhsNumbers: patients.flatMap((p) => (p.nhsNumber === null ? [] : [p.nhsNumber])),
      ids: patients.map((p) => p.id),
    });
  });
}
