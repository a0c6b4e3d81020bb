// Counters for GET /_test/stats: what the loopback Spine received and did, so tests can
// assert outcomes (every patient stored exactly once, the rate limit respected).

import type { FaultKind } from './config';
import { SlidingWindow } from './slidingWindow';

export interface SpineStats {
  /** POST /Bundle requests received (all, including refused ones). */
  requestsReceived: number;
  bundlesStored: number;
  /** POST /Bundle answers by HTTP status ("201": 40, "429": 3, ...); hangs and resets have none. */
  byStatus: Record<string, number>;
  duplicatesRefused: {
    /** Retries answered from the record of their X-Request-ID. */
    replayedRequestIds: number;
    /** New request ids for an already stored document (400 PSIS-30134). */
    psisDuplicates: number;
  };
  /** The most POST /Bundle requests received in any sliding 1-second window. */
  maxRequestsInOneSecond: number;
  faultsInjected: Record<FaultKind, number>;
  /** Stored uploads per NHS number. */
  storedNhsNumbers: Record<string, number>;
  tokensIssued: number;
}

export class StatsRecorder {
  requestsReceived = 0;
  byStatus: Record<string, number> = {};
  replayedRequestIds = 0;
  psisDuplicates = 0;
  maxRequestsInOneSecond = 0;
  faultsInjected: Record<FaultKind, number> = { '500': 0, '503': 0, '504': 0, hang: 0, reset: 0, malformed: 0 };
  tokensIssued = 0;
  private readonly arrivals = new SlidingWindow();

  received(now: number): void {
    this.requestsReceived++;
    this.maxRequestsInOneSecond = Math.max(this.maxRequestsInOneSecond, this.arrivals.add(now));
  }

  answered(status: number): void {
    this.byStatus[String(status)] = (this.byStatus[String(status)] ?? 0) + 1;
  }

  snapshot(bundlesStored: number, storedNhsNumbers: Record<string, number>): SpineStats {
    return {
      requestsReceived: this.requestsReceived,
      bundlesStored,
      byStatus: { ...this.byStatus },
      duplicatesRefused: { replayedRequestIds: this.replayedRequestIds, psisDuplicates: this.psisDuplicates },
      maxRequestsInOneSecond: this.maxRequestsInOneSecond,
      faultsInjected: { ...this.faultsInjected },
      storedNhsNumbers,
      tokensIssued: this.tokensIssued,
    };
  }
}
