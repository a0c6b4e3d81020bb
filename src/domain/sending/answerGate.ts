// Pacing by the answers, while the Spine answers quickly. The app cannot see when a request
// arrives at the gateway, but an answer proves it: a request answered at `a` arrived before `a`,
// so the next one, sent after a + spacing, arrives at least one spacing after it whatever the
// two path delays were (only causality is assumed, not synchronised clocks). When answers come
// back within a fraction of the spacing (a loopback Spine, a test gateway), waiting for the last
// answer costs little and removes the risk of a delay that bunches two requests; a stall that
// holds one request up holds its answer up too, so the next waits for it.
//
// When answers take longer (the national Spine: hundreds of ms to seconds), waiting would cut
// the rate, so the gate stands aside and the margin alone paces (pacingMargin.ts). Which case
// holds is judged from the median of the last answers' round trips, so one slow answer during a
// stall does not switch the gate off just when it is needed. Without an answer the next request
// still goes half a spacing late at the latest: a path delay that long is then the only risk.
//
// Pure: times are epoch ms from the caller's clock.

/** Answers count as quick when their median round trip is at most this fraction of the spacing. */
export const QUICK_ANSWER_FRACTION = 1 / 4;
/** Without the last answer, the next request waits at most this fraction of the spacing more. */
export const ANSWER_WAIT_FRACTION = 1 / 2;
/** Round trips remembered, and how many are needed before the gate judges. */
export const ROUND_TRIPS_KEPT = 9;
export const ROUND_TRIPS_NEEDED = 5;
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
    this.lastSentAtMs = atMs;
    this.lastAnsweredAtMs = null;
  }

  /** The request sent at `sentAtMs` was answered (or failed) at `answeredAtMs`. */
  answered(sentAtMs: number, answeredAtMs: number, seen: AnswerSeen): void {
    if (seen.reachedSpine) {
      this.roundTrips.push(Math.max(0, answeredAtMs - sentAtMs));
      if (this.roundTrips.length > ROUND_TRIPS_KEPT) this.roundTrips.shift();
    }
    // An error also ends the wait: the request arrived before it, or will never arrive.
    if (sentAtMs === this.lastSentAtMs) this.lastAnsweredAtMs = answeredAtMs;
  }

  /** True while answers come back quickly enough to pace by them. */
  quick(): boolean {
    if (this.roundTrips.length < ROUND_TRIPS_NEEDED) return false;
    const sorted = [...this.roundTrips].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Number.POSITIVE_INFINITY;
    return median <= this.spacingMs * QUICK_ANSWER_FRACTION;
  }

  /** The earliest moment (epoch ms) the next request may go by this rule; -Infinity when it does not apply. */
  opensAt(): number {
    if (this.lastSentAtMs === null || !this.quick()) return Number.NEGATIVE_INFINITY;
    if (this.lastAnsweredAtMs !== null) return this.lastAnsweredAtMs + this.spacingMs + CLOCK_SLACK_MS;
    return this.lastSentAtMs + this.spacingMs * (1 + ANSWER_WAIT_FRACTION);
  }
}
