// The national service's upload rules (src/domain/spine/): a valid Bundle in each author shape
// is accepted with the facts Spine files it under, and each rule, broken one way at a time,
// refuses it with the service's own wording, in the service's order.
// Over 300 lines: every rule of one module, one broken at a time, read best side by side.

import { describe, expect, it } from 'vitest';
import { checkNationalUpload, uploadRequestFor, type NationalVerdict } from '../../../src/domain/spine/nationalUpload';
import { R4_UPLOAD_ELEMENTS } from '../../../src/domain/spine/r4UploadElements';
import { fullUrl, sampleUploadBundle, type AuthorShape, type SampleBundle } from '../../spine/sampleBundle';

const SHAPES: AuthorShape[] = ['job-role', 'sds-user'];
const UUID_RULE = '"^[0-9a-fA-F]{8}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{12}+$"';
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

function check(bundle: unknown, headers: Record<string, string> = {}): NationalVerdict {
  return checkNationalUpload(uploadRequestFor(typeof bundle === 'string' ? bundle : JSON.stringify(bundle), headers), R4_UPLOAD_ELEMENTS);
}

/** The refusal's text, or "accepted". */
function verdict(bundle: unknown, headers: Record<string, string> = {}): string {
  const v = check(bundle, headers);
  return v.ok ? 'accepted' : v.text;
}

const composition = (b: SampleBundle) => b.entry[0].resource;
const patient = (b: SampleBundle) => b.entry[1].resource;
const role = (b: SampleBundle) => b.entry[2].resource;
const practitioner = (b: SampleBundle) => b.entry[3].resource;
const organization = (b: SampleBundle) => b.entry[4].resource;
const roleUrl = (b: SampleBundle): string => fullUrl('PractitionerRole', role(b).id);

interface Case {
  rule: string;
  /** Only for this author shape (both when absent). */
  shape?: AuthorShape;
  breaks: (b: SampleBundle) => unknown;
  text: string | ((b: SampleBundle) => string);
}

function expectRefusal(c: Case, shape: AuthorShape): void {
  const b = sampleUploadBundle({ author: shape });
  const broken = c.breaks(b) ?? b;
  const expected = typeof c.text === 'function' ? c.text(b) : c.text;
  expect(verdict(broken), `${c.rule} (${shape})`).toBe(expected);
}

function runCases(cases: Case[]): void {
  for (const c of cases) {
    for (const shape of c.shape === undefined ? SHAPES : [c.shape]) {
      it(`${c.rule} (${shape})`, () => expectRefusal(c, shape));
    }
  }
}

describe('a valid upload', () => {
  for (const shape of SHAPES) {
    it(`is accepted with an author in the ${shape} shape, with the facts Spine files it under`, () => {
      const b = sampleUploadBundle({ author: shape, nhsNumber: '9434765919', bundleIdentifier: 'a5b1c7d2-0e4f-4a3b-9c8d-7e6f5a4b3c2d', compositionIdentifier: 'b6c2d8e3-1f5a-4b4c-8d9e-8f7a6b5c4d3e' });
      expect(check(b)).toEqual({
        ok: true,
        facts: { nhsNumber: '9434765919', eventId: 'B6C2D8E3-1F5A-4B4C-8D9E-8F7A6B5C4D3E', bundleIdentifier: 'A5B1C7D2-0E4F-4A3B-9C8D-7E6F5A4B3C2D', replacesEventId: null },
      });
    });
  }

  it('a summary that replaces an earlier one names the earlier event id', () => {
    const b = sampleUploadBundle();
    composition(b).relatesTo = [{ code: 'replaces', targetIdentifier: { value: 'D18B57ED-992E-45A2-A6AF-55200D20F48E' } }];
    expect(check(b)).toMatchObject({ ok: true, facts: { replacesEventId: 'D18B57ED-992E-45A2-A6AF-55200D20F48E' } });
  });

  it('a Patient referenced through a urn:uuid fullUrl is found (its held id contains the reference)', () => {
    const b = sampleUploadBundle();
    b.entry[1].fullUrl = `urn:uuid:${patient(b).id}`;
    composition(b).subject = { reference: `urn:uuid:${patient(b).id}` };
    expect(verdict(b)).toBe('accepted');
  });
});

