// The stored practice → extract resources, the exact inverse of the mappers
// (docs/practice-extract.md): importing what this writes gives back the same Patient records,
// except that coded entries come back grouped by resource type. Pure.
//
// Item ids: FHIR ids must be unique per resource type across the extract, but a practice
// record's item ids are only unique within the patient, so an item's resource id is
// `<patient id>.<item id>`; the importer removes that prefix again.

import type { Allergy, CodedEntry, CodeRef, Medication, Patient, Practice } from '../model/practice';
import { CONSENT_CODES } from '../data/consentCodes';
import {
  ALLERGY_CLINICAL_SYSTEM,
  ALLERGY_VERIFICATION_SYSTEM,
  CODE_SYSTEM_URLS,
  COURSE_OF_THERAPY_SYSTEM,
  EXT,
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_SYSTEM,
  NHS_NUMBER_VERIFICATION_URL,
  NO_KNOWN_ALLERGY_CODES,
  ODS_ORGANIZATION_SYSTEM,
  RECORD_FLAG_DISPLAY,
  RECORD_FLAG_SYSTEM,
  SNOMED_SYSTEM,
  type ExtractResourceType,
  type RecordFlag,
} from './conventions';

/** A resource as written: a plain JSON object with its type. */
export interface ExtractResource {
  readonly resourceType: ExtractResourceType;
  readonly id: string;
  readonly [element: string]: unknown;
}

const CONSENT_KEYS: ReadonlySet<string> = new Set(CONSENT_CODES.map((c) => `${c.system}|${c.code}`));
const [NO_KNOWN_ALLERGY = '716186003'] = NO_KNOWN_ALLERGY_CODES;

export const itemResourceId = (patient: Pick<Patient, 'id'>, itemId: string): string => `${patient.id}.${itemId}`;

const patientRef = (p: Patient) => ({ reference: `Patient/${p.id}` });

function concept(code: CodeRef) {
  return { coding: [{ system: CODE_SYSTEM_URLS[code.system], code: code.code, ...(code.term ? { display: code.term } : {}) }] };
}

/** Drops members whose value is undefined, so optional elements are absent, never null. */
function defined<T extends Record<string, unknown>>(o: T): T {
  for (const key of Object.keys(o)) if (o[key] === undefined) delete o[key];
  return o;
}

export function organizationResource(practice: Pick<Practice, 'name' | 'odsCode'>): ExtractResource {
  return { resourceType: 'Organization', id: practice.odsCode, identifier: [{ system: ODS_ORGANIZATION_SYSTEM, value: practice.odsCode }], name: practice.name };
}

export function patientResource(p: Patient): ExtractResource {
  const verification = p.nhsNumberVerified
    ? { code: '01', display: 'Number present and verified' }
    : { code: '02', display: 'Number present but not traced' };
  const extensions: object[] = [
    {
      url: EXT.registration,
      extension: [
        { url: 'type', valueCode: p.registrationType },
        { url: 'period', valuePeriod: defined({ start: p.registeredOn, end: p.deregisteredOn ?? undefined }) },
      ],
    },
  ];
  if (p.existingSummary) extensions.push({ url: EXT.existingSummary, valueBoolean: true });
  return defined({
    resourceType: 'Patient',
    id: p.id,
    extension: extensions,
    identifier:
      p.nhsNumber === null
        ? undefined
        : [
            {
              extension: [{ url: NHS_NUMBER_VERIFICATION_URL, valueCodeableConcept: { coding: [{ system: NHS_NUMBER_VERIFICATION_SYSTEM, ...verification }] } }],
              system: NHS_NUMBER_SYSTEM,
              value: p.nhsNumber,
            },
          ],
    name: [defined({ use: 'official', family: p.familyName, given: p.givenName ? [p.givenName] : undefined, prefix: p.title ? [p.title] : undefined })],
    gender: p.gender,
    birthDate: p.birthDate,
    address: p.postcode === null ? undefined : [{ use: 'home', postalCode: p.postcode }],
    deceasedDateTime: p.deceasedOn ?? undefined,
    deceasedBoolean: p.deceasedOn === null && p.deceased ? true : undefined,
  });
}

/** "28 tablet" as a FHIR Quantity when it reads back exactly, else null (sent as text). */
function asQuantity(text: string): { value: number; unit: string } | null {
  const m = /^([0-9]+(?:\.[0-9]+)?) (\S.*)$/.exec(text);
  if (!m?.[1] || !m[2]) return null;
  const value = Number(m[1]);
  return String(value) === m[1] ? { value, unit: m[2] } : null;
}

