// The sender: transmits the outbox to a Spine through a Transport, under the rate limit and a
// window of concurrent requests, retrying transient failures on the ladder with the same
// X-Request-ID, until every message is sent or failed with a reason.
//
// One loop claims due messages in small batches (marking them `sending`, with the attempt
// recorded as started, BEFORE any request, so a crash leaves them recoverable and the cut-off
// attempt in their history), takes a rate-limit token per request, and starts requests outside
// any transaction. Finished attempts are recorded in small batches (group commit); until then a
// row stays `sending`, so a crash at any point means a resend with the same requestId and body,
// which the Spine stores or answers with PSIS-30134 for the message's own event id (Sent).
//
// Holds stop new requests without losing anything, each lifted by its own event:
//   auth               - a 401 or no token (no attempt used up)         -> authRestored()
//   offline            - the browser says offline                       -> setOnline(true)
//   endpoint           - the endpoint is misconfigured (classify.ts)    -> start()
//   refused-by-service - the Spine refuses what the app sends, as it    -> start()
//                        would for everyone (refusalWatch.ts): the
//                        messages go back to waiting, nothing fails
//   error              - the database failed (e.g. quota)               -> start()
// A network error while online starts probing: wait 1 s, 2 s, 4 s ... (at most 60 s) and send
// one request at a time until an answer comes back.
// stop() lets requests in flight finish and records them; it never cuts a send in half.
//
// Two clocks: pacing, a 429's hold and probing are measured on a monotonic clock (the time that
// passes, which the timers sleep in), so a wall clock stepping back or forward neither stalls
// nor bursts sending; attempt times and the retry ladder's due times stay on the wall clock
// (they are stored, and shown), as schedules do.

import type { ScrDatabase } from '../../db/database';
import type { OutboxMessage } from '../../domain/model/runs';
import { classifyResponse, type SendVerdict } from '../../domain/sending/classify';
import { lastHeld, rowAfterAttempt, type AttemptTimes } from '../../domain/sending/outboxTransition';
import { RefusalWatch, type Judged } from '../../domain/sending/refusalWatch';
import { NATIONAL_LADDER, type RetryLadder } from '../../domain/sending/retryLadder';
import { NATIONAL_RATE_LIMIT, TokenBucket, type RateLimit } from '../../domain/sending/tokenBucket';
import type { OutboxCounts, SenderHold, SenderStatus, ServiceRefusal } from '../../shared/sendingStatus';
import { heldFromGoingBack, systemMonotonicClock, type Clock, type MonotonicClock } from '../ports';
import { claimDue, countByState, earliestWaiting, recordResults, recoverSending, releaseRows, type ClaimedMessage } from './outboxStore';
import { realSleeper, Wakeup, type Sleeper } from './sleeper';
import type { Transport, TransportResponse } from './transport';

export const DEFAULT_CONCURRENCY = 5;
/** Most messages claimed per transaction when the rate is unlimited (benchmarks). */
export const DEFAULT_CLAIM_BATCH = 25;
/** Most results written per transaction. */
const RECORD_BATCH_MAX = 50;
/** Results waiting to be written before the loop stops starting requests (back-pressure). */
const MAX_UNRECORDED = 200;
/** Shortest gap between two onChange counts (ms): counting is a query per state. */
export const DEFAULT_COUNTS_INTERVAL_MS = 250;
export const OFFLINE_PROBE_INITIAL_MS = 1000;
export const OFFLINE_PROBE_MAX_MS = 60_000;
/** Claimed rows facing a longer wait for a token go back to due meanwhile (ms). */
const RELEASE_CLAIMS_AFTER_MS = 2000;
/** When a 429 gives no Retry-After, nobody sends for this long (ms). */
const DEFAULT_THROTTLE_MS = 1000;

export type { SenderHold, SenderStatus } from '../../shared/sendingStatus';

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
  /** After each batch of results is stored: the states the messages went to, and when (epoch ms). */
  readonly onRecorded?: (states: readonly OutboxMessage['state'][], atMs: number) => void;
  /** The status whenever a hold, throttle or running state changes. */
  readonly onStatus?: (status: SenderStatus) => void;
  readonly claimBatch?: number;
  readonly countsIntervalMs?: number;
}

/** What recording one verdict needs besides the verdict. */
interface Ticket {
  readonly requestId: string;
  readonly times: AttemptTimes;
}

interface Finished extends Ticket {
  readonly verdict: SendVerdict;
}

