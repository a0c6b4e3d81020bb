// Patient → the patient's own facts (docs/practice-extract.md, "Patient"). An invalid NHS number
// is kept as recorded with a warning (the patient then fails eligibility, as domain.md wants);
// anything eligibility needs that is missing or malformed rejects the line.

import type { Gender, RegistrationType } from '../model/practice';
import { nhsNumberProblem, normaliseNhsNumber } from '../nhsNumber';
import {
  EXT,
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_SYSTEM,
  NHS_NUMBER_VERIFICATION_URL,
  NHS_NUMBER_VERIFIED_CODE,
  REGISTRATION_TYPE_CODES,
} from './conventions';
import { extensionAt, has, objectAt, objectsAt, shown, stringAt, stringsAt, type JsonObject } from './json';
import type { PatientCore } from './mapped';
import { problem, type Problem } from './problems';
import { codeIn, joinedStrings, readDate, readDateValue, requireDate } from './values';

const GENDERS: readonly Gender[] = ['male', 'female', 'other', 'unknown'];
/** UK Core NHS number verification status codes 01-08; only 01 means verified. */
const VERIFICATION_CODES = /^0[1-8]$/;

const NHS_PROBLEM_TEXT = {
  'not-ten-digits': 'is not ten digits',
  'check-digit': 'fails the modulus 11 check',
} as const;

function readNhsNumber(r: JsonObject, problems: Problem[]): { nhsNumber: string | null; verified: boolean } {
  const identifier = objectsAt(r, 'identifier').find((i) => stringAt(i, 'system') === NHS_NUMBER_SYSTEM);
  if (!identifier) return { nhsNumber: null, verified: false };
  const raw = identifier['value'];
  if (raw !== undefined && typeof raw !== 'string') {
    problems.push(problem('invalid-value', `identifier (NHS number) value ${shown(raw)} is not a string`));
    return { nhsNumber: null, verified: false };
  }
  const nhsNumber = raw === undefined ? null : normaliseNhsNumber(raw) || null;
  const why = nhsNumberProblem(nhsNumber);
  if (why !== null && why !== 'missing') {
    problems.push(problem('invalid-nhs-number', `NHS number ${shown(raw)} ${NHS_PROBLEM_TEXT[why]}: imported as recorded; the patient will fail eligibility`));
  }
  const status = extensionAt(identifier, NHS_NUMBER_VERIFICATION_URL);
  if (!status) return { nhsNumber, verified: false };
  const code = codeIn(objectAt(status, 'valueCodeableConcept'), [NHS_NUMBER_VERIFICATION_SYSTEM]);
  if (code === undefined || !VERIFICATION_CODES.test(code)) {
    problems.push(problem('invalid-value', `NHS number verification status ${shown(code ?? null)} is not a UKCore-NHSNumberVerificationStatusEngland code (01-08)`));
    return { nhsNumber, verified: false };
  }
  return { nhsNumber, verified: code === NHS_NUMBER_VERIFIED_CODE };
}

function readRegistration(r: JsonObject, problems: Problem[]): { type: RegistrationType; from: string; to: string | null } | null {
  const ext = extensionAt(r, EXT.registration);
  if (!ext) {
    problems.push(problem('missing-field', `the registration extension (${EXT.registration}) is missing: registration type and dates are needed`));
    return null;
  }
  const type = extensionAt(ext, 'type')?.['valueCode'];
  const known = REGISTRATION_TYPE_CODES.find((t) => t === type);
  if (known === undefined) {
    problems.push(type === undefined ? problem('missing-field', 'registration type is missing') : problem('invalid-value', `registration type ${shown(type)} is not one of ${REGISTRATION_TYPE_CODES.join(', ')}`));
  }
  const period = objectAt(extensionAt(ext, 'period') ?? {}, 'valuePeriod') ?? {};
  const from = requireDate(period['start'], 'registration period.start', problems);
  const to = readDate(period, 'end', 'registration period.end', problems);
  return known === undefined || from === null ? null : { type: known, from, to };
}

function readDeceased(r: JsonObject, problems: Problem[]): { deceased: boolean; on: string | null } {
  if (has(r, 'deceasedDateTime')) {
    const on = readDateValue(r['deceasedDateTime'], 'deceasedDateTime', problems);
    return { deceased: true, on };
  }
  const flag = r['deceasedBoolean'];
  if (flag === undefined || flag === null) return { deceased: false, on: null };
  if (typeof flag !== 'boolean') {
    problems.push(problem('invalid-value', `deceasedBoolean ${shown(flag)} is not true or false`));
    return { deceased: false, on: null };
  }
  return { deceased: flag, on: null };
}

/** The patient's facts, or null when a problem rejects the line (all problems are in `problems`). */
export function mapPatient(r: JsonObject, id: string | null, problems: Problem[]): PatientCore | null {
  const { nhsNumber, verified } = readNhsNumber(r, problems);
  const names = objectsAt(r, 'name');
  const name = names.find((n) => n['use'] === 'official') ?? names[0];
  const familyName = name ? stringAt(name, 'family') : undefined;
  if (familyName === undefined) problems.push(problem('missing-field', 'name.family is missing'));
  const gender = r['gender'] === undefined ? 'unknown' : GENDERS.find((g) => g === r['gender']);
  if (gender === undefined) problems.push(problem('invalid-value', `gender ${shown(r['gender'])} is not one of ${GENDERS.join(', ')}`));
  const birthDate = requireDate(r['birthDate'], 'birthDate', problems);
  const addresses = objectsAt(r, 'address');
  const address = addresses.find((a) => a['use'] === 'home') ?? addresses[0];
  const registration = readRegistration(r, problems);
  const deceased = readDeceased(r, problems);
  const summary = extensionAt(r, EXT.existingSummary)?.['valueBoolean'];
  if (summary !== undefined && typeof summary !== 'boolean') problems.push(problem('invalid-value', `existing-summary ${shown(summary)} is not true or false`));

  if (id === null || familyName === undefined || gender === undefined || birthDate === null || registration === null) return null;
  return {
    id,
    nhsNumber,
    nhsNumberVerified: verified,
    title: name ? (stringsAt(name, 'prefix')[0] ?? null) : null,
    givenName: name ? joinedStrings(name, 'given') : '',
    familyName,
    gender,
    birthDate,
    postcode: address ? (stringAt(address, 'postalCode') ?? null) : null,
    registrationType: registration.type,
    registeredOn: registration.from,
    deregisteredOn: registration.to,
    deceased: deceased.deceased,
    deceasedOn: deceased.on,
    existingSummary: summary === true,
  };
}