describe('the request', () => {
  it('X-Correlation-ID and X-Request-ID, when present, must be UUIDs (correlation id checked first)', () => {
    const b = sampleUploadBundle();
    expect(verdict(b, { 'X-Request-ID': 'retry-1', 'X-Correlation-ID': 'trace-1' })).toBe(`Invalid X-Correlation-ID. Should be a UUIDv4 matching ${UUID_RULE}`);
    expect(verdict(b, { 'X-Request-ID': 'retry-1' })).toBe(`Invalid X-Request-ID. Should be a UUIDv4 matching ${UUID_RULE}`);
    expect(verdict(b, { 'X-Request-ID': '60e0b220-8136-4ca5-ae46-1d97ef59d068', 'X-Correlation-ID': '' })).toBe('accepted');
  });

  it('Content-Type must be application/fhir+json: otherwise 415, worded as Spring words it', () => {
    const b = sampleUploadBundle();
    expect(check(b, { 'Content-Type': 'text/plain' })).toEqual({ ok: false, status: 415, code: 'not-supported', text: "Content type 'text/plain' not supported" });
    expect(verdict(b, { 'Content-Type': 'Application/JSON; charset=UTF-8' })).toBe("Content type 'application/json;charset=UTF-8' not supported");
    expect(verdict(b, { 'Content-Type': '' })).toBe("Content type '' not supported");
    expect(verdict(b, { 'Content-Type': 'application/fhir+json; charset=utf-8' })).toBe('accepted');
  });

  it('NHSD-Session-URID is required of the client (400 with Spring\'s missing-header wording)', () => {
    const body = JSON.stringify(sampleUploadBundle());
    const request = { contentType: 'application/fhir+json', header: () => null, body };
    expect(checkNationalUpload(request, R4_UPLOAD_ELEMENTS)).toEqual({
      ok: false,
      status: 400,
      code: 'value',
      text: "Required request header 'NHSD-Session-URID' for method parameter type String is not present",
    });
  });
});

describe('the strict parser', () => {
  runCases([
    { rule: 'the body must be JSON', breaks: () => '{"resourceType": "Bundle",', text: (b) => verdictPrefix(b) },
    { rule: 'the body must be a JSON object', breaks: () => '[]', text: "Content does not appear to be FHIR JSON, first non-whitespace character was: '[' (must be '{')" },
    { rule: 'the body must say its resourceType', breaks: (b) => ({ ...b, resourceType: undefined }), text: "Invalid JSON content detected, missing required element: 'resourceType'" },
    { rule: 'the body must be a Bundle', breaks: (b) => patient(b), text: 'Incorrect resource type found, expected "Bundle" but found "Patient"' },
    { rule: 'no unknown element in a resource', breaks: (b) => void (patient(b)['nhsNumber'] = '9000000009'), text: "Unknown element 'nhsNumber' found during parse" },
    { rule: 'no unknown element in a backbone element', breaks: (b) => void ((composition(b).section?.[0] as Record<string, unknown>)['html'] = '<p/>'), text: "Unknown element 'html' found during parse" },
    { rule: 'no unknown element in a datatype', breaks: (b) => void ((organization(b).address?.[0] as Record<string, unknown>)['postcode'] = 'LS1 1AA'), text: "Unknown element 'postcode' found during parse" },
    { rule: 'no unknown element on the Bundle', breaks: (b) => void (b['signatures'] = []), text: "Unknown element 'signatures' found during parse" },
    { rule: 'a primitive\'s companion _element only beside a primitive', breaks: (b) => void (composition(b)['_subject'] = { id: 'x' }), text: "Unknown element '_subject' found during parse" },
    { rule: 'no empty value', breaks: (b) => void (composition(b).title = ''), text: '[element="title"] Invalid attribute value "": Attribute value must not be empty ("")' },
    { rule: 'Bundle.type a BundleType code', breaks: (b) => void (b.type = 'doc'), text: '[element="type"] Invalid attribute value "doc": Unknown BundleType code \'doc\'' },
    { rule: 'Composition.status a CompositionStatus code', breaks: (b) => void (composition(b).status = 'done'), text: '[element="status"] Invalid attribute value "done": Unknown CompositionStatus code \'done\'' },
  ]);

  it('accepts known elements anywhere, choice elements and a primitive\'s extensions', () => {
    const b = sampleUploadBundle();
    composition(b)['_status'] = { extension: [{ url: 'https://example.org/why', valueString: 'checked' }] };
    patient(b)['deceasedBoolean'] = false;
    patient(b)['extension'] = [{ url: 'https://example.org/x', valueCodeableConcept: { coding: [{ code: 'a' }] } }];
    expect(verdict(b)).toBe('accepted');
  });

  it('the training catalogue refuses resource types it does not describe, saying so', () => {
    const b = sampleUploadBundle();
    b.entry.push({ fullUrl: fullUrl('Condition', 'C1'), resource: { resourceType: 'Condition', id: 'C1' } });
    expect(verdict(b)).toBe('The training Spine does not check Condition resources, only Bundle, Composition, Organization, Patient, Practitioner, PractitionerRole (the national service reads every FHIR R4 resource type)');
  });
});

