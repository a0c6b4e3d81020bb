// Observation and Condition → one CodedEntry: consent preferences (usually Observations) and
// problems, including the withheld categories (usually Conditions). Only the code and its date
// matter to the summary; when a concept has several codings, the one the consent or withheld
// table recognises is kept.

import type { CodeRef, CodedEntry } from '../model/practice';
import { CONSENT_CODES } from '../data/consentCodes';
import { isWithheld } from '../withheld';
import { objectAt, type JsonObject } from './json';
import { problem, type Problem } from './problems';
import { readCodeRef, requireDate } from './values';

export type CodedResourceType = 'Observation' | 'Condition';

const CONSENT_KEYS: ReadonlySet<string> = new Set(CONSENT_CODES.map((c) => `${c.system}|${c.code}`));
const recognised = (ref: CodeRef): boolean => CONSENT_KEYS.has(`${ref.system}|${ref.code}`) || isWithheld({ linkedProblem: ref });

/** The element a date comes from, first present wins. */
const DATE_ELEMENTS: Readonly<Record<CodedResourceType, readonly string[]>> = {
  Observation: ['effectiveDateTime', 'effectivePeriod.start', 'effectiveInstant', 'issued'],
  Condition: ['onsetDateTime', 'recordedDate'],
};

function dateElement(r: JsonObject, type: CodedResourceType): { path: string; value: unknown } {
  for (const path of DATE_ELEMENTS[type]) {
    const [head, tail] = path.split('.') as [string, string | undefined];
    const value = tail === undefined ? r[head] : objectAt(r, head)?.[tail];
    if (value !== undefined && value !== null) return { path, value };
  }
  return { path: DATE_ELEMENTS[type].join(' or '), value: undefined };
}

export function mapCodedEntry(r: JsonObject, type: CodedResourceType, id: string | null, problems: Problem[]): CodedEntry | null {
  const concept = objectAt(r, 'code');
  if (!concept) problems.push(problem('missing-field', 'code is missing'));
  const code = concept ? readCodeRef(concept, 'code', problems, recognised) : null;
  const { path, value } = dateElement(r, type);
  const date = requireDate(value, path, problems);
  if (id === null || code === null || date === null) return null;
  return { id, date, code };
}
