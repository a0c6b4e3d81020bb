// The summary's narrative sections as XHTML strings: the same strings go into the FHIR
// Composition (section.text.div) and into the preview screen, so what the practice previews is
// byte for byte what the Spine receives.
//
// Invariants of every div produced here:
//   - one `<div xmlns="http://www.w3.org/1999/xhtml">` root, well-formed XML;
//   - only the elements and attributes of the national service's own examples (div, h3, p,
//     table with summary/id, thead, tbody, tr, th, td with colspan), all allowed in R4 narrative;
//   - every value taken from the practice record goes through escapeXhtml (../xhtml.ts); the
//     rest is fixed text from this file, written so that it needs no escaping;
//   - an empty category is a one-row table saying exactly NO_INFORMATION_TEXT.

import type { Allergy, AllergyCertainty, AllergySeverity, Medication, Patient, Practice } from '../model/practice';
import { formatDisplayDate, formatDisplayDateTime, type DateWindow } from '../dates';
import { escapeXhtml } from '../xhtml';
import { selectSummaryContent, SUMMARY_WINDOW_MONTHS, type SummaryContent } from './content';

/** The national service's section codes (the first is its header section). */
export type SectionCode = 'Title' | 'AllergiesHeader' | 'AcuteMedsHeader' | 'RepeatMedsHeader' | 'DiscRepeatMedsHeader';

export interface SummarySection {
  readonly code: SectionCode;
  readonly title: string;
  /** Well-formed XHTML; safe to show as HTML, every record value escaped. */
  readonly div: string;
}

export const NO_INFORMATION_TEXT = 'No relevant information available for this category.';
export const SUMMARY_TITLE = 'General Practice Summary';

const DIV_OPEN = '<div xmlns="http://www.w3.org/1999/xhtml">';
const DIV_CLOSE = '</div>';

const CERTAINTY_TEXT: Readonly<Record<AllergyCertainty, string>> = {
  confirmed: 'Confirmed',
  unconfirmed: 'Unconfirmed',
  refuted: 'Refuted',
};

const SEVERITY_TEXT: Readonly<Record<AllergySeverity, string>> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

/** A table's fixed opening (through `<tbody>`), its column count and its closing. */
interface TableFrame {
  readonly open: string;
  readonly columns: number;
}

function tableFrame(id: string, summary: string, headers: readonly string[]): TableFrame {
  const ths = headers.map((h) => `<th>${h}</th>`).join('');
  return {
    open: `<table summary="${summary}" id="${id}"><thead><tr>${ths}</tr></thead><tbody>`,
    columns: headers.length,
  };
}

const MEDICATION_HEADERS = ['Type', 'Date', 'Medication Item', 'Dosage Instructions', 'Quantity'] as const;

const ALLERGIES_TABLE = tableFrame(
  'Allergies',
  'This table includes information about this patient&#39;s allergies and adverse reactions.',
  ['Date', 'Description', 'Certainty', 'Severity'],
);
const ACUTE_TABLE = tableFrame(
  'AcuteMeds',
  'This table includes information about this patient&#39;s acute medications.',
  MEDICATION_HEADERS,
);
const REPEAT_TABLE = tableFrame(
  'RepeatMeds',
  'This table includes information about this patient&#39;s current repeat medications.',
  MEDICATION_HEADERS,
);
const DISCONTINUED_TABLE = tableFrame(
  'DiscRepeatMeds',
  'This table includes information about this patient&#39;s discontinued repeat medications.',
  MEDICATION_HEADERS,
);

/** `cells` are already escaped. */
function row(cells: readonly string[]): string {
  let html = '<tr>';
  for (const cell of cells) html += `<td>${cell}</td>`;
  return `${html}</tr>`;
}

function table(frame: TableFrame, rows: readonly string[]): string {
  const body = rows.length === 0 ? `<tr><td colspan="${frame.columns}">${NO_INFORMATION_TEXT}</td></tr>` : rows.join('');
  return `${DIV_OPEN}${frame.open}${body}</tbody></table>${DIV_CLOSE}`;
}

/** A date from the record, formatted, then escaped (a malformed one is shown as recorded). */
function dateCell(isoDate: string): string {
  return escapeXhtml(formatDisplayDate(isoDate));
}

