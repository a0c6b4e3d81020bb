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
// Whether it sends, its holds (auth, offline, endpoint, refused-by-service, error: what lifts
// each is in domain/sending/senderState.ts), probing after a network error and the next retry's
// time are one state, changed only by dispatch() through a pure transition. Beside it are only
// I/O handles: requests in flight, claimed rows (claimedRows.ts), results to write
// (groupCommit.ts), the counts (countsNotifier.ts), the pacer (tokenBucket.ts, which also holds
// a 429's throttle) and the refusal watch. stop() lets requests in flight finish and records
// them; it never cuts a send in half.
//
// Two clocks: pacing, a 429's hold and probing are measured on a monotonic clock (the time that
// passes, which the timers sleep in), so a wall clock stepping back or forward neither stalls
// nor bursts sending; attempt times and the retry ladder's due times stay on the wall clock
// (they are stored, and shown), as schedules do.

import type { ScrDatabase } from '../../db/database';
import type { OutboxMessage } from '../../domain/model/runs';
import { classifyResponse } from '../../domain/sending/classify';
import type { OutboxMove } from '../../domain/sending/outboxMoves';
import { lastHeld } from '../../domain/sending/outboxTransition';
import { RefusalWatch, type Judged } from '../../domain/sending/refusalWatch';
import { NATIONAL_LADDER } from '../../domain/sending/retryLadder';
import { answerEvents, INITIAL_SENDER_STATE, isHeld, probeWaitMs, requestWindow, senderStatus, transition, type SenderEvent, type SenderState } from '../../domain/sending/senderState';
import { NATIONAL_RATE_LIMIT, TokenBucket, type RateLimit } from '../../domain/sending/tokenBucket';
import type { OutboxCounts, SenderStatus } from '../../shared/sendingStatus';
import { heldFromGoingBack, systemMonotonicClock, type Clock, type MonotonicClock } from '../ports';
import { ClaimedRows, claimSize } from './claimedRows';
import { CountsNotifier } from './countsNotifier';
import { GroupCommit, type Ticket } from './groupCommit';
import { countByState, earliestWaiting, recoverSending, type ClaimedMessage } from './outboxStore';
import { DEFAULT_CONCURRENCY, type SenderOptions } from './senderOptions';
import { realSleeper, Wakeup, type Sleeper } from './sleeper';
import type { Transport, TransportResponse } from './transport';

/** Results waiting to be written before the loop stops starting requests (back-pressure). */
const MAX_UNRECORDED = 200;
/** Claimed rows facing a longer wait for a token go back to due meanwhile (ms). */
const RELEASE_CLAIMS_AFTER_MS = 2000;

export type { SenderHold, SenderStatus } from '../../shared/sendingStatus';
export { DEFAULT_CONCURRENCY, type SenderOptions } from './senderOptions';

export class OutboxSender {
  private readonly db: ScrDatabase;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly mono: MonotonicClock;
  private readonly sleeper: Sleeper;
  private readonly rateLimit: RateLimit;
  private readonly bucket: TokenBucket;
  private readonly concurrency: number;
  private readonly uuid: () => string;
  private readonly wakeup = new Wakeup();
  /** Requests are never cancelled by the sender: stop() waits for them. */
  private readonly noCancel = new AbortController().signal;
  /** Judges refusals across answers: which hold sending, which fail one message. */
  private readonly refusals = new RefusalWatch<Ticket>();
  private readonly results: GroupCommit;
  private readonly countsOut: CountsNotifier;

