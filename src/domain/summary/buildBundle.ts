// Builds the upload message for one qualifying patient: a FHIR R4 `document` Bundle that meets
// the national SCR contract and strict R4 (see ../fhir/constants.ts for the fixed values).
//
// Shape: Composition (first, as R4 bdl-11 requires), Patient, Organization; every fullUrl is
// `urn:uuid:<resource id>` and every reference is the target's fullUrl. The narrative sections
// come from sections.ts, the same strings the preview shows.
//
// Deterministic: the same input gives the same Bundle, so a message can be rebuilt from the
// stored ids. Cheap: runs 100,000 times per upload, so it only concatenates strings and builds
// plain objects (no cloning, no date library, one escape pass per value).
//
// Eligibility is the caller's job (checkEligibility); the builder only refuses input that would
// make the message false or malformed: an invalid or unverified NHS number, an empty ODS code,
// ids that are not UUIDs, a malformed runDate or timestamp. These throw RangeError.

import type { Patient, Practice } from '../../db/types';
import {
  CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY,
  GP_SUMMARY_TYPE,
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_EXTENSION_URL,
  NHS_NUMBER_VERIFIED,
  ODS_ORGANIZATION_SYSTEM,
  UUID_IDENTIFIER_SYSTEM,
} from '../fhir/constants';
import type { Composition, CompositionSection, Organization, Patient as FhirPatient, SummaryBundle } from '../fhir/types';
import { isValidNhsNumber } from '../nhsNumber';
import { cleanFhirString } from '../xhtml';
import { summaryIds } from './ids';
import { renderHeaderSection, renderSummarySections, SUMMARY_TITLE, type SummarySection } from './sections';

export interface SummaryBundleInput {
  readonly patient: Patient;
  readonly practice: Pick<Practice, 'name' | 'odsCode'>;
  /** `YYYY-MM-DD`: the day the run's 6-month windows are measured back from. */
  readonly runDate: string;
  /** ISO 8601 instant with seconds and an offset (R4 `instant`), e.g. `new Date().toISOString()`. */
  readonly timestamp: string;
  /** UUID fixed when queued: the Bundle identifier. */
  readonly bundleId: string;
  /** UUID fixed when queued: the Composition id and identifier; entry ids derive from it. */
  readonly compositionId: string;
}

/** R4 `instant`: seconds required, fraction optional, offset required. */
const INSTANT_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$/;

const urn = (id: string): string => `urn:uuid:${id}`;

function toFhirSection(section: SummarySection): CompositionSection {
  return {
    title: section.title,
    code: { coding: [{ code: section.code }] },
    text: { status: 'generated', div: section.div },
  };
}

export function buildSummaryBundle(input: SummaryBundleInput): SummaryBundle {
  const { patient, practice, runDate, timestamp } = input;
  if (!INSTANT_PATTERN.test(timestamp)) throw new RangeError(`timestamp is not an ISO instant: ${timestamp}`);
  if (patient.nhsNumber === null || !isValidNhsNumber(patient.nhsNumber)) {
    throw new RangeError(`Patient ${patient.id} has no valid NHS number`);
  }
  if (!patient.nhsNumberVerified) throw new RangeError(`Patient ${patient.id} is not verified against PDS`);
  const odsCode = cleanFhirString(practice.odsCode);
  if (odsCode === '') throw new RangeError('The practice has no ODS code');
  const practiceName = cleanFhirString(practice.name);
  const ids = summaryIds(input.bundleId, input.compositionId);

  const sections = [renderHeaderSection(practice, timestamp), ...renderSummarySections(patient, runDate)];

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
    ...(practiceName === '' ? {} : { name: practiceName }),
  };

  const composition: Composition = {
    resourceType: 'Composition',
    id: ids.compositionId,
    meta: { lastUpdated: timestamp },
    identifier: { system: UUID_IDENTIFIER_SYSTEM, value: ids.compositionId },
    status: 'final',
    type: { coding: [GP_SUMMARY_TYPE] },
    category: [{ coding: [CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY] }],
    subject: { reference: urn(ids.patientId) },
    date: timestamp,
    author: [practiceName === '' ? { reference: urn(ids.organizationId) } : { reference: urn(ids.organizationId), display: practiceName }],
    title: SUMMARY_TITLE,
    section: sections.map(toFhirSection),
  };

  return {
    resourceType: 'Bundle',
    identifier: { system: UUID_IDENTIFIER_SYSTEM, value: ids.bundleId },
    type: 'document',
    timestamp,
    entry: [
      { fullUrl: urn(ids.compositionId), resource: composition },
      { fullUrl: urn(ids.patientId), resource: fhirPatient },
      { fullUrl: urn(ids.organizationId), resource: organization },
    ],
  };
}
