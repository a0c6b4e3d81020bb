// AllergyIntolerance → one Allergy (docs/practice-extract.md, "AllergyIntolerance").
// A "no known allergy" SNOMED CT concept makes the entry negative: recorded, never sent.
// clinicalStatus is not read: an allergy in the record is shown, because leaving out a real
// allergy is the more dangerous mistake.

import type { Allergy, AllergyCertainty, AllergySeverity } from '../model/practice';
import { ALLERGY_VERIFICATION_SYSTEM, EXT, NO_KNOWN_ALLERGY_CODES, SNOMED_SYSTEM } from './conventions';
import { extensionAt, objectAt, objectsAt, shown, stringAt, type JsonObject } from './json';
import { readLinkedProblem } from './mapMedication';
import { problem, type Problem } from './problems';
import { codeIn, requireDate } from './values';

const CERTAINTIES: readonly AllergyCertainty[] = ['confirmed', 'unconfirmed', 'refuted'];
const SEVERITIES: readonly AllergySeverity[] = ['mild', 'moderate', 'severe'];

/** The verification status code, or undefined when there is none. */
export function allergyVerification(r: JsonObject): string | undefined {
  return codeIn(objectAt(r, 'verificationStatus'), [ALLERGY_VERIFICATION_SYSTEM]);
}

export function mapAllergy(r: JsonObject, id: string | null, problems: Problem[]): Allergy | null {
  const verification = allergyVerification(r);
  // No verification status: not asserted as confirmed.
  const certainty = verification === undefined ? 'unconfirmed' : CERTAINTIES.find((c) => c === verification);
  if (certainty === undefined) problems.push(problem('invalid-value', `verificationStatus ${shown(verification)} is not confirmed, unconfirmed or refuted`));

  const code = objectAt(r, 'code');
  const codings = code ? objectsAt(code, 'coding') : [];
  const description = code ? (stringAt(code, 'text') ?? codings.map((c) => stringAt(c, 'display')).find((d) => d !== undefined)) : undefined;
  if (description === undefined) problems.push(problem('missing-field', 'code (text or a coding display) is missing'));
  const negative = codings.some((c) => c['system'] === SNOMED_SYSTEM && NO_KNOWN_ALLERGY_CODES.has(String(c['code'])));

  const recordedOn = requireDate(r['recordedDate'] ?? r['onsetDateTime'], r['recordedDate'] === undefined && r['onsetDateTime'] !== undefined ? 'onsetDateTime' : 'recordedDate', problems);

  const rawSeverity = objectsAt(r, 'reaction')[0]?.['severity'];
  const severity = rawSeverity === undefined ? null : (SEVERITIES.find((s) => s === rawSeverity) ?? undefined);
  if (severity === undefined) problems.push(problem('invalid-value', `reaction[0].severity ${shown(rawSeverity)} is not mild, moderate or severe`));

  const linkedProblem = readLinkedProblem(objectAt(extensionAt(r, EXT.linkedProblem) ?? {}, 'valueCodeableConcept'), 'the linked-problem extension', problems);

  if (id === null || certainty === undefined || description === undefined || recordedOn === null || severity === undefined) return null;
  return { id, recordedOn, description, certainty, severity, negative, linkedProblem };
}
