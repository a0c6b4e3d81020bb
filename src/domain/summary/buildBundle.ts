// Builds the upload message for one qualifying patient: a FHIR R4 `document` Bundle that the
// national service's own upload code accepts (its mappers: see docs/conformance.md), that meets
// the OpenAPI contract, and that is strictly valid R4 (see ../fhir/constants.ts for fixed values).
//
// Shape: Composition (first, as R4 bdl-11 requires), Patient, PractitionerRole, Practitioner,
// Organization. Every fullUrl is absolute, `{base}/{Type}/{id}`, and every reference is `Type/id`:
// the service's FHIR library reads each entry's id from its fullUrl and resolves `Type/id` against
// it, so a `urn:uuid:` fullUrl (whose id would be the whole urn) leaves the author unresolvable.
// The author is the PractitionerRole (never the Organization) in one of the service's two shapes:
//   job role - code = SDS Job Role Name; practitioner; organization = the practice (ODS code,
//              name, address text, telephone; no `type`, which would make it a non-SDS org);
//   SDS user - as above plus identifier = SDS role profile id, and the Practitioner's identifier =
//              SDS user id (the service reads the identifier first and then ignores the rest).
// A later summary for a patient whose earlier one was acknowledged says which event it replaces.
//
// Deterministic: the same input gives the same Bundle, so a message can be rebuilt from the
// stored ids. Cheap: runs 100,000 times per upload, so it only concatenates strings and builds
// plain objects (no cloning, no date library, one escape pass per value).
//
// Eligibility is the caller's job (checkEligibility); the builder only refuses input that would
// make the message false or malformed: an invalid or unverified NHS number, an incomplete author,
// a base that is not an absolute http(s) URL, ids that are not UUIDs, a malformed timestamp.
// These throw RangeError.

import type { Patient } from '../model/practice';
import type { AuthorSettings } from '../../shared/authorSettings';
import {
  CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY,
  GP_SUMMARY_TYPE,
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_EXTENSION_URL,
  NHS_NUMBER_VERIFIED,
  ODS_ORGANIZATION_SYSTEM,
  SDS_JOB_ROLE_NAME_SYSTEM,
  SDS_ROLE_PROFILE_SYSTEM,
  SDS_USER_SYSTEM,
  UUID_IDENTIFIER_SYSTEM,
} from '../fhir/constants';
import type {
  Composition,
  CompositionSection,
  Organization,
  Patient as FhirPatient,
  Practitioner,
  PractitionerRole,
  SummaryBundle,
} from '../fhir/types';
import { isValidNhsNumber } from '../nhsNumber';
import { cleanFhirString } from '../xhtml';
import { normaliseUuid, summaryIds } from './ids';
import { renderHeaderSection, renderSummarySections, SUMMARY_TITLE, type SummarySection } from './sections';

export interface SummaryBundleInput {
  readonly patient: Patient;
  /** The practice and responsible clinician the summary comes from (validated in Settings). */
  readonly author: AuthorSettings;
  /** Absolute FHIR base the entries' fullUrls are under, e.g. the endpoint's base URL; no trailing slash needed. */
  readonly fullUrlBase: string;
  /** `YYYY-MM-DD`: the day the run's 6-month windows are measured back from. */
  readonly runDate: string;
  /** ISO 8601 instant with seconds and an offset (R4 `instant`), e.g. `new Date().toISOString()`. */
  readonly timestamp: string;
  /** UUID fixed when queued: the Bundle identifier. */
  readonly bundleId: string;
  /** UUID fixed when queued: the Composition id and identifier (the event id); entry ids derive from it. */
  readonly compositionId: string;
  /** The event id of this patient's earlier acknowledged summary, which this one replaces; null for a first upload. */
  readonly replacesEventId?: string | null;
}

/** R4 `instant`: seconds required, fraction optional, offset required. */
const INSTANT_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$/;

function toFhirSection(section: SummarySection): CompositionSection {
  return {
    title: section.title,
    code: { coding: [{ code: section.code }] },
    text: { status: 'generated', div: section.div },
  };
}

