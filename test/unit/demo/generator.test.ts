// The demo practice generator: deterministic however it is paged, valid and unique NHS numbers
// in the 999 range (apart from the deliberately missing or invalid ones), the documented rates,
// and every case of domain.md present in a 10,000-patient practice, so the engine, the summary
// builder and the UI are always exercised on all of them by the demo data.

import { describe, expect, it } from 'vitest';
import type { Patient } from '../../../src/domain/model/practice';
import { REGISTRATION_TYPES } from '../../../src/domain/model/practice';
import {
  DEFAULT_DEMO_SEED,
  DEMO_RATES,
  demoNhsNumber,
  generatePage,
  generatePatient,
  MAX_DEMO_SIZE,
  type DemoOptions,
} from '../../../src/demo/generatePatients';
import { demoPracticeIdentity } from '../../../src/demo/demoPractice';
import { addDays } from '../../../src/demo/isoDate';
import { consentPreference, CONSENT_EFFECTS, CONSENT_MEANING_LABELS, type ConsentPreferenceMeaning } from '../../../src/domain/consent';
import { CONSENT_CODES } from '../../../src/domain/data/consentCodes';
import { WITHHELD_CODES } from '../../../src/domain/data/withheldCodes';
import { isInWindow, lastMonthsWindow, monthsBefore } from '../../../src/domain/dates';
import {
  checkEligibility,
  FAILED_LABELS,
  NOT_REQUIRED_LABELS,
  type FailedReason,
  type NotRequiredReason,
} from '../../../src/domain/eligibility';
import { isValidNhsNumber, nhsNumberProblem } from '../../../src/domain/nhsNumber';
import { isWithheld } from '../../../src/domain/withheld';

/** 31 August: six months earlier is clamped to 29 February (a leap year), the hardest edge. */
const AS_OF = '2024-08-31';
const OPTIONS: DemoOptions = { seed: DEFAULT_DEMO_SEED, asOf: AS_OF };

// Generated once per file: the tests below only read them.
const PRACTICE_10K = generatePage(OPTIONS, 1, 10_000);
const PRACTICE_20K = [...PRACTICE_10K, ...generatePage(OPTIONS, 10_001, 20_000)];

const consentKey = (system: string, code: string): string => `${system}|${code}`;
const CONSENT_KEYS = new Set(CONSENT_CODES.map((c) => consentKey(c.system, c.code)));

function consentEntries(p: Patient) {
  return p.codedEntries.filter((e) => CONSENT_KEYS.has(consentKey(e.code.system, e.code.code)));
}

/** Every piece of free text the practice record holds for a patient. */
function freeText(p: Patient): string[] {
  return [
    p.givenName,
    p.familyName,
    ...p.medications.flatMap((m) => [m.drug, m.dose, m.quantity, m.linkedProblem?.term ?? '']),
    ...p.allergies.map((a) => a.description),
    ...p.codedEntries.map((e) => e.code.term),
  ];
}

const EDGE = monthsBefore(AS_OF, 6);
const OUTSIDE = addDays(EDGE, -1);

/** The window-edge block the generator adds: acute on the edge and a day outside it. */
function hasWindowEdgeItems(p: Patient): boolean {
  const acute = p.medications.filter((m) => m.kind === 'acute');
  return acute.some((m) => m.prescribedOn === EDGE) && acute.some((m) => m.prescribedOn === OUTSIDE);
}

/**
 * Asserts an observed share is within five binomial standard deviations of the expected rate.
 * The generator is deterministic, so this never flickers; it fails when a rate or the way it
 * is applied changes.
 */
function expectRate(what: string, count: number, n: number, p: number): void {
  const sd = Math.sqrt((p * (1 - p)) / n);
  const observed = count / n;
  expect(Math.abs(observed - p), `${what}: observed ${observed.toFixed(4)} of ${n}, expected ${p} ± ${(5 * sd).toFixed(4)}`).toBeLessThanOrEqual(5 * sd);
}

