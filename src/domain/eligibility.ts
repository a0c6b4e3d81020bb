// Who qualifies for the initial upload (domain.md, "Eligibility"). Every patient ends in exactly
// one outcome with exactly one reason.
//
// Rule order: the rules are checked in the order of domain.md's table (ELIGIBILITY_RULES below)
// and the FIRST broken rule decides the outcome. So a deducted patient with an invalid NHS number
// is "Not Required: not permanently registered" (nothing for the practice to fix), and a patient
// with an invalid number who also dissents is "Failed: NHS number missing or invalid".
// explainEligibility still evaluates every rule, so the preview can show all that are broken.

import type { Patient } from './model/practice';
import { consentPreference, type ConsentPreference } from './consent';
import { nhsNumberProblem, type NhsNumberProblem } from './nhsNumber';

export type NotRequiredReason = 'not-permanently-registered' | 'fp69' | 'sensitive' | 'existing-summary' | 'dissent';
export type FailedReason = 'nhs-number-missing-or-invalid' | 'not-linked-to-pds';

export type EligibilityResult =
  | { readonly outcome: 'qualifies' }
  | { readonly outcome: 'not-required'; readonly reason: NotRequiredReason }
  | { readonly outcome: 'failed'; readonly reason: FailedReason };

export type EligibilityOutcome = EligibilityResult['outcome'];

/** domain.md wording, used in the statistics, the log and the preview. */
export const NOT_REQUIRED_LABELS: Readonly<Record<NotRequiredReason, string>> = {
  'not-permanently-registered': 'Not Required: not permanently registered',
  fp69: 'Not Required: FP69',
  sensitive: 'Not Required: sensitive record',
  'existing-summary': 'Not Required: existing summary',
  dissent: 'Not Required: dissent',
};

export const FAILED_LABELS: Readonly<Record<FailedReason, string>> = {
  'nhs-number-missing-or-invalid': 'Failed: NHS number missing or invalid',
  'not-linked-to-pds': 'Failed: not linked to PDS',
};

export const QUALIFIES_LABEL = 'Qualifies';

export function eligibilityLabel(result: EligibilityResult): string {
  switch (result.outcome) {
    case 'qualifies':
      return QUALIFIES_LABEL;
    case 'not-required':
      return NOT_REQUIRED_LABELS[result.reason];
    case 'failed':
      return FAILED_LABELS[result.reason];
  }
}

export type EligibilityRuleId =
  | 'permanently-registered'
  | 'valid-nhs-number'
  | 'pds-verified'
  | 'no-fp69'
  | 'not-sensitive'
  | 'no-existing-summary'
  | 'no-dissent';

type BrokenResult = Exclude<EligibilityResult, { outcome: 'qualifies' }>;

/** What the rules look at, computed once per patient. */
interface RuleFacts {
  readonly patient: Patient;
  readonly nhsProblem: NhsNumberProblem | null;
  readonly consent: ConsentPreference;
}

interface EligibilityRule {
  readonly id: EligibilityRuleId;
  /** The rule as the preview states it. */
  readonly description: string;
  readonly ifBroken: BrokenResult;
  readonly holds: (facts: RuleFacts) => boolean;
  /** Why the rule holds or not for this patient, in plain words. */
  readonly detail: (facts: RuleFacts) => string;
}

const NHS_PROBLEM_TEXT: Readonly<Record<NhsNumberProblem, string>> = {
  missing: 'No NHS number is recorded.',
  'not-ten-digits': 'The NHS number is not exactly ten digits.',
  'check-digit': 'The NHS number fails the modulus 11 check.',
};

function registrationDetail(p: Patient): string {
  if (p.deceased || p.deceasedOn !== null) return p.deceasedOn === null ? 'Deceased.' : `Deceased on ${p.deceasedOn}.`;
  if (p.deregisteredOn !== null) return `Deregistered on ${p.deregisteredOn}.`;
  return p.registrationType === 'permanent' ? 'Permanently registered.' : `Registration type is ${p.registrationType}.`;
}

