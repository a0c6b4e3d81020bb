// Checks of single FHIR values against what the practice record needs: ids, references, dates
// and codes. Each returns the value or records a Problem with the exact reason. Pure.

import type { CodeRef, CodeSystem } from '../model/practice';
import { isIsoDate } from '../dates';
import { CODE_SYSTEM_BY_URL } from './conventions';
import { objectAt, objectsAt, shown, stringAt, stringsAt, type JsonObject } from './json';
import { problem, type Problem } from './problems';

/** FHIR R4 id: 1-64 of letters, digits, '-' and '.'. */
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export function readId(resource: JsonObject, problems: Problem[]): string | null {
  const id = resource['id'];
  if (id === undefined || id === null || id === '') {
    problems.push(problem('missing-id', 'the resource has no id'));
    return null;
  }
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    problems.push(problem('invalid-id', `id ${shown(id)} is not a FHIR id (1-64 letters, digits, "-" or ".")`));
    return null;
  }
  return id;
}

/** `Patient/<id>`, optionally after a base URL; history versions are not accepted. */
const PATIENT_REFERENCE = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/;

/** The id of the Patient that `element.reference` points to. */
export function readPatientReference(resource: JsonObject, element: string, problems: Problem[]): string | null {
  const ref = objectAt(resource, element)?.['reference'];
  if (ref === undefined) {
    problems.push(problem('missing-patient-reference', `${element}.reference is missing: every item must name its patient`));
    return null;
  }
  const m = typeof ref === 'string' ? PATIENT_REFERENCE.exec(ref) : null;
  if (!m?.[1]) {
    problems.push(problem('missing-patient-reference', `${element}.reference ${shown(ref)} is not a reference to a Patient ("Patient/<id>")`));
    return null;
  }
  return m[1];
}

/**
 * FHIR date or dateTime with at least a full calendar date. A time part must be complete
 * (hh:mm:ss with a zone) as R4 requires; the calendar date is taken as written, never shifted
 * by the zone, because practice dates are local calendar days.
 */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(?:\.\d+)?(?:Z|[+-](?:0\d|1[0-3]):[0-5]\d|[+-]14:00))?$/;
const PARTIAL_DATE = /^\d{4}(?:-\d{2})?$/;

/** Checks `value` (found at `path`) as a date; undefined is absent (null returned, no problem). */
export function readDateValue(value: unknown, path: string, problems: Problem[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const m = DATE_TIME.exec(value);
    if (m?.[1] && isIsoDate(m[1])) return m[1];
    if (PARTIAL_DATE.test(value)) {
      problems.push(problem('invalid-date', `${path} ${shown(value)} is a partial date: a full date (YYYY-MM-DD) is needed`));
      return null;
    }
  }
  problems.push(problem('invalid-date', `${path} ${shown(value)} is not a valid date (YYYY-MM-DD, or a full FHIR dateTime)`));
  return null;
}

export function readDate(o: JsonObject, key: string, path: string, problems: Problem[]): string | null {
  return readDateValue(o[key], path, problems);
}

/** Like readDate, but absence is a problem too. */
export function requireDate(value: unknown, path: string, problems: Problem[]): string | null {
  if (value === undefined || value === null) {
    problems.push(problem('missing-field', `${path} is missing`));
    return null;
  }
  return readDateValue(value, path, problems);
}

/** Verhoeff check digit tables (SNOMED CT identifiers end in a Verhoeff check digit). */
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

export function passesVerhoeff(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = VERHOEFF_D[c]?.[VERHOEFF_P[i % 8]?.[digit] ?? 0] ?? 0;
  }
  return c === 0;
}

/** Why `code` is not a valid code of `system`, or null when it is. */
export function codeProblem(system: CodeSystem, code: string): string | null {
  if (system === 'snomed') {
    if (!/^[1-9][0-9]{5,17}$/.test(code)) return 'a SNOMED CT id is 6-18 digits, not starting with 0';
    return passesVerhoeff(code) ? null : 'its Verhoeff check digit is wrong';
  }
  // Read v2 and CTV3: five characters, letters and digits, padded on the right with dots.
  return /^(?=.{5}$)[A-Za-z0-9]+\.*$/.test(code) ? null : `a ${system === 'read2' ? 'Read v2' : 'CTV3'} code is 5 letters or digits, padded on the right with dots`;
}

/**
 * The code of a CodeableConcept as the practice record keeps it: one coding in Read v2, CTV3
 * or SNOMED CT. When several qualify, the first one `preferred` recognises wins (so a concept
 * coded in both Read v2 and SNOMED CT is seen as the consent or withheld code it is), else the
 * first. Codings in other systems are ignored; if nothing qualifies the reason says why.
 */
export function readCodeRef(concept: JsonObject, path: string, problems: Problem[], preferred?: (ref: CodeRef) => boolean): CodeRef | null {
  const codings = objectsAt(concept, 'coding');
  const text = stringAt(concept, 'text');
  const candidates: CodeRef[] = [];
  const invalid: string[] = [];
  const otherSystems: string[] = [];
  for (const coding of codings) {
    const url = stringAt(coding, 'system');
    const system = url === undefined ? undefined : CODE_SYSTEM_BY_URL.get(url);
    const code = stringAt(coding, 'code');
    if (system === undefined) {
      otherSystems.push(url ?? '(no system)');
      continue;
    }
    if (code === undefined) {
      invalid.push(`${path}.coding has system ${url ?? ''} but no code`);
      continue;
    }
    const why = codeProblem(system, code);
    if (why !== null) {
      invalid.push(`${path}.coding ${shown(code)}: ${why}`);
      continue;
    }
    candidates.push({ system, code, term: stringAt(coding, 'display') ?? text ?? '' });
  }
  const chosen = (preferred && candidates.find(preferred)) ?? candidates[0];
  if (chosen) return chosen;
  if (invalid.length > 0) for (const reason of invalid) problems.push(problem('invalid-code', reason));
  else if (otherSystems.length > 0) problems.push(problem('unsupported-code-system', `${path} has no Read v2, CTV3 or SNOMED CT coding (systems: ${otherSystems.map((s) => shown(s)).join(', ')})`));
  else problems.push(problem('missing-field', `${path}.coding is missing`));
  return null;
}

/** `system` of a Coding list, as the first coding's code in that system. */
export function codeIn(concept: JsonObject | undefined, systems: readonly string[]): string | undefined {
  if (!concept) return undefined;
  for (const coding of objectsAt(concept, 'coding')) {
    const system = stringAt(coding, 'system');
    if (system !== undefined && systems.includes(system)) return stringAt(coding, 'code');
  }
  return undefined;
}

/** Every string in a list member, joined with spaces (FHIR HumanName.given). */
export const joinedStrings = (o: JsonObject, key: string): string => stringsAt(o, key).join(' ');
