// Pacing by the answers, while the Spine answers quickly or while the app does not yet know how
// it answers. The app cannot see when a request arrives at the gateway, but an answer proves it:
// a request answered at `a` arrived before `a`, so the next one, sent after a + spacing, arrives
// at least one spacing after it whatever the two path delays were (only causality is assumed,
// not synchronised clocks; the gateway's own time stamp is taken before it answers, too).
//
//   learning  the first ROUND_TRIPS_NEEDED requests of a session, and again after a quiet spell
//             of COLD_AFTER_MS: each waits for the last one's answer. The first request of a
//             session also opens the connection (TCP, TLS, HTTP/2), and one that takes 200 ms
//             to do so arrives together with the next: measured on the loopback Spine, the first
//             two requests arrived 12 ms apart. Costs a few seconds once, however slowly the
//             Spine answers.
//   quick     answers come back within the interval the margin keeps anyway (spacing + margin,
//             205 ms at 5/s on a quiet PC, up to 305 ms after 429s; the median of the last few
//             round trips, so one slow answer during a stall does not switch this off just when
//             it is needed; and it is switched off only at twice that): each request waits for
//             the last one's answer. A stall that holds one request up holds its answer up too,
//             so the next waits for it: measured on the loopback Spine with both cores busy,
//             requests reached it up to 540 ms late while their answers came in 125 ms (median),
//             and a margin of 100 ms still drew 20 refusals in 186 requests. Costs rate: at worst
//             (answers at twice the interval) a third of what the margin alone would allow, and
//             with one request in flight at a time a Spine answering in more than a spacing caps
//             the rate (measured: 35/s with the Settings form's 100/s against a Spine answering
//             one request in under 20 ms; at 5/s, answers in 100 ms make the interval 302 ms).
//             Judged worth it: a Spine that answers within the interval is near (a loopback or
//             test Spine, where bunching comes from the machine both share) or very fast, and a
//             rate of half the limit with no 429 is the safe side; the national Spine, answering
//             in hundreds of ms to seconds over the internet, is paced by the margin alone.
//   slow      answers take longer (the national Spine: hundreds of ms to seconds): waiting would
//             cut the rate to a fraction, so the gate stands aside and the margin alone paces
//             (pacingMargin.ts).
// While paced by answers, a request whose answer has not come after ANSWER_WAIT_SPACINGS (1 s at
// 5/s) no longer holds the next one back: a Spine that hangs must not stall sending.
//
// Pure: times are ms on the caller's clock (monotonic).

/** Requests paced by their answers when a session starts, and round trips needed to judge. */
export const ROUND_TRIPS_NEEDED = 5;
/** Round trips remembered. */
export const ROUND_TRIPS_KEPT = 9;
/**
 * While paced by answers, the next request waits at most this many spacings for the last one's
 * answer (1 s at 5/s): long enough for a connection to open or a stall to pass, short enough
 * that a Spine that hangs does not stall sending.
 */
export const ANSWER_WAIT_SPACINGS = 5;
/** Nothing sent for this long (ms): the connection may be new again, so learn again. */
export const COLD_AFTER_MS = 30_000;
/**
 * Answers judged quick stay so until their median round trip is this many intervals: round trips
 * near the interval would otherwise switch pacing by answers off and on, and every switch off
 * on a stalling PC risks a 429.
 */
export const QUICK_EXIT_FACTOR = 2;
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
  /** Whether answers were last judged quick (leaving that takes more than entering it). */
  private quick = false;

  constructor(spacingMs: number) {
    this.spacingMs = spacingMs;
  }

  /** A request went out at `atMs`: the gate waits for its answer. */
  sent(atMs: number): void {
    if (this.lastSentAtMs !== null && atMs - this.lastSentAtMs >= COLD_AFTER_MS) {
      this.roundTrips = [];
      this.quick = false;
    }
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

  /**
   * How the next request is paced by answers (see the opening comment), when the margin would
   * keep `intervalMs` between requests anyway: answers count as quick within that interval, and
   * stay quick up to twice it. Remembers its judgement.
   */
  mode(intervalMs: number): 'learning' | 'quick' | 'slow' {
    if (this.roundTrips.length < ROUND_TRIPS_NEEDED) return 'learning';
    const sorted = [...this.roundTrips].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Number.POSITIVE_INFINITY;
    this.quick = median <= intervalMs * (this.quick ? QUICK_EXIT_FACTOR : 1);
    return this.quick ? 'quick' : 'slow';
  }

  /**
   * The earliest moment the next request may go by this rule, the margin keeping `intervalMs`
   * between requests; -Infinity when it does not apply.
   */
  opensAt(intervalMs: number): number {
    if (this.lastSentAtMs === null) return Number.NEGATIVE_INFINITY;
    if (this.mode(intervalMs) === 'slow') return Number.NEGATIVE_INFINITY;
    if (this.lastAnsweredAtMs !== null) return this.lastAnsweredAtMs + this.spacingMs + CLOCK_SLACK_MS;
    return this.lastSentAtMs + this.spacingMs * ANSWER_WAIT_SPACINGS;
  }
}
