// The outbox row after a send attempt, from the verdict: pure, so every rule about states lives
// in one testable place and the sender only writes what this returns.
//
// Invariants:
// - A row leaves the transmission states only as `sent` (a 201) or `failed` (with a reason).
// - `attempts` lists every attempt that used up a rung of the ladder; auth-expired and halt
//   answers use none, so the row is released unchanged to where it was (queued, or waiting
//   with its old, already due, nextAttemptAt).
// - The requestId never changes: every retry is the same request to the server.

import type { OutboxMessage, OutboxState, SendAttempt } from '../../db/runRecords';
import type { SendVerdict } from './classify';
import { maxAttempts, nextRetry, type RetryLadder } from './retryLadder';

/** Where a row that was claimed but not (usefully) sent goes back to: due again. */
export function dueState(row: OutboxMessage): Extract<OutboxState, 'queued' | 'waiting'> {
  return row.attempts.length === 0 ? 'queued' : 'waiting';
}

export function releasedRow(row: OutboxMessage): OutboxMessage {
  return { ...row, state: dueState(row) };
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
  switch (verdict.kind) {
    case 'auth-expired':
    case 'halt':
      return null;
    case 'sent': {
      const attempt: SendAttempt = { at, status: verdict.status, error: null };
      return { ...row, state: 'sent', attempts: [...row.attempts, attempt], nextAttemptAt: 0, failure: null, failureCode: null };
    }
    case 'failed': {
      const attempt: SendAttempt = { at, status: verdict.status, error: verdict.reason };
      return { ...row, state: 'failed', attempts: [...row.attempts, attempt], nextAttemptAt: 0, failure: verdict.reason, failureCode: verdict.code };
    }
    case 'transient': {
      const attempts = [...row.attempts, { at, status: verdict.status, error: verdict.reason }];
      // Only the attempts since the last reprocessing climb the ladder.
      const onLadder = attempts.length - row.retryBase;
      const decision = nextRetry(ladder, onLadder, times.answeredAtMs, verdict.retryAfterMs);
      if (decision.kind === 'retry') return { ...row, state: 'waiting', attempts, nextAttemptAt: decision.atMs, failure: null, failureCode: null };
      const failure = `No acknowledgement after ${onLadder} attempts (the most the ${ladder.name} retry schedule allows, ${maxAttempts(ladder)}); last: ${verdict.reason}`;
      return { ...row, state: 'failed', attempts, nextAttemptAt: 0, failure, failureCode: 'gave-up' };
    }
  }
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
