// The client-side pacing of uploads, so the app's own requests never draw a 429 from the national
// API gateway, however long each request takes and however busy the practice PC is.
//
// What it paces against (the API platform's proxy for the service, NHSDigital/summary-care-record-api
// proxies/live/apiproxy/policies/SpikeArrest.xml and Quota.xml): a SpikeArrest of 5ps, which
// Apigee enforces as ONE REQUEST PER 200 MS AS THEY ARRIVE (two arriving closer
// than that: 429, even within 5 in a second), and a Quota of 300 per calendar minute. So the
// rule is a minimum gap between consecutive arrivals, not a count per second: spacing =
// 1000/perSecond ms. Spacing every request at least that far apart also keeps any calendar minute
// under 60 × perSecond (at 5/s with the margin below: at most 293 in a minute, Quota 300).
//
// What the app can see: when it hands each request to fetch (a grant here) and when its answer
// comes back. What the gateway judges: arrival times. In between, a busy PC bunches requests,
// and the benchmark (bench/send.bench.ts) shows where: with the gateway model off the PC's CPU,
// the app handed requests to fetch at least 208 ms apart, Chromium's network stack began
// writing them (its sendStart) as little as 132 ms apart (from fetch to there: median 7 ms,
// 99% 45 ms, longest 121 ms, on a 2-core VM at a load average of 3-11), and the gateway saw
// what the network stack wrote within 3 ms (90%). Nothing slow sits between a grant and fetch:
// an access token is got before the slot (Transport.ready). So:
//
//   1. Spacing plus an adaptive margin (pacingMargin.ts), measured from the moment each request
//      really went (never from a schedule, so a late timer cannot cause a catch-up burst):
//      a base margin (5 ms at 5/s) and a term learnt from the gateway's 429s, which settles
//      where about 1% of requests are refused: the bunching of this PC's path, busy or not.
//   2. While the Spine answers within that interval, and for the first few requests of a session
//      (the first also opens the connection, and can arrive together with the next), pacing by
//      the answers (answerGate.ts): the next request goes one spacing after the last one's
//      answer came back, which bounds the arrival gap by causality whatever the delays; once
//      answers are known to be slow, the margin alone paces.
//   3. A 429 is a hold: nothing goes until it ends (throttleHold.ts: one spacing, doubling while
//      it proves too short, and never shorter than the gateway's Retry-After when it sends one).
//
// Options judged and not taken: a wider fixed margin (e.g. 40 ms) costs 17% of the rate on an
// idle PC and still draws 429s on a busy one (bunching of 50-100 ms was measured); counting per
// sliding second does not describe SpikeArrest at all (5 requests in 50 ms pass a sliding
// second and draw four 429s); widening the margin on the pacer's own late timers (the former
// design) did not foresee the bunching that draws 429s, and held a PC whose timers ran late
// under 0.889 of the limit (pacingMargin.ts compares the two as measured).
//
// What it cannot do: no 429 at all. While answers are slow the app learns of bunching only
// from a 429, and the browser's own path from fetch to its network stack varies by more than
// any margin that keeps 90% of the limit: measured on the benchmark's 2-core VM, 99% within
// 15 ms and up to 60 ms with the other engineers' load only, up to 412 ms with both cores kept
// busy. So about 1% of requests draw a 429 by design (pacingMargin.ts says why that is the
// better trade), each costs about one slot, and each is sent again with the same X-Request-ID.
//
// Pure: the caller passes the time (ms on a monotonic clock, so a wall clock stepping back or
// forward neither stalls nor bursts sending) and sleeps for the wait it is given; `take` grants
// a request only when one may go now.

import { AnswerGate, type AnswerSeen } from './answerGate';
import { PacingMargin } from './pacingMargin';
import { ThrottleHold } from './throttleHold';

export interface RateLimit {
  /** Requests per second; `Infinity` = unlimited (benchmarks against the loopback Spine). */
  readonly perSecond: number;
  /**
   * Requests that may go back to back after a quiet spell (whole number >= 1): at most `burst`
   * in any burst × (spacing + margin) ms. The national gateway's SpikeArrest admits no bursts: 1.
   */
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

/** What the answer to one request said, for pacing. */
export interface PacedAnswer extends AnswerSeen {
  /** The gateway refused it with 429. */
  readonly rateLimited: boolean;
  /** With a 429: the gateway's Retry-After (ms), or null when it sent none (the live one does not). */
  readonly retryAfterMs: number | null;
}

export class TokenBucket {
  private readonly limit: RateLimit;
  /** The gateway's minimum gap between arrivals (ms). */
  private readonly spacingMs: number;
  private readonly margin: PacingMargin;
  private readonly gate: AnswerGate;
  private readonly throttle: ThrottleHold;
  /** No request goes before this instant (ms): a 429's Retry-After stops everyone. */
  private heldUntilMs = Number.NEGATIVE_INFINITY;
  /** When the last `burst` requests went (ms), oldest first. */
  private recent: number[] = [];
  /** When the last wait handed out was due to end (ms), to see how late the caller came back. */
  private promisedAtMs: number | null = null;

