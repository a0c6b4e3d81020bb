// Words for a refused-by-service hold, one wording for the status bar, the Upload screen and the
// log: the service's own words, why they are taken to be about every message, and what to do.

import type { ServiceRefusal } from '../../shared/sendingStatus';
import { REPEATED_REFUSAL_LIMIT } from './refusalWatch';

/** Without a final full stop, so a sentence can follow. */
const unstopped = (text: string): string => text.trim().replace(/[.\s]+$/, '');

/** "The Spine refused what this app sends (400): <the service's words>" */
export function refusalText(refusal: ServiceRefusal): string {
  const why = refusal.rule === 'repeated' ? `${refusal.status}, the same answer for ${REPEATED_REFUSAL_LIMIT} different patients in a row` : String(refusal.status);
  return `The Spine refused what this app sends (${why}): ${unstopped(refusal.text)}`;
}

/** What to do about it: the same words on screen and in the log. */
const WHAT_TO_DO = 'Fix the settings: sending resumes when they are saved (or Pause, then Resume).';

/** What the practice sees while the hold lasts. */
export function refusalHoldText(refusal: ServiceRefusal): string {
  return `${refusalText(refusal)}. Sending is paused; nothing has failed. ${WHAT_TO_DO}`;
}

/** The log line when the hold starts. */
export function refusalLogText(refusal: ServiceRefusal): string {
  return `Sending paused: ${refusalText(refusal)}. Nothing has failed: the messages wait to be sent. ${WHAT_TO_DO}`;
}
