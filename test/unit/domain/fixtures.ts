// Small factories for domain tests: a qualifying patient by default, overridden per test.
// Deterministic (fixed ids and UUIDs) so failures are reproducible.

import type { Allergy, CodedEntry, CodeRef, CodeSystem, Medication, Patient, Practice } from '../../../src/domain/model/practice';
import type { AuthorSettings } from '../../../src/shared/authorSettings';

export const RUN_DATE = '2024-06-15';
export const TIMESTAMP = '2024-06-15T09:30:00Z';
export const BUNDLE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const COMPOSITION_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const PRACTICE: Pick<Practice, 'name' | 'odsCode'> = { name: 'Riverside Surgery', odsCode: 'A12345' };
/** The FHIR base the entries' fullUrls are under. */
export const FULL_URL_BASE = 'https://spine.example.test/summary-care-record/FHIR/R4';

/** The job-role author shape: no SDS ids. */
export const AUTHOR: AuthorSettings = {
  organisation: { odsCode: 'A12345', name: 'Riverside Surgery', address: '1 River Road, Leeds, LS1 4AP', telephone: '0113 496 0123' },
  clinician: { name: 'Dr Amelia Hart', jobRole: { code: 'R0260', display: 'General Medical Practitioner' }, sds: null },
  source: 'entered',
};

/** The SDS-user author shape. */
export const SDS_AUTHOR: AuthorSettings = {
  ...AUTHOR,
  clinician: { ...AUTHOR.clinician, sds: { userId: '555555555555', roleProfileId: '555555555556' } },
};

/** Valid and used by test data only (999 prefix passes the check but is never issued). */
export const VALID_NHS_NUMBER = '9990000018';

export function makePatient(overrides: Partial<Patient> = {}): Patient {
  return {
    seq: 1,
    id: 'patient-1',
    nhsNumber: VALID_NHS_NUMBER,
    nhsNumberVerified: true,
    title: 'Ms',
    givenName: 'Ada',
    familyName: 'Lovelace',
    gender: 'female',
    birthDate: '1970-03-01',
    postcode: 'LS1 1AA',
    registrationType: 'permanent',
    registeredOn: '2001-01-01',
    deregisteredOn: null,
    deceased: false,
    deceasedOn: null,
    fp69: false,
    sensitive: false,
    existingSummary: false,
    medications: [],
    allergies: [],
    codedEntries: [],
    ...overrides,
  };
}

let medicationCounter = 0;

export function makeMedication(overrides: Partial<Medication> = {}): Medication {
  medicationCounter += 1;
  return {
    id: `med-${medicationCounter}`,
    kind: 'acute',
    drug: 'Amoxicillin 500mg capsules',
    dose: 'One capsule three times a day',
    quantity: '21 capsule',
    prescribedOn: RUN_DATE,
    lastIssuedOn: RUN_DATE,
    reviewedOn: null,
    discontinuedOn: null,
    linkedProblem: null,
    ...overrides,
  };
}

export function acute(prescribedOn: string, overrides: Partial<Medication> = {}): Medication {
  return makeMedication({ kind: 'acute', prescribedOn, lastIssuedOn: prescribedOn, ...overrides });
}

export function repeat(overrides: Partial<Medication> = {}): Medication {
  return makeMedication({
    kind: 'repeat',
    drug: 'Ramipril 5mg capsules',
    dose: 'One daily',
    quantity: '28 capsule',
    prescribedOn: '2020-01-10',
    lastIssuedOn: null,
    reviewedOn: null,
    ...overrides,
  });
}

let allergyCounter = 0;

export function makeAllergy(overrides: Partial<Allergy> = {}): Allergy {
  allergyCounter += 1;
  return {
    id: `allergy-${allergyCounter}`,
    recordedOn: '2015-04-02',
    description: 'Penicillin allergy',
    certainty: 'confirmed',
    severity: 'moderate',
    negative: false,
    linkedProblem: null,
    ...overrides,
  };
}

export function code(system: CodeSystem, value: string, term = 'term'): CodeRef {
  return { system, code: value, term };
}

let entryCounter = 0;

export function entry(system: CodeSystem, value: string, date: string, id?: string): CodedEntry {
  entryCounter += 1;
  return { id: id ?? `entry-${entryCounter}`, date, code: code(system, value) };
}