export function medicationRequestResource(p: Patient, m: Medication): ExtractResource {
  const extensions: object[] = [];
  // An acute item's issue is its prescription: only a different date needs saying.
  if (m.lastIssuedOn !== null && !(m.kind === 'acute' && m.lastIssuedOn === m.prescribedOn)) extensions.push({ url: EXT.lastIssued, valueDate: m.lastIssuedOn });
  if (m.reviewedOn !== null) extensions.push({ url: EXT.reviewed, valueDate: m.reviewedOn });
  if (m.discontinuedOn !== null) extensions.push({ url: EXT.discontinued, valueDate: m.discontinuedOn });
  const quantity = m.quantity ? asQuantity(m.quantity) : null;
  return defined({
    resourceType: 'MedicationRequest',
    id: itemResourceId(p, m.id),
    extension: extensions.length ? extensions : undefined,
    status: m.discontinuedOn === null ? 'active' : 'stopped',
    intent: 'order',
    medicationCodeableConcept: { text: m.drug },
    subject: patientRef(p),
    authoredOn: m.prescribedOn,
    courseOfTherapyType: {
      coding: [m.kind === 'repeat' ? { system: COURSE_OF_THERAPY_SYSTEM, code: 'continuous', display: 'Continuous long term therapy' } : { system: COURSE_OF_THERAPY_SYSTEM, code: 'acute', display: 'Short course (acute) therapy' }],
    },
    reasonCode: m.linkedProblem ? [concept(m.linkedProblem)] : undefined,
    dosageInstruction: m.dose ? [{ text: m.dose }] : undefined,
    dispenseRequest: !m.quantity ? undefined : quantity ? { quantity } : { extension: [{ url: EXT.quantityText, valueString: m.quantity }] },
  });
}

export function allergyResource(p: Patient, a: Allergy): ExtractResource {
  return defined({
    resourceType: 'AllergyIntolerance',
    id: itemResourceId(p, a.id),
    extension: a.linkedProblem ? [{ url: EXT.linkedProblem, valueCodeableConcept: concept(a.linkedProblem) }] : undefined,
    clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL_SYSTEM, code: 'active' }] },
    verificationStatus: { coding: [{ system: ALLERGY_VERIFICATION_SYSTEM, code: a.certainty }] },
    code: a.negative ? { coding: [{ system: SNOMED_SYSTEM, code: NO_KNOWN_ALLERGY, display: 'No known allergy' }], text: a.description } : { text: a.description },
    patient: patientRef(p),
    recordedDate: a.recordedOn,
    // R4 needs a manifestation with a severity; the practice's description holds the reaction.
    reaction: a.severity === null ? undefined : [{ manifestation: [{ text: a.description }], severity: a.severity }],
  });
}

/** Consent preferences are Observations; every other coded entry is a Condition. */
export function codedEntryResource(p: Patient, e: CodedEntry): ExtractResource {
  const id = itemResourceId(p, e.id);
  if (CONSENT_KEYS.has(`${e.code.system}|${e.code.code}`)) {
    return { resourceType: 'Observation', id, status: 'final', code: concept(e.code), subject: patientRef(p), effectiveDateTime: e.date };
  }
  return { resourceType: 'Condition', id, code: concept(e.code), subject: patientRef(p), recordedDate: e.date };
}

export function flagResource(p: Patient, flag: RecordFlag): ExtractResource {
  return {
    resourceType: 'Flag',
    id: itemResourceId(p, flag),
    status: 'active',
    code: { coding: [{ system: RECORD_FLAG_SYSTEM, code: flag, display: RECORD_FLAG_DISPLAY[flag] }] },
    subject: patientRef(p),
  };
}

/** Every resource of one patient, the Patient first. */
export function patientResources(p: Patient): ExtractResource[] {
  const out: ExtractResource[] = [patientResource(p)];
  for (const m of p.medications) out.push(medicationRequestResource(p, m));
  for (const a of p.allergies) out.push(allergyResource(p, a));
  for (const e of p.codedEntries) out.push(codedEntryResource(p, e));
  if (p.fp69) out.push(flagResource(p, 'fp69'));
  if (p.sensitive) out.push(flagResource(p, 'sensitive'));
  return out;
}
