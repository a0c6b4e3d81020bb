// Words for the figures of a running run: checking has its own line while it lasts; sending has
// the rate (messages acknowledged a minute) and the time left for what is unsent. Pure.

import type { RunProgress, SendingPace } from '../shared/runProgress';
import { formatCount } from './format';

/** "2 h 5 min", "4 min 10 s", "35 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

/** The checking line: "1,234 of 10,000 patients, 3,846 a second, about 2 s left". */
export function checkingText(p: RunProgress): string {
  const rate = p.perSecond === null ? '' : `, ${formatCount(Math.round(p.perSecond))} a second`;
  const left = p.etaSeconds === null ? '' : `, about ${formatDuration(p.etaSeconds)} left`;
  return `${formatCount(p.checked)} of ${formatCount(p.total)} patients${rate}${left}`;
}

/** "287 messages acknowledged a minute", or why there is no figure yet. */
export function sendRateText(pace: SendingPace): string {
  if (pace.sentPerMinute === null) return 'measuring…';
  return `${formatCount(Math.round(pace.sentPerMinute))} message${Math.round(pace.sentPerMinute) === 1 ? '' : 's'} acknowledged a minute`;
}

/** The average time between two acknowledgements, from the rate: "0.21 s a message". */
export function perMessageText(pace: SendingPace): string {
  if (pace.sentPerMinute === null || pace.sentPerMinute <= 0) return '—';
  const seconds = 60 / pace.sentPerMinute;
  return `${seconds < 10 ? seconds.toFixed(2) : formatCount(Math.round(seconds))} s a message`;
}

/** The time left for sending, for the Upload screen: "about 4 min 10 s". */
export function timeLeftText(pace: SendingPace): string {
  const t = pace.timeLeft;
  switch (t.kind) {
    case 'done':
      return 'none: every message is answered';
    case 'measured':
      return `about ${formatDuration(t.seconds)}`;
    case 'at-least':
      return `at least ${formatDuration(t.seconds)} (${formatCount(pace.remaining)} messages at no more than ${formatCount(pace.limitPerSecond)} a second)`;
    case 'held':
      return 'unknown while sending waits';
  }
}

/** The same, short, for the status bar: "about 4 min 10 s left", or null when there is nothing to say. */
export function timeLeftShort(pace: SendingPace): string | null {
  const t = pace.timeLeft;
  switch (t.kind) {
    case 'measured':
      return `about ${formatDuration(t.seconds)} left`;
    case 'at-least':
      return `at least ${formatDuration(t.seconds)} left`;
    case 'done':
    case 'held':
      return null;
  }
}