  /** Whether it sends, what holds it, probing, the next retry: changed only by dispatch(). */
  private state: SenderState = INITIAL_SENDER_STATE;
  /** The sending loop; set exactly while the phase is running or stopping (stop() awaits it). */
  private loop: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: SenderOptions) {
    this.db = options.db;
    this.transport = options.transport;
    this.clock = options.clock;
    this.sleeper = options.sleeper ?? realSleeper;
    this.mono = options.monotonic ?? (this.sleeper === realSleeper ? systemMonotonicClock : heldFromGoingBack(this.clock));
    this.rateLimit = options.rateLimit ?? NATIONAL_RATE_LIMIT;
    this.bucket = new TokenBucket(this.rateLimit, this.mono.now());
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError('concurrency must be a whole number from 1');
    this.uuid = options.uuid ?? (() => crypto.randomUUID());
    this.results = new GroupCommit(this.db, options.ladder ?? NATIONAL_LADDER, (states, moves) => {
      this.reportRecorded(states);
      this.moved(moves);
      this.wakeup.wake();
    });
    this.countsOut = new CountsNotifier(() => this.counts(), options.onChange, this.sleeper, options.countsIntervalMs);
  }

  /** Starts (or resumes) sending; also lifts an endpoint, refused-by-service or error hold. Idempotent. */
  start(): void {
    const stopped = this.state.phase === 'stopped';
    this.dispatch({ type: 'start' });
    this.refusals.lifted();
    this.wakeup.wake();
    if (stopped) {
      this.loop = this.run().finally(() => {
        this.loop = null;
        // Started again after this loop had left its sending: a new loop takes over.
        const again = this.state.phase === 'running';
        this.dispatch({ type: 'loop-ended' });
        if (again) this.start();
      });
    }
    this.emitStatus();
  }

  /** Stops starting requests; resolves once those in flight have finished and been recorded. */
  async stop(): Promise<void> {
    this.dispatch({ type: 'stop' });
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
    this.apply({ type: 'auth-restored' });
  }

  /** The browser's online/offline events. Offline holds sending; online lifts it and any probing. */
  setOnline(online: boolean): void {
    this.apply({ type: online ? 'online' : 'offline' });
  }

  counts(): Promise<OutboxCounts> {
    return this.options.count ? this.options.count() : countByState(this.db);
  }

  status(): SenderStatus {
    const monoNow = this.mono.now();
    return senderStatus(this.state, { inFlight: this.inFlight.size, throttledUntil: this.bucket.heldUntil(monoNow), monoNow, wallNow: () => this.clock.now() });
  }

  /** Applies `event`, wakes the loop to look again, and says so. */
  private apply(event: SenderEvent): void {
    this.dispatch(event);
    this.wakeup.wake();
    this.emitStatus();
  }

  /** Applies `event`; true if the state changed. */
  private dispatch(event: SenderEvent): boolean {
    const before = this.state;
    this.state = transition(before, event);
    return this.state !== before;
  }

  private async run(): Promise<void> {
    const claims = new ClaimedRows(this.db, claimSize(this.rateLimit, this.concurrency, this.options.claimBatch), (moves) => this.moved(moves));
    // Results a failed transaction could not write are dropped: their rows are recovered below
    // and resent with the same requestIds, and the server answers from its record.
    this.results.discard();
    try {
      this.moved(await recoverSending(this.db));
      while (this.state.phase === 'running') {
        if (isHeld(this.state)) {
          await claims.release();
          // No answer can come to extend a run of refusals kept back: record them.
          if (this.inFlight.size === 0) this.settleRefusals();
          await this.wakeup.wait(this.sleeper, Number.POSITIVE_INFINITY);
          continue;
        }
        const untilProbe = probeWaitMs(this.state, this.mono.now());
        if (untilProbe > 0) {
          await claims.release();
          await this.wakeup.wait(this.sleeper, untilProbe);
          continue;
        }
        if (this.inFlight.size >= requestWindow(this.state, this.concurrency) || this.results.waiting >= MAX_UNRECORDED) {
          await this.wakeup.wait(this.sleeper, Number.POSITIVE_INFINITY);
          continue;
        }
        const message = claims.next;
        if (message === undefined) {
          if (await claims.claim(this.clock.now())) {
            this.dispatch({ type: 'claimed' });
            continue;
          }
          if (this.inFlight.size === 0) this.settleRefusals();
          const next = await earliestWaiting(this.db);
          if (this.dispatch({ type: 'nothing-due', nextAttemptAt: next })) this.emitStatus();
          const untilNext = next === null ? Number.POSITIVE_INFINITY : next - this.clock.now();
          if (untilNext > 0) await this.wakeup.wait(this.sleeper, untilNext);
          continue;
        }
        // Whatever a request must wait for (an access token) is waited for before its slot, so
        // the slot's time is the time it goes to fetch.
        if (this.transport.ready !== undefined) {
          await this.transport.ready();
          if (this.state.phase !== 'running' || isHeld(this.state)) continue;
        }
        const waitMs = this.bucket.take(this.mono.now());
        if (waitMs > 0) {
          // A long wait (a 429's Retry-After): the claimed rows are not being sent, say so.
          if (waitMs > RELEASE_CLAIMS_AFTER_MS) await claims.release();
          await this.wakeup.wait(this.sleeper, waitMs);
          continue;
        }
        claims.started();
        this.launch(message);
      }
    } catch (error) {
      this.storageFailed(error);
    } finally {
      // Claimed but not started: due again at once, so counts are honest while stopping.
      await claims.release().catch((error: unknown) => this.storageFailed(error));
      // Attempts never reject (see attempt()); their results are written by the flush below.
      await Promise.all([...this.inFlight]);
      this.settleRefusals();
      await this.results.flush().catch((error: unknown) => this.storageFailed(error));
      this.countsOut.changed();
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
    // What the answer means for everyone: holds and probing (the state), the 429 throttle (the pacer).
    for (const event of answerEvents(verdict, response, answeredMono)) this.dispatch(event);
    const rateLimited = verdict.kind === 'transient' && verdict.cause === 'rate-limited';
    // The pacer holds everyone after a 429 (throttleHold.ts) before the status says so.
    this.bucket.answered(sentMono, answeredMono, { reachedSpine: response.kind === 'response', rateLimited, retryAfterMs: rateLimited ? verdict.retryAfterMs : null });
    if (verdict.kind === 'auth-expired' || verdict.kind === 'halt' || verdict.kind === 'transient') this.emitStatus();
    const ticket: Ticket = { requestId: message.requestId, times: { sentAtMs, answeredAtMs } };
    const decision = this.refusals.judge({ ticket, nhsNumber: message.nhsNumber, verdict, heldBefore: lastHeld(message), answeredAtMs });
    if (decision.hold !== null) {
      this.dispatch({ type: 'service-refused', refusal: decision.hold });
      this.emitStatus();
    }
    this.toRecord(decision.record);
  }

  private toRecord(judged: readonly Judged<Ticket>[]): void {
    if (judged.length === 0) return;
    this.results.add(judged.map((j) => ({ ...j.ticket, verdict: j.verdict })));
    void this.results.flush().catch((error: unknown) => this.storageFailed(error));
  }

  /** Refusals kept back to see whether the next answers repeat them are recorded as they are. */
  private settleRefusals(): void {
    if (this.refusals.keptBack > 0) this.toRecord(this.refusals.settle());
  }

  /**
   * A transaction failed (quota, database closed): stop starting requests. Rows whose results
   * could not be written stay `sending`; the next start() recovers them with the same requestIds.
   */
  private storageFailed(error: unknown): void {
    this.apply({ type: 'storage-failed', detail: `Could not update the outbox: ${error instanceof Error ? error.message : String(error)}` });
  }

  /** Rows this sender moved (a transaction committed): the listener hears of it, then the counts change. */
  private moved(moves: readonly OutboxMove[]): void {
    if (moves.length === 0) return;
    this.tell(() => this.options.onMoved?.(moves));
    this.countsOut.changed();
  }

  private reportRecorded(states: readonly OutboxMessage['state'][]): void {
    if (states.length > 0) this.tell(() => this.options.onRecorded?.(states, this.clock.now()));
  }

  private emitStatus(): void {
    this.tell(() => this.options.onStatus?.(this.status()));
  }

  private tell(listener: () => void): void {
    try {
      listener();
    } catch {
      // A throwing listener must not stop sending.
    }
  }
}