/** What JSON.parse says about the truncated body, after HAPI's prefix. */
function verdictPrefix(_b: SampleBundle): string {
  try {
    JSON.parse('{"resourceType": "Bundle",');
  } catch (error) {
    return `Failed to parse JSON encoded FHIR content: ${(error as Error).message}`;
  }
  return '';
}

describe('GpSummary: the Bundle', () => {
  runCases([
    { rule: 'Bundle.type document', breaks: (b) => void (b.type = 'collection'), text: 'Unsupported Bundle.type: COLLECTION' },
    { rule: 'Bundle.type present', breaks: (b) => void delete b.type, text: 'Unsupported Bundle.type: null' },
    { rule: 'Bundle.timestamp present', breaks: (b) => void delete b.timestamp, text: 'bundle.timestamp must not be empty' },
    { rule: 'Bundle.identifier present', breaks: (b) => void delete b.identifier, text: 'bundle.identifier must not be empty' },
    { rule: 'Bundle.identifier in the rfc4122 system', breaks: (b) => void (b.identifier = { system: 'urn:ietf:rfc:3986', value: 'x' }), text: 'bundle.identifier.system must be https://tools.ietf.org/html/rfc4122' },
    { rule: 'Bundle.identifier with a value', breaks: (b) => void (b.identifier = { system: 'https://tools.ietf.org/html/rfc4122' }), text: 'bundle.identifier.value must not be empty' },
  ]);
});

