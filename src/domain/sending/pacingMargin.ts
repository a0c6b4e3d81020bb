// How much more than the gateway's spacing the app keeps between two requests, and why it
// changes. The gateway (Apigee SpikeArrest, 5ps) refuses a request that ARRIVES less than
// spacing = 1000/rate ms after the last one it admitted, so what matters is the gap at the
// gateway: the gap the app made plus the difference of two path delays (worker → network stack
// → wire → gateway), which the app cannot see. Only the gateway sees it, and it says so only
// with a 429. So the margin is learnt from 429s, as a quantile: it settles where about
// TARGET_REFUSED_FRACTION of requests are refused.
//
//   base   spacing/40 (5 ms at 5/s), a floor: the jitter of a quiet PC, 97.5% of the limit.
//   extra  learnt: up by spacing/50 (4 ms at 5/s) for each 429, down by
//          spacing/50 × TARGET/(1 − TARGET) (0.04 ms) for each request sent. Where 429s come
//          on more than TARGET of requests the margin grows, where fewer it shrinks: it
//          tracks the path's (1 − TARGET) quantile of bunching, whatever the PC's load.
//          Starts at nothing: a session's first 429s teach it (two or three on the benchmark).
//
// Why a quantile, and why 1%: the benchmark records every request's path delay on its 2-core VM
// (bench/lib/trace.ts; fetch to the gateway median 5 ms, 99% 15-17 ms, longest 60-86 ms idle;
// 99% 23-27 ms, longest 250-412 ms with both cores kept busy), and bench/replay-pacing.ts
// replays a recording against this pacer (on seven recordings it agreed with the benchmark within
// 0.006 of the limit and a 429 or two; nine are in test/fixtures/pacing-paths/, replayed by
// recordedPaths.test.ts). A margin m costs m/(spacing + m) of the rate all the time; a 429 costs
// the refused request's slot once (the hold after it ends about when the next request was due
// anyway). Replayed with a fixed margin (--fixed-margin) over the seven recorded with Playwright
// attached, the rate is
// greatest with 1-2.5% of requests refused (idle m = 8-10 ms: at most 0.933-0.943 of the limit;
// busy m = 12-15 ms: 0.909-0.926); no 429 at all needs 60-100 ms idle (0.665-0.767 of the limit)
// and was not reached busy by 150 ms (0.570): one stall of 400 ms bunches two requests whatever
// the margin. The 1% target replays within 0.007 of the best fixed margin idle and 0.017 busy
// (0.926-0.940 and 0.900-0.909), with no margin to choose per PC; 0.5% would lose the busy PC's
// 0.9 of the limit. Measured (10 minutes each): 0.926 of the limit idle with 31 × 429, 0.902
// busy with 34 (0.939 and 0.915 once the benchmark stopped reading the outbox every second, with
// 28 and 32 × 429). The former design (a margin widened by the lateness of the pacer's own
// timers, up to 20 ms, and doubled after each 429) measured the same hour, 5 minutes each: 0.924
// idle with 7 × 429, 0.899 busy with 15; so about the same rate, half the 429s idle, and a
// ceiling of 0.889 of the limit whenever timers ran late, which a busy PC's do: its lateness
// term was a poor predictor of the bunching on the way out (requests are spaced from when they
// really went, so a late timer bunches nothing) and cost rate instead.
//
// Only a 429 for a request sent after the last increase counts: requests already on their way
// when it came were paced with the old margin, and one stall that bunches three requests is one
// lesson, not three.
//
// Pure: the caller passes times (ms on its monotonic clock). All figures scale with the
// spacing, so a faster limit (the training Spine's 100/s) keeps the same proportions.

/** Base margin (the floor) as a fraction of the spacing. */
export const BASE_MARGIN_FRACTION = 1 / 40;
/** The learnt term's rise per 429, as a fraction of the spacing. */
export const STEP_FRACTION = 1 / 50;
/** The share of requests the margin settles at seeing refused (SpikeArrest). */
export const TARGET_REFUSED_FRACTION = 1 / 100;
/** The learnt term's ceiling as a fraction of the spacing: the rate never falls below two thirds. */
export const CAP_FRACTION = 1 / 2;

export class PacingMargin {
  private readonly spacingMs: number;
  /** The learnt term (ms). */
  private extra = 0;
  /** Requests sent before this instant (ms) were paced before the last increase. */
  private raisedAtMs = Number.NEGATIVE_INFINITY;

  constructor(spacingMs: number) {
    this.spacingMs = spacingMs;
  }

  /** The margin (ms) to keep beyond the spacing. */
  current(): number {
    return this.baseMs() + this.extra;
  }

  /** A request went out: the learnt term comes down a little. */
  sent(): void {
    const down = this.stepMs() * (TARGET_REFUSED_FRACTION / (1 - TARGET_REFUSED_FRACTION));
    this.extra = Math.max(0, this.extra - down);
  }

  /**
   * The gateway refused with 429 a request sent at `sentAtMs`, answered at `nowMs`: the margin
   * widens, unless that request was paced before the last widening.
   */
  rateLimited(sentAtMs: number, nowMs: number): void {
    if (sentAtMs < this.raisedAtMs) return;
    this.extra = Math.min(this.spacingMs * CAP_FRACTION, this.extra + this.stepMs());
    this.raisedAtMs = nowMs;
  }

  /** The base term alone (ms): the margin of a quiet PC. */
  baseMs(): number {
    return this.spacingMs * BASE_MARGIN_FRACTION;
  }

  private stepMs(): number {
    return this.spacingMs * STEP_FRACTION;
  }
}
