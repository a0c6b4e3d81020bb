// The outbox row after a send attempt, from the verdict: pure, so every rule about states lives
// in one testable place and the sender only writes what this returns.
//
// Invariants:
// - A row leaves the transmission states only as `sent` (a 201, or the Spine saying it already
//   holds this very summary) or `failed` (with a reason).
// - An attempt is recorded when it starts: claiming a row (startedRow) adds an `in-flight`
//   attempt in the same transaction that marks it `sending`. The answer replaces it. A row
//   released without being sent loses it again; a row found `sending` after the app was closed
//   keeps it as `cut-off` (no answer) and is due again at once. Rows are claimed a little ahead
//   of their requests (one claim batch, about a second's worth at the rate), so a row whose
//   request had not yet gone out when the app closed is shown cut off too: "no answer" holds for
//   it as well, and it costs it one rung at most.
// - `attempts` lists every attempt. Those that climb the retry ladder are the ones since the
//   last reprocessing, except `held` ones (the Spine refused what the app sends: nothing about
//   this message) and `throttled` ones (the gateway's 429: the service never saw the request,
//   and a rung's wait, a minute at first, would only hold the message back while the pacer
//   already holds everyone for as long as the gateway needs) - so a cut-off attempt counts: it went out and may have reached the Spine, and
//   a message whose sending keeps ending with the app closed must not be retried for ever.
//   auth-expired and halt answers use no attempt and leave none: the row is released to where it
//   was (queued, or waiting with its old, already due, nextAttemptAt).
// - The requestId never changes: every retry is the same request to the server, with the same
//   body - except after a refused-by-service hold: the Spine stored nothing it refused, so the
//   body is rebuilt (same ids) with whatever was fixed meanwhile.

import type { OutboxMessage, OutboxState, SendAttempt } from '../model/runs';
import type { SendVerdict } from './classify';
import type { HeldBefore } from './refusalWatch';
import { MAX_RETRY_AFTER_MS, maxAttempts, nextRetry, type RetryLadder } from './retryLadder';

/** The error of an attempt that was in flight when the app was closed. */
export const CUT_OFF_ERROR = 'No answer — the app was closed before this attempt’s answer was recorded';

/** The attempts without a trailing in-flight one (the attempt an answer or a release replaces). */
function finishedAttempts(row: OutboxMessage): readonly SendAttempt[] {
  return row.attempts.at(-1)?.outcome === 'in-flight' ? row.attempts.slice(0, -1) : row.attempts;
}

/** Where a row that was claimed but not (usefully) sent goes back to: due again. */
export function dueState(attempts: readonly SendAttempt[]): Extract<OutboxState, 'queued' | 'waiting'> {
  return attempts.length === 0 ? 'queued' : 'waiting';
}

/** A row claimed for sending, with its attempt recorded as started at `atMs` (epoch ms). */
export function startedRow(row: OutboxMessage, atMs: number): OutboxMessage {
  const attempt: SendAttempt = { at: new Date(atMs).toISOString(), status: null, error: null, outcome: 'in-flight' };
  return { ...row, state: 'sending', attempts: [...finishedAttempts(row), attempt] };
}

/** A claimed row that was not sent (or whose answer uses no attempt): due again, no attempt left. */
export function releasedRow(row: OutboxMessage): OutboxMessage {
  const attempts = finishedAttempts(row);
  return { ...row, state: dueState(attempts), attempts };
}

/** A row found `sending` when a sender starts (the app was closed mid-attempt): due again, its attempt cut off. */
export function recoveredRow(row: OutboxMessage): OutboxMessage {
  const last = row.attempts.at(-1);
  if (last?.outcome !== 'in-flight') return releasedRow(row);
  const attempts = [...row.attempts.slice(0, -1), { at: last.at, status: null, error: CUT_OFF_ERROR, outcome: 'cut-off' } satisfies SendAttempt];
  return { ...row, state: 'waiting', attempts };
}

/** The attempts that climb the retry ladder: since the last reprocessing, not held ones. */
export function ladderAttempts(row: Pick<OutboxMessage, 'attempts' | 'retryBase'>): number {
  return row.attempts.slice(row.retryBase).filter((a) => a.outcome !== 'held' && a.outcome !== 'throttled' && a.outcome !== 'in-flight').length;
}

/** The message's latest held attempt, if it was ever held (for RefusalWatch). */
export function lastHeld(row: Pick<OutboxMessage, 'attempts'>): HeldBefore | null {
  for (let i = row.attempts.length - 1; i >= 0; i--) {
    const a = row.attempts[i];
    if (a?.outcome === 'held') return { reason: a.error ?? '', atMs: Date.parse(a.at) };
  }
  return null;
}