export class OutboxSender {
  private readonly db: ScrDatabase;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly mono: MonotonicClock;
  private readonly sleeper: Sleeper;
  private readonly ladder: RetryLadder;
  private readonly rateLimit: RateLimit;
  private readonly bucket: TokenBucket;
  private readonly concurrency: number;
  private readonly uuid: () => string;
  private readonly wakeup = new Wakeup();
  /** Requests are never cancelled by the sender: stop() waits for them. */
  private readonly noCancel = new AbortController().signal;

  private wanted = false;
  private loop: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private unrecorded: Finished[] = [];
  private flushing: Promise<void> | null = null;

  private authHold: string | null = null;
  private browserOffline = false;
  private endpointHold: string | null = null;
  private refusalHold: ServiceRefusal | null = null;
  /** Judges refusals across answers: which hold sending, which fail one message. */
  private readonly refusals = new RefusalWatch<Ticket>();
  private errorHold: string | null = null;
  /** The next probe after a network error (monotonic ms). */
  private probeAt: number | null = null;
  private probeBackoffMs = OFFLINE_PROBE_INITIAL_MS;
  private nextAttemptAt: number | null = null;

  private countsRunning = false;
  private countsDirty = false;

  constructor(private readonly options: SenderOptions) {
    this.db = options.db;
    this.transport = options.transport;
    this.clock = options.clock;
    this.sleeper = options.sleeper ?? realSleeper;
    this.mono = options.monotonic ?? (this.sleeper === realSleeper ? systemMonotonicClock : heldFromGoingBack(this.clock));
    this.ladder = options.ladder ?? NATIONAL_LADDER;
    this.rateLimit = options.rateLimit ?? NATIONAL_RATE_LIMIT;
    this.bucket = new TokenBucket(this.rateLimit, this.mono.now());
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError('concurrency must be a whole number from 1');
    this.uuid = options.uuid ?? (() => crypto.randomUUID());
  }

  /** Starts (or resumes) sending; also lifts an endpoint, refused-by-service or error hold. Idempotent. */
  start(): void {
    this.wanted = true;
    this.endpointHold = null;
    this.refusalHold = null;
    this.refusals.lifted();
    this.errorHold = null;
    this.wakeup.wake();
    if (this.loop === null) {
      this.loop = this.run().finally(() => {
        this.loop = null;
        if (this.wanted) this.start();
      });
    }
    this.emitStatus();
  }

  /** Stops starting requests; resolves once those in flight have finished and been recorded. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.wakeup.wake();
    this.emitStatus();
    if (this.loop !== null) await this.loop;
  }

  /** New messages were queued (or something else changed): look for due messages now. */
  wake(): void {
    this.wakeup.wake();
  }

  /** A new access token is available: lift the auth hold. */
  authRestored(): void {
    this.authHold = null;
    this.wakeup.wake();
    this.emitStatus();
  }

  /** The browser's online/offline events. Offline holds sending; online lifts it and any probing. */
  setOnline(online: boolean): void {
    this.browserOffline = !online;
    if (online) this.resetProbe();
    this.wakeup.wake();
    this.emitStatus();
  }

  counts(): Promise<OutboxCounts> {
    return this.options.count ? this.options.count() : countByState(this.db);
  }

  status(): SenderStatus {
    const holds: SenderHold[] = [];
    if (this.authHold !== null) holds.push('auth');
    if (this.browserOffline) holds.push('offline');
    if (this.endpointHold !== null) holds.push('endpoint');
    if (this.refusalHold !== null) holds.push('refused-by-service');
    if (this.errorHold !== null) holds.push('error');
    const mono = this.mono.now();
    // Reported as wall-clock instants (the status bar shows times): now plus what is left.
    const wallAt = (monoAt: number | null): number | null => (monoAt === null ? null : this.clock.now() + (monoAt - mono));
    return {
      running: this.wanted,
      holds,
      detail: this.authHold ?? this.endpointHold ?? this.refusalHold?.text ?? this.errorHold,
      refusal: this.refusalHold,
      inFlight: this.inFlight.size,
      throttledUntil: wallAt(this.bucket.heldUntil(mono)),
      probeAt: wallAt(this.probeAt),
      nextAttemptAt: this.nextAttemptAt,
    };
  }

  private held(): boolean {
    return this.authHold !== null || this.browserOffline || this.endpointHold !== null || this.refusalHold !== null || this.errorHold !== null;
  }

  /** Rows claimed per transaction: about one second's worth at the rate limit, at least the window. */
  private claimSize(): number {
    const perSecond = Number.isFinite(this.rateLimit.perSecond) ? Math.ceil(this.rateLimit.perSecond) : Number.POSITIVE_INFINITY;
    return Math.max(1, Math.min(this.options.claimBatch ?? DEFAULT_CLAIM_BATCH, Math.max(this.concurrency, perSecond)));
  }

