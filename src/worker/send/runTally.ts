// One run's message counts, kept current between real counts by the moves its sender reports
// (domain/sending/outboxMoves.ts). A real count walks the outbox's index in IndexedDB (about
// 100 ms of the database's time per count of a 20,000-message run, during which no claim or
// result is written); the sender changes the counts many times a second. So the tally is
// counted for real only when it cannot be trusted:
//   - before the first count, and after markStale(): rows changed that the sender did not move
//     (a page of the run queued, failed messages reprocessed);
//   - RECOUNT_EVERY_MS after the last real count, for any change nobody reported;
//   - when the tally says nothing is left to send: a run completes on that answer, so it is
//     always a real count.
//
// Why the tally is exact between real counts: IndexedDB runs a transaction that writes the
// outbox only after every earlier one that reads or writes it, and a count starts only after
// earlier writes have committed. Moves are applied when their transaction has committed and a
// count's result when it has completed, each in the callbacks of its own completion; so moves
// applied before a count's result is taken are in that count, and those applied after it are not.

import { applyMoves, type OutboxMove } from '../../domain/sending/outboxMoves';
import { unfinishedMessages, type OutboxCounts } from '../../shared/sendingStatus';

/** Longest time the tally goes without a real count while it is being read (ms). */
export const RECOUNT_EVERY_MS = 30_000;

export class RunTally {
  private tally: OutboxCounts | null = null;
  private countedAtMs = Number.NEGATIVE_INFINITY;
  /** Bumped by markStale(); a count started before the last bump does not make the tally fresh. */
  private generation = 0;
  private freshGeneration = -1;

  constructor(
    readonly runId: number,
    private readonly countRun: () => Promise<OutboxCounts>,
    private readonly now: () => number,
    private readonly recountEveryMs: number = RECOUNT_EVERY_MS,
  ) {}

  /** A transaction of the sender committed these moves. */
  apply(moves: readonly OutboxMove[]): void {
    if (this.tally !== null) this.tally = applyMoves(this.tally, this.runId, moves);
  }

  /** Rows of the run changed that no reported move describes: count for real next time. */
  markStale(): void {
    this.generation++;
  }

  /** The counts: the tally while it can be trusted and some message is unfinished, a real count otherwise. */
  async counts(): Promise<OutboxCounts> {
    const tally = this.tally;
    const trusted = tally !== null && this.freshGeneration === this.generation && this.now() - this.countedAtMs < this.recountEveryMs;
    if (trusted && unfinishedMessages(tally) > 0) return tally;
    return this.recount();
  }

  /** Counts the run's messages in the database and starts the tally again from them. */
  async recount(): Promise<OutboxCounts> {
    const generation = this.generation;
    const startedAtMs = this.now();
    const counted = await this.countRun();
    this.tally = counted;
    this.countedAtMs = startedAtMs;
    this.freshGeneration = generation;
    return counted;
  }
}
