// Built summaries against the shared validators (test/support/fhirValidation.ts): the national
// contract and strict FHIR R4 (structure, invariants, required bindings, narrative XHTML).

import { describe, expect, it } from 'vitest';
import type { Patient } from '../../../src/domain/model/practice';
import { demoPracticeIdentity } from '../../../src/demo/demoPractice';
import { generatePage } from '../../../src/demo/generatePatients';
import { checkEligibility } from '../../../src/domain/eligibility';
import { buildSummaryBundle } from '../../../src/domain/summary/buildBundle';
import { validateContract, validateStrictR4 } from '../../support/fhirValidation';
import { acute, AUTHOR, code, entry, FULL_URL_BASE, makeAllergy, makePatient, repeat, RUN_DATE, SDS_AUTHOR, TIMESTAMP } from './fixtures';
import type { AuthorSettings } from '../../../src/shared/authorSettings';
import { demoAuthor } from '../../../src/domain/author/demoAuthor';

/** A deterministic UUID v4 shape from a counter, so failures are reproducible. */
function uuid(n: number, salt: number): string {
  const hex = (n * 7919 + salt).toString(16).padStart(12, '0').slice(-12);
  return `${salt.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

function build(patient: Patient, n: number, author: AuthorSettings = AUTHOR, runDate = RUN_DATE) {
  return buildSummaryBundle({ patient, author, fullUrlBase: FULL_URL_BASE, runDate, timestamp: TIMESTAMP, bundleId: uuid(n, 1), compositionId: uuid(n, 2) });
}

const VARIED: [string, Patient][] = [
  ['nothing to send', makePatient()],
  [
    'every category filled',
    makePatient({
      allergies: [makeAllergy(), makeAllergy({ severity: null, certainty: 'unconfirmed' }), makeAllergy({ certainty: 'refuted', severity: 'mild' })],
      medications: [
        acute(RUN_DATE),
        acute('2023-12-15'),
        repeat({ lastIssuedOn: '2024-06-01', reviewedOn: '2024-01-01' }),
        repeat({ lastIssuedOn: null, reviewedOn: '2024-03-03' }),
        repeat({ lastIssuedOn: '2024-01-01', discontinuedOn: '2024-05-05' }),
      ],
      codedEntries: [entry('read2', '9Ndm.', '2020-01-01')],
    }),
  ],
  [
    'hostile and non-ASCII free text',
    makePatient({
      givenName: 'Zoë',
      familyName: `O'Brien & "Sons" <b>`,
      allergies: [makeAllergy({ description: '<script>alert(1)</script> & Łódź 😀' })],
      medications: [
        acute(RUN_DATE, { drug: '<script>alert(1)</script>', dose: `"quoted" & 'single'`, quantity: ']]> <![CDATA[' }),
        repeat({ drug: 'Ödem-Tabletten™ 東京', dose: '&amp; &nbsp; &#0;', quantity: '\u0001\u000B', lastIssuedOn: RUN_DATE }),
      ],
    }),
  ],
  [
    'only withheld items',
    makePatient({
      medications: [acute(RUN_DATE, { linkedProblem: code('snomed', '52637005') })],
      allergies: [makeAllergy({ linkedProblem: code('ctv3', 'XaMzp') }), makeAllergy({ negative: true })],
    }),
  ],
  ['many items', makePatient({ medications: Array.from({ length: 40 }, (_, i) => acute(i % 2 === 0 ? RUN_DATE : '2024-02-29')) })],
];

describe('built bundles pass the contract and strict R4', () => {
  it.each(VARIED)('%s', (_name, patient) => {
    const bundle = build(patient, 1);
    expect(validateContract(bundle)).toEqual([]);
    expect(validateStrictR4(bundle)).toEqual([]);
  });

  it('in the SDS-user author shape', () => {
    const bundle = build(makePatient(), 4, SDS_AUTHOR);
    expect(validateContract(bundle)).toEqual([]);
    expect(validateStrictR4(bundle)).toEqual([]);
  });

  it('with a hostile practice name and a month-end run date', () => {
    const bundle = build(
      makePatient({ medications: [acute('2024-02-29')] }),
      2,
      { ...AUTHOR, organisation: { ...AUTHOR.organisation, name: `St Mary's & "Riverside" <Surgery> Łódź`, odsCode: 'Y90001' } },
      '2024-08-31',
    );
    expect(validateContract(bundle)).toEqual([]);
    expect(validateStrictR4(bundle)).toEqual([]);
  });

  it('the validators are live: a wrong display and an ill-formed div are reported', () => {
    const bundle = JSON.parse(JSON.stringify(build(makePatient(), 3))) as {
      entry: { resource: { type: { coding: { display: string }[] }; section: { text: { div: string } }[] } }[];
    };
    const composition = bundle.entry[0]!.resource;
    composition.type.coding[0]!.display = 'GP Summary';
    composition.section[1]!.text.div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>a & b</p></div>';
    expect(validateContract(bundle).length).toBeGreaterThan(0);
    expect(validateStrictR4(bundle).some((i) => i.level === 'xhtml')).toBe(true);
  });

  it('every qualifying patient of a 500-patient demo practice', () => {
    const asOf = '2026-01-15';
    const seed = 20_260_101;
    const author = demoAuthor(demoPracticeIdentity(seed));
    const qualifying = generatePage({ seed, asOf }, 1, 500).filter((p) => checkEligibility(p).outcome === 'qualifies');
    expect(qualifying.length).toBeGreaterThan(350);
    const failures: string[] = [];
    qualifying.forEach((patient, i) => {
      const bundle = build(patient, i + 10, author, asOf);
      const issues = [...validateContract(bundle), ...validateStrictR4(bundle)];
      if (issues.length > 0) failures.push(`${patient.id}: ${JSON.stringify(issues)}`);
    });
    expect(failures).toEqual([]);
  }, 120_000);
});
