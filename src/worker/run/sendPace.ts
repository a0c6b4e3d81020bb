// The sending figures of a running run, as pure arithmetic: how many messages the Spine answered
// over the last minute (from samples of the run's message counts), and the time left for what is
// still unsent at that rate. Checking has figures of its own (shared/runProgress.ts); these are
// about sending only, which is what an unattended run spends its hours on.

import type { SendingPace, TimeLeft } from '../../shared/runProgress';
import { unfinishedMessages, type OutboxCounts } from '../../shared/sendingStatus';

/** The run's message counts at one moment. */
export interface PaceSample {
  /** Epoch ms. */
  readonly atMs: number;
  /** Messages acknowledged (Sent). */
  readonly sent: number;
  /** Messages answered for good: Sent or Failed (both leave the queue). */
  readonly answered: number;
}

/** The rate is measured over the last minute of sending (ms). */
export const PACE_WINDOW_MS = 60_000;
/** Samples spanning less than this are not yet a measurement (ms): the limit stands in. */
export const MIN_PACE_SPAN_MS = 5_000;

/**
 * The samples with `sample` added: those inside the window, plus the newest one at or before its
 * start (so the window is always covered). Counts that went down (failed messages reprocessed)
 * or a clock that stepped back restart the measurement: the old samples no longer describe it.
 */
export function addPaceSample(samples: readonly PaceSample[], sample: PaceSample, windowMs: number = PACE_WINDOW_MS): PaceSample[] {
  const last = samples[samples.length - 1];
  if (last !== undefined && (sample.answered < last.answered || sample.sent < last.sent || sample.atMs < last.atMs)) return [sample];
  const kept = [...samples, sample];
  const windowStart = sample.atMs - windowMs;
  let first = 0;
  while (first + 1 < kept.length && (kept[first + 1]?.atMs ?? Infinity) <= windowStart) first++;
  return kept.slice(first);
}

/** Per second, from the oldest sample to `nowMs` (a stall since the last sample lowers it). */
export interface MeasuredRate {
  readonly sentPerSecond: number;
  readonly answeredPerSecond: number;
}

export function measureRate(samples: readonly PaceSample[], nowMs: number, minSpanMs: number = MIN_PACE_SPAN_MS): MeasuredRate | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined) return null;
  const spanMs = nowMs - first.atMs;
  if (spanMs < minSpanMs) return null;
  return { sentPerSecond: ((last.sent - first.sent) * 1000) / spanMs, answeredPerSecond: ((last.answered - first.answered) * 1000) / spanMs };
}

/**
 * Messages still to be answered: the unsent ones, and as many again from the patients not yet
 * checked as have qualified so far among those checked.
 */
export function remainingMessages(counts: OutboxCounts, run: { readonly total: number; readonly checked: number; readonly queued: number }): number {
  const unchecked = Math.max(0, run.total - run.checked);
  const expected = run.checked > 0 ? Math.round((unchecked * run.queued) / run.checked) : 0;
  return unfinishedMessages(counts) + expected;
}

export interface TimeLeftInput {
  readonly remaining: number;
  /** Messages answered per second as measured; null before there is a measurement. */
  readonly answeredPerSecond: number | null;
  /** The configured limit (requests a second); Infinity or 0 when there is none. */
  readonly limitPerSecond: number;
  /** Something holds sending back (offline, a login, a refusal, the endpoint, storage). */
  readonly held: boolean;
  /** When everything unsent waits to retry: ms until the next attempt; 0 otherwise. */
  readonly retryWaitMs: number;
}

/**
 * Seconds left: remaining ÷ the measured rate, never less than remaining ÷ the limit (sending
 * cannot go faster than that), nor than the wait for the next retry when nothing else is due.
 */
export function timeLeft(input: TimeLeftInput): TimeLeft {
  const { remaining, answeredPerSecond, limitPerSecond, held, retryWaitMs } = input;
  if (remaining <= 0) return { kind: 'done' };
  if (held) return { kind: 'held' };
  const atLimit = limitPerSecond > 0 && Number.isFinite(limitPerSecond) ? remaining / limitPerSecond : 0;
  const floor = Math.max(atLimit, Math.max(0, retryWaitMs) / 1000);
  if (answeredPerSecond === null || answeredPerSecond <= 0) return { kind: 'at-least', seconds: floor };
  return { kind: 'measured', seconds: Math.max(remaining / answeredPerSecond, floor) };
}

export interface PaceInput {
  readonly samples: readonly PaceSample[];
  readonly nowMs: number;
  readonly counts: OutboxCounts;
  readonly run: { readonly total: number; readonly checked: number; readonly queued: number };
  readonly limitPerSecond: number;
  readonly held: boolean;
  /** The sender's next retry (epoch ms), or null. */
  readonly nextAttemptAt: number | null;
}

/** The figures the Upload screen and the status bar show while a run sends. */
export function sendingPace(input: PaceInput): SendingPace {
  const { counts, nowMs, nextAttemptAt } = input;
  const rate = measureRate(input.samples, nowMs);
  const remaining = remainingMessages(counts, input.run);
  const onlyRetries = counts.waiting > 0 && counts.queued === 0 && counts.sending === 0 && input.run.checked >= input.run.total;
  const retryWaitMs = onlyRetries && nextAttemptAt !== null ? Math.max(0, nextAttemptAt - nowMs) : 0;
  return {
    sentPerMinute: rate === null ? null : rate.sentPerSecond * 60,
    remaining,
    timeLeft: timeLeft({ remaining, answeredPerSecond: rate?.answeredPerSecond ?? null, limitPerSecond: input.limitPerSecond, held: input.held, retryWaitMs }),
    limitPerSecond: input.limitPerSecond,
  };
}