export interface AttemptTimes {
  /** When the request was made (epoch ms). */
  readonly sentAtMs: number;
  /** When the answer (or the timeout, or the error) came (epoch ms): retries count from here. */
  readonly answeredAtMs: number;
}

/** The row after an attempt; `null` when the verdict uses no attempt (release the row instead). */
export function rowAfterAttempt(row: OutboxMessage, verdict: SendVerdict, times: AttemptTimes, ladder: RetryLadder): OutboxMessage | null {
  const at = new Date(times.sentAtMs).toISOString();
  const before = finishedAttempts(row);
  switch (verdict.kind) {
    case 'auth-expired':
    case 'halt':
      return null;
    case 'sent': {
      const attempt: SendAttempt = { at, status: verdict.status, error: null };
      return { ...row, state: 'sent', attempts: [...before, attempt], nextAttemptAt: 0, failure: null, failureCode: null };
    }
    case 'already-stored': {
      const attempt: SendAttempt = { at, status: verdict.status, error: verdict.reason, outcome: 'already-on-spine' };
      return { ...row, state: 'sent', attempts: [...before, attempt], nextAttemptAt: 0, failure: null, failureCode: null };
    }
    case 'failed': {
      const attempt: SendAttempt = { at, status: verdict.status, error: verdict.reason };
      return { ...row, state: 'failed', attempts: [...before, attempt], nextAttemptAt: 0, failure: verdict.reason, failureCode: verdict.code };
    }
    case 'refused-by-service': {
      // Back to waiting, due as it was: it goes again when sending resumes. The Spine did not
      // store what it refused, so the body is built afresh then, with the settings as fixed
      // (same ids: were an earlier attempt stored after all, the Spine says so by event id).
      const attempt: SendAttempt = { at, status: verdict.status, error: verdict.reason, outcome: 'held' };
      return { ...row, state: 'waiting', body: null, attempts: [...before, attempt], failure: null, failureCode: null };
    }
    case 'transient': {
      if (verdict.cause === 'rate-limited') {
        const waitMs = Math.min(Math.max(0, verdict.retryAfterMs ?? 0), MAX_RETRY_AFTER_MS);
        return { ...row, state: 'waiting', attempts: withThrottled(before, row.retryBase, { at, status: verdict.status, error: verdict.reason, outcome: 'throttled' }), nextAttemptAt: times.answeredAtMs + waitMs, failure: null, failureCode: null };
      }
      const attempts = [...before, { at, status: verdict.status, error: verdict.reason }];
      const onLadder = ladderAttempts({ attempts, retryBase: row.retryBase });
      const decision = nextRetry(ladder, onLadder, times.answeredAtMs, verdict.retryAfterMs);
      if (decision.kind === 'retry') return { ...row, state: 'waiting', attempts, nextAttemptAt: decision.atMs, failure: null, failureCode: null };
      const failure = `No acknowledgement after ${onLadder} attempts (the most the ${ladder.name} retry schedule allows, ${maxAttempts(ladder)}); last: ${verdict.reason}`;
      return { ...row, state: 'failed', attempts, nextAttemptAt: 0, failure, failureCode: 'gave-up' };
    }
  }
}

/**
 * `attempts` with a throttled attempt added: folded into the last one when that was throttled
 * too (and after the last reprocessing, which `retryBase` counts from), so a gateway refusing
 * for hours grows the row by one attempt, not one per refusal (the pacer's hold lets one
 * request through every 64 s at most then: about 1,350 a day).
 */
function withThrottled(attempts: readonly SendAttempt[], retryBase: number, attempt: SendAttempt): SendAttempt[] {
  const last = attempts.at(-1);
  if (last?.outcome !== 'throttled' || attempts.length - 1 < retryBase) return [...attempts, attempt];
  return [...attempts.slice(0, -1), { ...attempt, repeats: (last.repeats ?? 1) + 1 }];
}

/**
 * A failed message given a new chance (the monitor's Reprocess): due now, the whole retry
 * schedule again, the same requestId (so the Spine still recognises a message it already stored),
 * its earlier attempts kept. Anything not failed is returned unchanged.
 */
export function reprocessedRow(row: OutboxMessage, nowMs: number): OutboxMessage {
  if (row.state !== 'failed') return row;
  return { ...row, state: 'waiting', nextAttemptAt: nowMs, failure: null, failureCode: null, retryBase: row.attempts.length };
}
