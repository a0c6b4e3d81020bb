// The sender's results, written in small batches (group commit): one writer at a time, and
// results that arrive while it writes go in its next batch. Until its result is written a row
// stays `sending`, so a crash before then means a resend with the same requestId and body.

import type { ScrDatabase } from '../../db/database';
import type { OutboxMessage } from '../../domain/model/runs';
import type { SendVerdict } from '../../domain/sending/classify';
import type { OutboxMove } from '../../domain/sending/outboxMoves';
import { rowAfterAttempt, type AttemptTimes } from '../../domain/sending/outboxTransition';
import type { RetryLadder } from '../../domain/sending/retryLadder';
import { recordResults } from './outboxStore';

/** Most results written per transaction. */
const RECORD_BATCH_MAX = 50;

/** What recording one verdict needs besides the verdict. */
export interface Ticket {
  readonly requestId: string;
  readonly times: AttemptTimes;
}

export interface Finished extends Ticket {
  readonly verdict: SendVerdict;
}

export class GroupCommit {
  private unwritten: Finished[] = [];
  private flushing: Promise<void> | null = null;

  /**
   * `onWritten` after each batch is stored, with the states its messages went to by their results
   * (none for rows gone or released) and every row's change of state (released ones too).
   */
  constructor(
    private readonly db: ScrDatabase,
    private readonly ladder: RetryLadder,
    private readonly onWritten: (states: readonly OutboxMessage['state'][], moves: readonly OutboxMove[]) => void,
  ) {}

  /** Results not yet written (the sender stops starting requests when too many wait). */
  get waiting(): number {
    return this.unwritten.length;
  }

  add(results: readonly Finished[]): void {
    this.unwritten.push(...results);
  }

  /**
   * Drops what waits: results a failed transaction could not write. Their rows stay `sending`,
   * are recovered when sending starts again and resent with the same requestIds, and the server
   * answers from its record.
   */
  discard(): void {
    this.unwritten = [];
  }

  /** Writes everything waiting; resolves when the writer is idle. Rejects if a transaction fails. */
  flush(): Promise<void> {
    if (this.flushing !== null) return this.flushing;
    // With nothing to write the writer below would finish synchronously, clearing `flushing`
    // before it is assigned and leaving a settled promise there that blocks every later flush.
    if (this.unwritten.length === 0) return Promise.resolve();
    this.flushing = (async () => {
      try {
        while (this.unwritten.length > 0) {
          const batch = this.unwritten.slice(0, RECORD_BATCH_MAX);
          const states: OutboxMessage['state'][] = [];
          const moves = await recordResults(
            this.db,
            batch.map((f) => ({
              requestId: f.requestId,
              update: (row: OutboxMessage) => {
                const next = rowAfterAttempt(row, f.verdict, f.times, this.ladder);
                if (next !== null) states.push(next.state);
                return next;
              },
            })),
          );
          this.unwritten = this.unwritten.slice(batch.length);
          this.onWritten(states, moves);
        }
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }
}
