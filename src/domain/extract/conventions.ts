// The identifiers of the practice-extract format (docs/practice-extract.md): UK Core and FHIR R4
// systems where they exist, and the project's own extension and code system URLs where they do
// not. The project's URLs live under a reserved `.example` host on purpose: they are names, never
// fetched, and can never clash with anyone else's definitions.

import { NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM, SNOMED_SYSTEM } from '../fhir/constants';
import type { CodeSystem } from '../model/practice';

export { NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM, SNOMED_SYSTEM };

export const READ2_SYSTEM = 'http://read.info/readv2';
export const CTV3_SYSTEM = 'http://read.info/ctv3';

/** FHIR coding system URL for each code system a practice record uses. */
export const CODE_SYSTEM_URLS: Readonly<Record<CodeSystem, string>> = {
  read2: READ2_SYSTEM,
  ctv3: CTV3_SYSTEM,
  snomed: SNOMED_SYSTEM,
};

export const CODE_SYSTEM_BY_URL: ReadonlyMap<string, CodeSystem> = new Map(
  (Object.entries(CODE_SYSTEM_URLS) as [CodeSystem, string][]).map(([system, url]) => [url, system]),
);

/** UK Core: on Patient.identifier (the NHS number), valueCodeableConcept. */
export const NHS_NUMBER_VERIFICATION_URL = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
export const NHS_NUMBER_VERIFICATION_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';
/** "Number present and verified": the only status that means traced and confirmed on PDS. */
export const NHS_NUMBER_VERIFIED_CODE = '01';

/** UK Core: on MedicationStatement, valueDateTime. */
export const LAST_ISSUE_DATE_URL = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate';

/** FHIR R4 MedicationRequest.courseOfTherapyType, and UK Core's extension of it. */
export const COURSE_OF_THERAPY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy';
export const UK_COURSE_OF_THERAPY_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-MedicationRequestCourseOfTherapy';

export const ALLERGY_VERIFICATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
export const ALLERGY_CLINICAL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';

/**
 * SNOMED CT "no known allergy" concepts: an AllergyIntolerance coded with one of these is a
 * negative entry (recorded, never sent). Data, so a concept can be added without code changes.
 */
export const NO_KNOWN_ALLERGY_CODES: ReadonlySet<string> = new Set([
  '716186003', // No known allergy
  '409137002', // No known drug allergy
  '429625007', // No known food allergy
  '428607008', // No known environmental allergy
]);

const PROJECT_BASE = 'https://fhir.scr-initial-upload.example';

/** The project's own extensions (docs/practice-extract.md lists context and value type). */
export const EXT = {
  /** Patient: sub-extensions `type` (valueCode) and `period` (valuePeriod). */
  registration: `${PROJECT_BASE}/StructureDefinition/registration`,
  /** Patient: valueBoolean, a current national summary is already on the Spine. */
  existingSummary: `${PROJECT_BASE}/StructureDefinition/existing-summary`,
  /** MedicationStatement: valueCodeableConcept, as MedicationRequest.courseOfTherapyType. */
  courseOfTherapy: `${PROJECT_BASE}/StructureDefinition/course-of-therapy`,
  /** MedicationStatement, and MedicationRequest when not "<number> <unit>": valueString. */
  quantityText: `${PROJECT_BASE}/StructureDefinition/quantity-text`,
  /** MedicationRequest: valueDate, the latest issue of the prescription. */
  lastIssued: `${PROJECT_BASE}/StructureDefinition/last-issued`,
  /** MedicationRequest and MedicationStatement: valueDate, the latest clinical review. */
  reviewed: `${PROJECT_BASE}/StructureDefinition/reviewed`,
  /** MedicationRequest: valueDate, when a stopped item was discontinued. */
  discontinued: `${PROJECT_BASE}/StructureDefinition/discontinued`,
  /** AllergyIntolerance: valueCodeableConcept, the problem the entry is linked to. */
  linkedProblem: `${PROJECT_BASE}/StructureDefinition/linked-problem`,
} as const;

/** Flag.code: the record flags eligibility depends on. */
export const RECORD_FLAG_SYSTEM = `${PROJECT_BASE}/CodeSystem/record-flag`;
export type RecordFlag = 'fp69' | 'sensitive';
export const RECORD_FLAG_DISPLAY: Readonly<Record<RecordFlag, string>> = {
  fp69: 'FP69: registration under review',
  sensitive: 'Sensitive record',
};

/** Registration types, in the registration extension's `type` valueCode. */
export const REGISTRATION_TYPE_CODES = ['permanent', 'applied', 'temporary', 'deducted'] as const;

/** The resource types the extract uses; anything else is reported and skipped. */
export const EXTRACT_RESOURCE_TYPES = [
  'Organization',
  'Patient',
  'MedicationStatement',
  'MedicationRequest',
  'AllergyIntolerance',
  'Observation',
  'Condition',
  'Flag',
] as const;
export type ExtractResourceType = (typeof EXTRACT_RESOURCE_TYPES)[number];

export const CONDITION_VERIFICATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
