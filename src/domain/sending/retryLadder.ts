// When to retry a message after a transient failure (429, 5xx, timeout, network error), and when
// to give up. The national API recommends a fixed ladder (domain.md, the OpenAPI "Exponential
// backoff"): retry 1 minute after the first failure, then 30 min, 60 min, 2 h, 4 h, 8 h and 16 h
// after each further failure; if that seventh retry fails too, the message fails permanently.
// The training preset runs the same logic in seconds so a demo finishes while you watch.

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

export interface RetryLadder {
  readonly name: string;
  /** Delay after the 1st, 2nd, ... failed attempt (ms); one more failure than entries = give up. */
  readonly delaysMs: readonly number[];
}

export const NATIONAL_LADDER: RetryLadder = {
  name: 'national',
  delaysMs: [1 * MINUTE_MS, 30 * MINUTE_MS, 60 * MINUTE_MS, 2 * HOUR_MS, 4 * HOUR_MS, 8 * HOUR_MS, 16 * HOUR_MS],
};

export const TRAINING_LADDER: RetryLadder = {
  name: 'training',
  delaysMs: [1 * SECOND_MS, 2 * SECOND_MS, 5 * SECOND_MS, 10 * SECOND_MS, 30 * SECOND_MS],
};

/** Longest Retry-After honoured (ms): a broken header must not park a message for years. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR_MS;

export type RetryDecision =
  | { readonly kind: 'retry'; readonly atMs: number }
  | { readonly kind: 'give-up'; readonly attempts: number };

/** Attempts a message gets in all (the first send plus one per rung). */
export function maxAttempts(ladder: RetryLadder): number {
  return ladder.delaysMs.length + 1;
}

/**
 * The decision after a transient failure. `failedAttempts` counts attempts made so far,
 * including the one that just failed (>= 1). The retry goes at the later of the ladder's rung
 * and the server's Retry-After (ms from `nowMs`, already parsed), measured from `nowMs`.
 */
export function nextRetry(ladder: RetryLadder, failedAttempts: number, nowMs: number, retryAfterMs: number | null): RetryDecision {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) throw new RangeError(`failedAttempts must be at least 1, got ${failedAttempts}`);
  const rung = ladder.delaysMs[failedAttempts - 1];
  if (rung === undefined) return { kind: 'give-up', attempts: failedAttempts };
  const serverMs = retryAfterMs === null ? 0 : Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS);
  return { kind: 'retry', atMs: nowMs + Math.max(rung, serverMs) };
}
