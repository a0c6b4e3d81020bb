// The two validation levels (test/support/fhirValidation.ts) against the official examples,
// a strictly valid sample, and one deliberate defect per rule.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleUploadBundle, type SampleBundle } from '../../spine/sampleBundle';
import { scrFhirApiDir } from '../../spine/validation/referenceFiles';
import { validateContract, validateStrictR4, type ValidationIssue } from '../../support/fhirValidation';

function reference(path: string): unknown {
  return JSON.parse(readFileSync(join(scrFhirApiDir(), path), 'utf8'));
}

const SUCCESS = 'upload-examples/success-1-basic.request.json';
const OFFICIAL = 'specification/components/examples/UploadScrBundle.json';
const MISSING_COMPOSITION = 'upload-examples/bad-request-1-missingComposition.request.json';

const sample = (): SampleBundle => sampleUploadBundle();

function at(issues: ValidationIssue[], level: ValidationIssue['level']): string[] {
  return issues.filter((i) => i.level === level).map((i) => `${i.path}: ${i.message}`);
}

describe('contract level', () => {
  it('accepts the official upload examples', () => {
    expect(validateContract(reference(SUCCESS))).toEqual([]);
    expect(validateContract(reference(OFFICIAL))).toEqual([]);
    expect(validateContract(sample())).toEqual([]);
  });

  it('rejects the missing-Composition example with the recorded message only', () => {
    const recorded = reference('upload-examples/bad-request-1-missingComposition.response.json') as {
      issue: { details: { text: string } }[];
    };
    expect(validateContract(reference(MISSING_COMPOSITION))).toEqual([
      { level: 'contract', path: 'Bundle', message: recorded.issue[0]?.details.text },
    ]);
  });

  it('requires type and category codings exactly, system, code and display', () => {
    const wrongDisplay = sample();
    wrongDisplay.entry[0].resource.type.coding[0]!.display = 'GP Summary';
    expect(at(validateContract(wrongDisplay), 'contract')).toEqual([
      expect.stringContaining('Bundle.entry[0].resource.type: Composition.type must be exactly one coding'),
    ]);
    const wrongSystem = sample();
    wrongSystem.entry[0].resource.category[0]!.coding[0]!.system = 'http://snomed.info/sct/900000000000207008';
    expect(at(validateContract(wrongSystem), 'contract')).toEqual([
      expect.stringContaining('Bundle.entry[0].resource.category: Composition.category must include'),
    ]);
  });

  it('requires the Composition first, and the schema-required elements', () => {
    const second = sample();
    second.entry.reverse();
    expect(at(validateContract(second), 'contract')).toContain('Bundle.entry[2]: The Composition must be the first entry of the Bundle');

    const noMeta = sample();
    delete noMeta.entry[0].resource.meta;
    delete noMeta.identifier;
    expect(at(validateContract(noMeta), 'contract')).toEqual([
      'Bundle.identifier: Missing required property',
      'Bundle.entry[0].resource.meta: Missing required property',
    ]);
    expect(validateContract({ resourceType: 'Patient' })).toHaveLength(1);
    expect(validateContract('not json')).toHaveLength(1);
  });

  it('requires the subject to be a Patient with a valid NHS number', () => {
    const noNumber = sample();
    noNumber.entry[1].resource.identifier[0]!.system = 'https://example.org/mrn';
    expect(at(validateContract(noNumber), 'contract')).toEqual([
      'Bundle.entry[1].resource.identifier: Patient has no NHS number identifier',
    ]);
    expect(at(validateContract(sampleUploadBundle({ nhsNumber: '9000000008' })), 'contract')).toEqual([
      'Bundle.entry[1].resource.identifier: Invalid NHS number: 9000000008',
    ]);
    const dangling = sample();
    dangling.entry[0].resource.subject.reference = 'Patient/nowhere';
    expect(at(validateContract(dangling), 'contract')).toEqual([
      'Bundle.entry[0].resource.subject: Composition.subject must reference a Patient entry in the Bundle',
    ]);
  });
});

