// The national API gateway's limits on POST /Bundle, as its proxy configures them
// (summary-care-record-api proxies/live: targets/scr-target.xml runs Quota, then SpikeArrest, for
// every request that passed authentication):
//   - Quota: at most N requests per calendar minute (minutes of the epoch clock, UTC);
//   - SpikeArrest "5ps": Apigee smooths a rate to one request per 1000/rate ms as requests
//     arrive, so a request less than 200 ms after the last admitted one is refused, even within
//     5 in a second.
// A request the Quota admits counts against it even when SpikeArrest then refuses it; one the
// Quota refuses counts for neither. One module for every stand-in of the gateway (the loopback
// Spine, the benchmark's gateway, the training Spine), so none is kinder than the real one.
// Pure: times are epoch milliseconds from the caller's clock, so tests move time instead of
// waiting.

const MINUTE_MS = 60_000;

export interface GatewayLimits {
  /** SpikeArrest rate per second; 0 = off. */
  readonly ratePerSecond: number;
  /** Quota per calendar minute; 0 = off. */
  readonly quotaPerMinute: number;
}

export interface Throttled {
  readonly policy: 'SpikeArrest' | 'Quota';
  /**
   * Whole seconds until a request would be admitted (at least 1): the Retry-After of a stand-in
   * asked to send one. The live gateway sends none.
   */
  readonly retryAfterSeconds: number;
}

const wholeSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export class GatewayLimiter {
  private lastAdmitted: number | null = null;
  private quotaMinute = Number.NaN;
  private quotaUsed = 0;

  /** null when admitted; otherwise which policy refused it and the Retry-After. */
  admit(now: number, limits: GatewayLimits): Throttled | null {
    const minute = Math.floor(now / MINUTE_MS);
    if (minute !== this.quotaMinute) {
      this.quotaMinute = minute;
      this.quotaUsed = 0;
    }
    if (limits.quotaPerMinute > 0) {
      if (this.quotaUsed >= limits.quotaPerMinute) return { policy: 'Quota', retryAfterSeconds: wholeSeconds((minute + 1) * MINUTE_MS - now) };
      this.quotaUsed++;
    }
    if (limits.ratePerSecond > 0) {
      const intervalMs = 1000 / limits.ratePerSecond;
      if (this.lastAdmitted !== null && now - this.lastAdmitted < intervalMs) {
        return { policy: 'SpikeArrest', retryAfterSeconds: wholeSeconds(this.lastAdmitted + intervalMs - now) };
      }
    }
    this.lastAdmitted = now;
    return null;
  }

  clear(): void {
    this.lastAdmitted = null;
    this.quotaMinute = Number.NaN;
    this.quotaUsed = 0;
  }
}
