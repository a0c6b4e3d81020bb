// Words for one send attempt in the monitor (en-GB): its answer, including the attempts that are
// not a plain answer - one still in flight, one cut off by the app closing, one the Spine already
// had (Sent), one held because the Spine refused what the app sends, one the gateway turned back
// (429). Pure, so tests read them.

import type { SendAttempt } from '../../domain/model/runs';
import { formatCount } from '../format';

/** The answer column of the attempts table. */
export function attemptAnswerText(a: SendAttempt): string {
  switch (a.outcome) {
    case 'in-flight':
      return 'Sending now: no answer yet';
    case 'cut-off':
      return 'No answer — the app was closed';
    case 'already-on-spine':
      return `${a.status ?? ''} — already on the Spine: Sent`.trim();
    case 'held':
      return `${a.status ?? ''} — sending paused; this message waits`.trim();
    case 'throttled':
      return `${a.status ?? ''} — the gateway asked the app to slow down${timesInARow(a)}; sent again shortly`.trim();
    case undefined:
      return a.status === null ? 'No answer (timeout or network error)' : String(a.status);
  }
}

/** Short form for the list's "last attempt" column, e.g. "HTTP 201" or "already on the Spine". */
export function attemptShortText(a: SendAttempt): string {
  switch (a.outcome) {
    case 'in-flight':
      return 'sending now';
    case 'cut-off':
      return 'no answer — the app was closed';
    case 'already-on-spine':
      return `HTTP ${a.status ?? '?'}, already on the Spine`;
    case 'held':
      return `HTTP ${a.status ?? '?'}, sending paused`;
    case 'throttled':
      return `HTTP ${a.status ?? '?'}, slowed down by the gateway${timesInARow(a)}`;
    case undefined:
      return a.status === null ? 'no answer' : `HTTP ${a.status}`;
  }
}

/** " (7 times in a row)" for a throttled attempt that stands for several 429s; "" for one. */
function timesInARow(a: SendAttempt): string {
  return (a.repeats ?? 1) > 1 ? ` (${formatCount(a.repeats ?? 1)} times in a row)` : '';
}

/** True when the message is Sent because the Spine said it already had it. */
export const sentAsAlreadyOnSpine = (attempts: readonly SendAttempt[]): boolean => attempts.at(-1)?.outcome === 'already-on-spine';
