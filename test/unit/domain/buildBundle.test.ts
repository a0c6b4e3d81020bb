import { describe, expect, it } from 'vitest';
import { buildSummaryBundle, type SummaryBundleInput } from '../../../src/domain/summary/buildBundle';
import { summaryIds } from '../../../src/domain/summary/ids';
import { renderSummarySections } from '../../../src/domain/summary/sections';
import {
  acute,
  AUTHOR,
  BUNDLE_ID,
  code,
  COMPOSITION_ID,
  FULL_URL_BASE,
  makeAllergy,
  makePatient,
  repeat,
  RUN_DATE,
  SDS_AUTHOR,
  TIMESTAMP,
  VALID_NHS_NUMBER,
} from './fixtures';

function input(overrides: Partial<SummaryBundleInput> = {}): SummaryBundleInput {
  return {
    patient: makePatient(),
    author: AUTHOR,
    fullUrlBase: FULL_URL_BASE,
    runDate: RUN_DATE,
    timestamp: TIMESTAMP,
    bundleId: BUNDLE_ID,
    compositionId: COMPOSITION_ID,
    ...overrides,
  };
}

const EVENT_ID = COMPOSITION_ID.toUpperCase();

describe('buildSummaryBundle: the document', () => {
  const bundle = buildSummaryBundle(input());
  const [compositionEntry, patientEntry, roleEntry, practitionerEntry, organizationEntry] = bundle.entry;
  const composition = compositionEntry.resource;

  it('is a document Bundle with the caller\'s identifier (upper case, as the Spine files it) and timestamp', () => {
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('document');
    expect(bundle.identifier).toEqual({ system: 'https://tools.ietf.org/html/rfc4122', value: BUNDLE_ID.toUpperCase() });
    expect(bundle.timestamp).toBe(TIMESTAMP);
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(['Composition', 'Patient', 'PractitionerRole', 'Practitioner', 'Organization']);
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

  it('gives every entry an absolute fullUrl {base}/{Type}/{id} with its own id, in one spelling', () => {
    const ids = summaryIds(BUNDLE_ID, COMPOSITION_ID);
    expect(composition.id).toBe(EVENT_ID);
    expect(composition.identifier).toEqual({ system: 'https://tools.ietf.org/html/rfc4122', value: EVENT_ID });
    expect(patientEntry.resource.id).toBe(ids.patientId);
    expect(roleEntry.resource.id).toBe(ids.practitionerRoleId);
    expect(practitionerEntry.resource.id).toBe(ids.practitionerId);
    expect(organizationEntry.resource.id).toBe(ids.organizationId);
    for (const entry of bundle.entry) expect(entry.fullUrl).toBe(`${FULL_URL_BASE}/${entry.resource.resourceType}/${entry.resource.id}`);
    expect(new Set(bundle.entry.map((e) => e.resource.id)).size).toBe(5);
  });

  it('references are Type/id and resolve to entries: subject → Patient, author → PractitionerRole → Practitioner and Organization', () => {
    const byRef = new Map(bundle.entry.map((e) => [`${e.resource.resourceType}/${e.resource.id}`, e.resource]));
    expect(composition.subject.reference).toBe(`Patient/${patientEntry.resource.id}`);
    expect(composition.author).toEqual([{ reference: `PractitionerRole/${roleEntry.resource.id}` }]);
    const role = roleEntry.resource;
    expect(byRef.get(composition.author[0].reference)).toBe(role);
    expect(byRef.get(role.practitioner.reference)).toBe(practitionerEntry.resource);
    expect(byRef.get(role.organization.reference)).toBe(organizationEntry.resource);
    expect(byRef.get(composition.subject.reference)).toBe(patientEntry.resource);
  });

  it('job-role shape: the SDS Job Role Name on the role, the clinician\'s name, the practice with ODS code, address and telephone and no type', () => {
    expect(roleEntry.resource.code).toEqual([{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/HL7v3-SDSJobRoleName', code: 'R0260', display: 'General Medical Practitioner' }] }]);
    expect(roleEntry.resource.identifier).toBeUndefined();
    expect(practitionerEntry.resource).toEqual({ resourceType: 'Practitioner', id: practitionerEntry.resource.id, name: [{ text: 'Dr Amelia Hart' }] });
    expect(organizationEntry.resource).toEqual({
      resourceType: 'Organization',
      id: organizationEntry.resource.id,
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A12345' }],
      name: 'Riverside Surgery',
      telecom: [{ system: 'phone', value: '0113 496 0123', use: 'work' }],
      address: [{ text: '1 River Road, Leeds, LS1 4AP' }],
    });
    expect('type' in organizationEntry.resource).toBe(false);
  });

  it('identifies the patient by NHS number (verified) only', () => {
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
    const text = JSON.stringify(patientEntry);
    expect(text).not.toContain('Lovelace');
    expect(text).not.toContain('1970-03-01');
  });

  it('has the header section (naming the clinician and the practice) then the clinical sections, same XHTML as the preview renders', () => {
    expect(composition.section.map((s) => s.code.coding[0]?.code)).toEqual([
      'Title',
      'AllergiesHeader',
      'AcuteMedsHeader',
      'RepeatMedsHeader',
      'DiscRepeatMedsHeader',
    ]);
    expect(composition.section[0]?.text.div).toContain('<p id="Author">Created by: Dr Amelia Hart</p>');
    expect(composition.section[0]?.text.div).toContain('<p id="Practice">Riverside Surgery (A12345)</p>');
    const preview = renderSummarySections(makePatient(), RUN_DATE);
    expect(composition.section.slice(1).map((s) => s.text.div)).toEqual(preview.map((s) => s.div));
    for (const section of composition.section) expect(section.text.status).toBe('generated');
  });

  it('a first upload carries no relatesTo', () => {
    expect('relatesTo' in composition).toBe(false);
  });
});

describe('buildSummaryBundle: the SDS-user author shape', () => {
  const bundle = buildSummaryBundle(input({ author: SDS_AUTHOR }));
  const [, , roleEntry, practitionerEntry] = bundle.entry;

  it('the role profile id on the PractitionerRole (legacy system) and the SDS user id on the Practitioner', () => {
    expect(roleEntry.resource.identifier).toEqual([{ system: 'http://fhir.nhs.net/Id/sds-role-profile-id', value: '555555555556' }]);
    expect(practitionerEntry.resource.identifier).toEqual([{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555555555555' }]);
    expect(practitionerEntry.resource.name).toEqual([{ text: 'Dr Amelia Hart' }]);
  });
});

describe('buildSummaryBundle: a Rerun summary', () => {
  it('says which earlier event it replaces, with the id as the Spine filed it (upper case), and has new ids', () => {
    const earlier = '2b1e8f3a-5c6d-4e7f-8a9b-0c1d2e3f4a5b';
    const bundle = buildSummaryBundle(input({ replacesEventId: earlier }));
    expect(bundle.entry[0].resource.relatesTo).toEqual([{ code: 'replaces', targetIdentifier: { value: earlier.toUpperCase() } }]);
    expect(bundle.entry[0].resource.identifier.value).not.toBe(earlier.toUpperCase());
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

  it('accepts lower- or upper-case UUIDs and sends them upper case', () => {
    const lower = buildSummaryBundle(input());
    const upper = buildSummaryBundle(input({ bundleId: BUNDLE_ID.toUpperCase(), compositionId: EVENT_ID }));
    expect(JSON.stringify(upper)).toBe(JSON.stringify(lower));
  });

  it('a base with a trailing slash gives the same fullUrls', () => {
    expect(JSON.stringify(buildSummaryBundle(input({ fullUrlBase: `${FULL_URL_BASE}/` })))).toBe(JSON.stringify(buildSummaryBundle(input())));
  });

  it('escapes the author\'s free text in the header XHTML', () => {
    const author = { ...AUTHOR, clinician: { ...AUTHOR.clinician, name: 'Dr <b>Bold</b> & Co' } };
    const div = buildSummaryBundle(input({ author })).entry[0].resource.section[0]?.text.div ?? '';
    expect(div).toContain('Created by: Dr &lt;b&gt;Bold&lt;/b&gt; &amp; Co');
  });
});

describe('buildSummaryBundle: refuses input that would make a false or malformed message', () => {
  const noOds = { ...AUTHOR, organisation: { ...AUTHOR.organisation, odsCode: ' ' } };
  const noPhone = { ...AUTHOR, organisation: { ...AUTHOR.organisation, telephone: '' } };
  const noName = { ...AUTHOR, clinician: { ...AUTHOR.clinician, name: ' ' } };
  it.each([
    ['an invalid NHS number', { patient: makePatient({ nhsNumber: '9434765918' }) }],
    ['no NHS number', { patient: makePatient({ nhsNumber: null }) }],
    ['an unverified NHS number', { patient: makePatient({ nhsNumberVerified: false }) }],
    ['no ODS code', { author: noOds }],
    ['no practice telephone', { author: noPhone }],
    ['no clinician name', { author: noName }],
    ['a relative fullUrl base', { fullUrlBase: '/FHIR/R4' }],
    ['a urn fullUrl base', { fullUrlBase: 'urn:uuid:x' }],
    ['a fullUrl base with a query', { fullUrlBase: 'https://example.test/r4?x=1' }],
    ['a bundle id that is not a UUID', { bundleId: 'bundle-1' }],
    ['a composition id that is not a UUID', { compositionId: '' }],
    ['a replaced event id that is not a UUID', { replacesEventId: 'previous' }],
    ['the same id twice', { compositionId: BUNDLE_ID }],
    ['a runDate that is not a date', { runDate: '2024-02-30' }],
    ['a timestamp without an offset', { timestamp: '2024-06-15T09:30:00' }],
    ['a timestamp without seconds', { timestamp: '2024-06-15T09:30Z' }],
  ] as const)('%s', (_name, overrides) => {
    expect(() => buildSummaryBundle(input(overrides))).toThrow(RangeError);
  });
});

describe('summaryIds', () => {
  it('derives distinct, upper-case v4-shaped ids from the composition id', () => {
    const ids = summaryIds(BUNDLE_ID, COMPOSITION_ID);
    const uuid = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;
    for (const id of Object.values(ids)) expect(id).toMatch(uuid);
    expect(new Set(Object.values(ids)).size).toBe(6);
    expect(ids.patientId.slice(0, 28)).toBe(EVENT_ID.slice(0, 28));
    expect(summaryIds(BUNDLE_ID, COMPOSITION_ID)).toEqual(ids);
  });

  it('handles an all-f node field (the XOR stays within 32 bits)', () => {
    const ids = summaryIds(BUNDLE_ID, '7c9e6679-7425-40de-944b-ffffffffffff');
    expect(ids.patientId).toBe('7C9E6679-7425-40DE-944B-FFFFFFFFFFFE');
    expect(ids.organizationId).toBe('7C9E6679-7425-40DE-944B-FFFFFFFFFFFD');
    expect(ids.practitionerRoleId).toBe('7C9E6679-7425-40DE-944B-FFFFFFFFFFFC');
    expect(ids.practitionerId).toBe('7C9E6679-7425-40DE-944B-FFFFFFFFFFFB');
  });
});