  private async run(): Promise<void> {
    let ready: ClaimedMessage[] = [];
    const releaseReady = async (): Promise<void> => {
      const ids = ready.map((m) => m.requestId);
      ready = [];
      await releaseRows(this.db, ids);
      if (ids.length > 0) this.notifyCounts();
    };
    // Results a failed transaction could not write are dropped: their rows are recovered below
    // and resent with the same requestIds, and the server answers from its record.
    this.unrecorded = [];
    try {
      if ((await recoverSending(this.db)) > 0) this.notifyCounts();
      while (this.wanted) {
        if (this.held()) {
          await releaseReady();
          // No answer can come to extend a run of refusals kept back: record them.
          if (this.inFlight.size === 0) this.settleRefusals();
          await this.wakeup.wait(this.sleeper, Number.POSITIVE_INFINITY);
          continue;
        }
        const mono = this.mono.now();
        if (this.probeAt !== null && this.probeAt > mono) {
          await releaseReady();
          await this.wakeup.wait(this.sleeper, this.probeAt - mono);
          continue;
        }
        const window = this.probeAt !== null ? 1 : this.concurrency;
        if (this.inFlight.size >= window || this.unrecorded.length >= MAX_UNRECORDED) {
          await this.wakeup.wait(this.sleeper, Number.POSITIVE_INFINITY);
          continue;
        }
        const message = ready[0];
        if (message === undefined) {
          const claimed = await claimDue(this.db, this.clock.now(), this.claimSize());
          if (claimed.length > 0) {
            ready = claimed;
            this.nextAttemptAt = null;
            this.notifyCounts();
            continue;
          }
          if (this.inFlight.size === 0) this.settleRefusals();
          const next = await earliestWaiting(this.db);
          if (next !== this.nextAttemptAt) {
            this.nextAttemptAt = next;
            this.emitStatus();
          }
          const untilNext = next === null ? Number.POSITIVE_INFINITY : next - this.clock.now();
          if (untilNext > 0) await this.wakeup.wait(this.sleeper, untilNext);
          continue;
        }
        // Whatever a request must wait for (an access token) is waited for before its slot, so
        // the slot's time is the time it goes to fetch.
        if (this.transport.ready !== undefined) {
          await this.transport.ready();
          if (!this.wanted || this.held()) continue;
        }
        const waitMs = this.bucket.take(this.mono.now());
        if (waitMs > 0) {
          // A long wait (a 429's Retry-After): the claimed rows are not being sent, say so.
          if (waitMs > RELEASE_CLAIMS_AFTER_MS) await releaseReady();
          await this.wakeup.wait(this.sleeper, waitMs);
          continue;
        }
        ready.shift();
        this.launch(message);
      }
    } catch (error) {
      this.storageFailed(error);
    } finally {
      // Claimed but not started: due again at once, so counts are honest while stopping.
      await releaseReady().catch((error: unknown) => this.storageFailed(error));
      // Attempts never reject (see attempt()); their results are written by the flush below.
      await Promise.all([...this.inFlight]);
      this.settleRefusals();
      await this.flush().catch((error: unknown) => this.storageFailed(error));
      this.notifyCounts();
      this.emitStatus();
    }
  }

  private launch(message: ClaimedMessage): void {
    const task = this.attempt(message).finally(() => {
      this.inFlight.delete(task);
      this.wakeup.wake();
    });
    this.inFlight.add(task);
  }

  private async attempt(message: ClaimedMessage): Promise<void> {
    const sentAtMs = this.clock.now();
    const sentMono = this.mono.now();
    let response: TransportResponse;
    try {
      response = await this.transport.send({ requestId: message.requestId, body: message.body, correlationId: this.uuid() }, this.noCancel);
    } catch (error) {
      // Transports must not throw; if one does, treat it as a network error (safe to retry).
      response = { kind: 'network-error', message: error instanceof Error ? error.message : String(error) };
    }
    const answeredAtMs = this.clock.now();
    const answeredMono = this.mono.now();
    const verdict = classifyResponse(response, answeredAtMs, [message.compositionId, message.bundleId]);
    this.react(verdict, response, answeredMono);
    this.bucket.answered(sentMono, answeredMono, { reachedSpine: response.kind === 'response', rateLimited: verdict.kind === 'transient' && verdict.cause === 'rate-limited' });
    const decision = this.refusals.judge({
      ticket: { requestId: message.requestId, times: { sentAtMs, answeredAtMs } },
      nhsNumber: message.nhsNumber,
      verdict,
      heldBefore: lastHeld(message),
      answeredAtMs,
    });
    if (decision.hold !== null) {
      this.refusalHold = decision.hold;
      this.emitStatus();
    }
    this.toRecord(decision.record);
  }

