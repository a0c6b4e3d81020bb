// What the practice-extract import reports, shared by the worker and the UI: progress while it
// runs, the summary at the end, and the rows of the error report. Plain data only (it crosses the
// worker boundary); the UI decides what to show from the codes, never from the text.

/**
 * Why a line (or a whole file) was not imported, or imported with a caveat. Closed: the summary
 * counts by these codes and the UI may group by them. See docs/practice-extract.md.
 */
export type ImportProblemCode =
  // the file as a whole
  | 'empty-file' // no bytes, or nothing but blank lines
  | 'binary-file' // NUL bytes at the start: not a text file
  | 'utf16-file' // a UTF-16 byte order mark: the file must be saved as UTF-8
  | 'bundle-structure' // a .json file that is not a FHIR Bundle we can read
  // one line (or Bundle entry)
  | 'not-utf8' // bytes that are not valid UTF-8
  | 'line-too-long' // longer than the line limit; skipped without reading it all
  | 'invalid-json' // not one JSON value
  | 'truncated-line' // the last line ends before its JSON does (a file cut short)
  | 'not-a-resource' // JSON, but not an object with a resourceType
  | 'unknown-resource-type' // a resourceType the extract does not use
  | 'missing-id'
  | 'invalid-id'
  | 'duplicate-id' // a second resource of the same type with the same id (the first is kept)
  | 'missing-patient-reference'
  | 'unknown-patient' // refers to a Patient that is not in the extract (or was rejected)
  | 'missing-field' // a required element is absent
  | 'invalid-value' // an element has a value outside its code list or type
  | 'invalid-date'
  | 'invalid-code' // a code that is not valid in its code system (format, check digit)
  | 'unsupported-code-system' // none of the codings is Read v2, CTV3 or SNOMED CT
  | 'second-practice' // more than one Organization: the first is the practice
  // imported, with a caveat (warnings)
  | 'invalid-nhs-number' // stored as recorded; the patient will fail eligibility
  | 'entered-in-error'; // status entered-in-error: deliberately not imported

export type ImportSeverity = 'error' | 'warning';

/** Warnings: the line was imported (or deliberately left out) and is not bad input. */
export const WARNING_CODES: ReadonlySet<ImportProblemCode> = new Set<ImportProblemCode>(['invalid-nhs-number', 'entered-in-error']);

export const severityOf = (code: ImportProblemCode): ImportSeverity => (WARNING_CODES.has(code) ? 'warning' : 'error');

/** Short labels for the summary's counts by reason. */
export const IMPORT_PROBLEM_LABELS: Readonly<Record<ImportProblemCode, string>> = {
  'empty-file': 'Empty file',
  'binary-file': 'Binary file, not text',
  'utf16-file': 'UTF-16 file (save it as UTF-8)',
  'bundle-structure': 'Not a readable FHIR Bundle',
  'not-utf8': 'Not UTF-8 text',
  'line-too-long': 'Line too long',
  'invalid-json': 'Invalid JSON',
  'truncated-line': 'Truncated last line',
  'not-a-resource': 'Not a FHIR resource',
  'unknown-resource-type': 'Resource type not used',
  'missing-id': 'Missing id',
  'invalid-id': 'Invalid id',
  'duplicate-id': 'Duplicate id',
  'missing-patient-reference': 'No patient reference',
  'unknown-patient': 'Unknown patient',
  'missing-field': 'Required element missing',
  'invalid-value': 'Invalid value',
  'invalid-date': 'Invalid date',
  'invalid-code': 'Invalid code',
  'unsupported-code-system': 'Code system not used',
  'second-practice': 'More than one practice',
  'invalid-nhs-number': 'Invalid NHS number (imported)',
  'entered-in-error': 'Entered in error (not imported)',
};

/** One row of the error report. */
export interface ImportReportRow {
  /** The file's name as given (for a folder, its path inside the folder). */
  readonly file: string;
  /** 1-based line where the resource starts; null for a problem with the whole file. */
  readonly line: number | null;
  readonly severity: ImportSeverity;
  readonly code: ImportProblemCode;
  /** The exact reason, e.g. `birthDate "2023-02-30" is not a calendar date`. */
  readonly reason: string;
}

export interface ImportReportPage {
  readonly rows: readonly ImportReportRow[];
  /** Rows in the whole report. */
  readonly total: number;
}

export type ImportPhase =
  /** Reading, checking and staging the files. */
  | 'reading'
  /** Joining each patient's clinical items to them and writing the patient records. */
  | 'joining'
  /** Removing the replaced practice data (after the switch) or a cancelled import's rows. */
  | 'tidying';

export interface ImportProgress {
  readonly phase: ImportPhase;
  /** Bytes of all files read so far, and in total. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Resources accepted so far. */
  readonly resources: number;
  /** Report rows so far (errors and warnings). */
  readonly problems: number;
  /** The file being read, or null once reading is over. */
  readonly file: string | null;
  /** While joining: patient records written, of the patients accepted. */
  readonly patientsWritten: number;
  readonly patientsTotal: number;
}

export type ImportFileFormat = 'ndjson' | 'bundle' | 'unreadable';

export interface ImportFileSummary {
  readonly name: string;
  readonly bytes: number;
  readonly format: ImportFileFormat;
  /** Lines (NDJSON) or Bundle entries read. */
  readonly records: number;
  /** Resources from this file that were accepted when read (before joining). */
  readonly accepted: number;
  readonly problems: number;
}

export interface ImportSummary {
  /** ISO instants. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly files: readonly ImportFileSummary[];
  /** Patient records in the new practice data. */
  readonly patients: number;
  /** Resources that made it into the practice data, by resourceType. */
  readonly resourcesByType: Readonly<Record<string, number>>;
  /** Report rows by reason. */
  readonly problemsByCode: Readonly<Partial<Record<ImportProblemCode, number>>>;
  readonly errors: number;
  readonly warnings: number;
  /** The practice named in the extract, or null when it had no usable Organization. */
  readonly practice: { readonly name: string; readonly odsCode: string } | null;
}

/**
 * How an import ended. Only `imported` replaced the practice data; every other outcome left the
 * previous practice data exactly as it was.
 */
export type ImportOutcome =
  | { readonly kind: 'imported'; readonly summary: ImportSummary }
  | { readonly kind: 'cancelled'; readonly summary: ImportSummary }
  | { readonly kind: 'rejected'; readonly reason: ImportRejection; readonly message: string; readonly summary: ImportSummary };

/** Why a complete read still could not become the practice data. */
export type ImportRejection = 'no-files' | 'no-patients' | 'no-practice';

/** The latest import as stored, so its summary survives a reload. */
export interface LatestImport {
  readonly outcome: ImportOutcome['kind'];
  readonly rejection: ImportRejection | null;
  readonly message: string | null;
  readonly summary: ImportSummary;
}
