import { describe, expect, it } from 'vitest';
import type { Patient } from '../../../src/domain/model/practice';
import {
  checkEligibility,
  ELIGIBILITY_RULES,
  eligibilityLabel,
  explainEligibility,
  FAILED_LABELS,
  NOT_REQUIRED_LABELS,
  type EligibilityResult,
} from '../../../src/domain/eligibility';
import { entry, makePatient } from './fixtures';

const dissent = [entry('read2', '9Ndo.', '2023-01-01')];

/** One way to break each rule, in the documented checking order. */
const BREAKERS: readonly [string, Partial<Patient>, EligibilityResult][] = [
  ['applied', { registrationType: 'applied' }, { outcome: 'not-required', reason: 'not-permanently-registered' }],
  ['nhs number missing', { nhsNumber: null }, { outcome: 'failed', reason: 'nhs-number-missing-or-invalid' }],
  ['not verified', { nhsNumberVerified: false }, { outcome: 'failed', reason: 'not-linked-to-pds' }],
  ['fp69', { fp69: true }, { outcome: 'not-required', reason: 'fp69' }],
  ['sensitive', { sensitive: true }, { outcome: 'not-required', reason: 'sensitive' }],
  ['existing summary', { existingSummary: true }, { outcome: 'not-required', reason: 'existing-summary' }],
  ['dissent', { codedEntries: dissent }, { outcome: 'not-required', reason: 'dissent' }],
];

describe('checkEligibility: each rule alone', () => {
  it('a patient breaking no rule qualifies', () => {
    expect(checkEligibility(makePatient())).toEqual({ outcome: 'qualifies' });
  });

  it.each(BREAKERS)('%s', (_name, overrides, expected) => {
    expect(checkEligibility(makePatient(overrides))).toEqual(expected);
  });

  it.each([
    ['temporary', { registrationType: 'temporary' }],
    ['deducted', { registrationType: 'deducted' }],
    ['deceased', { deceased: true, deceasedOn: '2024-01-02' }],
    ['deceased without a date', { deceased: true }],
    ['a date of death without the flag', { deceasedOn: '2024-01-02' }],
    ['deregistered', { deregisteredOn: '2024-03-01' }],
  ] as const)('not permanently registered: %s', (_name, overrides) => {
    expect(checkEligibility(makePatient(overrides))).toEqual({ outcome: 'not-required', reason: 'not-permanently-registered' });
  });

  it.each([['943476591'], ['9434765918'], [''], ['943 476 5919'], ['000000040X']])(
    'an invalid NHS number %j fails',
    (nhsNumber) => {
      expect(checkEligibility(makePatient({ nhsNumber }))).toEqual({
        outcome: 'failed',
        reason: 'nhs-number-missing-or-invalid',
      });
    },
  );

  it('consent that is not dissent qualifies; the latest consent decides', () => {
    expect(checkEligibility(makePatient({ codedEntries: [entry('read2', '9Ndm.', '2023-01-01')] })).outcome).toBe('qualifies');
    const changedMind = [entry('read2', '9Ndo.', '2020-01-01'), entry('read2', '9Ndn.', '2021-01-01')];
    expect(checkEligibility(makePatient({ codedEntries: changedMind })).outcome).toBe('qualifies');
    const legacyRefused = [entry('snomed', '416308001', '2010-01-01')];
    expect(checkEligibility(makePatient({ codedEntries: legacyRefused }))).toEqual({ outcome: 'not-required', reason: 'dissent' });
  });
});