describe('AuthorMapper and ParticipantAgentMapper: the author', () => {
  runCases([
    { rule: 'one Composition', breaks: (b) => ({ ...b, entry: b.entry.slice(1) }), text: 'Composition missing from payload' },
    { rule: 'not two Compositions', breaks: (b) => void b.entry.push({ fullUrl: fullUrl('Composition', 'C2'), resource: { ...composition(b), id: 'C2' } }), text: 'There is more than 1 resource of type Composition' },
    { rule: 'every entry has a resource', breaks: (b) => ({ ...b, entry: [b.entry[0], { fullUrl: fullUrl('Patient', 'P0') }, ...b.entry.slice(1)] }), text: 'Cannot invoke "Object.getClass()" because "resource" is null' },
    { rule: 'Composition.meta.lastUpdated (the author time)', breaks: (b) => void delete composition(b).meta, text: 'Cannot invoke "java.util.Date.getTime()" because "date" is null' },
    { rule: 'an author', breaks: (b) => void delete composition(b).author, text: 'Cannot invoke "String.split(String)" because "reference" is null' },
    {
      rule: 'the author a PractitionerRole, never an Organization',
      breaks: (b) => void (composition(b).author = [{ reference: `Organization/${organization(b).id}` }]),
      text: (b) => `Invalid resource reference. Organization/${organization(b).id} expected to be referencing PractitionerRole`,
    },
    {
      rule: 'references Type/id, not urn:uuid',
      breaks: (b) => void (composition(b).author = [{ reference: `urn:uuid:${role(b).id}` }]),
      text: (b) => `Invalid resource reference. urn:uuid:${role(b).id} expected to be referencing PractitionerRole`,
    },
    {
      rule: 'a urn:uuid fullUrl makes the id the whole urn, so PractitionerRole/<id> finds nothing',
      breaks: (b) => void (b.entry[2].fullUrl = `urn:uuid:${role(b).id}`),
      text: (b) => `Bundle is missing PractitionerRole PractitionerRole/${role(b).id} that is linked to Encounter`,
    },
    { rule: 'a reference with an id', breaks: (b) => void (composition(b).author = [{ reference: 'PractitionerRole' }]), text: 'Index 1 out of bounds for length 1' },
    {
      rule: 'the PractitionerRole links a Practitioner',
      breaks: (b) => void delete role(b).practitioner,
      text: (b) => `PractitionerRole ${roleUrl(b)} is missing Practitioner reference`,
    },
    {
      rule: 'the Practitioner is in the Bundle',
      breaks: (b) => void (role(b).practitioner = { reference: 'Practitioner/elsewhere' }),
      text: (b) => `Bundle is missing Practitioner Practitioner/elsewhere that is linked to PractitionerRole ${roleUrl(b)}`,
    },
    {
      rule: 'the PractitionerRole in one of the two shapes',
      breaks: (b) => {
        delete role(b).identifier;
        role(b).code = [{ coding: [{ system: 'https://example.org/roles', code: 'GP' }] }];
      },
      text: (b) => `Invalid PractitionerRole ${roleUrl(b)} identifier.system or code.coding.system`,
    },
    {
      rule: 'SDS user: the Practitioner identified by an SDS user id',
      shape: 'sds-user',
      breaks: (b) => void (practitioner(b).identifier = [{ system: 'https://fhir.nhs.uk/Id/gmp-number', value: 'G1234567' }]),
      text: 'Invalid practitioner identifier system: https://fhir.nhs.uk/Id/gmp-number',
    },
    {
      rule: 'SDS user: the SDS user id has a value',
      shape: 'sds-user',
      breaks: (b) => void (practitioner(b).identifier = [{ system: 'https://fhir.nhs.uk/Id/sds-user-id' }]),
      text: 'Missing practitioner identifier value',
    },
    {
      rule: 'SDS user: the legacy role profile system exactly',
      shape: 'sds-user',
      breaks: (b) => void (role(b).identifier = [{ system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: '555254240100' }]),
      text: (b) => `Invalid PractitionerRole ${roleUrl(b)} identifier.system or code.coding.system`,
    },
    {
      rule: 'job role: the PractitionerRole links an Organization',
      shape: 'job-role',
      breaks: (b) => void delete role(b).organization,
      text: 'Cannot invoke "String.split(String)" because "reference" is null',
    },
    {
      rule: 'job role: the Organization is in the Bundle',
      shape: 'job-role',
      breaks: (b) => void (role(b).organization = { reference: 'Organization/elsewhere' }),
      text: (b) => `Bundle is missing Organization Organization/elsewhere that is linked to PractitionerRole ${roleUrl(b)}`,
    },
    {
      rule: 'job role: an ODS identifier has a value',
      shape: 'job-role',
      breaks: (b) => void (organization(b).identifier = [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code' }]),
      text: 'Organization.identifier.value element is missing',
    },
  ]);

  it('job role: the organization\'s type and the practitioner\'s name are not the mapper\'s concern', () => {
    const b = sampleUploadBundle({ author: 'job-role' });
    organization(b).type = [{ coding: [{ system: 'https://example.org/org-type', code: 'GP' }] }];
    delete practitioner(b).name;
    expect(verdict(b)).toBe('accepted');
  });
});

describe('CompositionMapper: the Composition', () => {
  const coding = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }] });
  const SCT = 'http://snomed.info/sct';
  runCases([
    { rule: 'a category', breaks: (b) => void delete composition(b).category, text: 'Composition.category element is missing' },
    { rule: 'category system SNOMED', breaks: (b) => void (composition(b).category = [coding('http://snomed.info/sct/999', '163171000000105', 'Care Professional Documentation')]), text: 'Composition.category.coding.system not supported: http://snomed.info/sct/999' },
    { rule: 'category code', breaks: (b) => void (composition(b).category = [coding(SCT, '163171000000106', 'Care Professional Documentation')]), text: 'Composition.category.coding.code not supported: 163171000000106' },
    { rule: 'category display exactly', breaks: (b) => void (composition(b).category = [coding(SCT, '163171000000105', 'Care professional documentation')]), text: 'Composition.category.coding.display not supported: Care professional documentation' },
    { rule: 'a type', breaks: (b) => void delete composition(b).type, text: 'Composition.type element is missing' },
    { rule: 'type system SNOMED', breaks: (b) => void (composition(b).type = { coding: [{ code: '196981000000101', display: 'General Practice Summary' }] }), text: 'Composition.type.coding.system not supported: null' },
    { rule: 'type code', breaks: (b) => void (composition(b).type = coding(SCT, '196981000000102', 'General Practice Summary')), text: 'Composition.type.coding.code not supported: 196981000000102' },
    { rule: 'type display exactly', breaks: (b) => void (composition(b).type = coding(SCT, '196981000000101', 'GP Summary')), text: 'Composition.type.coding.display not supported: GP Summary' },
    { rule: 'status final', breaks: (b) => void (composition(b).status = 'preliminary'), text: 'Invalid composition.status: PRELIMINARY' },
    { rule: 'relatesTo only replaces', breaks: (b) => void (composition(b).relatesTo = [{ code: 'transforms', targetIdentifier: { value: 'X' } }]), text: 'Unsupported Composition.relatesTo.code element: TRANSFORMS' },
    { rule: 'relatesTo names the replaced event', breaks: (b) => void (composition(b).relatesTo = [{ code: 'replaces' }]), text: 'Composition.relatesTo.targetIdentifier.value element is missing' },
    { rule: 'identifier in the rfc4122 system', breaks: (b) => void (composition(b).identifier = { system: 'urn:ietf:rfc:4122', value: 'X' }), text: 'Missing Composition.identifier for system: https://tools.ietf.org/html/rfc4122' },
    { rule: 'identifier with a value', breaks: (b) => void (composition(b).identifier = { system: 'https://tools.ietf.org/html/rfc4122' }), text: 'Missing Composition.identifier.value element' },
    { rule: 'a date', breaks: (b) => void delete composition(b).date, text: 'Composition Date Element missing from payload' },
    { rule: 'some section', breaks: (b) => void delete composition(b).section, text: 'Missing mandatory Composition.section' },
    { rule: 'each section with a narrative', breaks: (b) => void delete composition(b).section?.[0]?.text, text: 'Cannot invoke "String.length()" because "s" is null' },
  ]);
});

