// Words for what sending is doing and what it waits for, from the engine's report. Pure, so
// the status bar, the progress card and the tests use one wording.

import { localClockTime } from '../domain/localDate';
import { refusalHoldText } from '../domain/sending/refusalText';
import type { RunStopping } from '../shared/engineState';
import type { RunSending } from '../shared/sendingStatus';
import { formatCount } from './format';

/** A clock time, 24-hour, with seconds when it is within the next hour. */
function clockTime(ms: number, nowMs: number): string {
  return localClockTime(ms, ms - nowMs < 3_600_000);
}

/**
 * What holds sending back, or null when nothing does. A hold the stop under way already names
 * (storage full pauses the run) is left to the stop's own words, so it is said once.
 */
export function sendingHoldText(s: RunSending, nowMs: number, stopping: RunStopping | null = null): string | null {
  const { sender } = s;
  if (sender.holds.includes('offline')) return 'Sending waits for the network: this computer is offline. Checking and queueing carry on.';
  if (sender.holds.includes('auth')) return `Sending waits for a login (${sender.detail ?? 'the access token was refused'}). Enter a new access token in Settings; nothing is lost meanwhile.`;
  if (sender.holds.includes('refused-by-service') && sender.refusal !== null) return refusalHoldText(sender.refusal);
  if (sender.holds.includes('endpoint')) return `Sending stopped: ${sender.detail ?? 'the endpoint did not accept the messages'}. Check the settings, then Pause and Resume.`;
  if (sender.holds.includes('error')) return stopping?.cause.by === 'storage' ? null : `Sending stopped: ${sender.detail ?? 'the browser database failed'}.`;
  if (sender.probeAt !== null && sender.probeAt > nowMs) return `The Spine could not be reached; trying again at ${clockTime(sender.probeAt, nowMs)}.`;
  if (sender.throttledUntil !== null && sender.throttledUntil > nowMs) return `The Spine asked to slow down; sending again at ${clockTime(sender.throttledUntil, nowMs)}.`;
  return null;
}

/**
 * One sentence: each of the run's messages by what it is (sent, in flight, waiting to send,
 * waiting to retry with the next attempt's time, failed), where they go, and what sending waits for.
 */
export function sendingText(s: RunSending, nowMs: number, stopping: RunStopping | null = null): string {
  const c = s.counts;
  const next = c.waiting > 0 && s.sender.nextAttemptAt !== null ? ` (next at ${clockTime(s.sender.nextAttemptAt, nowMs)})` : '';
  const retry = c.waiting > 0 ? `, waiting to retry ${formatCount(c.waiting)}${next}` : '';
  const base = `Sent ${formatCount(c.sent)}, in flight ${formatCount(c.sending)}, waiting to send ${formatCount(c.queued)}${retry}, failed ${formatCount(c.failed)} (to ${s.destination}).`;
  const hold = sendingHoldText(s, nowMs, stopping);
  return hold === null ? base : `${base} ${hold}`;
}
