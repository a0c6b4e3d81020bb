// The rows the sending loop has claimed and not yet started, oldest first. Claiming marks rows
// `sending`, with the attempt recorded as in flight, BEFORE any request (outboxStore.ts), so a
// crash leaves them recoverable; rows claimed but not started go back to due when the loop is
// held, waits long or stops, so the counts say what is really being sent.

import type { ScrDatabase } from '../../db/database';
import type { OutboxMove } from '../../domain/sending/outboxMoves';
import type { RateLimit } from '../../domain/sending/tokenBucket';
import { claimDue, releaseRows, type ClaimedMessage } from './outboxStore';

/** Most messages claimed per transaction when the rate is unlimited (benchmarks). */
export const DEFAULT_CLAIM_BATCH = 25;

/** Rows claimed per transaction: about one second's worth at the rate limit, at least the window. */
export function claimSize(rateLimit: RateLimit, concurrency: number, claimBatch: number = DEFAULT_CLAIM_BATCH): number {
  const perSecond = Number.isFinite(rateLimit.perSecond) ? Math.ceil(rateLimit.perSecond) : Number.POSITIVE_INFINITY;
  return Math.max(1, Math.min(claimBatch, Math.max(concurrency, perSecond)));
}

export class ClaimedRows {
  private rows: ClaimedMessage[] = [];

  /** `onMoved` after a claim or a release changed rows' states (the counts changed). */
  constructor(
    private readonly db: ScrDatabase,
    private readonly size: number,
    private readonly onMoved: (moves: readonly OutboxMove[]) => void,
  ) {}

  /** The row to start next, if any is claimed. */
  get next(): ClaimedMessage | undefined {
    return this.rows[0];
  }

  /** The next row was started. */
  started(): void {
    this.rows.shift();
  }

  /** Claims up to a batch of rows due at `nowMs` (epoch ms) in one transaction; false if none was due. */
  async claim(nowMs: number): Promise<boolean> {
    const { claimed, moves } = await claimDue(this.db, nowMs, this.size);
    // Rows whose patient record is gone failed in the claim even when none was claimed.
    if (moves.length > 0) this.onMoved(moves);
    if (claimed.length === 0) return false;
    this.rows = claimed;
    return true;
  }

  /** Rows claimed and not started: due again at once. */
  async release(): Promise<void> {
    const ids = this.rows.map((m) => m.requestId);
    this.rows = [];
    const moves = await releaseRows(this.db, ids);
    if (moves.length > 0) this.onMoved(moves);
  }
}
