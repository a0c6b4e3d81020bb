// The client-side rate limiter for uploads: a token bucket, so the app never exceeds the
// national API's limit (5 requests/s per application) however long each request takes.
// Pure: the caller passes the time (epoch ms) and sleeps for the wait it is given.
//
// `take(nowMs)` takes a token only if one is there now; otherwise it takes nothing and says how
// long until one will be. The caller sleeps and asks again. Accounting by the moment a token is
// really used (not by a reservation made before sleeping) matters: a timer that fires late must
// not let the following requests bunch up to "catch up" with the schedule.
//
// Burst and a sliding window: the national limit is enforced per sliding second (the loopback
// Spine does the same). `burst: 1` (the default) spaces requests evenly; a larger burst lets
// that many go back to back, and the window below still caps any second at ceil(perSecond).
// Requests spaced exactly at the limit still arrive bunched by a few ms of jitter, and the
// server then counts one too many in some second (measured: 80 of 875 requests refused at 5/s).
// So the bucket also keeps its own sliding window with a margin: at most ceil(perSecond)
// requests in any WINDOW_MS + WINDOW_MARGIN_MS. At 5/s that is 96% of the limit, and jitter
// below the margin can no longer cause a 429.

export interface RateLimit {
  /** Requests per second; `Infinity` = unlimited (benchmarks against the loopback Spine). */
  readonly perSecond: number;
  /** Tokens the bucket holds when full: requests that may go back to back (whole number >= 1). */
  readonly burst: number;
}

/** The national API's limit: 5 requests/s per application, one at a time. */
export const NATIONAL_RATE_LIMIT: RateLimit = { perSecond: 5, burst: 1 };
export const UNLIMITED_RATE: RateLimit = { perSecond: Number.POSITIVE_INFINITY, burst: 1 };

/** The server's window (ms) and the slack kept below it for jitter on the way (ms). */
export const WINDOW_MS = 1000;
export const WINDOW_MARGIN_MS = 40;

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
  /** When the last ceil(perSecond) tokens were taken (epoch ms), oldest first. */
  private recent: number[] = [];

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
    const windowWaitMs = this.windowWait(nowMs);
    if (windowWaitMs > 0) return windowWaitMs;
    this.refill(nowMs);
    // A tiny tolerance: refill arithmetic in floating point must not leave 0.9999999 tokens.
    if (this.tokens >= 1 - 1e-9) {
      this.tokens = Math.max(0, this.tokens - 1);
      this.recent.push(nowMs);
      if (this.recent.length > Math.ceil(this.limit.perSecond)) this.recent.shift();
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

  /** Wait (ms) until one more request keeps ceil(perSecond) in any window plus margin. */
  private windowWait(nowMs: number): number {
    const oldest = this.recent[0];
    if (oldest === undefined || this.recent.length < Math.ceil(this.limit.perSecond)) return 0;
    return Math.max(0, Math.ceil(oldest + WINDOW_MS + WINDOW_MARGIN_MS - nowMs));
  }

  private refill(nowMs: number): void {
    // A clock that steps back (wall clock adjusted) must not mint or destroy tokens.
    const elapsedMs = Math.max(0, nowMs - this.updatedAtMs);
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsedMs * this.limit.perSecond) / 1000);
    this.updatedAtMs = Math.max(this.updatedAtMs, nowMs);
  }
}