function allergyRow(a: Allergy): string {
  return row([
    dateCell(a.recordedOn),
    escapeXhtml(a.description),
    CERTAINTY_TEXT[a.certainty],
    a.severity === null ? '' : SEVERITY_TEXT[a.severity],
  ]);
}

function medicationRow(type: string, dates: string, m: Medication): string {
  return row([type, dates, escapeXhtml(m.drug), escapeXhtml(m.dose), escapeXhtml(m.quantity)]);
}

function repeatDates(m: Medication): string {
  const parts: string[] = [];
  if (m.lastIssuedOn !== null) parts.push(`Last Issued: ${dateCell(m.lastIssuedOn)}`);
  if (m.reviewedOn !== null) parts.push(`Last Reviewed: ${dateCell(m.reviewedOn)}`);
  return parts.join('; ');
}

function windowText(window: DateWindow): string {
  return `(For the ${SUMMARY_WINDOW_MONTHS} month period ${formatDisplayDate(window.from)} to ${formatDisplayDate(window.to)})`;
}

/** The four clinical sections, in the order the national service's examples use. */
export function renderContentSections(content: SummaryContent): SummarySection[] {
  const period = windowText(content.window);
  return [
    {
      code: 'AllergiesHeader',
      title: 'Allergies and Adverse Reactions',
      div: table(ALLERGIES_TABLE, content.allergies.map(allergyRow)),
    },
    {
      code: 'AcuteMedsHeader',
      title: `Acute Medications ${period}`,
      div: table(
        ACUTE_TABLE,
        content.acute.map((m) => medicationRow('Acute Medication', `Prescribed: ${dateCell(m.prescribedOn)}`, m)),
      ),
    },
    {
      code: 'RepeatMedsHeader',
      title: 'Current Repeat Medications',
      div: table(REPEAT_TABLE, content.currentRepeat.map((m) => medicationRow('Repeat Medication', repeatDates(m), m))),
    },
    {
      code: 'DiscRepeatMedsHeader',
      title: `Discontinued Repeat Medications ${period}`,
      div: table(
        DISCONTINUED_TABLE,
        content.discontinuedRepeat.map((m) => {
          const issued = repeatDates(m);
          const dates = `Discontinued: ${dateCell(m.discontinuedOn ?? '')}${issued === '' ? '' : `; ${issued}`}`;
          return medicationRow('Repeat Medication', dates, m);
        }),
      ),
    },
  ];
}

/** The clinical sections for a patient as of `runDate` (preview and builder share this). */
export function renderSummarySections(patient: Pick<Patient, 'allergies' | 'medications'>, runDate: string): SummarySection[] {
  return renderContentSections(selectSummaryContent(patient, runDate));
}

const DISCLAIMER =
  '<h3 id="Disclaimer">Sourced from the patient&#39;s General Practice record. ' +
  'This summary may not include all the information pertinent to this patient.</h3>';

/** Shown by the preview in place of the creation time, which is fixed only when the summary is built. */
export const CREATED_WHEN_BUILT_TEXT = 'when the summary is built';

/**
 * The header section: provenance, creation time, author and practice (the ids the service reads
 * as "withheld-only" headings: Disclaimer, CreateTime, Author, Practice). `timestamp` is the
 * build's ISO instant, or null in a preview made before there is one; `createdBy` the responsible
 * clinician's name, when known.
 */
export function renderHeaderSection(practice: Pick<Practice, 'name' | 'odsCode'>, timestamp: string | null, createdBy: string | null = null): SummarySection {
  const when = timestamp === null ? CREATED_WHEN_BUILT_TEXT : formatDisplayDateTime(timestamp);
  const created = `<p id="CreateTime">Summary Created: ${escapeXhtml(when)}</p>`;
  const author = createdBy === null ? '' : `<p id="Author">Created by: ${escapeXhtml(createdBy)}</p>`;
  const from = `<p id="Practice">${escapeXhtml(practice.name)} (${escapeXhtml(practice.odsCode)})</p>`;
  return { code: 'Title', title: SUMMARY_TITLE, div: `${DIV_OPEN}${DISCLAIMER}${created}${author}${from}${DIV_CLOSE}` };
}
