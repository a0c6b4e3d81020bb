// The mapping of each extract resource type to the practice record (docs/practice-extract.md),
// with the exact reasons for what is rejected. Pure: mapResource on parsed JSON.

import { describe, expect, it } from 'vitest';
import { mapResource } from '../../../src/domain/extract/mapResource';
import { EXT, RECORD_FLAG_SYSTEM } from '../../../src/domain/extract/conventions';

const SCT = 'http://snomed.info/sct';
const READ = 'http://read.info/readv2';
const VERIFY = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
const VERIFY_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';
const COURSE = 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy';

const registration = (type: string, start: string, end?: string) => ({ url: EXT.registration, extension: [{ url: 'type', valueCode: type }, { url: 'period', valuePeriod: end ? { start, end } : { start } }] });
const nhs = (value: string, code?: string) => ({ system: 'https://fhir.nhs.uk/Id/nhs-number', value, ...(code ? { extension: [{ url: VERIFY, valueCodeableConcept: { coding: [{ system: VERIFY_SYSTEM, code }] } }] } : {}) });

function patient(extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'Patient',
    id: 'p1',
    extension: [registration('permanent', '2001-02-03')],
    identifier: [nhs('943 476 5919', '01')],
    name: [{ use: 'usual', family: 'Nick', given: ['Jo'] }, { use: 'official', family: "O'Brien", given: ['Mary', 'Anne'], prefix: ['Mrs'] }],
    gender: 'female',
    birthDate: '1950-07-08',
    address: [{ use: 'work', postalCode: 'LS1 1AA' }, { use: 'home', postalCode: 'LS19 7BB' }],
    ...extra,
  };
}

const mapped = (json: unknown) => {
  const r = mapResource(json);
  return { kind: r.mapped?.kind ?? null, value: r.mapped, problems: r.problems.map((p) => [p.code, p.reason]) };
};

describe('Patient', () => {
  it('maps every fact eligibility and the summary use', () => {
    expect(mapResource(patient()).mapped).toEqual({
      kind: 'patient',
      id: 'p1',
      patient: {
        id: 'p1',
        nhsNumber: '9434765919',
        nhsNumberVerified: true,
        title: 'Mrs',
        givenName: 'Mary Anne',
        familyName: "O'Brien",
        gender: 'female',
        birthDate: '1950-07-08',
        postcode: 'LS19 7BB',
        registrationType: 'permanent',
        registeredOn: '2001-02-03',
        deregisteredOn: null,
        deceased: false,
        deceasedOn: null,
        existingSummary: false,
      },
    });
  });

  it('deceased with a date or a flag, deregistered, existing summary, another registration type', () => {
    const a = mapResource(patient({ deceasedDateTime: '2024-03-04T10:00:00Z', extension: [registration('deducted', '2001-02-03', '2020-01-01'), { url: EXT.existingSummary, valueBoolean: true }] })).mapped;
    expect(a?.kind === 'patient' && a.patient).toMatchObject({ deceased: true, deceasedOn: '2024-03-04', registrationType: 'deducted', deregisteredOn: '2020-01-01', existingSummary: true });
    const b = mapResource(patient({ deceasedBoolean: true })).mapped;
    expect(b?.kind === 'patient' && b.patient).toMatchObject({ deceased: true, deceasedOn: null });
  });

  it('PDS verification: only status 01 is verified; none is unverified; an unknown status is an error', () => {
    const verified = (code?: string) => {
      const m = mapResource(patient({ identifier: [nhs('9434765919', code)] })).mapped;
      return m?.kind === 'patient' ? m.patient.nhsNumberVerified : null;
    };
    expect([verified('01'), verified('02'), verified('04'), verified(undefined)]).toEqual([true, false, false, false]);
    expect(mapped(patient({ identifier: [nhs('9434765919', '09')] })).problems).toEqual([['invalid-value', 'NHS number verification status "09" is not a UKCore-NHSNumberVerificationStatusEngland code (01-08)']]);
  });

  it('an invalid NHS number is imported as recorded with a warning; a missing one is simply absent', () => {
    const bad = mapped(patient({ identifier: [nhs('943-476-5918', '01')] }));
    expect(bad.kind).toBe('patient');
    expect(bad.value?.kind === 'patient' && bad.value.patient.nhsNumber).toBe('9434765918');
    expect(bad.problems).toEqual([['invalid-nhs-number', 'NHS number "943-476-5918" fails the modulus 11 check: imported as recorded; the patient will fail eligibility']]);
    const none = mapped(patient({ identifier: [] }));
    expect(none.value?.kind === 'patient' && none.value.patient.nhsNumber).toBeNull();
    expect(none.problems).toEqual([]);
  });

  it('rejects a patient without what eligibility needs, naming each problem', () => {
    const r = mapped(patient({ extension: [], gender: 'F', birthDate: undefined, name: [{ given: ['X'] }] }));
    expect(r.kind).toBeNull();
    expect(r.problems).toEqual([
      ['missing-field', 'name.family is missing'],
      ['invalid-value', 'gender "F" is not one of male, female, other, unknown'],
      ['missing-field', 'birthDate is missing'],
      ['missing-field', `the registration extension (${EXT.registration}) is missing: registration type and dates are needed`],
    ]);
    expect(mapped(patient({ extension: [registration('visitor', '2001-13-01')] })).problems).toEqual([
      ['invalid-value', 'registration type "visitor" is not one of permanent, applied, temporary, deducted'],
      ['invalid-date', 'registration period.start "2001-13-01" is not a valid date (YYYY-MM-DD, or a full FHIR dateTime)'],
    ]);
  });
});

