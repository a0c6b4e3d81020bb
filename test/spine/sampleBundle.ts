// A small upload Bundle that passes both validation levels, for exercising the loopback Spine
// (its own tests, Playwright set-up, trying it by hand). Not the app's summary builder: it
// only needs to be valid, with the patient and identifiers under the caller's control.

import { randomUUID } from 'node:crypto';

export interface SampleBundleOptions {
  nhsNumber?: string;
  /** Bundle.identifier.value; a new UUID unless given. */
  bundleIdentifier?: string;
  /** Composition.identifier.value; a new UUID unless given. */
  compositionIdentifier?: string;
  /** The allergies section's XHTML, to test narrative checks. */
  allergiesDiv?: string;
}

export const SAMPLE_NHS_NUMBER = '9000000009';

// Typed so that tests can break one element at a time without casts.
export interface Coding {
  system?: string;
  code: string;
  display?: string;
}

export interface SampleComposition {
  resourceType: 'Composition';
  id: string;
  meta?: { lastUpdated: string };
  identifier: { system: string; value: string };
  status: string;
  type: { coding: Coding[] };
  category: { coding: Coding[] }[];
  subject: { reference: string };
  date: string;
  author: { reference: string }[];
  title?: string;
  section: { title: string; code: { coding: Coding[] }; text: { status: string; div: string } }[];
}

export interface SamplePatient {
  resourceType: 'Patient';
  id: string;
  identifier: { system: string; value: string; use?: string }[];
  name: { use?: string; family: string; given: string[] }[];
  gender: string;
  birthDate: string;
}

export interface SampleOrganization {
  resourceType: 'Organization';
  id: string;
  identifier: { system: string; value: string }[];
  name: string;
}

export interface SampleBundle {
  resourceType: 'Bundle';
  identifier?: { system: string; value: string };
  type: string;
  timestamp: string;
  entry: [
    { fullUrl: string; resource: SampleComposition },
    { fullUrl: string; resource: SamplePatient },
    { fullUrl: string; resource: SampleOrganization },
    ...{ fullUrl: string; resource: Record<string, unknown> }[],
  ];
}

const XHTML = 'http://www.w3.org/1999/xhtml';

export function sampleUploadBundle(options: SampleBundleOptions = {}): SampleBundle {
  const compositionId = randomUUID();
  const patientId = randomUUID();
  const practiceId = randomUUID();
  const now = '2026-01-15T10:30:00+00:00';
  const allergiesDiv =
    options.allergiesDiv ??
    `<div xmlns="${XHTML}"><table><thead><tr><th>Date</th><th>Description</th></tr></thead>` +
      `<tbody><tr><td>12-May-2020</td><td>Penicillin allergy &amp; rash</td></tr></tbody></table></div>`;
  return {
    resourceType: 'Bundle',
    identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: options.bundleIdentifier ?? randomUUID() },
    type: 'document',
    timestamp: now,
    entry: [
      {
        fullUrl: `urn:uuid:${compositionId}`,
        resource: {
          resourceType: 'Composition',
          id: compositionId,
          meta: { lastUpdated: now },
          identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: options.compositionIdentifier ?? compositionId },
          status: 'final',
          type: { coding: [{ system: 'http://snomed.info/sct', code: '196981000000101', display: 'General Practice Summary' }] },
          category: [
            { coding: [{ system: 'http://snomed.info/sct', code: '163171000000105', display: 'Care Professional Documentation' }] },
          ],
          subject: { reference: `urn:uuid:${patientId}` },
          date: now,
          author: [{ reference: `urn:uuid:${practiceId}` }],
          title: 'General Practice Summary',
          section: [
            {
              title: 'Allergies and Adverse Reactions',
              code: { coding: [{ code: 'AllergiesHeader' }] },
              text: { status: 'generated', div: allergiesDiv },
            },
          ],
        },
      },
      {
        fullUrl: `urn:uuid:${patientId}`,
        resource: {
          resourceType: 'Patient',
          id: patientId,
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: options.nhsNumber ?? SAMPLE_NHS_NUMBER }],
          name: [{ use: 'official', family: 'Smith', given: ['Jane'] }],
          gender: 'female',
          birthDate: '1970-01-01',
        },
      },
      {
        fullUrl: `urn:uuid:${practiceId}`,
        resource: {
          resourceType: 'Organization',
          id: practiceId,
          identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A12345' }],
          name: 'The Surgery',
        },
      },
    ],
  };
}