describe('PatientMapper: the patient', () => {
  runCases([
    { rule: 'one Patient', breaks: (b) => ({ ...b, entry: b.entry.filter((e) => e.resource['resourceType'] !== 'Patient') }), text: 'Patient missing from payload' },
    { rule: 'not two Patients', breaks: (b) => void b.entry.push({ fullUrl: fullUrl('Patient', 'P2'), resource: { ...patient(b), id: 'P2' } }), text: 'There is more than 1 resource of type Patient' },
    { rule: 'an NHS number', breaks: (b) => void (patient(b).identifier = [{ system: 'https://fhir.nhs.uk/Id/local', value: '1' }]), text: `patient.identifier[] for system ${NHS} must not be empty` },
    { rule: 'one NHS number', breaks: (b) => void patient(b).identifier.push({ system: NHS, value: '9434765919' }), text: `Multiple Patient resource '${NHS}' identifiers` },
    { rule: 'a subject', breaks: (b) => void delete composition(b).subject, text: 'Composition.subject reference is missing or invalid' },
    { rule: 'the subject is the Patient', breaks: (b) => void (composition(b).subject = { reference: 'Patient/someone-else' }), text: 'Composition.subject reference is missing or invalid' },
    { rule: 'no blank NHS number beside the real one', breaks: (b) => void patient(b).identifier.unshift({ system: NHS, value: ' ' }), text: `patient.identifier[].value for system ${NHS} must not be empty` },
  ]);
});

describe('GpSummary: the sections of the first entry', () => {
  runCases([
    { rule: 'the Composition first', breaks: (b) => void b.entry.reverse(), text: 'Cannot invoke "org.hl7.fhir.r4.model.Property.getValues()" because "gpList" is null' },
    { rule: 'each section with a code', breaks: (b) => void delete composition(b).section?.[0]?.code, text: 'Index 0 out of bounds for length 0' },
    { rule: 'each section\'s code with a coding code', breaks: (b) => void (composition(b).section![0]!.code = { coding: [{ display: 'Allergies' }] }), text: 'Index 0 out of bounds for length 0' },
    { rule: 'each narrative with some content', breaks: (b) => void (composition(b).section![0]!.text!.div = '<div xmlns="http://www.w3.org/1999/xhtml"></div>'), text: 'Index 0 out of bounds for length 0' },
  ]);
});

describe('order', () => {
  it('the first failing rule, in the service\'s order, is the answer', () => {
    const b = sampleUploadBundle();
    composition(b).author = [{ reference: `Organization/${organization(b).id}` }];
    composition(b).status = 'preliminary';
    delete composition(b).subject;
    expect(verdict(b)).toMatch(/^Invalid resource reference/);
    composition(b).author = [{ reference: `PractitionerRole/${role(b).id}` }];
    expect(verdict(b)).toBe('Invalid composition.status: PRELIMINARY');
    composition(b).status = 'final';
    expect(verdict(b)).toBe('Composition.subject reference is missing or invalid');
    patient(b)['unknownThing'] = true;
    expect(verdict(b, { 'Content-Type': 'application/json' })).toBe("Content type 'application/json' not supported");
    expect(verdict(b)).toBe("Unknown element 'unknownThing' found during parse");
  });
});
