// Words for what sending is doing and what it waits for, from the engine's report. Pure, so
// the status bar, the progress card and the tests use one wording.

import { refusalHoldText } from '../domain/sending/refusalText';
import type { RunSending } from '../shared/sendingStatus';
import { formatCount } from './format';

/** A clock time, 24-hour, with seconds when it is within the next hour. */
function clockTime(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const withSeconds = ms - nowMs < 3_600_000;
  return d.toLocaleTimeString('en-GB', withSeconds ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
}

/** What holds sending back, or null when nothing does. */
export function sendingHoldText(s: RunSending, nowMs: number): string | null {
  const { sender } = s;
  if (sender.holds.includes('offline')) return 'Sending waits for the network: this computer is offline. Checking and queueing carry on.';
  if (sender.holds.includes('auth')) return `Sending waits for a login (${sender.detail ?? 'the access token was refused'}). Enter a new access token in Settings; nothing is lost meanwhile.`;
  if (sender.holds.includes('refused-by-service') && sender.refusal !== null) return refusalHoldText(sender.refusal);
  if (sender.holds.includes('endpoint')) return `Sending stopped: ${sender.detail ?? 'the endpoint did not accept the messages'}. Check the settings, then Pause and Resume.`;
  if (sender.holds.includes('error')) return `Sending stopped: ${sender.detail ?? 'the browser database failed'}. Free some space, then Pause and Resume.`;
  if (sender.probeAt !== null && sender.probeAt > nowMs) return `The Spine could not be reached; trying again at ${clockTime(sender.probeAt, nowMs)}.`;
  if (sender.throttledUntil !== null && sender.throttledUntil > nowMs) return `The Spine asked to slow down; sending again at ${clockTime(sender.throttledUntil, nowMs)}.`;
  return null;
}

/** One sentence: where messages go, how many are sent, and what sending waits for. */
export function sendingText(s: RunSending, nowMs: number): string {
  const c = s.counts;
  const unsent = c.queued + c.sending + c.waiting;
  const base = `Sent ${formatCount(c.sent)}, sending ${formatCount(unsent)}, failed ${formatCount(c.failed)} (to ${s.destination}).`;
  const hold = sendingHoldText(s, nowMs);
  if (hold !== null) return `${base} ${hold}`;
  if (unsent > 0 && c.queued === 0 && c.sending === 0 && s.sender.nextAttemptAt !== null) {
    return `${base} ${formatCount(c.waiting)} waiting to retry; next attempt at ${clockTime(s.sender.nextAttemptAt, nowMs)}.`;
  }
  return base;
}
