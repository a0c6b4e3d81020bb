// The preview screen's model for one patient (issue #3, item 11): why they do or do not qualify,
// rule by rule, and the summary sections exactly as the upload would send them (the XHTML
// strings of summary/sections.ts; every record value in them is escaped, so the UI may render
// them as HTML). Pure: the caller passes the run date the windows are measured from.

import type { Patient, Practice } from './model/practice';
import type { AuthorSettings } from '../shared/authorSettings';
import type { DateWindow } from './dates';
import { explainEligibility, type EligibilityExplanation } from './eligibility';
import { selectSummaryContent } from './summary/content';
import { renderContentSections, renderHeaderSection, type SummarySection } from './summary/sections';

export interface PatientPreview {
  readonly eligibility: EligibilityExplanation;
  /** Header section first, then the clinical sections, as in the Composition. */
  readonly sections: readonly SummarySection[];
  /** The inclusive 6-month window used for medication. */
  readonly window: DateWindow;
  /** Items left out because they are linked to a withheld category (never sent). */
  readonly withheldCount: number;
}

/**
 * `timestamp` (an ISO instant) is the creation time shown in the header section; without it the
 * header says the time is set when the summary is built. `author`, when complete, names the
 * practice and clinician as the message will (else the practice data's name and ODS code).
 * Everything else is what would be sent.
 */
export function previewPatient(
  patient: Patient,
  practice: Pick<Practice, 'name' | 'odsCode'>,
  runDate: string,
  timestamp: string | null = null,
  author: AuthorSettings | null = null,
): PatientPreview {
  const content = selectSummaryContent(patient, runDate);
  const from = author === null ? practice : author.organisation;
  return {
    eligibility: explainEligibility(patient),
    sections: [renderHeaderSection(from, timestamp, author?.clinician.name ?? null), ...renderContentSections(content)],
    window: content.window,
    withheldCount: content.withheldCount,
  };
}
