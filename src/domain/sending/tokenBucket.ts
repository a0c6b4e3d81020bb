// The client-side rate limiter for uploads: a token bucket, so the app never exceeds the
// national API's limit (5 requests/s per application) however long each request takes.
// Pure: the caller passes the time (epoch ms) and sleeps for the wait it is given.
//
// `take(nowMs)` takes a token only if one is there now; otherwise it takes nothing and says how
// long until one will be. The caller sleeps and asks again. Accounting by the moment a token is
// really used (not by a reservation made before sleeping) matters: a timer that fires late must
// not let the following requests bunch up to "catch up" with the schedule.
//
// Burst and a sliding window: a bucket of `burst` tokens refilled at `perSecond` lets through at
// most `burst + perSecond - 1` requests in any sliding second. The national limit is enforced
// per sliding second (the loopback Spine does the same), so `burst: 1` (the default) is the only
// setting that keeps within it; larger bursts trade that guarantee for a quicker start.
// Requests spaced exactly at the limit can still arrive bunched by network jitter: a 429 is
// handled (everyone waits for its Retry-After), and a rate a little under the limit avoids it.

export interface RateLimit {
  /** Requests per second; `Infinity` = unlimited (benchmarks against the loopback Spine). */
  readonly perSecond: number;
  /** Tokens the bucket holds when full: requests that may go back to back (whole number >= 1). */
  readonly burst: number;
}

/** The national API's limit: 5 requests/s per application, one at a time. */
export const NATIONAL_RATE_LIMIT: RateLimit = { perSecond: 5, burst: 1 };
export const UNLIMITED_RATE: RateLimit = { perSecond: Number.POSITIVE_INFINITY, burst: 1 };

export function checkRateLimit(limit: RateLimit): RateLimit {
  if (!(limit.perSecond > 0)) throw new RangeError(`perSecond must be above 0, got ${limit.perSecond}`);
  if (!Number.isInteger(limit.burst) || limit.burst < 1) throw new RangeError(`burst must be a whole number from 1, got ${limit.burst}`);
  return limit;
}

export class TokenBucket {
  private readonly limit: RateLimit;
  /** Tokens available at `updatedAtMs`, 0 to burst. */
  private tokens: number;
  private updatedAtMs: number;
  /** No token is usable before this instant (epoch ms): a 429's Retry-After stops everyone. */
  private heldUntilMs = Number.NEGATIVE_INFINITY;

  constructor(limit: RateLimit, nowMs: number) {
    this.limit = checkRateLimit(limit);
    this.tokens = limit.burst;
    this.updatedAtMs = nowMs;
  }

  /**
   * Takes a token if one is available at `nowMs` and returns 0; otherwise takes nothing and
   * returns the wait in ms (whole, never early) until one is, or until a 429's hold ends.
   */
  take(nowMs: number): number {
    const holdMs = Math.max(0, Math.ceil(this.heldUntilMs - nowMs));
    if (holdMs > 0) return holdMs;
    if (this.limit.perSecond === Number.POSITIVE_INFINITY) return 0;
    this.refill(nowMs);
    // A tiny tolerance: refill arithmetic in floating point must not leave 0.9999999 tokens.
    if (this.tokens >= 1 - 1e-9) {
      this.tokens = Math.max(0, this.tokens - 1);
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.limit.perSecond));
  }

  /** After a 429: nothing goes before `untilMs` (epoch ms). Never shortens an earlier hold. */
  holdUntil(untilMs: number): void {
    this.heldUntilMs = Math.max(this.heldUntilMs, untilMs);
  }

  /** When the current hold ends (epoch ms), or null if there is none at `nowMs`. */
  heldUntil(nowMs: number): number | null {
    return this.heldUntilMs > nowMs ? this.heldUntilMs : null;
  }

  private refill(nowMs: number): void {
    // A clock that steps back (wall clock adjusted) must not mint or destroy tokens.
    const elapsedMs = Math.max(0, nowMs - this.updatedAtMs);
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsedMs * this.limit.perSecond) / 1000);
    this.updatedAtMs = Math.max(this.updatedAtMs, nowMs);
  }
}
