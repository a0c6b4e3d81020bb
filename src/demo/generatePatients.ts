// The demo practice: a deterministic generator of realistic patients. Patient `seq` depends only
// on (seed, seq, asOf), so the worker can generate and store the practice page by page and the
// result is the same however it is split. Every case in domain.md appears at a realistic rate:
// each registration type, every consent code and none, missing/invalid/unverified NHS numbers,
// FP69, sensitive records, existing summaries, withheld categories, no medication or allergies,
// medication at the edges of the 6-month windows, and free text that must be escaped.

import type { Allergy, CodedEntry, Gender, Medication, Patient, RegistrationType } from '../domain/model/practice';
import { CONSENT_CODES } from '../domain/data/consentCodes';
import { WITHHELD_CODES } from '../domain/data/withheldCodes';
import { nhsCheckDigit } from '../domain/nhsNumber';
import { monthsBefore } from '../domain/dates';
import { addDays } from './isoDate';
import { createRandom, mixSeed, type Random } from './random';
import {
  ACUTE_DRUGS,
  ALLERGIES,
  FAMILY,
  FEMALE_GIVEN,
  MALE_GIVEN,
  NEGATIVE_ALLERGY,
  POSTCODE_AREAS,
  REPEAT_DRUGS,
} from './vocabulary';

export const DEFAULT_DEMO_SEED = 20_260_101;
export const DEFAULT_DEMO_SIZE = 10_000;
export const MAX_DEMO_SIZE = 100_000;

/** Rates, as fractions of all patients. Kept together so the distribution test can read them. */
export const DEMO_RATES = {
  registration: { permanent: 0.925, applied: 0.02, temporary: 0.03, deducted: 0.025 } satisfies Record<RegistrationType, number>,
  deceased: 0.008,
  nhsMissing: 0.004,
  nhsInvalid: 0.004,
  nhsUnverified: 0.015,
  fp69: 0.005,
  sensitive: 0.003,
  existingSummary: 0.02,
  /** Share of patients with at least one consent preference entry. */
  anyConsent: 0.16,
  /** Of those, the share with an earlier, superseded entry as well (latest wins). */
  consentHistory: 0.25,
  withheldItem: 0.01,
  windowEdge: 0.01,
  anyAllergy: 0.22,
  negativeAllergy: 0.12,
} as const;

export interface DemoOptions {
  readonly seed: number;
  /** The day the practice's dates are relative to (`YYYY-MM-DD`), normally the load date. */
  readonly asOf: string;
}

/**
 * A unique NHS number in the never-issued 999 range for patient `seq` (1-based, at most
 * 111,111): each patient owns nine consecutive nine-digit prefixes and takes the first one
 * that has a check digit.
 */
export function demoNhsNumber(seq: number): string {
  const base = 999_000_000 + (seq - 1) * 9;
  for (let i = 0; i < 9; i++) {
    const prefix = String(base + i);
    const check = nhsCheckDigit(prefix);
    if (check !== null) return prefix + String(check);
  }
  // Unreachable: at most one in eleven prefixes lacks a check digit, never nine in a row.
  throw new RangeError(`no valid NHS number near ${base}`);
}

function invalidNhsNumber(r: Random, valid: string): string {
  const kind = r.int(0, 2);
  if (kind === 0) return valid.slice(0, 9); // nine digits
  if (kind === 1) return `${valid.slice(0, 3)}O${valid.slice(4)}`; // a letter O for a zero
  const last = valid.charCodeAt(9) - 48;
  return valid.slice(0, 9) + String((last + 1) % 10); // wrong check digit
}

function age(r: Random): number {
  // A taper roughly like a GP list: many adults, fewer over 80.
  const band = r.weighted({ child: 0.2, adult: 0.5, older: 0.22, elderly: 0.08 });
  if (band === 'child') return r.int(0, 17);
  if (band === 'adult') return r.int(18, 64);
  if (band === 'older') return r.int(65, 84);
  return r.int(85, 102);
}

