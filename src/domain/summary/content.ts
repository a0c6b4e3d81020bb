// Which of a patient's items go into the core summary (domain.md, "What a core summary
// contains"), as data; rendering is in sections.ts. All windows are "the last 6 months" as
// defined in ../dates.ts: the inclusive range [runDate minus 6 calendar months, runDate].
//
//   allergies            every allergy except negative ("no known allergy") entries
//   acute                acute items prescribed (prescribedOn) in the window
//   current repeat       repeat items not discontinued on or before runDate, and last issued
//                        or last reviewed in the window
//   discontinued repeat  repeat items discontinued in the window
//
// Items linked to a withheld problem (../withheld.ts) never appear in any list. Each list is
// newest first; equal dates keep the record's order (Array.prototype.sort is stable).

import type { Allergy, Medication, Patient } from '../model/practice';
import { isInWindow, lastMonthsWindow, type DateWindow } from '../dates';
import { isWithheld } from '../withheld';

/** The initial upload's window for every medication category (later updates use 12 for acute). */
export const SUMMARY_WINDOW_MONTHS = 6;

export interface SummaryContent {
  readonly window: DateWindow;
  readonly allergies: readonly Allergy[];
  readonly acute: readonly Medication[];
  readonly currentRepeat: readonly Medication[];
  readonly discontinuedRepeat: readonly Medication[];
  /** Items that qualified for a list but were left out as withheld (shown in the preview only). */
  readonly withheldCount: number;
}

/** The later of two optional ISO dates ('' when both are null), for ordering only. */
function latest(a: string | null, b: string | null): string {
  const x = a ?? '';
  const y = b ?? '';
  return x > y ? x : y;
}

function newestFirst<T>(items: T[], dateOf: (item: T) => string): T[] {
  if (items.length > 1) {
    items.sort((a, b) => {
      const da = dateOf(a);
      const db = dateOf(b);
      return da === db ? 0 : da > db ? -1 : 1;
    });
  }
  return items;
}

export function selectSummaryContent(patient: Pick<Patient, 'allergies' | 'medications'>, runDate: string): SummaryContent {
  const window = lastMonthsWindow(runDate, SUMMARY_WINDOW_MONTHS);
  let withheldCount = 0;

  const allergies: Allergy[] = [];
  for (const allergy of patient.allergies) {
    if (allergy.negative) continue;
    if (isWithheld(allergy)) withheldCount++;
    else allergies.push(allergy);
  }

  const acute: Medication[] = [];
  const currentRepeat: Medication[] = [];
  const discontinuedRepeat: Medication[] = [];
  for (const med of patient.medications) {
    let list: Medication[] | null = null;
    if (med.kind === 'acute') {
      if (isInWindow(med.prescribedOn, window)) list = acute;
    } else if (med.discontinuedOn !== null && med.discontinuedOn <= runDate) {
      if (isInWindow(med.discontinuedOn, window)) list = discontinuedRepeat;
    } else if (isInWindow(med.lastIssuedOn, window) || isInWindow(med.reviewedOn, window)) {
      list = currentRepeat;
    }
    if (list === null) continue;
    if (isWithheld(med)) withheldCount++;
    else list.push(med);
  }

  return {
    window,
    allergies: newestFirst(allergies, (a) => a.recordedOn),
    acute: newestFirst(acute, (m) => m.prescribedOn),
    currentRepeat: newestFirst(currentRepeat, (m) => latest(m.lastIssuedOn, m.reviewedOn)),
    discontinuedRepeat: newestFirst(discontinuedRepeat, (m) => m.discontinuedOn ?? ''),
    withheldCount,
  };
}
