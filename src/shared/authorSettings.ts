// Who the summary says it comes from: the practice (an Organization) and the responsible clinician
// (a Practitioner in a PractitionerRole). The national service refuses any summary whose author is
// not a PractitionerRole leading to a Practitioner, in one of two shapes (domain.md, "The message"):
//   job role  - the role's SDS Job Role Name and the practice Organization (fits a batch upload
//               made without a smartcard session);
//   SDS user  - the clinician's SDS user id and role profile id (from their smartcard registration).
// Stored in the settings table under AUTHOR_SETTINGS_KEY; crosses the worker boundary as data.

export const AUTHOR_SETTINGS_KEY = 'author';

/** The practice as the summary names it. Every field is plain text as entered (trimmed). */
export interface AuthorOrganisation {
  /** ODS organisation code, e.g. A81001. */
  readonly odsCode: string;
  readonly name: string;
  /** One line of text, as the service carries it (Organization.address[0].text). */
  readonly address: string;
  /** A telephone number as dialled (digits, spaces and a leading +). */
  readonly telephone: string;
}

/** An SDS Job Role Name: the code and its display exactly as SDS lists them. */
export interface JobRole {
  readonly code: string;
  readonly display: string;
}

export interface AuthorClinician {
  /** As it should read on the summary, e.g. "Dr Amelia Hart". */
  readonly name: string;
  readonly jobRole: JobRole;
  /**
   * Both set: the SDS-user shape (PractitionerRole.identifier = role profile id, Practitioner
   * identifier = SDS user id). Both null: the job-role shape. Never one without the other.
   */
  readonly sds: { readonly userId: string; readonly roleProfileId: string } | null;
}

export interface AuthorSettings {
  readonly organisation: AuthorOrganisation;
  readonly clinician: AuthorClinician;
  /** `demo`: the made-up author that comes with the demo practice; `entered`: typed in Settings. */
  readonly source: 'demo' | 'entered' | 'imported';
}

/** The author as far as it is known: an imported practice fills the organisation only. */
export interface AuthorDraft {
  readonly organisation: Partial<AuthorOrganisation>;
  readonly clinician: AuthorClinician | null;
  readonly source: AuthorSettings['source'];
}

export type AuthorShape = 'job-role' | 'sds-user';

export const authorShape = (author: Pick<AuthorSettings, 'clinician'>): AuthorShape => (author.clinician.sds === null ? 'job-role' : 'sds-user');
