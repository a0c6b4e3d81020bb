// A small upload Bundle that the national service's rules accept (src/domain/spine/) and that is
// strictly valid FHIR R4, for exercising the loopback Spine and the rule module (their tests,
// trying the Spine by hand). Not the app's summary builder: it only needs to be valid, with the
// patient, the identifiers and the author's shape under the caller's control.
//
// The shape the service requires: the Composition first; references `Type/id` resolving against
// absolute fullUrls `{base}/{Type}/{id}`; Composition.author[0] a PractitionerRole linked to a
// Practitioner, either as a job role (SDS job role name code, practice Organization with its ODS
// code) or as an SDS user (role profile id, SDS user id).

import { randomUUID } from 'node:crypto';

export type AuthorShape = 'job-role' | 'sds-user';

export interface SampleBundleOptions {
  nhsNumber?: string;
  /** Bundle.identifier.value; a new UUID unless given. */
  bundleIdentifier?: string;
  /** Composition.identifier.value (the event id); a new UUID unless given. */
  compositionIdentifier?: string;
  /** The allergies section's XHTML, to test narrative checks. */
  allergiesDiv?: string;
  /** Default 'job-role', the shape a batch upload without a smartcard session uses. */
  author?: AuthorShape;
}

export const SAMPLE_NHS_NUMBER = '9000000009';
/** The base of every fullUrl, as in the service's accepted examples. */
export const SAMPLE_BASE = 'https://int.api.service.nhs.uk/summary-care-record/FHIR/R4';

// Typed so that tests can break one element at a time without casts.
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface Identifier {
  system?: string;
  value?: string;
  use?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface SampleComposition {
  resourceType: 'Composition';
  id: string;
  meta?: { lastUpdated?: string };
  identifier?: Identifier;
  status?: string;
  type?: { coding: Coding[] };
  category?: { coding: Coding[] }[];
  subject?: Reference;
  date?: string;
  author?: Reference[];
  title?: string;
  relatesTo?: { code?: string; targetIdentifier?: Identifier }[];
  section?: { title?: string; code?: { coding: Coding[] }; text?: { status: string; div?: string } }[];
  [element: string]: unknown;
}

export interface SamplePatient {
  resourceType: 'Patient';
  id: string;
  identifier: Identifier[];
  name: { use?: string; family: string; given: string[] }[];
  gender: string;
  birthDate: string;
  [element: string]: unknown;
}

export interface SamplePractitionerRole {
  resourceType: 'PractitionerRole';
  id: string;
  identifier?: Identifier[];
  code?: { coding: Coding[] }[];
  practitioner?: Reference;
  organization?: Reference;
  [element: string]: unknown;
}

export interface SamplePractitioner {
  resourceType: 'Practitioner';
  id: string;
  identifier?: Identifier[];
  name?: { text?: string }[];
  [element: string]: unknown;
}

export interface SampleOrganization {
  resourceType: 'Organization';
  id: string;
  identifier?: Identifier[];
  type?: { coding: Coding[] }[];
  name?: string;
  address?: { text?: string }[];
  telecom?: { system?: string; value?: string; use?: string }[];
  [element: string]: unknown;
}

export interface Entry<R> {
  fullUrl?: string;
  resource: R;
}

export interface SampleBundle {
  resourceType: 'Bundle';
  identifier?: Identifier;
  type?: string;
  timestamp?: string;
  entry: [
    Entry<SampleComposition>,
    Entry<SamplePatient>,
    Entry<SamplePractitionerRole>,
    Entry<SamplePractitioner>,
    Entry<SampleOrganization>,
    ...Entry<Record<string, unknown>>[],
  ];
  [element: string]: unknown;
}

const XHTML = 'http://www.w3.org/1999/xhtml';
const RFC4122 = 'https://tools.ietf.org/html/rfc4122';

export const fullUrl = (type: string, id: string): string => `${SAMPLE_BASE}/${type}/${id}`;

export function sampleUploadBundle(options: SampleBundleOptions = {}): SampleBundle {
  const [compositionId, patientId, roleId, practitionerId, practiceId] = [1, 2, 3, 4, 5].map(() => randomUUID().toUpperCase()) as [string, string, string, string, string];
  const now = '2026-01-15T10:30:00+00:00';
  const allergiesDiv =
    options.allergiesDiv ??
    `<div xmlns="${XHTML}"><table><thead><tr><th>Date</th><th>Description</th></tr></thead>` +
      `<tbody><tr><td>12-May-2020</td><td>Penicillin allergy &amp; rash</td></tr></tbody></table></div>`;
  const sdsUser = options.author === 'sds-user';
  const role: SamplePractitionerRole = sdsUser
    ? {
        resourceType: 'PractitionerRole',
        id: roleId,
        identifier: [{ system: 'http://fhir.nhs.net/Id/sds-role-profile-id', value: '555254240100' }],
        practitioner: { reference: `Practitioner/${practitionerId}` },
        organization: { reference: `Organization/${practiceId}` },
      }
    : {
        resourceType: 'PractitionerRole',
        id: roleId,
        code: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/HL7v3-SDSJobRoleName', code: 'R0260', display: 'General Medical Practitioner' }] }],
        practitioner: { reference: `Practitioner/${practitionerId}` },
        organization: { reference: `Organization/${practiceId}` },
      };
  const practitioner: SamplePractitioner = {
    resourceType: 'Practitioner',
    id: practitionerId,
    ...(sdsUser ? { identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555254239107' }] } : {}),
    name: [{ text: 'SMITH, Sean (Dr)' }],
  };
  return {
    resourceType: 'Bundle',
    identifier: { system: RFC4122, value: options.bundleIdentifier ?? randomUUID().toUpperCase() },
    type: 'document',
    timestamp: now,
    entry: [
      {
        fullUrl: fullUrl('Composition', compositionId),
        resource: {
          resourceType: 'Composition',
          id: compositionId,
          meta: { lastUpdated: now },
          identifier: { system: RFC4122, value: options.compositionIdentifier ?? compositionId },
          status: 'final',
          type: { coding: [{ system: 'http://snomed.info/sct', code: '196981000000101', display: 'General Practice Summary' }] },
          category: [{ coding: [{ system: 'http://snomed.info/sct', code: '163171000000105', display: 'Care Professional Documentation' }] }],
          subject: { reference: `Patient/${patientId}` },
          date: now,
          author: [{ reference: `PractitionerRole/${roleId}` }],
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
        fullUrl: fullUrl('Patient', patientId),
        resource: {
          resourceType: 'Patient',
          id: patientId,
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: options.nhsNumber ?? SAMPLE_NHS_NUMBER }],
          name: [{ use: 'official', family: 'Smith', given: ['Jane'] }],
          gender: 'female',
          birthDate: '1970-01-01',
        },
      },
      { fullUrl: fullUrl('PractitionerRole', roleId), resource: role },
      { fullUrl: fullUrl('Practitioner', practitionerId), resource: practitioner },
      {
        fullUrl: fullUrl('Organization', practiceId),
        resource: {
          resourceType: 'Organization',
          id: practiceId,
          identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A12345' }],
          name: 'The Surgery',
          address: [{ text: '1 High Street, Leeds, LS1 1AA' }],
          telecom: [{ system: 'phone', value: '0113 496 0000', use: 'work' }],
        },
      },
    ],
  };
}
