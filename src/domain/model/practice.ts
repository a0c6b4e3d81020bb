// The practice's data as the domain sees it: the practice, its patients and their clinical
// items. These are the facts eligibility and the summary need (README: Using it);
// nothing here knows about FHIR wire formats or storage (the database stores these shapes as
// they are: src/db/database.ts).
//
// A patient is ONE record holding their medication, allergies and coded entries.
// IndexedDB's cost is per record far more than per byte (about 7,000-10,000 records/s here,
// docs/toolchain.md), and the engine always reads a patient together with all their clinical
// items, so one record per patient makes loading and checking 100,000 patients several times
// faster than a row per item would, with no query that needs the items on their own.
//
// Dates are ISO calendar dates `YYYY-MM-DD` (local to the practice, no time zone);
// instants are ISO 8601 strings with an offset.

/** How the patient is registered at the practice. Only `permanent` can qualify. */
export type RegistrationType = 'permanent' | 'applied' | 'temporary' | 'deducted';

export const REGISTRATION_TYPES: readonly RegistrationType[] = [
  'permanent',
  'applied',
  'temporary',
  'deducted',
];

/** FHIR administrative gender (required binding in R4). */
export type Gender = 'male' | 'female' | 'other' | 'unknown';

/** Coding systems a practice record uses. `read2` and `ctv3` are legacy GP codes. */
export type CodeSystem = 'read2' | 'ctv3' | 'snomed';

export interface CodeRef {
  readonly system: CodeSystem;
  readonly code: string;
  /** The practice's term for the code (free text: escape before display or XHTML). */
  readonly term: string;
}

export interface Medication {
  /** Unique within the patient. */
  readonly id: string;
  readonly kind: 'repeat' | 'acute';
  /** Drug name and form, free text from the practice record. */
  readonly drug: string;
  readonly dose: string;
  readonly quantity: string;
  /** Acute: the prescription date. Repeat: when the repeat template was first authorised. */
  readonly prescribedOn: string;
  /** Repeat: the most recent issue, or null if never issued. Acute: same as prescribedOn. */
  readonly lastIssuedOn: string | null;
  /** Repeat: the date the medication was last reviewed by a clinician, or null. */
  readonly reviewedOn: string | null;
  /** The date the medication was stopped, or null while current. */
  readonly discontinuedOn: string | null;
  /** The problem the item is linked to; used to withhold sensitive categories. */
  readonly linkedProblem: CodeRef | null;
}

export type AllergyCertainty = 'confirmed' | 'unconfirmed' | 'refuted';
export type AllergySeverity = 'mild' | 'moderate' | 'severe';

export interface Allergy {
  readonly id: string;
  readonly recordedOn: string;
  /** Substance and reaction as written by the practice (free text). */
  readonly description: string;
  readonly certainty: AllergyCertainty;
  readonly severity: AllergySeverity | null;
  /** A "no known allergy" style entry. Recorded, never sent. */
  readonly negative: boolean;
  readonly linkedProblem: CodeRef | null;
}

/** A dated coded entry: consent preferences and problems (including withheld categories). */
export interface CodedEntry {
  readonly id: string;
  readonly date: string;
  readonly code: CodeRef;
}

export interface Patient {
  /** Stable processing order: unique, 1-based, the primary key. Runs page through this. */
  readonly seq: number;
  /** The practice's own id for the patient (import resource id, or `demo-000001`). */
  readonly id: string;
  /** As recorded, which may be invalid; null when the record has none. */
  readonly nhsNumber: string | null;
  /** True when the number was traced and verified against PDS. */
  readonly nhsNumberVerified: boolean;
  readonly title: string | null;
  readonly givenName: string;
  readonly familyName: string;
  readonly gender: Gender;
  readonly birthDate: string;
  readonly postcode: string | null;
  readonly registrationType: RegistrationType;
  readonly registeredOn: string;
  readonly deregisteredOn: string | null;
  readonly deceased: boolean;
  readonly deceasedOn: string | null;
  /** An active FP69 flag: the registration is under review. */
  readonly fp69: boolean;
  /** A record marked sensitive (for example, an adopted or protected patient). */
  readonly sensitive: boolean;
  /** A current national summary already exists on the Spine for this patient. */
  readonly existingSummary: boolean;
  readonly medications: readonly Medication[];
  readonly allergies: readonly Allergy[];
  readonly codedEntries: readonly CodedEntry[];
}

/** Counts kept with the practice so the overview never scans 100,000 records. */
export interface PracticeStats {
  readonly patients: number;
  readonly byRegistration: Readonly<Record<RegistrationType, number>>;
  /** Keyed by consent preference label (see src/domain/consent.ts), including "none". */
  readonly byConsent: Readonly<Record<string, number>>;
  readonly deceased: number;
  readonly fp69: number;
  readonly sensitive: number;
  readonly existingSummary: number;
  readonly nhsNumberMissing: number;
  readonly nhsNumberInvalid: number;
  readonly nhsNumberUnverified: number;
  readonly withMedication: number;
  readonly withAllergies: number;
  readonly withWithheldItems: number;
}

export interface Practice {
  /** Always `practice`: there is one practice per browser profile. */
  readonly key: 'practice';
  readonly name: string;
  /** The practice's ODS organisation code, e.g. A12345. */
  readonly odsCode: string;
  readonly source: 'demo' | 'import';
  /** Demo practice only: the generator's inputs, so the same practice can be made again. */
  readonly demo: { readonly seed: number; readonly size: number; readonly asOf: string } | null;
  /** ISO instant. */
  readonly loadedAt: string;
  readonly stats: PracticeStats;
}