function medications(r: Random, asOf: string, ageYears: number, withheld: boolean, edge: boolean): Medication[] {
  const items: Medication[] = [];
  const repeatChance = Math.min(0.9, 0.12 + ageYears / 110);
  let n = 0;
  const id = (): string => `m${++n}`;
  if (r.chance(repeatChance)) {
    const count = r.int(1, Math.min(8, 1 + Math.floor(ageYears / 12)));
    for (let i = 0; i < count; i++) {
      const t = r.pick(REPEAT_DRUGS);
      const prescribedOn = addDays(asOf, -r.int(60, 3000));
      const current = r.chance(0.8);
      const lastIssuedOn = current ? addDays(asOf, -r.int(0, 60)) : addDays(asOf, -r.int(200, 500));
      const discontinued = r.chance(0.12);
      items.push({
        id: id(),
        kind: 'repeat',
        drug: t.drug,
        dose: t.dose,
        quantity: t.quantity,
        prescribedOn,
        lastIssuedOn,
        reviewedOn: r.chance(0.6) ? addDays(asOf, -r.int(0, 400)) : null,
        discontinuedOn: discontinued ? addDays(asOf, -r.int(0, 400)) : null,
        linkedProblem: null,
      });
    }
  }
  if (r.chance(0.45)) {
    const count = r.int(1, 4);
    for (let i = 0; i < count; i++) {
      const t = r.pick(ACUTE_DRUGS);
      const on = addDays(asOf, -r.int(0, 700));
      items.push({ id: id(), kind: 'acute', drug: t.drug, dose: t.dose, quantity: t.quantity, prescribedOn: on, lastIssuedOn: on, reviewedOn: null, discontinuedOn: null, linkedProblem: null });
    }
  }
  if (edge) {
    // One item exactly on each window's boundary and one a day outside it.
    const onEdge = monthsBefore(asOf, 6);
    const outside = addDays(onEdge, -1);
    const t = r.pick(ACUTE_DRUGS);
    const rep = r.pick(REPEAT_DRUGS);
    items.push(
      { id: id(), kind: 'acute', drug: t.drug, dose: t.dose, quantity: t.quantity, prescribedOn: onEdge, lastIssuedOn: onEdge, reviewedOn: null, discontinuedOn: null, linkedProblem: null },
      { id: id(), kind: 'acute', drug: t.drug, dose: t.dose, quantity: t.quantity, prescribedOn: outside, lastIssuedOn: outside, reviewedOn: null, discontinuedOn: null, linkedProblem: null },
      { id: id(), kind: 'repeat', drug: rep.drug, dose: rep.dose, quantity: rep.quantity, prescribedOn: addDays(asOf, -900), lastIssuedOn: onEdge, reviewedOn: null, discontinuedOn: null, linkedProblem: null },
      { id: id(), kind: 'repeat', drug: rep.drug, dose: rep.dose, quantity: rep.quantity, prescribedOn: addDays(asOf, -900), lastIssuedOn: addDays(asOf, -30), reviewedOn: null, discontinuedOn: outside, linkedProblem: null },
    );
  }
  if (withheld) {
    const code = r.pick(WITHHELD_CODES);
    const on = addDays(asOf, -r.int(0, 120));
    items.push({
      id: id(),
      kind: r.chance(0.5) ? 'repeat' : 'acute',
      drug: `Withheld-category treatment for ${code.display}`,
      dose: 'As directed',
      quantity: '1 pack',
      prescribedOn: on,
      lastIssuedOn: on,
      reviewedOn: null,
      discontinuedOn: null,
      linkedProblem: { system: code.system, code: code.code, term: code.display },
    });
  }
  return items;
}

function allergies(r: Random, asOf: string, birthDate: string): Allergy[] {
  const items: Allergy[] = [];
  if (r.chance(DEMO_RATES.negativeAllergy)) {
    items.push({ id: 'a0', recordedOn: addDays(asOf, -r.int(30, 3000)), description: NEGATIVE_ALLERGY, certainty: 'confirmed', severity: null, negative: true, linkedProblem: null });
  }
  if (r.chance(DEMO_RATES.anyAllergy)) {
    const count = r.int(1, 3);
    for (let i = 1; i <= count; i++) {
      let recordedOn = addDays(asOf, -r.int(0, 5000));
      if (recordedOn < birthDate) recordedOn = birthDate;
      items.push({
        id: `a${i}`,
        recordedOn,
        description: r.pick(ALLERGIES),
        certainty: r.chance(0.85) ? 'confirmed' : 'unconfirmed',
        severity: r.weighted({ mild: 0.4, moderate: 0.35, severe: 0.15, none: 0.1 }) === 'none' ? null : r.pick(['mild', 'moderate', 'severe'] as const),
        negative: false,
        linkedProblem: null,
      });
    }
  }
  return items;
}