  constructor(limit: RateLimit, _nowMs: number) {
    this.limit = checkRateLimit(limit);
    this.spacingMs = 1000 / limit.perSecond;
    this.margin = new PacingMargin(this.spacingMs);
    this.gate = new AnswerGate(this.spacingMs);
    this.throttle = new ThrottleHold(this.spacingMs);
  }

  /**
   * Grants a request if one may go at `nowMs` and returns 0; otherwise grants nothing and
   * returns the wait in ms (whole, never early) until one may, or until a 429's hold ends.
   */
  take(nowMs: number): number {
    const holdMs = Math.max(0, Math.ceil(this.heldUntilMs - nowMs));
    if (holdMs > 0) return holdMs;
    if (this.limit.perSecond === Number.POSITIVE_INFINITY) return 0;
    // A wall clock stepped back must not stall sending for the size of the step.
    this.recent = this.recent.map((t) => Math.min(t, nowMs));
    const dueAtMs = this.dueAt();
    if (nowMs < dueAtMs) {
      this.promisedAtMs = dueAtMs;
      return Math.max(1, Math.ceil(dueAtMs - nowMs));
    }
    // Waits are whole milliseconds, so a caller on time comes back up to 1 ms after the due
    // moment: that rounding is not held against the rate (the spacing counts from up to half
    // the base margin earlier, so the gap never shrinks below spacing + half of it). A caller
    // later than that is not credited: the gap counts from when the request really goes.
    let grantedAtMs = nowMs;
    if (this.promisedAtMs !== null) {
      const lateMs = nowMs - this.promisedAtMs;
      if (lateMs < 1) grantedAtMs = nowMs - Math.min(lateMs, this.margin.baseMs() / 2);
      this.promisedAtMs = null;
    }
    this.recent.push(grantedAtMs);
    if (this.recent.length > this.limit.burst) this.recent.shift();
    this.margin.sent();
    this.gate.sent(nowMs);
    return 0;
  }

  /** The answer (or the error) for the request granted at `sentAtMs` came at `answeredAtMs`. */
  answered(sentAtMs: number, answeredAtMs: number, answer: PacedAnswer): void {
    // Even with the limit lifted, a server that refuses is held off.
    if (answer.rateLimited) this.holdUntil(answeredAtMs + this.throttle.refused(sentAtMs, answeredAtMs, answer.retryAfterMs));
    else if (answer.reachedSpine) this.throttle.admitted(sentAtMs);
    if (this.limit.perSecond === Number.POSITIVE_INFINITY) return;
    this.gate.answered(sentAtMs, answeredAtMs, answer);
    if (answer.rateLimited) this.margin.rateLimited(sentAtMs, answeredAtMs);
  }

  /** Nothing goes before `untilMs` (ms). Never shortens an earlier hold. */
  holdUntil(untilMs: number): void {
    this.heldUntilMs = Math.max(this.heldUntilMs, untilMs);
  }

  /** When the current hold ends (ms), or null if there is none at `nowMs`. */
  heldUntil(nowMs: number): number | null {
    return this.heldUntilMs > nowMs ? this.heldUntilMs : null;
  }

  /** The gap (ms) kept now between two requests' departures, margin included (before the answer gate). */
  intervalMs(): number {
    return this.spacingMs + this.margin.current();
  }

  /** The earliest moment the next request may go (ms), holds aside. */
  private dueAt(): number {
    const burst = this.limit.burst;
    const oldest = this.recent.length < burst ? undefined : this.recent[this.recent.length - burst];
    const byMargin = oldest === undefined ? Number.NEGATIVE_INFINITY : oldest + burst * this.intervalMs();
    // The gate paces one request after another: it has no meaning for a limit that allows bursts.
    const byAnswer = burst === 1 ? this.gate.opensAt(this.intervalMs()) : Number.NEGATIVE_INFINITY;
    return Math.max(byMargin, byAnswer);
  }
}