const request = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'MedicationRequest',
  id: 'p1.m1',
  status: 'active',
  intent: 'order',
  medicationCodeableConcept: { text: 'Ramipril 5mg capsules' },
  subject: { reference: 'Patient/p1' },
  authoredOn: '2024-01-02',
  courseOfTherapyType: { coding: [{ system: COURSE, code: 'continuous' }] },
  dosageInstruction: [{ text: 'One daily' }],
  dispenseRequest: { quantity: { value: 28, unit: 'capsule' } },
  ...extra,
});

describe('MedicationRequest', () => {
  it('a repeat: dates from its extensions, quantity from value and unit, the id within the patient', () => {
    const r = mapResource(request({ status: 'stopped', extension: [{ url: EXT.lastIssued, valueDate: '2025-05-01' }, { url: EXT.reviewed, valueDate: '2025-04-01' }, { url: EXT.discontinued, valueDate: '2025-06-01' }] }));
    expect(r.problems).toEqual([]);
    expect(r.mapped).toEqual({
      kind: 'medication',
      id: 'p1.m1',
      patientId: 'p1',
      item: { id: 'm1', kind: 'repeat', drug: 'Ramipril 5mg capsules', dose: 'One daily', quantity: '28 capsule', prescribedOn: '2024-01-02', lastIssuedOn: '2025-05-01', reviewedOn: '2025-04-01', discontinuedOn: '2025-06-01', linkedProblem: null },
    });
  });

  it('an acute item is issued when prescribed; quantity text; UK Core repeat dispensing is a repeat', () => {
    const acute = mapResource(request({ courseOfTherapyType: { coding: [{ system: COURSE, code: 'acute' }] }, dispenseRequest: { extension: [{ url: EXT.quantityText, valueString: 'one pack' }] } })).mapped;
    expect(acute?.kind === 'medication' && acute.item).toMatchObject({ kind: 'acute', lastIssuedOn: '2024-01-02', quantity: 'one pack' });
    const rd = mapResource(request({ courseOfTherapyType: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-MedicationRequestCourseOfTherapy', code: 'continuous-repeat-dispensing' }] } })).mapped;
    expect(rd?.kind === 'medication' && rd.item.kind).toBe('repeat');
  });

  it('the linked problem prefers the coding the withheld table knows; other systems are ignored', () => {
    const linked = mapResource(request({ reasonCode: [{ coding: [{ system: SCT, code: '22298006', display: 'MI' }, { system: SCT, code: '52637005', display: 'IVF' }] }] })).mapped;
    expect(linked?.kind === 'medication' && linked.item.linkedProblem).toEqual({ system: 'snomed', code: '52637005', term: 'IVF' });
    const icd = mapResource(request({ reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10' }] }] }));
    expect(icd.problems).toEqual([]);
    expect(icd.mapped?.kind === 'medication' && icd.mapped.item.linkedProblem).toBeNull();
  });

  it('rejects what the summary cannot use, naming each problem', () => {
    expect(mapped(request({ status: 'stopped' })).problems).toEqual([['missing-field', 'the discontinued extension (a stopped item needs its date) is missing']]);
    expect(mapped(request({ medicationCodeableConcept: undefined, medicationReference: { reference: 'Medication/x' } })).problems).toEqual([['invalid-value', 'medicationReference is not supported: give the drug as medicationCodeableConcept']]);
    expect(mapped(request({ courseOfTherapyType: undefined, status: 'paused', authoredOn: '2024' })).problems).toEqual([
      ['invalid-value', 'status "paused" is not a MedicationRequest status'],
      ['missing-field', 'courseOfTherapyType (repeat or acute) is missing'],
      ['invalid-date', 'authoredOn "2024" is a partial date: a full date (YYYY-MM-DD) is needed'],
    ]);
    expect(mapped(request({ status: 'entered-in-error' }))).toEqual({ kind: null, value: null, problems: [['entered-in-error', 'MedicationRequest "p1.m1" is marked entered-in-error: not imported']] });
  });
});

describe('MedicationStatement', () => {
  it('dates from the effective period and UK Core last issue date, kind and quantity from extensions', () => {
    const r = mapResource({
      resourceType: 'MedicationStatement',
      id: 'ms1',
      status: 'stopped',
      extension: [
        { url: EXT.courseOfTherapy, valueCodeableConcept: { coding: [{ system: COURSE, code: 'continuous' }] } },
        { url: EXT.quantityText, valueString: '56 tablet' },
        { url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate', valueDateTime: '2025-03-04T09:00:00Z' },
      ],
      medicationCodeableConcept: { coding: [{ system: SCT, code: '41549009', display: 'Metformin 500mg tablets' }] },
      subject: { reference: 'https://example.org/fhir/Patient/p2' },
      effectivePeriod: { start: '2020-01-01', end: '2025-04-05' },
      dosage: [{ text: 'Twice daily' }],
    });
    expect(r.problems).toEqual([]);
    expect(r.mapped).toEqual({
      kind: 'medication',
      id: 'ms1',
      patientId: 'p2',
      item: { id: 'ms1', kind: 'repeat', drug: 'Metformin 500mg tablets', dose: 'Twice daily', quantity: '56 tablet', prescribedOn: '2020-01-01', lastIssuedOn: '2025-03-04', reviewedOn: null, discontinuedOn: '2025-04-05', linkedProblem: null },
    });
  });
});

const allergy = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'AllergyIntolerance',
  id: 'p1.a1',
  patient: { reference: 'Patient/p1' },
  code: { text: 'Penicillin - rash' },
  recordedDate: '2019-09-09',
  ...extra,
});

describe('AllergyIntolerance', () => {
  it('certainty, severity and a linked problem; no verification status is unconfirmed', () => {
    const r = mapResource(allergy({ verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] }, reaction: [{ manifestation: [{ text: 'rash' }], severity: 'severe' }], extension: [{ url: EXT.linkedProblem, valueCodeableConcept: { coding: [{ system: READ, code: 'A98..', display: 'Gonococcal infections' }] } }] }));
    expect(r.mapped).toEqual({ kind: 'allergy', id: 'p1.a1', patientId: 'p1', item: { id: 'a1', recordedOn: '2019-09-09', description: 'Penicillin - rash', certainty: 'confirmed', severity: 'severe', negative: false, linkedProblem: { system: 'read2', code: 'A98..', term: 'Gonococcal infections' } } });
    const plain = mapResource(allergy()).mapped;
    expect(plain?.kind === 'allergy' && plain.item).toMatchObject({ certainty: 'unconfirmed', severity: null });
  });

  it('a "no known allergy" concept is a negative entry', () => {
    const r = mapResource(allergy({ code: { coding: [{ system: SCT, code: '409137002', display: 'No known drug allergy' }] } })).mapped;
    expect(r?.kind === 'allergy' && r.item).toMatchObject({ negative: true, description: 'No known drug allergy' });
  });

  it('rejects a bad severity or a missing date; entered-in-error is left out with a warning', () => {
    expect(mapped(allergy({ reaction: [{ severity: 'fatal' }], recordedDate: undefined })).problems).toEqual([
      ['missing-field', 'recordedDate is missing'],
      ['invalid-value', 'reaction[0].severity "fatal" is not mild, moderate or severe'],
    ]);
    expect(mapped(allergy({ verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'entered-in-error' }] } })).problems.map((p) => p[0])).toEqual(['entered-in-error']);
  });
});

