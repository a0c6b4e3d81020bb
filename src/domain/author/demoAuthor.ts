// The made-up author that comes with the demo practice, so training works out of the box. Like the
// demo patients (999-range NHS numbers), nothing here belongs to a real practice or clinician:
// the telephone number is in Ofcom's range reserved for drama (0113 496 0xxx), the ODS code is the
// demo practice's own.

import type { AuthorSettings } from '../../shared/authorSettings';
import { jobRoleByCode } from './jobRoles';

export function demoAuthor(practice: { readonly name: string; readonly odsCode: string }): AuthorSettings {
  const jobRole = jobRoleByCode('R0260');
  if (jobRole === undefined) throw new Error('R0260 is missing from SDS_JOB_ROLES');
  return {
    organisation: { odsCode: practice.odsCode, name: practice.name, address: '1 Example Street, Leeds, LS1 1AA', telephone: '0113 496 0000' },
    clinician: { name: 'Dr Alex Demo', jobRole, sds: null },
    source: 'demo',
  };
}
