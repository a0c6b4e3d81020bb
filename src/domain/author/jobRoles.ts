// SDS Job Role Names the responsible clinician can be given (code system
// https://fhir.nhs.uk/CodeSystem/HL7v3-SDSJobRoleName). Kept as data so a role can be added
// without a code change; the service copies code and display into the HL7 author as they are, so
// both must be exactly as the Spine Directory Service lists them.
//
// Source: the NHS Spine Directory Service national job role codes ("R" codes). The first five are
// also the codes and displays of the national API's own accepted upload example
// (test/reference/scr-fhir-api/upload-examples/success-1-basic.request.json); the rest are the
// roles a GP practice's clinicians hold. Order: the roles a practice is most likely to pick first.

import type { JobRole } from '../../shared/authorSettings';

export { SDS_JOB_ROLE_NAME_SYSTEM as JOB_ROLE_SYSTEM } from '../fhir/constants';

export const SDS_JOB_ROLES: readonly JobRole[] = [
  { code: 'R0260', display: 'General Medical Practitioner' },
  { code: 'R0270', display: 'Salaried General Practitioner' },
  { code: 'R6300', display: 'Sessional GP' },
  { code: 'R6200', display: 'GP Registrar' },
  { code: 'R8000', display: 'Clinical Practitioner Access Role' },
  { code: 'R0010', display: 'Medical Director' },
  { code: 'R0020', display: 'Clinical Director - Medical' },
  { code: 'R0050', display: 'Consultant' },
  { code: 'R0080', display: 'Staff Grade' },
  { code: 'R0100', display: 'Clinical Assistant' },
];

export function jobRoleByCode(code: string): JobRole | undefined {
  return SDS_JOB_ROLES.find((role) => role.code === code);
}
