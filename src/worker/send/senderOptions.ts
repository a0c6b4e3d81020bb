// What the sender is built from: its I/O handles (the database, the transport, the clocks and
// sleeper), its tuning (rate, window, ladder, batch sizes) and the listeners it reports to.

import type { ScrDatabase } from '../../db/database';
import type { OutboxMessage } from '../../domain/model/runs';
import type { OutboxMove } from '../../domain/sending/outboxMoves';
import type { RetryLadder } from '../../domain/sending/retryLadder';
import type { RateLimit } from '../../domain/sending/tokenBucket';
import type { OutboxCounts, SenderStatus } from '../../shared/sendingStatus';
import type { Clock, MonotonicClock } from '../ports';
import type { Sleeper } from './sleeper';
import type { Transport } from './transport';

/** Requests in flight at once unless told otherwise. */
export const DEFAULT_CONCURRENCY = 5;

export interface SenderOptions {
  readonly db: ScrDatabase;
  readonly transport: Transport;
  /** The wall clock: attempt times, retries (the ladder's times are stored) and due checks. */
  readonly clock: Clock;
  readonly sleeper?: Sleeper;
  /**
   * The time pacing, a 429's hold and probing are measured in (ms from any origin). It must be
   * the time the sleeper sleeps in: real timers keep monotonic time, so with the real sleeper it
   * is performance.now(), and a wall clock stepping back or forward neither stalls nor bursts
   * sending; with an injected sleeper (virtual time in tests) it is `clock`, held from going back.
   */
  readonly monotonic?: MonotonicClock;
  readonly rateLimit?: RateLimit;
  readonly ladder?: RetryLadder;
  /** Requests in flight at once (the window). */
  readonly concurrency?: number;
  /** X-Correlation-ID source (one per attempt); crypto.randomUUID by default. */
  readonly uuid?: () => string;
  /** Counts by state after changes, at most every countsIntervalMs. */
  readonly onChange?: (counts: OutboxCounts) => void;
  /** What onChange counts; every message by default (the engine counts one run's). */
  readonly count?: () => Promise<OutboxCounts>;
  /**
   * After each transaction of this sender that changed rows' states committed (a claim, a
   * release, results, the recovery at start), before the counts are asked for: its moves.
   */
  readonly onMoved?: (moves: readonly OutboxMove[]) => void;
  /** After each batch of results is stored: the states the messages went to, and when (epoch ms). */
  readonly onRecorded?: (states: readonly OutboxMessage['state'][], atMs: number) => void;
  /** The status whenever a hold, throttle or running state changes. */
  readonly onStatus?: (status: SenderStatus) => void;
  readonly claimBatch?: number;
  readonly countsIntervalMs?: number;
}
