// Pacing by the answers, while the Spine answers quickly or while the app does not yet know how
// it answers. The app cannot see when a request arrives at the gateway, but an answer proves it:
// a request answered at `a` arrived before `a`, so the next one, sent after a + spacing, arrives
// at least one spacing after it whatever the two path delays were (only causality is assumed,
// not synchronised clocks; the gateway's own time stamp is taken before it answers, too).
//
//   learning  the first ROUND_TRIPS_NEEDED requests of a session, and again after a quiet spell
//             of COLD_AFTER_MS: each waits for the last one's answer (at most COLD_WAIT_SPACINGS). The
//             first request of a session also opens the connection (TCP, TLS, HTTP/2), and one
//             that takes 200 ms to do so arrives together with the next: measured on the
//             loopback Spine, the first two requests arrived 12 ms apart. Costs a few seconds
//             once, however slowly the Spine answers.
//   quick     answers come back within a quarter of the spacing (median of the last few round
//             trips, so one slow answer during a stall does not switch this off just when it is
//             needed): each request waits for the last one's answer, at most half a spacing
//             more than the spacing; a stall that holds one request up holds its answer up too.
//   slow      answers take longer (the national Spine: hundreds of ms to seconds): waiting would
//             cut the rate, so the gate stands aside and the margin alone paces (pacingMargin.ts).
//
// Pure: times are ms on the caller's clock (monotonic).

/** Requests paced by their answers when a session starts, and round trips needed to judge. */
export const ROUND_TRIPS_NEEDED = 5;
/** Round trips remembered. */
export const ROUND_TRIPS_KEPT = 9;
/**
 * While learning, the next request waits at most this many spacings for the last one's answer
 * (1 s at 5/s): long enough for a connection to open, short enough that a Spine that hangs
 * does not stall the start.
 */
export const COLD_WAIT_SPACINGS = 5;
/** Nothing sent for this long (ms): the connection may be new again, so learn again. */
export const COLD_AFTER_MS = 30_000;
/** Answers count as quick when their median round trip is at most this fraction of the spacing. */
export const QUICK_ANSWER_FRACTION = 1 / 4;
/** Without the last answer, the next request waits at most this fraction of the spacing more. */
export const ANSWER_WAIT_FRACTION = 1 / 2;
/** Whole-millisecond clocks on both sides: slack added to the causal bound (ms). */
export const CLOCK_SLACK_MS = 2;

/** What the answer to one request showed. */
export interface AnswerSeen {
  /** An HTTP answer came back (so the request reached the gateway), rather than an error. */
  readonly reachedSpine: boolean;
}

export class AnswerGate {
  private readonly spacingMs: number;
  private roundTrips: number[] = [];
  private lastSentAtMs: number | null = null;
  private lastAnsweredAtMs: number | null = null;

  constructor(spacingMs: number) {
    this.spacingMs = spacingMs;
  }

  /** A request went out at `atMs`: the gate waits for its answer. */
  sent(atMs: number): void {
    if (this.lastSentAtMs !== null && atMs - this.lastSentAtMs >= COLD_AFTER_MS) this.roundTrips = [];
    this.lastSentAtMs = atMs;
    this.lastAnsweredAtMs = null;
  }

  /** The request sent at `sentAtMs` was answered (or failed) at `answeredAtMs`. */
  answered(sentAtMs: number, answeredAtMs: number, seen: AnswerSeen): void {
    if (seen.reachedSpine) {
      this.roundTrips.push(Math.max(0, answeredAtMs - sentAtMs));
      if (this.roundTrips.length > ROUND_TRIPS_KEPT) this.roundTrips.shift();
    }
    // The caller reads its clock just after the grant, so the last request's answer has a sent
    // time at or a little after it, and any earlier request's is a spacing or more before it.
    // An error also ends the wait: the request arrived before it, or never will.
    if (this.lastSentAtMs !== null && sentAtMs > this.lastSentAtMs - this.spacingMs / 2) this.lastAnsweredAtMs = answeredAtMs;
  }

  /** How the next request is paced by answers: see the opening comment. */
  mode(): 'learning' | 'quick' | 'slow' {
    if (this.roundTrips.length < ROUND_TRIPS_NEEDED) return 'learning';
    const sorted = [...this.roundTrips].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Number.POSITIVE_INFINITY;
    return median <= this.spacingMs * QUICK_ANSWER_FRACTION ? 'quick' : 'slow';
  }

  /** The earliest moment the next request may go by this rule; -Infinity when it does not apply. */
  opensAt(): number {
    if (this.lastSentAtMs === null) return Number.NEGATIVE_INFINITY;
    const mode = this.mode();
    if (mode === 'slow') return Number.NEGATIVE_INFINITY;
    if (this.lastAnsweredAtMs !== null) return this.lastAnsweredAtMs + this.spacingMs + CLOCK_SLACK_MS;
    return this.lastSentAtMs + this.spacingMs * (mode === 'learning' ? COLD_WAIT_SPACINGS : 1 + ANSWER_WAIT_FRACTION);
  }
}