describe('determinism', () => {
  it('the same seed and asOf give deep-equal patients', () => {
    expect(generatePage(OPTIONS, 1, 500)).toEqual(generatePage({ ...OPTIONS }, 1, 500));
  });

  it('a practice generated in different page splits is identical', () => {
    const whole = generatePage(OPTIONS, 1, 3_000);
    const splits: readonly (readonly number[])[] = [
      [1, 2_000, 3_000],
      [1, 1, 2, 1_000, 2_999, 3_000],
      [1, 777, 1_500, 2_222, 3_000],
    ];
    for (const cuts of splits) {
      const pages: Patient[] = [];
      for (let i = 0; i + 1 < cuts.length; i++) {
        const from = i === 0 ? (cuts[0] ?? 1) : (cuts[i] ?? 0) + 1;
        const to = cuts[i + 1] ?? 0;
        if (from <= to) pages.push(...generatePage(OPTIONS, from, to));
      }
      expect(pages.map((p) => p.seq)).toEqual(whole.map((p) => p.seq));
      expect(pages).toEqual(whole);
    }
    // Any single patient on its own is the same as in the whole practice.
    expect(generatePatient(OPTIONS, 2_345)).toEqual(whole[2_344]);
  });

  it('pages are numbered from `from` to `to` inclusive with 1-based seq and matching ids', () => {
    const page = generatePage(OPTIONS, 41, 45);
    expect(page.map((p) => p.seq)).toEqual([41, 42, 43, 44, 45]);
    expect(page.map((p) => p.id)).toEqual(['demo-000041', 'demo-000042', 'demo-000043', 'demo-000044', 'demo-000045']);
    expect(generatePage(OPTIONS, 10, 9)).toEqual([]);
  });

  it('a different seed gives a different practice', () => {
    const a = generatePage(OPTIONS, 1, 200);
    const b = generatePage({ ...OPTIONS, seed: DEFAULT_DEMO_SEED + 1 }, 1, 200);
    const same = a.filter((p, i) => JSON.stringify(p) === JSON.stringify(b[i])).length;
    expect(same).toBe(0);
  });

  it('a different asOf moves the dates but is deterministic too', () => {
    const later = { ...OPTIONS, asOf: addDays(AS_OF, 10) };
    const a = generatePatient(OPTIONS, 7);
    const b = generatePatient(later, 7);
    expect(b.birthDate).toBe(addDays(a.birthDate, 10));
    expect(generatePatient(later, 7)).toEqual(b);
  });

  it('the demo practice identity is fixed per seed and uses a Y9 ODS code no real practice has', () => {
    const identity = demoPracticeIdentity(DEFAULT_DEMO_SEED);
    expect(identity).toEqual(demoPracticeIdentity(DEFAULT_DEMO_SEED));
    expect(identity.odsCode).toMatch(/^Y9[0-9]{4}$/);
    expect(identity.name).toMatch(/\(demo\)$/);
  });
});

describe('NHS numbers', () => {
  it('demoNhsNumber gives a unique, valid, 999-prefixed number for every seq up to the maximum size', () => {
    const seen = new Set<string>();
    for (let seq = 1; seq <= MAX_DEMO_SIZE; seq++) {
      const n = demoNhsNumber(seq);
      if (!isValidNhsNumber(n) || !n.startsWith('999') || seen.has(n)) {
        expect.fail(`seq ${seq}: ${n} is invalid, outside the 999 range or a duplicate`);
      }
      seen.add(n);
    }
    expect(seen.size).toBe(MAX_DEMO_SIZE);
  });

  it('every recorded number is valid, 999-prefixed and unique, except the deliberately missing or invalid ones', () => {
    const recorded = PRACTICE_20K.map((p) => p.nhsNumber);
    const valid = recorded.filter((n): n is string => n !== null && isValidNhsNumber(n));
    expect(new Set(valid).size).toBe(valid.length);
    for (const n of valid) expect(n.startsWith('999')).toBe(true);

    const problems = new Map<string, number>();
    for (const p of PRACTICE_20K) {
      const problem = nhsNumberProblem(p.nhsNumber);
      if (problem !== null) problems.set(problem, (problems.get(problem) ?? 0) + 1);
    }
    // Missing, and all three ways of being invalid the generator makes.
    expect([...problems.keys()].sort()).toEqual(['check-digit', 'missing', 'not-ten-digits']);
    expect(valid.length + [...problems.values()].reduce((a, b) => a + b, 0)).toBe(PRACTICE_20K.length);

    // Invalid numbers are near-misses of the patient's own number, still in the 999 range.
    for (const p of PRACTICE_20K) {
      if (p.nhsNumber !== null && !isValidNhsNumber(p.nhsNumber)) expect(p.nhsNumber.slice(0, 3)).toBe('999');
    }
  });

  it('a patient without a number is never marked verified', () => {
    for (const p of PRACTICE_20K) if (p.nhsNumber === null) expect(p.nhsNumberVerified).toBe(false);
  });
});

