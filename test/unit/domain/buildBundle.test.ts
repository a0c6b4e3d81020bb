import { describe, expect, it } from 'vitest';
import { buildSummaryBundle, type SummaryBundleInput } from '../../../src/domain/summary/buildBundle';
import { summaryIds } from '../../../src/domain/summary/ids';
import { renderSummarySections } from '../../../src/domain/summary/sections';
import {
  acute,
  BUNDLE_ID,
  code,
  COMPOSITION_ID,
  makeAllergy,
  makePatient,
  PRACTICE,
  repeat,
  RUN_DATE,
  TIMESTAMP,
  VALID_NHS_NUMBER,
} from './fixtures';

function input(overrides: Partial<SummaryBundleInput> = {}): SummaryBundleInput {
  return {
    patient: makePatient(),
    practice: PRACTICE,
    runDate: RUN_DATE,
    timestamp: TIMESTAMP,
    bundleId: BUNDLE_ID,
    compositionId: COMPOSITION_ID,
    ...overrides,
  };
}

describe('buildSummaryBundle: the document', () => {
  const bundle = buildSummaryBundle(input());
  const [compositionEntry, patientEntry, organizationEntry] = bundle.entry;
  const composition = compositionEntry.resource;

  it('is a document Bundle with the caller\'s identifier and timestamp', () => {
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('document');
    expect(bundle.identifier).toEqual({ system: 'https://tools.ietf.org/html/rfc4122', value: BUNDLE_ID });
    expect(bundle.timestamp).toBe(TIMESTAMP);
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(['Composition', 'Patient', 'Organization']);
  });

  it('has a final Composition with the exact national type and category codings', () => {
    expect(composition.status).toBe('final');
    expect(composition.type.coding).toEqual([
      { system: 'http://snomed.info/sct', code: '196981000000101', display: 'General Practice Summary' },
    ]);
    expect(composition.category).toEqual([
      { coding: [{ system: 'http://snomed.info/sct', code: '163171000000105', display: 'Care Professional Documentation' }] },
    ]);
    expect(composition.title).toBe('General Practice Summary');
    expect(composition.date).toBe(TIMESTAMP);
    expect(composition.meta.lastUpdated).toBe(TIMESTAMP);
  });

  it('puts the caller\'s ids where expected and derives the entry ids', () => {
    const ids = summaryIds(BUNDLE_ID, COMPOSITION_ID);
    expect(composition.id).toBe(COMPOSITION_ID);
    expect(composition.identifier).toEqual({ system: 'https://tools.ietf.org/html/rfc4122', value: COMPOSITION_ID });
    expect(compositionEntry.fullUrl).toBe(`urn:uuid:${COMPOSITION_ID}`);
    expect(patientEntry.resource.id).toBe(ids.patientId);
    expect(organizationEntry.resource.id).toBe(ids.organizationId);
    for (const entry of bundle.entry) expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource.id}`);
    expect(new Set(bundle.entry.map((e) => e.fullUrl)).size).toBe(3);
  });

  it('references resolve to entries: subject is the Patient, author the Organization', () => {
    expect(composition.subject.reference).toBe(patientEntry.fullUrl);
    expect(composition.author).toEqual([{ reference: organizationEntry.fullUrl, display: PRACTICE.name }]);
  });

  it('identifies the patient by NHS number (verified) and the practice by ODS code', () => {
    expect(patientEntry.resource.identifier).toEqual([
      {
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
            valueCodeableConcept: {
              coding: [
                {
                  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
                  code: '01',
                  display: 'Number present and verified',
                },
              ],
            },
          },
        ],
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: VALID_NHS_NUMBER,
      },
    ]);
    expect(organizationEntry.resource.identifier).toEqual([{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A12345' }]);
    expect(organizationEntry.resource.name).toBe(PRACTICE.name);
  });

  it('carries no patient demographics beyond the NHS number', () => {
    const text = JSON.stringify(patientEntry);
    expect(text).not.toContain('Lovelace');
    expect(text).not.toContain('1970-03-01');
  });

  it('has the header section then the clinical sections, same XHTML as the preview renders', () => {
    expect(composition.section.map((s) => s.code.coding[0]?.code)).toEqual([
      'Title',
      'AllergiesHeader',
      'AcuteMedsHeader',
      'RepeatMedsHeader',
      'DiscRepeatMedsHeader',
    ]);
    const preview = renderSummarySections(makePatient(), RUN_DATE);
    expect(composition.section.slice(1).map((s) => s.text.div)).toEqual(preview.map((s) => s.div));
    for (const section of composition.section) expect(section.text.status).toBe('generated');
  });
});

describe('buildSummaryBundle: content', () => {
  it('withheld items never appear anywhere in the serialized bundle', () => {
    const patient = makePatient({
      medications: [
        acute(RUN_DATE, { drug: 'Secret-IVF-Drug', linkedProblem: code('snomed', '52637005') }),
        repeat({ drug: 'Secret-STD-Drug', lastIssuedOn: RUN_DATE, linkedProblem: code('read2', 'A94..') }),
        repeat({ drug: 'Secret-TOP-Drug', discontinuedOn: RUN_DATE, linkedProblem: code('read2', 'L05..') }),
        acute(RUN_DATE, { drug: 'Visible Paracetamol' }),
      ],
      allergies: [makeAllergy({ description: 'Secret-GR-Allergy', linkedProblem: code('snomed', '407374003') })],
    });
    const json = JSON.stringify(buildSummaryBundle(input({ patient })));
    for (const secret of ['Secret-IVF-Drug', 'Secret-STD-Drug', 'Secret-TOP-Drug', 'Secret-GR-Allergy', 'Secret']) {
      expect(json).not.toContain(secret);
    }
    expect(json).toContain('Visible Paracetamol');
  });

  it('negative allergies are not sent', () => {
    const patient = makePatient({ allergies: [makeAllergy({ description: 'No known drug allergy', negative: true })] });
    const json = JSON.stringify(buildSummaryBundle(input({ patient })));
    expect(json).not.toContain('No known drug allergy');
    expect(json).toContain('No relevant information available for this category.');
  });

  it('is deterministic: the same input gives the same message', () => {
    const patient = makePatient({ medications: [acute(RUN_DATE), repeat({ lastIssuedOn: RUN_DATE })] });
    expect(JSON.stringify(buildSummaryBundle(input({ patient })))).toBe(JSON.stringify(buildSummaryBundle(input({ patient }))));
  });

  it('accepts upper-case UUIDs and sends them in lower case (R4 uuid)', () => {
    const bundle = buildSummaryBundle(input({ bundleId: BUNDLE_ID.toUpperCase(), compositionId: COMPOSITION_ID.toUpperCase() }));
    expect(bundle.identifier.value).toBe(BUNDLE_ID);
    expect(bundle.entry[0].fullUrl).toBe(`urn:uuid:${COMPOSITION_ID}`);
  });

  it('omits an empty practice name rather than sending an empty string', () => {
    const bundle = buildSummaryBundle(input({ practice: { name: '  ', odsCode: 'A12345' } }));
    expect(bundle.entry[2].resource.name).toBeUndefined();
    expect(bundle.entry[0].resource.author[0].display).toBeUndefined();
  });
});

describe('buildSummaryBundle: refuses input that would make a false or malformed message', () => {
  it.each([
    ['an invalid NHS number', { patient: makePatient({ nhsNumber: '9434765918' }) }],
    ['no NHS number', { patient: makePatient({ nhsNumber: null }) }],
    ['an unverified NHS number', { patient: makePatient({ nhsNumberVerified: false }) }],
    ['no ODS code', { practice: { name: 'X', odsCode: ' ' } }],
    ['a bundle id that is not a UUID', { bundleId: 'bundle-1' }],
    ['a composition id that is not a UUID', { compositionId: '' }],
    ['the same id twice', { compositionId: BUNDLE_ID }],
    ['a runDate that is not a date', { runDate: '2024-02-30' }],
    ['a timestamp without an offset', { timestamp: '2024-06-15T09:30:00' }],
    ['a timestamp without seconds', { timestamp: '2024-06-15T09:30Z' }],
  ] as const)('%s', (_name, overrides) => {
    expect(() => buildSummaryBundle(input(overrides))).toThrow(RangeError);
  });
});

describe('summaryIds', () => {
  it('derives distinct, lower-case v4-shaped ids from the composition id', () => {
    const ids = summaryIds(BUNDLE_ID, COMPOSITION_ID);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const id of Object.values(ids)) expect(id).toMatch(uuid);
    expect(new Set([ids.compositionId, ids.patientId, ids.organizationId]).size).toBe(3);
    expect(ids.patientId.slice(0, 28)).toBe(COMPOSITION_ID.slice(0, 28));
    expect(summaryIds(BUNDLE_ID, COMPOSITION_ID)).toEqual(ids);
  });

  it('handles an all-f node field (the XOR stays within 32 bits)', () => {
    const ids = summaryIds(BUNDLE_ID, '7c9e6679-7425-40de-944b-ffffffffffff');
    expect(ids.patientId).toBe('7c9e6679-7425-40de-944b-fffffffffffe');
    expect(ids.organizationId).toBe('7c9e6679-7425-40de-944b-fffffffffffd');
  });
});
