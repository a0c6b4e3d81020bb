// MedicationRequest and MedicationStatement → one Medication (docs/practice-extract.md).
// Both carry the same facts; they differ only in where FHIR R4 puts them:
//
//   fact            MedicationRequest                      MedicationStatement
//   repeat/acute    courseOfTherapyType                    extension course-of-therapy
//   prescribed on   authoredOn                             effectivePeriod.start | effectiveDateTime | dateAsserted
//   dose            dosageInstruction[0].text              dosage[0].text
//   quantity        dispenseRequest.quantity | ext.        extension quantity-text
//   last issued     extension last-issued                  UK Core MedicationStatementLastIssueDate
//   discontinued    status stopped + extension discontinued  status stopped + effectivePeriod.end
//   reviewed        extension reviewed                     extension reviewed
//   linked problem  reasonCode[0]                          reasonCode[0]

import type { CodeRef, Medication } from '../model/practice';
import { isWithheld } from '../withheld';
import { CODE_SYSTEM_BY_URL, COURSE_OF_THERAPY_SYSTEM, EXT, LAST_ISSUE_DATE_URL, UK_COURSE_OF_THERAPY_SYSTEM } from './conventions';
import { extensionAt, has, objectAt, objectsAt, shown, stringAt, type JsonObject } from './json';
import { problem, type Problem } from './problems';
import { codeIn, readCodeRef, readDateValue, requireDate } from './values';

export type MedicationResourceType = 'MedicationRequest' | 'MedicationStatement';

const STATUSES: Readonly<Record<MedicationResourceType, readonly string[]>> = {
  MedicationRequest: ['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown'],
  MedicationStatement: ['active', 'completed', 'entered-in-error', 'intended', 'stopped', 'on-hold', 'unknown', 'not-taken'],
};

/** Course-of-therapy codes (R4 and UK Core) and what they mean for the summary. */
const KIND_BY_COURSE: Readonly<Record<string, Medication['kind']>> = {
  continuous: 'repeat',
  'continuous-repeat-dispensing': 'repeat',
  seasonal: 'repeat',
  acute: 'acute',
};

const withheldFirst = (ref: CodeRef): boolean => isWithheld({ linkedProblem: ref });

/**
 * The problem an item is linked to. Codings in other systems cannot name a withheld category
 * (the withheld table is Read v2, CTV3 and SNOMED CT), so they are ignored rather than
 * rejecting the item; a malformed Read/CTV3/SNOMED code is still an error.
 */
export function readLinkedProblem(concept: JsonObject | undefined, path: string, problems: Problem[]): CodeRef | null {
  if (!concept) return null;
  const usable = objectsAt(concept, 'coding').some((c) => {
    const url = stringAt(c, 'system');
    return url !== undefined && CODE_SYSTEM_BY_URL.has(url);
  });
  return usable ? readCodeRef(concept, path, problems, withheldFirst) : null;
}

function readQuantity(r: JsonObject, type: MedicationResourceType, problems: Problem[]): string {
  const text = extensionAt(type === 'MedicationRequest' ? (objectAt(r, 'dispenseRequest') ?? {}) : r, EXT.quantityText)?.['valueString'];
  if (typeof text === 'string') return text;
  if (type === 'MedicationStatement') return '';
  const quantity = objectAt(objectAt(r, 'dispenseRequest') ?? {}, 'quantity');
  if (!quantity) return '';
  const value = quantity['value'];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(problem('invalid-value', `dispenseRequest.quantity.value ${shown(value)} is not a number`));
    return '';
  }
  const unit = stringAt(quantity, 'unit') ?? stringAt(quantity, 'code');
  return unit === undefined ? String(value) : `${value} ${unit}`;
}

