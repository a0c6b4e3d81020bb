// The author form as the user sees it: every field a string exactly as typed, so a half-finished
// form survives re-rendering. validateAuthor.ts turns it into AuthorSettings; authorToFormValues()
// is the inverse, so the form shows what is stored.

import type { AuthorDraft, AuthorSettings } from '../../shared/authorSettings';

export interface AuthorFormValues {
  readonly odsCode: string;
  readonly practiceName: string;
  readonly address: string;
  readonly telephone: string;
  readonly clinicianName: string;
  /** An SDS Job Role Name code from SDS_JOB_ROLES, or empty when none is chosen. */
  readonly jobRoleCode: string;
  /** Both empty: the job-role shape; both filled: the SDS-user shape. */
  readonly sdsUserId: string;
  readonly roleProfileId: string;
}

export type AuthorField = keyof AuthorFormValues;

export interface AuthorFieldError {
  readonly field: AuthorField;
  /** A sentence naming the field and what is wrong with it. */
  readonly message: string;
}

/** What each field is called on the form (error messages use the same words). */
export const AUTHOR_FIELD_LABELS: Readonly<Record<AuthorField, string>> = {
  odsCode: 'Practice ODS code',
  practiceName: 'Practice name',
  address: 'Practice address',
  telephone: 'Practice telephone',
  clinicianName: 'Responsible clinician’s name',
  jobRoleCode: 'Job role',
  sdsUserId: 'SDS user ID',
  roleProfileId: 'SDS role profile ID',
};

export const EMPTY_AUTHOR_FORM: AuthorFormValues = {
  odsCode: '',
  practiceName: '',
  address: '',
  telephone: '',
  clinicianName: '',
  jobRoleCode: '',
  sdsUserId: '',
  roleProfileId: '',
};

export function authorToFormValues(author: AuthorSettings | AuthorDraft | null): AuthorFormValues {
  if (author === null) return EMPTY_AUTHOR_FORM;
  const { organisation, clinician } = author;
  return {
    odsCode: organisation.odsCode ?? '',
    practiceName: organisation.name ?? '',
    address: organisation.address ?? '',
    telephone: organisation.telephone ?? '',
    clinicianName: clinician?.name ?? '',
    jobRoleCode: clinician?.jobRole.code ?? '',
    sdsUserId: clinician?.sds?.userId ?? '',
    roleProfileId: clinician?.sds?.roleProfileId ?? '',
  };
}
