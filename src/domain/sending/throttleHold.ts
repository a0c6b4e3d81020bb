// How long nothing goes after a 429 from the gateway.
//
// The live gateway's 429s carry no Retry-After: SpikeArrest and Quota raise their faults through
// the proxy's catch-all error (summary-care-record-api proxies/live/policies/
// AssignMessage.CatchallErrorMessage.xml), which sets the body and no header, and the two read
// the same (code throttled, TOO_MANY_REQUESTS). What each needs differs by a factor of 300:
//   SpikeArrest  the next request must arrive one spacing (200 ms at 5/s) after the last one it
//                admitted: a hold of one spacing is enough, and a longer one only loses slots
//                (a flat 1 s hold cost five requests per 429);
//   Quota        nothing is admitted until the next calendar minute: up to 60 s.
// So the hold starts at one spacing and doubles while it proves too short, that is for each
// 429 to a request sent after the last hold began (requests already on their way when it began
// say nothing about it), up to HOLD_CAP_MS, which outlasts a calendar minute: a Quota refusal
// costs about ten refused requests over about 100 s, a SpikeArrest refusal one spacing. An
// admitted request sent after the last hold began ends the doubling. A Retry-After, when a
// gateway sends one, is honoured: the hold is the longer of the two.
//
// Pure: times are ms on the caller's monotonic clock.

/** The longest hold without a Retry-After (ms): longer than a calendar minute. */
export const HOLD_CAP_MS = 64_000;
/** The first hold when the limit is unknown (the rate limit lifted in Settings) (ms). */
export const UNKNOWN_LIMIT_HOLD_MS = 1000;

export class ThrottleHold {
  private readonly firstHoldMs: number;
  /** Doublings of the next hold. */
  private level = 0;
  /** A hold is in force or has not yet been followed by an admitted request. */
  private escalating = false;
  /** When the last hold began (ms): 429s to requests sent before it do not double the next. */
  private sinceMs = Number.NEGATIVE_INFINITY;

  /** `spacingMs`: the gateway's least gap between requests; Infinity-rate limits pass 0. */
  constructor(spacingMs: number) {
    this.firstHoldMs = spacingMs > 0 && Number.isFinite(spacingMs) ? spacingMs : UNKNOWN_LIMIT_HOLD_MS;
  }

  /**
   * The request sent at `sentAtMs` was refused with 429 at `answeredAtMs`, with the gateway's
   * Retry-After (ms) or null: the hold (ms from `answeredAtMs`).
   */
  refused(sentAtMs: number, answeredAtMs: number, retryAfterMs: number | null): number {
    if (sentAtMs >= this.sinceMs) {
      if (this.escalating) this.level++;
      this.escalating = true;
      this.sinceMs = answeredAtMs;
    }
    const holdMs = Math.min(HOLD_CAP_MS, this.firstHoldMs * 2 ** this.level);
    return Math.max(holdMs, retryAfterMs ?? 0);
  }

  /** The request sent at `sentAtMs` got an answer other than 429: the gateway admitted it. */
  admitted(sentAtMs: number): void {
    if (sentAtMs < this.sinceMs) return;
    this.escalating = false;
    this.level = 0;
  }
}