describe('strict level', () => {
  it('accepts the sample bundle', () => {
    expect(validateStrictR4(sample())).toEqual([]);
  });

  it('rejects the upstream examples for the defects the reference README lists', () => {
    for (const path of [SUCCESS, OFFICIAL]) {
      const issues = validateStrictR4(reference(path));
      expect(at(issues, 'contract')).toEqual([]);
      expect(at(issues, 'r4')).toContain('Bundle.entry[0].resource.title: Missing required property');
      expect(at(issues, 'r4')).toContain('Bundle.entry[3].resource.subject: Missing required property');
      expect(at(issues, 'binding')).toContainEqual(
        expect.stringMatching(/^Bundle\.entry\[3\]\.resource\.clinicalStatus: No coding from the required value set .*condition-clinical/),
      );
    }
  });

  it('includes the contract issues', () => {
    const issues = validateStrictR4(reference(MISSING_COMPOSITION));
    expect(issues[0]).toEqual({ level: 'contract', path: 'Bundle', message: 'Composition missing from payload' });
    expect(at(issues, 'r4')).toContainEqual(expect.stringContaining('bdl-11'));
  });

  it('checks required code bindings that the R4 structure check lets through', () => {
    const b = sample();
    const patient = b.entry[1].resource;
    patient.gender = 'F';
    patient.name[0]!.use = 'legal';
    patient.identifier[0]!.use = 'primary';
    b.entry[0].resource.status = 'done';
    b.entry[0].resource.section[0]!.text.status = 'auto';
    b.entry.push({
      fullUrl: 'urn:uuid:5b0a7a52-7d4e-4f55-9d2a-1f3f8f9c0a11',
      resource: {
        resourceType: 'AllergyIntolerance',
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'current' }] },
        verificationStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }],
        },
        patient: { reference: b.entry[0].resource.subject.reference },
      },
    });
    expect(at(validateStrictR4(b), 'binding').sort()).toEqual(
      [
        'Bundle.entry[0].resource.status: Code "done" is not in the required value set http://hl7.org/fhir/ValueSet/composition-status',
        'Bundle.entry[0].resource.section[0].text.status: Code "auto" is not in the required value set http://hl7.org/fhir/ValueSet/narrative-status',
        'Bundle.entry[1].resource.identifier[0].use: Code "primary" is not in the required value set http://hl7.org/fhir/ValueSet/identifier-use',
        'Bundle.entry[1].resource.name[0].use: Code "legal" is not in the required value set http://hl7.org/fhir/ValueSet/name-use',
        'Bundle.entry[1].resource.gender: Code "F" is not in the required value set http://hl7.org/fhir/ValueSet/administrative-gender',
        'Bundle.entry[3].resource.clinicalStatus: No coding from the required value set http://hl7.org/fhir/ValueSet/allergyintolerance-clinical (found http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical|current)',
      ].sort(),
    );
    b.entry[0].resource.status = 'final';
    expect(at(validateStrictR4(b), 'r4')).toEqual([]);
  });

  it('checks narrative XHTML', () => {
    const ns = 'xmlns="http://www.w3.org/1999/xhtml"';
    const cases: [string, RegExp][] = [
      [`<div ${ns}><p>Fish & chips</p></div>`, /Not well-formed XML/],
      [`<div ${ns}><p>Fish</div>`, /Not well-formed XML/],
      [`<div><p>Fish</p></div>`, /must declare xmlns/],
      [`<p ${ns}>Fish</p>`, /single <div>/],
      [`<div ${ns}><script>alert(1)</script><p>Fish</p></div>`, /<script> is not allowed/],
      [`<div ${ns}><p onclick="alert(1)">Fish</p></div>`, /Event attribute onclick/],
      [`<div ${ns}><a href="javascript:alert(1)">Fish</a></div>`, /javascript: URL/],
      [`<div ${ns}><p>Fish&nbsp;pie</p></div>`, /Undefined entity &nbsp;/],
      [`<div ${ns}> </div>`, /no text content/],
    ];
    for (const [div, expected] of cases) {
      const issues = validateStrictR4(sampleUploadBundle({ allergiesDiv: div }));
      expect(at(issues, 'xhtml'), div).toEqual([expect.stringMatching(expected)]);
      expect(issues[0]?.path).toBe('Bundle.entry[0].resource.section[0].text.div');
    }
    expect(validateStrictR4(sampleUploadBundle({ allergiesDiv: `<div ${ns}><p>Fish &amp; chips &#163;3 &lt;hot&gt;</p></div>` }))).toEqual([]);
  });

  it('is fast enough for thousands of bundles', () => {
    validateStrictR4(sample());
    const started = performance.now();
    for (let i = 0; i < 1000; i++) expect(validateStrictR4(sample())).toHaveLength(0);
    const perBundleMs = (performance.now() - started) / 1000;
    expect(perBundleMs).toBeLessThan(10);
  });
});
