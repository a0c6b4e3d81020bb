// What the Help screen says about the practice extract, as data: the same rules as the
// contributors' docs/practice-extract.md (which also says how the import works inside), put for
// the person preparing the files. `…` in a URL is PROJECT_URL_BASE. Backticks mark code.

export const PROJECT_URL_BASE = 'https://fhir.scr-initial-upload.example';

export interface HelpTableData {
  readonly caption: string;
  readonly headings: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ResourceHelp {
  readonly title: string;
  /** Paragraphs before the table. */
  readonly before?: readonly string[];
  readonly table: HelpTableData;
  /** Paragraphs after the table. */
  readonly after?: readonly string[];
}

export const FILE_RULES: HelpTableData = {
  caption: 'How each file is read',
  headings: ['The file', 'Read as'],
  rows: [
    ['starts with a UTF-16 byte order mark', 'refused: UTF-16 file (save it as UTF-8)'],
    ['a NUL byte in its first 8 KiB', 'refused: binary file'],
    ['name ends `.ndjson` or `.jsonl`, or its first line is one complete JSON value', 'NDJSON'],
    ['otherwise: name ends `.json`, or it starts with an object naming `"resourceType": "Bundle"`', 'one Bundle, read as a stream'],
    ['anything else', 'NDJSON (so every line that is not a resource is reported)'],
  ],
};

export const FILE_NOTES: readonly string[] = [
  'Text is UTF-8 (a UTF-8 byte order mark is allowed). A line with bytes that are not UTF-8 is reported on its own; the lines around it are read.',
  'NDJSON: one resource per line; blank lines are skipped; CRLF line ends are accepted. A line longer than 4 MiB is reported and skipped. A last line without a line end whose JSON is incomplete is reported as truncated (the file was cut short). A line holding a whole Bundle has its entries imported, all reported against that line.',
  'Bundle: any `type`; each `entry[].resource` is imported. `"resourceType": "Bundle"` must come before `"entry"` (every FHIR serialiser writes it first). An entry over 4 MiB is skipped and reported. A Bundle cut short keeps the entries before the cut and reports where it ends. The line reported for an entry is the line its `{` is on. References between entries must use `Patient/<id>` (an entry\u2019s `fullUrl` is not resolved).',
  'Files are read in name order, so the same files give the same result in any order you drop them.',
];

export const GENERAL_RULES: readonly string[] = [
  'References to the patient are `Patient/<id>` (a base URL in front is allowed).',
  'Dates are FHIR `date` or `dateTime` with at least a full day; the calendar day is taken as written, never shifted by the time zone. A partial date (`2024`, `2024-05`) is reported: the summary\u2019s 6-month windows need a day.',
  'Codes are Read v2 (`http://read.info/readv2`), CTV3 (`http://read.info/ctv3`) or SNOMED CT (`http://snomed.info/sct`, checked for its check digit). When a concept has several codings, the one the consent or withheld tables recognise is kept.',
  '`status` `entered-in-error` (or `verificationStatus` for AllergyIntolerance and Condition) means not imported, reported as a warning.',
];

export const RESOURCES: readonly ResourceHelp[] = [
  {
    title: 'Organization (the practice)',
    table: {
      caption: 'The fields read from Organization',
      headings: ['Field', 'From'],
      rows: [
        ['name', '`name`'],
        ['ODS code', '`identifier` with system `https://fhir.nhs.uk/Id/ods-organization-code`: a GP practice code, one letter and five digits'],
      ],
    },
    after: ['The first Organization is the practice; any further one is reported (more than one practice). An extract without a usable Organization is not imported.'],
  },
  {
    title: 'Patient',
    table: {
      caption: 'The fields read from Patient',
      headings: ['Field', 'From'],
      rows: [
        ['record id', '`id`'],
        [
          'NHS number',
          '`identifier` with system `https://fhir.nhs.uk/Id/nhs-number`; `943 476 5919` and `943-476-5919` are accepted. A number that is not ten digits or fails the modulus 11 check is imported as recorded with a warning: the patient then fails eligibility, as they would in the practice system',
        ],
        ['verified against PDS', 'UK Core extension `Extension-UKCore-NHSNumberVerificationStatus` on that identifier; only code `01` (Number present and verified) is verified; no extension is unverified; a code other than 01 to 08 is an error'],
        ['title, given and family name', '`name` with `use` official (else the first): `prefix[0]`, `given` joined with spaces, `family` (required)'],
        ['gender', '`gender` (male, female, other, unknown); absent is unknown'],
        ['birth date', '`birthDate` (required)'],
        ['postcode', '`address` with `use` home (else the first): `postalCode`'],
        ['registration type and dates', 'extension `…/StructureDefinition/registration` (required): `type` valueCode permanent, applied, temporary or deducted; `period` valuePeriod `start` (registered, required) and `end` (deregistered)'],
        ['deceased', '`deceasedDateTime` (deceased on that day) or `deceasedBoolean`'],
        ['existing national summary', 'extension `…/StructureDefinition/existing-summary`, valueBoolean'],
      ],
    },
    after: ['FP69 and sensitive come from Flags. Patient ids must be unique: a second Patient with the same id is reported and ignored.'],
  },
  {
    title: 'MedicationRequest and MedicationStatement',
    table: {
      caption: 'The fields read from MedicationRequest and MedicationStatement',
      headings: ['Field', 'MedicationRequest', 'MedicationStatement'],
      rows: [
        ['drug', '`medicationCodeableConcept.text`, else a coding\u2019s `display` (`medicationReference` is not supported)', 'the same'],
        ['repeat or acute', '`courseOfTherapyType`: `continuous` (and UK Core `continuous-repeat-dispensing`, `seasonal`) is repeat, `acute` is acute', 'extension `…/course-of-therapy`, valueCodeableConcept with the same codes'],
        ['prescribed (acute) or first authorised (repeat)', '`authoredOn`', '`effectivePeriod.start`, else `effectiveDateTime`, else `dateAsserted`'],
        ['dose', '`dosageInstruction[0].text`', '`dosage[0].text`'],
        ['quantity', '`dispenseRequest.quantity` (value and unit), or extension `…/quantity-text` on `dispenseRequest`', 'extension `…/quantity-text`'],
        ['last issued', 'extension `…/last-issued`, valueDate; an acute item is issued when prescribed', 'UK Core `Extension-UKCore-MedicationStatementLastIssueDate`'],
        ['reviewed', 'extension `…/reviewed`, valueDate', 'the same'],
        ['discontinued', '`status` stopped with extension `…/discontinued`, valueDate (required when stopped)', '`status` stopped with `effectivePeriod.end` (required when stopped)'],
        ['linked problem (withheld categories)', '`reasonCode[0]`', 'the same'],
      ],
    },
    after: ['A linked problem coded only in another system (ICD-10, for example) cannot name a withheld category and is ignored; a malformed Read v2, CTV3 or SNOMED CT code there is an error.'],
  },
  {
    title: 'AllergyIntolerance',
    table: {
      caption: 'The fields read from AllergyIntolerance',
      headings: ['Field', 'From'],
      rows: [
        ['description', '`code.text`, else a coding\u2019s `display`'],
        ['negative (\u201cno known allergy\u201d, recorded but never sent)', 'a `code` coding of SNOMED CT 716186003, 409137002, 429625007 or 428607008'],
        ['recorded on', '`recordedDate`, else `onsetDateTime`'],
        ['certainty', '`verificationStatus`: confirmed, unconfirmed or refuted; absent is unconfirmed'],
        ['severity', '`reaction[0].severity`: mild, moderate or severe'],
        ['linked problem', 'extension `…/linked-problem`, valueCodeableConcept'],
      ],
    },
    after: ['`clinicalStatus` is not read: an allergy in the record is shown, because leaving a real allergy out is the more dangerous mistake.'],
  },
  {
    title: 'Observation and Condition (consent preferences, problems)',
    table: {
      caption: 'The fields read from Observation and Condition',
      headings: ['Field', 'Observation', 'Condition'],
      rows: [
        ['code (required)', '`code`', '`code`'],
        ['date', '`effectiveDateTime`, `effectivePeriod.start`, `effectiveInstant` or `issued`', '`onsetDateTime` or `recordedDate`'],
      ],
    },
    after: [
      'Each is one coded entry. Consent preference codes are usually Observations, and problems (including the withheld categories) Conditions; either type may hold either. An entry with no Read v2, CTV3 or SNOMED CT coding is reported (code system not used) and not imported.',
    ],
  },
  {
    title: 'Flag (FP69, sensitive record)',
    table: {
      caption: 'The fields read from Flag',
      headings: ['Field', 'From'],
      rows: [
        ['the flag', '`code` with system `…/CodeSystem/record-flag`, code `fp69` (registration under review) or `sensitive`'],
        ['whether it applies', '`status` active sets it; inactive has no effect'],
        ['the patient', '`subject`'],
      ],
    },
  },
];

export const PROJECT_URLS: HelpTableData = {
  caption: 'The app\u2019s own extension and code system URLs',
  headings: ['URL', 'On', 'Value'],
  rows: [
    ['`…/StructureDefinition/registration`', 'Patient', 'sub-extensions `type` (valueCode) and `period` (valuePeriod)'],
    ['`…/StructureDefinition/existing-summary`', 'Patient', 'valueBoolean'],
    ['`…/StructureDefinition/course-of-therapy`', 'MedicationStatement', 'valueCodeableConcept (medicationrequest-course-of-therapy codes)'],
    ['`…/StructureDefinition/quantity-text`', 'MedicationStatement; MedicationRequest.dispenseRequest', 'valueString'],
    ['`…/StructureDefinition/last-issued`', 'MedicationRequest', 'valueDate'],
    ['`…/StructureDefinition/reviewed`', 'MedicationRequest, MedicationStatement', 'valueDate'],
    ['`…/StructureDefinition/discontinued`', 'MedicationRequest', 'valueDate'],
    ['`…/StructureDefinition/linked-problem`', 'AllergyIntolerance', 'valueCodeableConcept'],
    ['`…/CodeSystem/record-flag`', 'Flag.code', '`fp69`, `sensitive`'],
  ],
};

export const ID_RULES: readonly string[] = [
  'Resource ids must be FHIR ids (1 to 64 letters, digits, `-` and `.`) and unique per resource type; a duplicate is reported and the first one kept.',
  'A practice record\u2019s item ids need only be unique within the patient, so the app\u2019s own export writes `<patient id>.<item id>`, and the import removes a leading `<patient id>.` again.',
];

export const REPORT_RULES: readonly string[] = [
  'Every problem is one row of the import report: file, line, severity, reason code and reason. The reason names the element and the value (shortened to 80 characters), for example `birthDate "2023-02-30" is not a valid date (YYYY-MM-DD, or a full FHIR dateTime)`.',
  'Errors mean the line was not imported. Warnings (an invalid NHS number, an entry made in error) mean it was imported as recorded, or deliberately left out. A problem with a whole file (empty, binary, UTF-16, not a Bundle) has no line.',
  'Items whose patient is not among the imported patients are reported once all files are read, after the problems line by line. The report is kept until the next import or until the practice data is deleted, and downloads as CSV with the columns `File,Line,Severity,Reason code,Reason`.',
];

export const SAFETY_RULES: readonly string[] = [
  'The previous practice data stays in use, and is what the app shows, until the new data is complete; then it is switched in one step.',
  'An import that is cancelled, or not imported (no practice Organization, no valid patient, the disk full), leaves the previous practice data as it was.',
  'Delete practice data (on the Import screen) removes the practice, every patient\u2019s record, the import report and what an unfinished import left, and keeps the log, the runs and their statistics.',
];