/** In domain.md's table order; the first broken rule decides (see the file header). */
export const ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  {
    id: 'permanently-registered',
    description: 'Permanently registered (not applied, temporary, deducted, deregistered or deceased)',
    ifBroken: { outcome: 'not-required', reason: 'not-permanently-registered' },
    // Deceased or deregistered patients are not on the list any more, whatever the type says.
    holds: ({ patient: p }) =>
      p.registrationType === 'permanent' && !p.deceased && p.deceasedOn === null && p.deregisteredOn === null,
    detail: ({ patient }) => registrationDetail(patient),
  },
  {
    id: 'valid-nhs-number',
    description: 'Has a new-style NHS number that passes the modulus 11 check',
    ifBroken: { outcome: 'failed', reason: 'nhs-number-missing-or-invalid' },
    holds: ({ nhsProblem }) => nhsProblem === null,
    detail: ({ nhsProblem }) => (nhsProblem === null ? 'Valid NHS number.' : NHS_PROBLEM_TEXT[nhsProblem]),
  },
  {
    id: 'pds-verified',
    description: 'NHS number verified against PDS (traced, identity confirmed)',
    ifBroken: { outcome: 'failed', reason: 'not-linked-to-pds' },
    holds: ({ patient }) => patient.nhsNumberVerified,
    detail: ({ patient }) => (patient.nhsNumberVerified ? 'Verified against PDS.' : 'Not verified against PDS.'),
  },
  {
    id: 'no-fp69',
    description: 'No active FP69 flag (registration under review)',
    ifBroken: { outcome: 'not-required', reason: 'fp69' },
    holds: ({ patient }) => !patient.fp69,
    detail: ({ patient }) => (patient.fp69 ? 'An FP69 flag is active.' : 'No FP69 flag.'),
  },
  {
    id: 'not-sensitive',
    description: 'Not a sensitive record',
    ifBroken: { outcome: 'not-required', reason: 'sensitive' },
    holds: ({ patient }) => !patient.sensitive,
    detail: ({ patient }) => (patient.sensitive ? 'The record is marked sensitive.' : 'Not marked sensitive.'),
  },
  {
    id: 'no-existing-summary',
    description: 'No current national summary already on the Spine',
    ifBroken: { outcome: 'not-required', reason: 'existing-summary' },
    holds: ({ patient }) => !patient.existingSummary,
    detail: ({ patient }) =>
      patient.existingSummary ? 'A national summary already exists.' : 'No national summary yet.',
  },
  {
    id: 'no-dissent',
    description: 'Latest consent preference is not dissent',
    ifBroken: { outcome: 'not-required', reason: 'dissent' },
    holds: ({ consent }) => consent.effect !== 'dissent',
    detail: ({ consent }) =>
      consent.entry === null ? `${consent.label} (implied consent).` : `${consent.label}, recorded ${consent.entry.date}.`,
  },
];

const QUALIFIES: EligibilityResult = { outcome: 'qualifies' };

function factsFor(patient: Patient): RuleFacts {
  return { patient, nhsProblem: nhsNumberProblem(patient.nhsNumber), consent: consentPreference(patient) };
}

/** The patient's single outcome: the first broken rule in ELIGIBILITY_RULES order, else qualifies. */
export function checkEligibility(patient: Patient): EligibilityResult {
  const facts = factsFor(patient);
  for (const rule of ELIGIBILITY_RULES) {
    if (!rule.holds(facts)) return rule.ifBroken;
  }
  return QUALIFIES;
}

export interface RuleExplanation {
  readonly rule: EligibilityRuleId;
  readonly description: string;
  readonly passed: boolean;
  readonly detail: string;
  /** What the patient would be if this rule alone were broken. */
  readonly ifBroken: string;
  /** True for the one rule that decided a not-qualifying outcome. */
  readonly decisive: boolean;
}

export interface EligibilityExplanation {
  readonly result: EligibilityResult;
  readonly label: string;
  readonly consent: ConsentPreference;
  /** Every rule in checking order, each evaluated. */
  readonly rules: readonly RuleExplanation[];
}

/** Every rule with pass/fail and why, for the preview screen. Agrees with checkEligibility. */
export function explainEligibility(patient: Patient): EligibilityExplanation {
  const facts = factsFor(patient);
  let result: EligibilityResult = QUALIFIES;
  const rules = ELIGIBILITY_RULES.map((rule): RuleExplanation => {
    const passed = rule.holds(facts);
    const decisive = !passed && result.outcome === 'qualifies';
    if (decisive) result = rule.ifBroken;
    return {
      rule: rule.id,
      description: rule.description,
      passed,
      detail: rule.detail(facts),
      ifBroken: eligibilityLabel(rule.ifBroken),
      decisive,
    };
  });
  return { result, label: eligibilityLabel(result), consent: facts.consent, rules };
}