describe('distributions on 20,000 patients match DEMO_RATES', () => {
  const n = PRACTICE_20K.length;
  const count = (pred: (p: Patient) => boolean, list: readonly Patient[] = PRACTICE_20K): number => list.filter(pred).length;

  it('registration types', () => {
    for (const type of REGISTRATION_TYPES) {
      expectRate(type, count((p) => p.registrationType === type), n, DEMO_RATES.registration[type]);
    }
  });

  it('flags and NHS number states', () => {
    expectRate('deceased', count((p) => p.deceased), n, DEMO_RATES.deceased);
    expectRate('fp69', count((p) => p.fp69), n, DEMO_RATES.fp69);
    expectRate('sensitive', count((p) => p.sensitive), n, DEMO_RATES.sensitive);
    expectRate('existing summary', count((p) => p.existingSummary), n, DEMO_RATES.existingSummary);
    expectRate('NHS number missing', count((p) => p.nhsNumber === null), n, DEMO_RATES.nhsMissing);
    expectRate('NHS number invalid', count((p) => p.nhsNumber !== null && !isValidNhsNumber(p.nhsNumber)), n, DEMO_RATES.nhsInvalid);
    const withNumber = PRACTICE_20K.filter((p) => p.nhsNumber !== null);
    expectRate('unverified (of those with a number)', count((p) => !p.nhsNumberVerified, withNumber), withNumber.length, DEMO_RATES.nhsUnverified);
  });

  it('consent entries, superseded history and clinical items', () => {
    const withConsent = PRACTICE_20K.filter((p) => consentEntries(p).length > 0);
    expectRate('any consent', withConsent.length, n, DEMO_RATES.anyConsent);
    expectRate('consent history (of those with consent)', count((p) => consentEntries(p).length > 1, withConsent), withConsent.length, DEMO_RATES.consentHistory);
    expectRate('withheld item', count((p) => p.medications.some((m) => isWithheld(m))), n, DEMO_RATES.withheldItem);
    expectRate('window edge', count(hasWindowEdgeItems), n, DEMO_RATES.windowEdge);
    expectRate('allergy', count((p) => p.allergies.some((a) => !a.negative)), n, DEMO_RATES.anyAllergy);
    expectRate('negative allergy', count((p) => p.allergies.some((a) => a.negative)), n, DEMO_RATES.negativeAllergy);
  });

  it('deducted patients and only they have a deregistration date; deceased ones have a date of death', () => {
    for (const p of PRACTICE_20K) {
      expect(p.deregisteredOn !== null).toBe(p.registrationType === 'deducted');
      expect(p.deceasedOn !== null).toBe(p.deceased);
    }
  });

  it('every date is a calendar date no later than asOf, and nobody is recorded before birth', () => {
    const iso = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
    for (const p of PRACTICE_20K) {
      const dates = [
        p.birthDate,
        p.registeredOn,
        ...p.medications.flatMap((m) => [m.prescribedOn, m.lastIssuedOn, m.reviewedOn, m.discontinuedOn]),
        ...p.allergies.map((a) => a.recordedOn),
        ...p.codedEntries.map((e) => e.date),
      ].filter((d): d is string => d !== null);
      for (const d of dates) {
        if (!iso.test(d) || d > AS_OF) expect.fail(`${p.id}: date ${d} is malformed or after ${AS_OF}`);
      }
      for (const a of p.allergies) if (!a.negative) expect(a.recordedOn >= p.birthDate).toBe(true);
    }
  });
});