describe('Observation and Condition', () => {
  it('a consent preference keeps the coding the consent table knows, dated by effectiveDateTime or issued', () => {
    const obs = mapResource({ resourceType: 'Observation', id: 'p1.c1', status: 'final', code: { coding: [{ system: SCT, code: '22298006' }, { system: READ, code: '9Ndo.', display: 'Express dissent' }] }, subject: { reference: 'Patient/p1' }, issued: '2025-02-03T04:05:06.789+00:00' });
    expect(obs.mapped).toEqual({ kind: 'coded-entry', id: 'p1.c1', patientId: 'p1', item: { id: 'c1', date: '2025-02-03', code: { system: 'read2', code: '9Ndo.', term: 'Express dissent' } } });
  });

  it('a withheld problem as a Condition, dated by onsetDateTime or recordedDate', () => {
    const cond = mapResource({ resourceType: 'Condition', id: 'k1', code: { coding: [{ system: 'http://read.info/ctv3', code: 'XaMzp', display: 'Gender reassignment' }] }, subject: { reference: 'Patient/p1' }, recordedDate: '2023-03-03' });
    expect(cond.mapped).toEqual({ kind: 'coded-entry', id: 'k1', patientId: 'p1', item: { id: 'k1', date: '2023-03-03', code: { system: 'ctv3', code: 'XaMzp', term: 'Gender reassignment' } } });
    expect(mapped({ resourceType: 'Condition', id: 'k2', code: { coding: [{ system: SCT, code: '52637005' }] }, subject: { reference: 'Patient/p1' } }).problems).toEqual([['missing-field', 'onsetDateTime or recordedDate is missing']]);
  });
});

