// Finding patients for the preview: by NHS number, by the practice's record id, or a page of
// the list in seq order. Never returns the whole list.

import type { ScrDatabase } from '../db/database';
import type { Patient } from '../domain/model/practice';
import { checkEligibility, eligibilityLabel } from '../domain/eligibility';
import { findByNhsPrefix, findByRecordId, readPatientsAfter } from '../db/patientStore';
import { currentRange } from './import/practiceData';

export { currentPatient } from './import/practiceData';

export interface PatientListItem {
  readonly seq: number;
  readonly id: string;
  readonly name: string;
  readonly nhsNumber: string | null;
  readonly birthDate: string;
  readonly outcome: string;
}

export const toListItem = (p: Patient): PatientListItem => ({
  seq: p.seq,
  id: p.id,
  name: `${p.familyName.toUpperCase()}, ${p.givenName}`,
  nhsNumber: p.nhsNumber,
  birthDate: p.birthDate,
  outcome: eligibilityLabel(checkEligibility(p)),
});

/**
 * Up to `limit` of the current patients: those whose NHS number starts with the query (spaces
 * and dashes ignored) followed by an exact record id match, else a page from `offset`. Rows of a
 * replaced practice not yet deleted are never returned. Both searches read the chunk table's
 * multi-entry indexes and then only the chunks that match, so they stay fast at 100,000.
 */
export async function findPatients(db: ScrDatabase, query: string, offset: number, limit: number): Promise<PatientListItem[]> {
  const range = await currentRange(db);
  if (range === null) return [];
  const q = query.replace(/[\s-]/g, '');
  if (q) {
    const byNumber = await findByNhsPrefix(db, range, q, limit);
    const byId = await findByRecordId(db, range, query.trim(), limit);
    const seen = new Set<number>();
    return [...byNumber, ...byId].filter((p) => !seen.has(p.seq) && seen.add(p.seq)).map(toListItem);
  }
  // The range is dense (src/db/types.ts PatientRange): the patient at `offset` is seq firstSeq + offset.
  return (await readPatientsAfter(db, range.firstSeq - 1 + offset, range.lastSeq, limit)).map(toListItem);
}