function codedEntries(r: Random, asOf: string, withheldProblem: Medication | undefined): CodedEntry[] {
  const entries: CodedEntry[] = [];
  if (r.chance(DEMO_RATES.anyConsent)) {
    const latestOn = addDays(asOf, -r.int(1, 2500));
    if (r.chance(DEMO_RATES.consentHistory)) {
      const earlier = r.pick(CONSENT_CODES);
      entries.push({ id: 'c1', date: addDays(latestOn, -r.int(30, 1500)), code: { system: earlier.system, code: earlier.code, term: earlier.display } });
    }
    const latest = r.pick(CONSENT_CODES);
    entries.push({ id: 'c2', date: latestOn, code: { system: latest.system, code: latest.code, term: latest.display } });
  }
  if (withheldProblem?.linkedProblem) {
    entries.push({ id: 'p1', date: withheldProblem.prescribedOn, code: withheldProblem.linkedProblem });
  }
  return entries;
}

/** Generates patient `seq` (1-based) of the demo practice. Pure and deterministic. */
export function generatePatient(options: DemoOptions, seq: number): Patient {
  const r = createRandom(mixSeed(options.seed, seq));
  const { asOf } = options;
  const gender: Gender = r.weighted({ female: 0.505, male: 0.49, other: 0.003, unknown: 0.002 });
  const given = gender === 'male' ? r.pick(MALE_GIVEN) : gender === 'female' ? r.pick(FEMALE_GIVEN) : r.pick([...MALE_GIVEN, ...FEMALE_GIVEN]);
  const ageYears = age(r);
  const birthDate = addDays(asOf, -(ageYears * 365 + r.int(0, 364)));
  const registrationType = r.weighted(DEMO_RATES.registration);
  const registeredOn = addDays(asOf, -r.int(1, Math.max(2, ageYears * 365)));
  const deregisteredOn = registrationType === 'deducted' ? addDays(asOf, -r.int(1, 700)) : null;
  const deceased = r.chance(DEMO_RATES.deceased);

  const validNumber = demoNhsNumber(seq);
  const numberKind = r.weighted({ valid: 1 - DEMO_RATES.nhsMissing - DEMO_RATES.nhsInvalid, missing: DEMO_RATES.nhsMissing, invalid: DEMO_RATES.nhsInvalid });
  const nhsNumber = numberKind === 'valid' ? validNumber : numberKind === 'missing' ? null : invalidNhsNumber(r, validNumber);

  const withheld = r.chance(DEMO_RATES.withheldItem);
  const edge = r.chance(DEMO_RATES.windowEdge);
  const meds = medications(r, asOf, ageYears, withheld, edge);
  const withheldProblem = meds.find((m) => m.linkedProblem !== null);

  return {
    seq,
    id: `demo-${String(seq).padStart(6, '0')}`,
    nhsNumber,
    nhsNumberVerified: nhsNumber !== null && !r.chance(DEMO_RATES.nhsUnverified),
    title: null,
    givenName: given,
    familyName: r.pick(FAMILY),
    gender,
    birthDate,
    postcode: r.chance(0.98) ? `${r.pick(POSTCODE_AREAS)} ${r.int(1, 9)}${String.fromCharCode(65 + r.int(0, 25))}${String.fromCharCode(65 + r.int(0, 25))}` : null,
    registrationType,
    registeredOn,
    deregisteredOn,
    deceased,
    deceasedOn: deceased ? addDays(asOf, -r.int(1, 400)) : null,
    fp69: r.chance(DEMO_RATES.fp69),
    sensitive: r.chance(DEMO_RATES.sensitive),
    existingSummary: r.chance(DEMO_RATES.existingSummary),
    medications: meds,
    allergies: allergies(r, asOf, birthDate),
    codedEntries: codedEntries(r, asOf, withheldProblem),
  };
}

/** Patients `from` to `to` inclusive (1-based). */
export function generatePage(options: DemoOptions, from: number, to: number): Patient[] {
  const page: Patient[] = [];
  for (let seq = from; seq <= to; seq++) page.push(generatePatient(options, seq));
  return page;
}
