// From the author form (strings as typed) to AuthorSettings, or every problem at once, each naming
// its field. Pure. Also says what a stored author lacks before anything is sent (missingAuthor).
//
// Limits are the service's and the Spine's: the ODS code of a GP practice is a letter and five
// digits; SDS user and role profile ids are numeric; the texts go into the HL7 author as they are,
// so control characters (which no XML 1.0 document may carry) are refused.

import type { AuthorDraft, AuthorSettings } from '../../shared/authorSettings';
import { AUTHOR_FIELD_LABELS, type AuthorField, type AuthorFieldError, type AuthorFormValues } from './authorForm';
import { jobRoleByCode } from './jobRoles';

export const PRACTICE_ODS_CODE = /^[A-Z][0-9]{5}$/;
/** SDS user ids and role profile ids: digits (12 in practice; older ones are shorter). */
const SDS_ID = /^[0-9]{6,20}$/;
/** Digits with optional spaces and one leading +; 10 to 15 digits (UK numbers are 10 or 11). */
const TELEPHONE = /^\+?[0-9 ]+$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const MAX_LENGTH: Partial<Record<AuthorField, number>> = { practiceName: 200, address: 300, clinicianName: 100 };

export type AuthorValidation = { readonly ok: true; readonly author: AuthorSettings } | { readonly ok: false; readonly errors: readonly AuthorFieldError[] };

function text(values: AuthorFormValues, field: AuthorField, errors: AuthorFieldError[]): string | undefined {
  const value = values[field].trim();
  const label = AUTHOR_FIELD_LABELS[field].toLowerCase();
  if (value === '') return void errors.push({ field, message: `Enter the ${label}` });
  if (CONTROL.test(value)) return void errors.push({ field, message: `The ${label} must be one line of text, with no tabs or control characters` });
  const max = MAX_LENGTH[field];
  if (max !== undefined && value.length > max) return void errors.push({ field, message: `The ${label} must be ${max} characters or fewer` });
  return value;
}

export function validateAuthorForm(values: AuthorFormValues): AuthorValidation {
  const errors: AuthorFieldError[] = [];

  const odsCode = values.odsCode.trim().toUpperCase();
  if (odsCode === '') errors.push({ field: 'odsCode', message: 'Enter the practice ODS code' });
  else if (!PRACTICE_ODS_CODE.test(odsCode)) errors.push({ field: 'odsCode', message: 'The practice ODS code must be a letter and five digits, like A81001' });

  const name = text(values, 'practiceName', errors);
  const address = text(values, 'address', errors);

  const telephone = values.telephone.trim();
  const digits = telephone.replace(/[^0-9]/g, '').length;
  if (telephone === '') errors.push({ field: 'telephone', message: 'Enter the practice telephone' });
  else if (!TELEPHONE.test(telephone) || digits < 10 || digits > 15) {
    errors.push({ field: 'telephone', message: 'The practice telephone must be 10 to 15 digits, with spaces or a leading + if you like, like 0113 496 0000' });
  }

  const clinicianName = text(values, 'clinicianName', errors);
  const jobRole = jobRoleByCode(values.jobRoleCode.trim());
  if (jobRole === undefined) errors.push({ field: 'jobRoleCode', message: 'Choose the responsible clinician’s job role' });

  const userId = values.sdsUserId.trim();
  const roleProfileId = values.roleProfileId.trim();
  if (userId !== '' && !SDS_ID.test(userId)) errors.push({ field: 'sdsUserId', message: 'The SDS user ID must be 6 to 20 digits (it is on the clinician’s smartcard registration)' });
  if (roleProfileId !== '' && !SDS_ID.test(roleProfileId)) errors.push({ field: 'roleProfileId', message: 'The SDS role profile ID must be 6 to 20 digits' });
  if (userId !== '' && roleProfileId === '') errors.push({ field: 'roleProfileId', message: 'Enter the SDS role profile ID too, or clear the SDS user ID' });
  if (userId === '' && roleProfileId !== '') errors.push({ field: 'sdsUserId', message: 'Enter the SDS user ID too, or clear the SDS role profile ID' });

  if (errors.length > 0 || name === undefined || address === undefined || clinicianName === undefined || jobRole === undefined) return { ok: false, errors };
  return {
    ok: true,
    author: {
      organisation: { odsCode, name, address, telephone },
      clinician: { name: clinicianName, jobRole, sds: userId === '' ? null : { userId, roleProfileId } },
      source: 'entered',
    },
  };
}

/**
 * What a stored author lacks, in the form's words (empty when complete): a run that would send
 * says this instead of starting. A complete AuthorSettings passes by construction; a draft (an
 * imported practice fills only the organisation) or nothing at all does not.
 */
export function missingAuthor(author: AuthorSettings | AuthorDraft | null): readonly string[] {
  if (author === null) return ['the practice’s details', 'the responsible clinician'];
  if (isCompleteAuthor(author)) return [];
  const missing: string[] = [];
  const o = author.organisation;
  const fields: [AuthorField, string | undefined][] = [['odsCode', o.odsCode], ['practiceName', o.name], ['address', o.address], ['telephone', o.telephone]];
  for (const [field, value] of fields) if (value === undefined || value.trim() === '') missing.push(AUTHOR_FIELD_LABELS[field].toLowerCase());
  if (author.clinician === null) missing.push('the responsible clinician');
  return missing;
}

export function isCompleteAuthor(author: AuthorSettings | AuthorDraft): author is AuthorSettings {
  const o = author.organisation;
  return author.clinician !== null && [o.odsCode, o.name, o.address, o.telephone].every((v) => typeof v === 'string' && v.trim() !== '');
}
