// Organization → the practice: its name and ODS code (the summary's author).

import { ODS_ORGANIZATION_SYSTEM } from './conventions';
import { objectsAt, shown, stringAt, type JsonObject } from './json';
import { problem, type Problem } from './problems';

/** A GP practice's ODS code: one letter and five digits (e.g. A81001). */
const PRACTICE_ODS_CODE = /^[A-Z][0-9]{5}$/;

export function mapOrganization(r: JsonObject, problems: Problem[]): { name: string; odsCode: string } | null {
  const name = stringAt(r, 'name');
  if (name === undefined) problems.push(problem('missing-field', 'name is missing'));
  const identifier = objectsAt(r, 'identifier').find((i) => stringAt(i, 'system') === ODS_ORGANIZATION_SYSTEM);
  const odsCode = identifier ? identifier['value'] : undefined;
  if (odsCode === undefined) problems.push(problem('missing-field', `identifier with system ${ODS_ORGANIZATION_SYSTEM} (the ODS code) is missing`));
  else if (typeof odsCode !== 'string' || !PRACTICE_ODS_CODE.test(odsCode)) problems.push(problem('invalid-code', `ODS code ${shown(odsCode)} is not a GP practice code (a letter and five digits)`));
  if (name === undefined || typeof odsCode !== 'string' || !PRACTICE_ODS_CODE.test(odsCode)) return null;
  return { name, odsCode };
}
