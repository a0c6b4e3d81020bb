// Fixed systems and codings of the national SCR contract (test/reference/scr-fhir-api/, copied
// from the national API's repository). The service compares system, code AND display of the
// Composition type and category exactly, and requires the Bundle and Composition identifiers to
// use the RFC 4122 system below with a bare UUID value (it upper-cases it into the HL7 message
// id): `urn:ietf:rfc:3986` would be valid R4 but is rejected by the service.

import type { Coding } from './types';

export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_ORGANIZATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const UUID_IDENTIFIER_SYSTEM = 'https://tools.ietf.org/html/rfc4122';

export const GP_SUMMARY_TYPE: Coding = {
  system: SNOMED_SYSTEM,
  code: '196981000000101',
  display: 'General Practice Summary',
};

export const CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY: Coding = {
  system: SNOMED_SYSTEM,
  code: '163171000000105',
  display: 'Care Professional Documentation',
};

/**
 * NHS number verification status (UK Core R4 extension; the contract's example shows its STU3
 * CareConnect predecessor). Only PDS-verified numbers are ever sent, so the code is always 01.
 */
export const NHS_NUMBER_VERIFICATION_EXTENSION_URL =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
export const NHS_NUMBER_VERIFIED: Coding = {
  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
  code: '01',
  display: 'Number present and verified',
};

/** The SDS-user author shape: the legacy `fhir.nhs.net` spelling is what the service compares. */
export const SDS_ROLE_PROFILE_SYSTEM = 'http://fhir.nhs.net/Id/sds-role-profile-id';
export const SDS_USER_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';
export const SDS_JOB_ROLE_NAME_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/HL7v3-SDSJobRoleName';
