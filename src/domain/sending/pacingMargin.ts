// How much more than the gateway's spacing the app keeps between two requests, and why it
// changes. The gateway (Apigee SpikeArrest, 5ps) refuses a request that ARRIVES less than
// spacing = 1000/rate ms after the last one it admitted, so what matters is the gap at the
// Spine, and that gap is the gap the app made plus the difference of two path delays (worker →
// network stack → wire → gateway), which the app cannot see. The margin covers that difference:
//
//   base      spacing/40 (5 ms at 5/s): jitter of a quiet PC; keeps the idle rate at 97.5%.
//   lateness  a pacing timer that fires later than asked (by 2 ms or more: an idle browser's
//             timers are up to that late) means the PC is busy, and a busy PC
//             also delays requests on their way out: the margin becomes at least the lateness
//             seen (a maximum that halves every LATENESS_HALF_LIFE_MS), up to spacing/10.
//             Capped so a busy PC still sends at 90% of the limit.
//   backoff   a 429 proves the margin was too small: AIMD on it, multiplied by 2 plus
//             spacing/8 (0 → 25 → 75 → 100 ms at 5/s, at most half a spacing), then
//             decreased by spacing/500 per request sent (0.4 ms at 5/s: 25 ms back to nothing
//             in about 12 s, the cap in about 50 s), so the rate creeps back rather than hitting
//             the limit again. Not slower: measured on the benchmark with a tenth of this, nine
//             429s in ten minutes kept the margin near its cap and sending at 0.69 of the limit,
//             while those 429s came from the browser's network stack writing two requests
//             together after a stall, which a margin a stall outlasts does not prevent (the
//             429's hold and a short backoff cost less than a wide margin held for minutes).
//             Only a 429 for a request sent after the last increase counts: the requests
//             already on their way when it came say nothing about the wider margin.
//
// Pure: the caller passes times (ms on its monotonic clock). All figures scale with the spacing, so a faster
// limit (the training Spine's 100/s) keeps the same proportions.

/** Timers in a browser fire up to this late on an idle PC (ms): that much says nothing. */
export const TIMER_NOISE_MS = 2;
/** Base margin as a fraction of the spacing. */
export const BASE_MARGIN_FRACTION = 1 / 40;
/** The lateness term's ceiling as a fraction of the spacing. */
export const LATENESS_CAP_FRACTION = 1 / 10;
/** The lateness term halves this often (ms) when timers are on time again. */
export const LATENESS_HALF_LIFE_MS = 20_000;
/** Backoff after a 429: new = old × BACKOFF_FACTOR + spacing × BACKOFF_STEP_FRACTION. */
export const BACKOFF_FACTOR = 2;
export const BACKOFF_STEP_FRACTION = 1 / 8;
/** The backoff's ceiling as a fraction of the spacing: the rate never falls below two thirds. */
export const BACKOFF_CAP_FRACTION = 1 / 2;
/** The backoff's decrease per request sent, as a fraction of the spacing. */
export const BACKOFF_DECREASE_FRACTION = 1 / 500;

export class PacingMargin {
  private readonly spacingMs: number;
  /** Largest timer lateness seen (ms), as of `latenessAtMs`; decays from then on. */
  private lateness = 0;
  private latenessAtMs = Number.NEGATIVE_INFINITY;
  private backoff = 0;
  /** Requests sent before this instant (ms) were paced before the last increase. */
  private backoffSinceMs = Number.NEGATIVE_INFINITY;

  constructor(spacingMs: number) {
    this.spacingMs = spacingMs;
  }

  /** The margin (ms) to keep beyond the spacing at `nowMs`. */
  current(nowMs: number): number {
    return this.baseMs() + Math.max(this.latenessTerm(nowMs), this.backoff);
  }

  /** The pacing timer fired `lateMs` after the moment it was set for. */
  timerLate(lateMs: number, nowMs: number): void {
    if (!(lateMs >= TIMER_NOISE_MS)) return;
    if (lateMs >= this.decayedLateness(nowMs)) {
      this.lateness = lateMs;
      this.latenessAtMs = nowMs;
    }
  }

  /** A request went out: the backoff creeps back. */
  sent(): void {
    const step = this.spacingMs * BACKOFF_DECREASE_FRACTION;
    // Less than half a step left is rounding, not backoff.
    this.backoff = this.backoff - step < step / 2 ? 0 : this.backoff - step;
  }

  /**
   * The gateway refused with 429 a request sent at `sentAtMs`, answered at `nowMs`: the margin
   * widens, unless that request was paced before the last widening.
   */
  rateLimited(sentAtMs: number, nowMs: number): void {
    if (sentAtMs < this.backoffSinceMs) return;
    this.backoff = Math.min(this.spacingMs * BACKOFF_CAP_FRACTION, this.backoff * BACKOFF_FACTOR + this.spacingMs * BACKOFF_STEP_FRACTION);
    this.backoffSinceMs = nowMs;
  }

  /** The base term alone (ms): the margin of a quiet PC. */
  baseMs(): number {
    return this.spacingMs * BASE_MARGIN_FRACTION;
  }

  private latenessTerm(nowMs: number): number {
    return Math.min(this.spacingMs * LATENESS_CAP_FRACTION, this.decayedLateness(nowMs));
  }

  private decayedLateness(nowMs: number): number {
    if (this.lateness === 0) return 0;
    const age = Math.max(0, nowMs - this.latenessAtMs);
    return this.lateness * 0.5 ** (age / LATENESS_HALF_LIFE_MS);
  }
}