/** The item, or null when a problem rejects it. `status` entered-in-error is reported by the caller. */
export function mapMedication(r: JsonObject, type: MedicationResourceType, id: string | null, problems: Problem[]): Medication | null {
  const status = r['status'];
  if (typeof status !== 'string' || !STATUSES[type].includes(status)) {
    problems.push(status === undefined ? problem('missing-field', 'status is missing') : problem('invalid-value', `status ${shown(status)} is not a ${type} status`));
  }

  if (has(r, 'medicationReference')) problems.push(problem('invalid-value', 'medicationReference is not supported: give the drug as medicationCodeableConcept'));
  const drugConcept = objectAt(r, 'medicationCodeableConcept');
  const drug = drugConcept ? (stringAt(drugConcept, 'text') ?? objectsAt(drugConcept, 'coding').map((c) => stringAt(c, 'display')).find((d) => d !== undefined)) : undefined;
  if (drug === undefined && !has(r, 'medicationReference')) problems.push(problem('missing-field', 'medicationCodeableConcept (text or a coding display) is missing'));

  const course = type === 'MedicationRequest' ? objectAt(r, 'courseOfTherapyType') : objectAt(extensionAt(r, EXT.courseOfTherapy) ?? {}, 'valueCodeableConcept');
  const courseCode = codeIn(course, [COURSE_OF_THERAPY_SYSTEM, UK_COURSE_OF_THERAPY_SYSTEM]);
  const kind = courseCode === undefined ? undefined : KIND_BY_COURSE[courseCode];
  const coursePath = type === 'MedicationRequest' ? 'courseOfTherapyType' : 'the course-of-therapy extension';
  if (kind === undefined) {
    problems.push(courseCode === undefined ? problem('missing-field', `${coursePath} (repeat or acute) is missing`) : problem('invalid-value', `${coursePath} ${shown(courseCode)} is not continuous, continuous-repeat-dispensing, seasonal or acute`));
  }

  const period = objectAt(r, 'effectivePeriod') ?? {};
  const prescribedOn =
    type === 'MedicationRequest'
      ? requireDate(r['authoredOn'], 'authoredOn', problems)
      : requireDate(period['start'] ?? r['effectiveDateTime'] ?? r['dateAsserted'], has(period, 'start') ? 'effectivePeriod.start' : has(r, 'effectiveDateTime') ? 'effectiveDateTime' : 'effectivePeriod.start (or effectiveDateTime, or dateAsserted)', problems);

  const dosage = objectsAt(r, type === 'MedicationRequest' ? 'dosageInstruction' : 'dosage')[0];
  const dose = dosage ? (stringAt(dosage, 'text') ?? '') : '';
  const quantity = readQuantity(r, type, problems);

  const lastIssuedExt = type === 'MedicationRequest' ? extensionAt(r, EXT.lastIssued)?.['valueDate'] : extensionAt(r, LAST_ISSUE_DATE_URL)?.['valueDateTime'];
  const lastIssuedOn = readDateValue(lastIssuedExt, 'the last-issue date extension', problems);
  const reviewedOn = readDateValue(extensionAt(r, EXT.reviewed)?.['valueDate'], 'the reviewed extension', problems);

  let discontinuedOn: string | null = null;
  if (status === 'stopped') {
    const value = type === 'MedicationRequest' ? extensionAt(r, EXT.discontinued)?.['valueDate'] : period['end'];
    discontinuedOn = requireDate(value, type === 'MedicationRequest' ? 'the discontinued extension (a stopped item needs its date)' : 'effectivePeriod.end (a stopped item needs its date)', problems);
  }

  const linkedProblem = readLinkedProblem(objectsAt(r, 'reasonCode')[0], 'reasonCode[0]', problems);

  if (id === null || drug === undefined || kind === undefined || prescribedOn === null) return null;
  return {
    id,
    kind,
    drug,
    dose,
    quantity,
    prescribedOn,
    // An acute prescription is issued when it is prescribed (src/domain/model/practice.ts).
    lastIssuedOn: lastIssuedOn ?? (kind === 'acute' ? prescribedOn : null),
    reviewedOn,
    discontinuedOn,
    linkedProblem,
  };
}
