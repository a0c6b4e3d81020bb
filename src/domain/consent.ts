// A patient's SCR consent preference: the latest of their coded entries that appears in the
// consent code table (data/consentCodes.ts). Eligibility uses it (dissent is Not Required) and
// the practice overview counts patients by its `meaning` (PracticeStats.byConsent).
//
// Rules (domain.md):
//   - the entry with the latest date wins; entries whose code is not in the table are ignored;
//   - no consent entry at all = implied consent, shown "No Preference Expressed";
//   - legacy "refused consent" counts as dissent, legacy "consent given" as express consent.
// Same-day tie (several consent entries on the latest date): the entry ranked first in
// TIE_PRIORITY wins, dissent first. A same-day contradiction is resolved as dissent because
// uploading against a patient's wish cannot be undone, while a missed upload can be redone.
// Remaining ties (same date, same meaning) take the smallest entry id, so the result never
// depends on the order entries are stored in.

import type { CodedEntry, Patient } from './model/practice';
import { CONSENT_CODES, type ConsentCode, type ConsentMeaning } from './data/consentCodes';

/** A recorded meaning, or `none` when the patient has no consent entry. */
export type ConsentPreferenceMeaning = 'none' | ConsentMeaning;

/** What the preference means for the upload, after mapping legacy codes. */
export type ConsentEffect = 'implied-consent' | 'express-consent' | 'dissent';

export interface ConsentPreference {
  readonly meaning: ConsentPreferenceMeaning;
  readonly effect: ConsentEffect;
  /** For display and for the overview's counts. */
  readonly label: string;
  /** The deciding entry, or null for `none`. */
  readonly entry: CodedEntry | null;
  /** The table row that matched the deciding entry, or null for `none`. */
  readonly code: ConsentCode | null;
}

export const CONSENT_MEANING_LABELS: Readonly<Record<ConsentPreferenceMeaning, string>> = {
  none: 'No Preference Expressed',
  'implied-core': 'Implied consent for core SCR upload',
  'express-core': 'Express consent for core SCR upload',
  'express-core-additional': 'Express consent for core and additional SCR upload',
  dissent: 'Express dissent for SCR upload',
  'legacy-dissent': 'Refused consent for upload to national shared record (legacy, counts as dissent)',
  'legacy-consent': 'Consent given for upload to national shared record (legacy, counts as express consent)',
};

export const CONSENT_EFFECTS: Readonly<Record<ConsentPreferenceMeaning, ConsentEffect>> = {
  none: 'implied-consent',
  'implied-core': 'implied-consent',
  'express-core': 'express-consent',
  'express-core-additional': 'express-consent',
  dissent: 'dissent',
  'legacy-dissent': 'dissent',
  'legacy-consent': 'express-consent',
};

/** Same-day tie-break order, first wins (see the file header). */
export const TIE_PRIORITY: readonly ConsentMeaning[] = [
  'dissent',
  'legacy-dissent',
  'express-core-additional',
  'express-core',
  'legacy-consent',
  'implied-core',
];

const TIE_RANK: Readonly<Record<ConsentMeaning, number>> = Object.fromEntries(
  TIE_PRIORITY.map((meaning, rank) => [meaning, rank]),
) as Record<ConsentMeaning, number>;

/** Lookup keyed `system|code`, built once per table (tables are immutable module data). */
const indexCache = new WeakMap<readonly ConsentCode[], ReadonlyMap<string, ConsentCode>>();

function indexOf(table: readonly ConsentCode[]): ReadonlyMap<string, ConsentCode> {
  let index = indexCache.get(table);
  if (index === undefined) {
    const built = new Map<string, ConsentCode>();
    for (const row of table) built.set(`${row.system}|${row.code}`, row);
    indexCache.set(table, built);
    index = built;
  }
  return index;
}

const NO_PREFERENCE: ConsentPreference = {
  meaning: 'none',
  effect: 'implied-consent',
  label: CONSENT_MEANING_LABELS.none,
  entry: null,
  code: null,
};

/** True when `candidate` beats `current` as the deciding consent entry. */
function beats(candidate: CodedEntry, candidateCode: ConsentCode, current: CodedEntry, currentCode: ConsentCode): boolean {
  if (candidate.date !== current.date) return candidate.date > current.date;
  const rankDiff = TIE_RANK[candidateCode.meaning] - TIE_RANK[currentCode.meaning];
  if (rankDiff !== 0) return rankDiff < 0;
  return candidate.id < current.id;
}

/**
 * The patient's consent preference. `table` defaults to the national code table; passing
 * another table is for tests and for a practice's local additions.
 */
export function consentPreference(
  patient: Pick<Patient, 'codedEntries'>,
  table: readonly ConsentCode[] = CONSENT_CODES,
): ConsentPreference {
  const index = indexOf(table);
  let best: CodedEntry | null = null;
  let bestCode: ConsentCode | null = null;
  for (const entry of patient.codedEntries) {
    const code = index.get(`${entry.code.system}|${entry.code.code}`);
    if (code === undefined) continue;
    if (best === null || bestCode === null || beats(entry, code, best, bestCode)) {
      best = entry;
      bestCode = code;
    }
  }
  if (best === null || bestCode === null) return NO_PREFERENCE;
  return {
    meaning: bestCode.meaning,
    effect: CONSENT_EFFECTS[bestCode.meaning],
    label: CONSENT_MEANING_LABELS[bestCode.meaning],
    entry: best,
    code: bestCode,
  };
}