describe('every case of domain.md appears in a 10,000-patient practice', () => {
  const some = (what: string, pred: (p: Patient) => boolean): Patient => {
    const found = PRACTICE_10K.find(pred);
    if (found === undefined) return expect.fail(`no patient: ${what}`);
    return found;
  };

  it('each registration type', () => {
    for (const type of REGISTRATION_TYPES) some(type, (p) => p.registrationType === type);
  });

  it('each consent code of the table, and patients with no consent entry', () => {
    for (const c of CONSENT_CODES) {
      some(`consent ${c.system} ${c.code}`, (p) => p.codedEntries.some((e) => e.code.system === c.system && e.code.code === c.code));
    }
    some('no consent entry', (p) => consentEntries(p).length === 0);
  });

  it('each consent preference, including none, decides for some patient', () => {
    const meanings = new Set(PRACTICE_10K.map((p) => consentPreference(p).meaning));
    expect([...meanings].sort()).toEqual((Object.keys(CONSENT_MEANING_LABELS) as ConsentPreferenceMeaning[]).sort());
  });

  it('a superseded earlier consent entry: the later one decides, even when the earlier one was dissent', () => {
    const history = PRACTICE_10K.filter((p) => consentEntries(p).length > 1);
    expect(history.length).toBeGreaterThan(0);
    for (const p of history) {
      const entries = consentEntries(p);
      const latest = entries.reduce((a, b) => (b.date > a.date ? b : a));
      expect(entries.some((e) => e.date < latest.date)).toBe(true);
      expect(consentPreference(p).entry).toEqual(latest);
    }
    const effectOf = (system: string, code: string) => {
      const row = CONSENT_CODES.find((c) => c.system === system && c.code === code);
      return row ? CONSENT_EFFECTS[row.meaning] : undefined;
    };
    some('earlier dissent superseded by consent', (p) => {
      const entries = consentEntries(p);
      const [earlier, later] = [...entries].sort((a, b) => a.date.localeCompare(b.date));
      return entries.length === 2 && earlier !== undefined && later !== undefined && effectOf(earlier.code.system, earlier.code.code) === 'dissent' && consentPreference(p).effect !== 'dissent';
    });
    some('earlier consent superseded by dissent', (p) => {
      const entries = consentEntries(p);
      const [earlier] = [...entries].sort((a, b) => a.date.localeCompare(b.date));
      return entries.length === 2 && earlier !== undefined && effectOf(earlier.code.system, earlier.code.code) !== 'dissent' && consentPreference(p).effect === 'dissent';
    });
  });

  it('missing, invalid and unverified NHS numbers', () => {
    some('missing NHS number', (p) => p.nhsNumber === null);
    some('invalid NHS number', (p) => p.nhsNumber !== null && !isValidNhsNumber(p.nhsNumber));
    some('valid but unverified NHS number', (p) => isValidNhsNumber(p.nhsNumber) && !p.nhsNumberVerified);
  });

  it('FP69, sensitive, existing summary and deceased', () => {
    some('FP69', (p) => p.fp69);
    some('sensitive', (p) => p.sensitive);
    some('existing summary', (p) => p.existingSummary);
    some('deceased', (p) => p.deceased);
  });

  it('withheld items of every category, with the linked problem recorded', () => {
    const withheld = PRACTICE_10K.filter((p) => p.medications.some((m) => isWithheld(m)));
    expect(withheld.length).toBeGreaterThan(0);
    const categories = new Set<string>();
    for (const p of withheld) {
      for (const m of p.medications.filter((x) => isWithheld(x))) {
        const row = WITHHELD_CODES.find((c) => c.system === m.linkedProblem?.system && c.code === m.linkedProblem.code);
        if (row) categories.add(row.category);
        // The problem itself is on the record as a coded entry.
        expect(p.codedEntries.some((e) => e.code.system === m.linkedProblem?.system && e.code.code === m.linkedProblem.code)).toBe(true);
      }
    }
    expect([...categories].sort()).toEqual([...new Set(WITHHELD_CODES.map((c) => c.category))].sort());
  });

  it('no medication, no allergies, both, and negative ("no known allergy") entries', () => {
    some('no medication', (p) => p.medications.length === 0);
    some('no allergies', (p) => p.allergies.length === 0);
    some('no medication and no allergies', (p) => p.medications.length === 0 && p.allergies.length === 0);
    some('a negative allergy entry', (p) => p.allergies.some((a) => a.negative));
    some('only a negative allergy entry', (p) => p.allergies.length > 0 && p.allergies.every((a) => a.negative));
    some('a negative entry alongside real allergies', (p) => p.allergies.some((a) => a.negative) && p.allergies.some((a) => !a.negative));
  });

  it('medication exactly on the 6-month window edge and one day outside it', () => {
    const window = lastMonthsWindow(AS_OF, 6);
    expect(EDGE).toBe('2024-02-29');
    expect(isInWindow(EDGE, window)).toBe(true);
    expect(isInWindow(OUTSIDE, window)).toBe(false);
    some('acute on the edge and a day outside', hasWindowEdgeItems);
    some('repeat last issued exactly on the edge', (p) => p.medications.some((m) => m.kind === 'repeat' && m.discontinuedOn === null && m.lastIssuedOn === EDGE));
    some('repeat discontinued a day outside the window', (p) => p.medications.some((m) => m.kind === 'repeat' && m.discontinuedOn === OUTSIDE));
  });

  it('free text with <, &, double and single quotes', () => {
    for (const ch of ['<', '&', '"', "'"]) some(`free text with ${ch}`, (p) => freeText(p).some((t) => t.includes(ch)));
  });

  it('non-ASCII names', () => {
    const nonAscii = (s: string) => [...s].some((c) => c.charCodeAt(0) > 0x7f);
    some('non-ASCII given name', (p) => nonAscii(p.givenName));
    some('non-ASCII family name', (p) => nonAscii(p.familyName));
  });

  it('eligibility outcomes span qualifies, every not-required reason and every failed reason', () => {
    const labels = new Map<string, number>();
    for (const p of PRACTICE_10K) {
      const r = checkEligibility(p);
      const key = r.outcome === 'qualifies' ? 'qualifies' : `${r.outcome}:${r.reason}`;
      labels.set(key, (labels.get(key) ?? 0) + 1);
    }
    const expected = [
      'qualifies',
      ...(Object.keys(NOT_REQUIRED_LABELS) as NotRequiredReason[]).map((r) => `not-required:${r}`),
      ...(Object.keys(FAILED_LABELS) as FailedReason[]).map((r) => `failed:${r}`),
    ];
    expect([...labels.keys()].sort()).toEqual(expected.sort());
    // Most of a practice qualifies.
    expect(labels.get('qualifies') ?? 0).toBeGreaterThan(PRACTICE_10K.length * 0.7);
  });
});