describe('checkEligibility: several rules broken', () => {
  // For every pair of rules, the earlier one in the table decides.
  const pairs: [number, number][] = [];
  for (let i = 0; i < BREAKERS.length; i++) for (let j = i + 1; j < BREAKERS.length; j++) pairs.push([i, j]);

  it.each(pairs)('rules %i and %i broken: the earlier decides', (i, j) => {
    const [, first, expected] = BREAKERS[i]!;
    const [, second] = BREAKERS[j]!;
    expect(checkEligibility(makePatient({ ...second, ...first }))).toEqual(expected);
  });

  it('everything broken: not permanently registered', () => {
    const all = Object.assign({}, ...BREAKERS.map(([, o]) => o)) as Partial<Patient>;
    expect(checkEligibility(makePatient(all))).toEqual({ outcome: 'not-required', reason: 'not-permanently-registered' });
  });

  it('the rule table is in domain.md order', () => {
    expect(ELIGIBILITY_RULES.map((r) => r.id)).toEqual([
      'permanently-registered',
      'valid-nhs-number',
      'pds-verified',
      'no-fp69',
      'not-sensitive',
      'no-existing-summary',
      'no-dissent',
    ]);
  });
});

describe('labels', () => {
  it('use the wording of domain.md', () => {
    expect(NOT_REQUIRED_LABELS).toEqual({
      'not-permanently-registered': 'Not Required: not permanently registered',
      fp69: 'Not Required: FP69',
      sensitive: 'Not Required: sensitive record',
      'existing-summary': 'Not Required: existing summary',
      dissent: 'Not Required: dissent',
    });
    expect(FAILED_LABELS).toEqual({
      'nhs-number-missing-or-invalid': 'Failed: NHS number missing or invalid',
      'not-linked-to-pds': 'Failed: not linked to PDS',
    });
    expect(eligibilityLabel({ outcome: 'qualifies' })).toBe('Qualifies');
    expect(eligibilityLabel({ outcome: 'failed', reason: 'not-linked-to-pds' })).toBe('Failed: not linked to PDS');
  });
});

describe('explainEligibility', () => {
  it('lists every rule as passed for a qualifying patient', () => {
    const explanation = explainEligibility(makePatient());
    expect(explanation.result).toEqual({ outcome: 'qualifies' });
    expect(explanation.label).toBe('Qualifies');
    expect(explanation.rules).toHaveLength(ELIGIBILITY_RULES.length);
    expect(explanation.rules.every((r) => r.passed && !r.decisive)).toBe(true);
    expect(explanation.consent.label).toBe('No Preference Expressed');
  });

  it('shows every broken rule and marks the one that decided', () => {
    const explanation = explainEligibility(makePatient({ nhsNumberVerified: false, sensitive: true, codedEntries: dissent }));
    expect(explanation.result).toEqual({ outcome: 'failed', reason: 'not-linked-to-pds' });
    expect(explanation.label).toBe('Failed: not linked to PDS');
    const failed = explanation.rules.filter((r) => !r.passed).map((r) => r.rule);
    expect(failed).toEqual(['pds-verified', 'not-sensitive', 'no-dissent']);
    expect(explanation.rules.filter((r) => r.decisive).map((r) => r.rule)).toEqual(['pds-verified']);
    const dissentRule = explanation.rules.find((r) => r.rule === 'no-dissent');
    expect(dissentRule?.ifBroken).toBe('Not Required: dissent');
    expect(dissentRule?.detail).toContain('2023-01-01');
  });

  it('explains why an NHS number is invalid', () => {
    const rule = (nhsNumber: string | null) =>
      explainEligibility(makePatient({ nhsNumber })).rules.find((r) => r.rule === 'valid-nhs-number')?.detail;
    expect(rule(null)).toMatch(/No NHS number/);
    expect(rule('12345')).toMatch(/ten digits/);
    expect(rule('9434765918')).toMatch(/modulus 11/);
  });

  it('always agrees with checkEligibility', () => {
    const variants: Partial<Patient>[] = [{}, ...BREAKERS.map(([, o]) => o), { fp69: true, existingSummary: true }];
    for (const v of variants) {
      const patient = makePatient(v);
      expect(explainEligibility(patient).result).toEqual(checkEligibility(patient));
    }
  });
});
