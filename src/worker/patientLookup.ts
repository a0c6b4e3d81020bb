// Finding patients for the preview: by NHS number, by the practice's record id, or a page of
// the list in seq order. Never returns the whole list.

import type { ScrDatabase } from '../db/database';
import type { Patient } from '../domain/model/practice';
import { checkEligibility, eligibilityLabel } from '../domain/eligibility';
import { currentRange, inRange } from './import/practiceData';

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
 * Up to `limit` of the current patients: an exact NHS number or record id match, else a page
 * from `offset`. Rows of a replaced practice not yet deleted are never returned.
 */
export async function findPatients(db: ScrDatabase, query: string, offset: number, limit: number): Promise<PatientListItem[]> {
  const range = await currentRange(db);
  if (range === null) return [];
  const current = (p: Patient): boolean => inRange(range, p.seq);
  const q = query.replace(/[\s-]/g, '');
  if (q) {
    const byNumber = await db.patients.where('nhsNumber').startsWith(q).filter(current).limit(limit).toArray();
    const byId = await db.patients.where('id').equals(query.trim()).filter(current).limit(limit).toArray();
    const seen = new Set<number>();
    return [...byNumber, ...byId].filter((p) => !seen.has(p.seq) && seen.add(p.seq)).map(toListItem);
  }
  return (await db.patients.where('seq').between(range.firstSeq, range.lastSeq, true, true).offset(offset).limit(limit).toArray()).map(toListItem);
}