/** The base without trailing slashes; throws unless it is an absolute http(s) URL with no query or fragment. */
export function checkFullUrlBase(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new RangeError(`fullUrlBase is not an absolute URL: ${base}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '' || base.includes('?') || base.includes('#')) {
    throw new RangeError(`fullUrlBase must be an http(s) URL with no query or fragment: ${base}`);
  }
  return base.replace(/\/+$/, '');
}

function required(value: string, what: string): string {
  const clean = cleanFhirString(value);
  if (clean === '') throw new RangeError(`The author has no ${what}`);
  return clean;
}

export function buildSummaryBundle(input: SummaryBundleInput): SummaryBundle {
  const { patient, author, runDate, timestamp } = input;
  if (!INSTANT_PATTERN.test(timestamp)) throw new RangeError(`timestamp is not an ISO instant: ${timestamp}`);
  if (patient.nhsNumber === null || !isValidNhsNumber(patient.nhsNumber)) {
    throw new RangeError(`Patient ${patient.id} has no valid NHS number`);
  }
  if (!patient.nhsNumberVerified) throw new RangeError(`Patient ${patient.id} is not verified against PDS`);
  const base = checkFullUrlBase(input.fullUrlBase);
  const odsCode = required(author.organisation.odsCode, 'ODS code');
  const practiceName = required(author.organisation.name, 'practice name');
  const address = required(author.organisation.address, 'practice address');
  const telephone = required(author.organisation.telephone, 'practice telephone');
  const clinicianName = required(author.clinician.name, 'clinician name');
  const jobRole = { code: required(author.clinician.jobRole.code, 'job role code'), display: required(author.clinician.jobRole.display, 'job role display') };
  const sds = author.clinician.sds === null ? null : { userId: required(author.clinician.sds.userId, 'SDS user id'), roleProfileId: required(author.clinician.sds.roleProfileId, 'SDS role profile id') };
  const ids = summaryIds(input.bundleId, input.compositionId);
  const replaces = input.replacesEventId == null ? null : normaliseUuid(input.replacesEventId, 'replacesEventId');

  const fullUrl = (type: string, id: string): string => `${base}/${type}/${id}`;
  const sections = [renderHeaderSection({ name: practiceName, odsCode }, timestamp, clinicianName), ...renderSummarySections(patient, runDate)];

  const fhirPatient: FhirPatient = {
    resourceType: 'Patient',
    id: ids.patientId,
    // Only the NHS number: it is all the service reads from the Patient, and a summary should
    // not carry more personal data than it needs.
    identifier: [
      {
        extension: [{ url: NHS_NUMBER_VERIFICATION_EXTENSION_URL, valueCodeableConcept: { coding: [NHS_NUMBER_VERIFIED] } }],
        system: NHS_NUMBER_SYSTEM,
        value: patient.nhsNumber,
      },
    ],
  };

  const organization: Organization = {
    resourceType: 'Organization',
    id: ids.organizationId,
    identifier: [{ system: ODS_ORGANIZATION_SYSTEM, value: odsCode }],
    name: practiceName,
    telecom: [{ system: 'phone', value: telephone, use: 'work' }],
    address: [{ text: address }],
  };

  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id: ids.practitionerId,
    ...(sds === null ? {} : { identifier: [{ system: SDS_USER_SYSTEM, value: sds.userId }] as const }),
    name: [{ text: clinicianName }],
  };

  const practitionerRole: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: ids.practitionerRoleId,
    ...(sds === null ? {} : { identifier: [{ system: SDS_ROLE_PROFILE_SYSTEM, value: sds.roleProfileId }] as const }),
    practitioner: { reference: `Practitioner/${ids.practitionerId}` },
    organization: { reference: `Organization/${ids.organizationId}` },
    code: [{ coding: [{ system: SDS_JOB_ROLE_NAME_SYSTEM, code: jobRole.code, display: jobRole.display }] }],
  };

  const composition: Composition = {
    resourceType: 'Composition',
    id: ids.compositionId,
    meta: { lastUpdated: timestamp },
    identifier: { system: UUID_IDENTIFIER_SYSTEM, value: ids.compositionId },
    status: 'final',
    type: { coding: [GP_SUMMARY_TYPE] },
    category: [{ coding: [CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY] }],
    subject: { reference: `Patient/${ids.patientId}` },
    date: timestamp,
    author: [{ reference: `PractitionerRole/${ids.practitionerRoleId}` }],
    title: SUMMARY_TITLE,
    ...(replaces === null ? {} : { relatesTo: [{ code: 'replaces', targetIdentifier: { value: replaces } }] as const }),
    section: sections.map(toFhirSection),
  };

  return {
    resourceType: 'Bundle',
    identifier: { system: UUID_IDENTIFIER_SYSTEM, value: ids.bundleId },
    type: 'document',
    timestamp,
    entry: [
      { fullUrl: fullUrl('Composition', ids.compositionId), resource: composition },
      { fullUrl: fullUrl('Patient', ids.patientId), resource: fhirPatient },
      { fullUrl: fullUrl('PractitionerRole', ids.practitionerRoleId), resource: practitionerRole },
      { fullUrl: fullUrl('Practitioner', ids.practitionerId), resource: practitioner },
      { fullUrl: fullUrl('Organization', ids.organizationId), resource: organization },
    ],
  };
}