describe('Flag', () => {
  const flag = (code: string, status = 'active') => ({ resourceType: 'Flag', id: `p1.${code}`, status, code: { coding: [{ system: RECORD_FLAG_SYSTEM, code }] }, subject: { reference: 'Patient/p1' } });
  it('FP69 and sensitive, active or not', () => {
    expect(mapResource(flag('fp69')).mapped).toEqual({ kind: 'flag', id: 'p1.fp69', patientId: 'p1', flag: 'fp69', active: true });
    expect(mapResource(flag('sensitive', 'inactive')).mapped).toEqual({ kind: 'flag', id: 'p1.sensitive', patientId: 'p1', flag: 'sensitive', active: false });
  });
  it('an unknown flag code is an invalid code', () => {
    expect(mapped(flag('vip')).problems).toEqual([['invalid-code', 'flag code "vip" is not fp69 or sensitive']]);
  });
});

describe('Organization', () => {
  it('the practice: name and ODS code', () => {
    expect(mapResource({ resourceType: 'Organization', id: 'o', name: 'Riverside Surgery', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B82005' }] }).mapped).toEqual({ kind: 'organization', id: 'o', name: 'Riverside Surgery', odsCode: 'B82005' });
  });
  it('a code that is not a GP practice code is rejected', () => {
    expect(mapped({ resourceType: 'Organization', id: 'o', name: 'Trust', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RR8' }] }).problems).toEqual([['invalid-code', 'ODS code "RR8" is not a GP practice code (a letter and five digits)']]);
  });
});
