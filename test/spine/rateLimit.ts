// A sliding 1-second window of request times: the rate limiter (5 requests/s per
// application, as the national API) and the "most requests in any second" statistic.

export const WINDOW_MS = 1000;

export class SlidingWindow {
  private times: number[] = [];

  /** Requests in the window that ends at `now` (ms). */
  count(now: number): number {
    const cutoff = now - WINDOW_MS;
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) this.times.splice(0, drop);
    return this.times.length;
  }

  add(now: number): number {
    this.count(now);
    this.times.push(now);
    return this.times.length;
  }

  /** Whole seconds until the oldest request leaves the window: the Retry-After value. */
  retryAfterSeconds(now: number): number {
    const oldest = this.times[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }

  clear(): void {
    this.times = [];
  }
}

/** Admits at most `limit` requests in any sliding 1-second window; refused ones do not count. */
export class RateLimiter {
  private readonly window = new SlidingWindow();

  /** null when admitted, else the Retry-After in seconds. */
  admit(now: number, limit: number): number | null {
    if (limit > 0 && this.window.count(now) >= limit) return this.window.retryAfterSeconds(now);
    this.window.add(now);
    return null;
  }

  clear(): void {
    this.window.clear();
  }
}