  private toRecord(judged: readonly Judged<Ticket>[]): void {
    if (judged.length === 0) return;
    for (const j of judged) this.unrecorded.push({ ...j.ticket, verdict: j.verdict });
    void this.flush().catch((error: unknown) => this.storageFailed(error));
  }

  /** Refusals kept back to see whether the next answers repeat them are recorded as they are. */
  private settleRefusals(): void {
    if (this.refusals.keptBack > 0) this.toRecord(this.refusals.settle());
  }

  /** What one verdict means for everyone: holds, the 429 throttle, probing (`nowMs` monotonic). */
  private react(verdict: SendVerdict, response: TransportResponse, nowMs: number): void {
    if (verdict.kind === 'auth-expired') this.authHold = verdict.reason;
    if (verdict.kind === 'halt') this.endpointHold = verdict.reason;
    if (verdict.kind === 'transient' && verdict.cause === 'rate-limited') this.bucket.holdUntil(nowMs + (verdict.retryAfterMs ?? DEFAULT_THROTTLE_MS));
    if (response.kind === 'network-error') {
      // Only the first error, or a failed probe, moves the next probe: the other requests that
      // were in flight when the network went fail together and say nothing new.
      if (!this.browserOffline && (this.probeAt === null || nowMs >= this.probeAt)) {
        if (this.probeAt !== null) this.probeBackoffMs = Math.min(this.probeBackoffMs * 2, OFFLINE_PROBE_MAX_MS);
        this.probeAt = nowMs + this.probeBackoffMs;
      }
    } else if (response.kind !== 'auth-unavailable') {
      this.resetProbe();
    }
    if (verdict.kind === 'auth-expired' || verdict.kind === 'halt' || verdict.kind === 'transient') this.emitStatus();
  }

  private resetProbe(): void {
    this.probeAt = null;
    this.probeBackoffMs = OFFLINE_PROBE_INITIAL_MS;
  }

  /** Group commit: one writer at a time; results that arrive meanwhile go in the next batch. */
  private flush(): Promise<void> {
    if (this.flushing !== null) return this.flushing;
    // With nothing to write the writer below would finish synchronously, clearing `flushing`
    // before it is assigned and leaving a settled promise there that blocks every later flush.
    if (this.unrecorded.length === 0) return Promise.resolve();
    this.flushing = (async () => {
      try {
        while (this.unrecorded.length > 0) {
          const batch = this.unrecorded.slice(0, RECORD_BATCH_MAX);
          const states: OutboxMessage['state'][] = [];
          await recordResults(
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
          this.unrecorded = this.unrecorded.slice(batch.length);
          this.reportRecorded(states);
          this.notifyCounts();
          this.wakeup.wake();
        }
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /**
   * A transaction failed (quota, database closed): stop starting requests. Rows whose results
   * could not be written stay `sending`; the next start() recovers them with the same requestIds.
   */
  private storageFailed(error: unknown): void {
    this.errorHold ??= `Could not update the outbox: ${error instanceof Error ? error.message : String(error)}`;
    this.wanted = false;
    this.wakeup.wake();
    this.emitStatus();
  }

  /** Coalesced: at most one count query at a time, then at most one per interval. */
  private notifyCounts(): void {
    const onChange = this.options.onChange;
    if (onChange === undefined) return;
    if (this.countsRunning) {
      this.countsDirty = true;
      return;
    }
    this.countsRunning = true;
    void (async () => {
      do {
        this.countsDirty = false;
        try {
          onChange(await this.counts());
        } catch {
          // A failed count or a throwing listener must not stop sending; the next change retries.
        }
        if (this.countsDirty) await this.sleeper.sleep(this.options.countsIntervalMs ?? DEFAULT_COUNTS_INTERVAL_MS);
      } while (this.countsDirty);
      this.countsRunning = false;
    })();
  }

  private reportRecorded(states: readonly OutboxMessage['state'][]): void {
    if (states.length === 0) return;
    try {
      this.options.onRecorded?.(states, this.clock.now());
    } catch {
      // A throwing listener must not stop sending.
    }
  }

  private emitStatus(): void {
    try {
      this.options.onStatus?.(this.status());
    } catch {
      // A throwing listener must not stop sending.
    }
  }
}
