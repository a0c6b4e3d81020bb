// The validation the tests share (test/support/fhirValidation.ts): the national contract (the
// service's own rules, then the OpenAPI schemas and NHS numbers) and the strict level on top
// (R4 structure, required bindings, narrative XHTML), against the reference examples, a strictly
// valid sample and one deliberate defect per check.

import { describe, expect, it } from 'vitest';
import { sampleUploadBundle, type SampleBundle } from '../../spine/sampleBundle';
import { validateContract, validateStrictR4, type ValidationIssue } from '../../support/fhirValidation';
import { referenceJson } from './spineHelpers';

const SUCCESS = 'upload-examples/success-1-basic.request.json';
const OFFICIAL = 'specification/components/examples/UploadScrBundle.json';
const MISSING_COMPOSITION = 'upload-examples/bad-request-1-missingComposition.request.json';

const sample = (): SampleBundle => sampleUploadBundle();

function at(issues: ValidationIssue[], level: ValidationIssue['level']): string[] {
  return issues.filter((i) => i.level === level).map((i) => `${i.path}: ${i.message}`);
}

describe('the national contract', () => {
  it('accepts the accepted upload examples and the sample in both author shapes', () => {
    expect(validateContract(referenceJson(SUCCESS))).toEqual([]);
    expect(validateContract(referenceJson(OFFICIAL))).toEqual([]);
    expect(validateContract(sample())).toEqual([]);
    expect(validateContract(sampleUploadBundle({ author: 'sds-user' }))).toEqual([]);
  });

  it('reports the service\'s own refusal first, as the service words it', () => {
    const recorded = referenceJson('upload-examples/bad-request-1-missingComposition.response.json') as { issue: { details: { text: string } }[] };
    expect(validateContract(referenceJson(MISSING_COMPOSITION))[0]).toEqual({ level: 'contract', path: 'Bundle', message: recorded.issue[0]?.details.text });
    const organizationAuthor = sample();
    organizationAuthor.entry[0].resource.author = [{ reference: `Organization/${organizationAuthor.entry[4].resource.id}` }];
    expect(at(validateContract(organizationAuthor), 'contract')).toEqual([
      `Bundle: Invalid resource reference. Organization/${organizationAuthor.entry[4].resource.id} expected to be referencing PractitionerRole`,
    ]);
  });

  it('holds the Composition and Patient entries to their schemas', () => {
    const noMeta = sample();
    delete noMeta.entry[0].resource.meta;
    delete noMeta.identifier;
    expect(at(validateContract(noMeta), 'contract')).toEqual([
      'Bundle: bundle.identifier must not be empty',
      'Bundle.identifier: Missing required property',
      'Bundle.entry[0].resource.meta: Missing required property',
    ]);
    expect(validateContract({ resourceType: 'Patient' })).toHaveLength(2);
  });

  it('checks the NHS number\'s check digit', () => {
    expect(at(validateContract(sampleUploadBundle({ nhsNumber: '9000000008' })), 'contract')).toEqual([
      'Bundle.entry[1].resource.identifier: Invalid NHS number: 9000000008',
    ]);
  });
});

describe('strict level', () => {
  it('accepts the sample bundle in both author shapes', () => {
    expect(validateStrictR4(sample())).toEqual([]);
    expect(validateStrictR4(sampleUploadBundle({ author: 'sds-user' }))).toEqual([]);
  });

  it('rejects the upstream examples for the defects the reference README lists', () => {
    for (const path of [SUCCESS, OFFICIAL]) {
      const issues = validateStrictR4(referenceJson(path));
      expect(at(issues, 'contract')).toEqual([]);
      expect(at(issues, 'r4')).toContain('Bundle.entry[0].resource.title: Missing required property');
      expect(at(issues, 'r4')).toContain('Bundle.entry[3].resource.subject: Missing required property');
      expect(at(issues, 'binding')).toContainEqual(
        expect.stringMatching(/^Bundle\.entry\[3\]\.resource\.clinicalStatus: No coding from the required value set .*condition-clinical/),
      );
    }
  });

  it('includes the contract issues', () => {
    const issues = validateStrictR4(referenceJson(MISSING_COMPOSITION));
    expect(issues[0]).toEqual({ level: 'contract', path: 'Bundle', message: 'Composition missing from payload' });
    expect(at(issues, 'r4')).toContainEqual(expect.stringContaining('bdl-11'));
  });

  it('checks required code bindings that the R4 structure check lets through', () => {
    const b = sample();
    const patient = b.entry[1].resource;
    patient.gender = 'F';
    patient.name[0]!.use = 'legal';
    patient.identifier[0]!.use = 'primary';
    b.entry[0].resource.section![0]!.text!.status = 'auto';
    b.entry.push({
      fullUrl: 'https://int.api.service.nhs.uk/summary-care-record/FHIR/R4/AllergyIntolerance/A1',
      resource: {
        resourceType: 'AllergyIntolerance',
        id: 'A1',
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'current' }] },
        verificationStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }],
        },
        patient: { reference: b.entry[0].resource.subject?.reference },
      },
    });
    expect(at(validateStrictR4(b), 'binding').sort()).toEqual(
      [
        'Bundle.entry[0].resource.section[0].text.status: Code "auto" is not in the required value set http://hl7.org/fhir/ValueSet/narrative-status',
        'Bundle.entry[1].resource.identifier[0].use: Code "primary" is not in the required value set http://hl7.org/fhir/ValueSet/identifier-use',
        'Bundle.entry[1].resource.name[0].use: Code "legal" is not in the required value set http://hl7.org/fhir/ValueSet/name-use',
        'Bundle.entry[1].resource.gender: Code "F" is not in the required value set http://hl7.org/fhir/ValueSet/administrative-gender',
        'Bundle.entry[5].resource.clinicalStatus: No coding from the required value set http://hl7.org/fhir/ValueSet/allergyintolerance-clinical (found http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical|current)',
      ].sort(),
    );
    expect(at(validateStrictR4(b), 'r4')).toEqual([]);
  });

  it('checks narrative XHTML', () => {
    const ns = 'xmlns="http://www.w3.org/1999/xhtml"';
    const cases: [string, RegExp][] = [
      [`<div ${ns}><p>Fish & chips</p></div>`, /Not well-formed XML/],
      [`<div ${ns}><p>Fish</div>`, /Not well-formed XML/],
      [`<div><p>Fish</p></div>`, /must declare xmlns/],
      [`<div ${ns}><script>alert(1)</script><p>Fish</p></div>`, /<script> is not allowed/],
      [`<div ${ns}><p onclick="alert(1)">Fish</p></div>`, /Event attribute onclick/],
      [`<div ${ns}><a href="javascript:alert(1)">Fish</a></div>`, /javascript: URL/],
      [`<div ${ns}><p>Fish&nbsp;pie</p></div>`, /Undefined entity &nbsp;/],
      [`<div ${ns}> </div>`, /no text content/],
    ];
    for (const [div, expected] of cases) {
      const issues = validateStrictR4(sampleUploadBundle({ allergiesDiv: div }));
      expect(at(issues, 'xhtml'), div).toEqual([expect.stringMatching(expected)]);
      expect(issues.find((i) => i.level === 'xhtml')?.path).toBe('Bundle.entry[0].resource.section[0].text.div');
    }
    expect(validateStrictR4(sampleUploadBundle({ allergiesDiv: `<div ${ns}><p>Fish &amp; chips &#163;3 &lt;hot&gt;</p></div>` }))).toEqual([]);
  });
});
