// The pacer, call by call: requests spaced one gateway spacing plus a margin apart, measured from
// real use; the margin widens on late timers and after a 429 and creeps back; a 429's hold stops
// everyone; quick answers pace the next request; time is injected.

import { describe, expect, it } from 'vitest';
import { CLOCK_SLACK_MS } from '../../../src/domain/sending/answerGate';
import { BACKOFF_STEP_FRACTION, BASE_MARGIN_FRACTION, LATENESS_CAP_FRACTION, LATENESS_HALF_LIFE_MS } from '../../../src/domain/sending/pacingMargin';
import { NATIONAL_RATE_LIMIT, TokenBucket, UNLIMITED_RATE, checkRateLimit } from '../../../src/domain/sending/tokenBucket';

const SPACING = 200;
/** The idle interval at 5/s: the spacing plus the base margin (205 ms). */
const IDLE = SPACING + SPACING * BASE_MARGIN_FRACTION;
const SLOW = { reachedSpine: true, rateLimited: false } as const;
const REFUSED = { reachedSpine: true, rateLimited: true } as const;

/** Drives a bucket as the sender does (take; if told to wait, come back exactly then) and returns the grant times. */
function grants(bucket: TokenBucket, count: number, startMs = 0): number[] {
  const times: number[] = [];
  let now = startMs;
  while (times.length < count) {
    const wait = bucket.take(now);
    if (wait === 0) times.push(now);
    else now += wait;
  }
  return times;
}

/** The moment the next request goes, coming back exactly when told, from `fromMs`. */
function sendAt(bucket: TokenBucket, fromMs: number): number {
  let now = fromMs;
  for (let wait = bucket.take(now); wait > 0; wait = bucket.take(now)) now += wait;
  return now;
}

const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? 0));

describe('TokenBucket', () => {
  it('defaults to the national limit: one request per 200 ms plus a 5 ms margin, from the first', () => {
    expect(IDLE).toBe(205);
    expect(grants(new TokenBucket(NATIONAL_RATE_LIMIT, 0), 6)).toEqual([0, 205, 410, 615, 820, 1025]);
  });

  it('sustains 97.5% of the limit on a quiet PC, and no calendar minute holds more than the Quota of 300', () => {
    const times = grants(new TokenBucket(NATIONAL_RATE_LIMIT, 0), 3001);
    const perSecond = 3000 / ((times.at(-1) ?? 0) / 1000);
    expect(perSecond).toBeCloseTo(5 / (1 + BASE_MARGIN_FRACTION), 6);
    const perMinute = new Map<number, number>();
    for (const t of times) perMinute.set(Math.floor(t / 60_000), (perMinute.get(Math.floor(t / 60_000)) ?? 0) + 1);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(293);
  });

  it('takes nothing while telling the caller to wait', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 1 }, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(513); // 500 + 2.5%, rounded up: never early
    expect(bucket.take(100)).toBe(413);
    expect(bucket.take(512)).toBe(1);
    expect(bucket.take(513)).toBe(0);
  });

  it('a burst of 5 lets five go at once; the next five wait five intervals', () => {
    const times = grants(new TokenBucket({ perSecond: 5, burst: 5 }, 0), 8);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(times.slice(5)).toEqual([5 * IDLE, 5 * IDLE, 5 * IDLE]);
  });

  it('a late timer earns no catch-up burst, and widens the margin by its lateness (the PC is busy)', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(IDLE);
    // The caller's timer fires 12 ms late: the gap is measured from this real send...
    expect(bucket.take(IDLE + 12)).toBe(0);
    // ...and the next one keeps 12 ms more than before.
    expect(bucket.take(IDLE + 12)).toBe(IDLE + 12);
    expect(bucket.intervalMs(IDLE + 12)).toBe(IDLE + 12);
  });

  it('lateness widens the margin at most by a tenth of the spacing, and halves every 20 s once timers are on time', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    bucket.take(0);
    bucket.take(0);
    bucket.take(IDLE + 80);
    const cap = SPACING * LATENESS_CAP_FRACTION;
    expect(cap).toBe(20);
    expect(bucket.intervalMs(IDLE + 80)).toBe(IDLE + cap);
    // 80 ms of lateness decays: after two half-lives (40 s) it is 20 ms, after three 10 ms.
    expect(bucket.intervalMs(IDLE + 80 + 2 * LATENESS_HALF_LIFE_MS)).toBeCloseTo(IDLE + 20, 6);
    expect(bucket.intervalMs(IDLE + 80 + 3 * LATENESS_HALF_LIFE_MS)).toBeCloseTo(IDLE + 10, 6);
  });

  it('a caller that comes back more than a spacing late was idle, not held up: no lateness is read into it', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    bucket.take(0);
    expect(bucket.take(0)).toBe(IDLE);
    expect(bucket.take(10_000)).toBe(0);
    expect(bucket.intervalMs(10_000)).toBe(IDLE);
  });

  it('a 429 widens the interval (AIMD: doubled plus an eighth of the spacing), and it creeps back one request at a time', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    const step = SPACING * BACKOFF_STEP_FRACTION;
    expect(step).toBe(25);
    bucket.take(0);
    bucket.answered(0, 5, REFUSED);
    expect(bucket.intervalMs(5)).toBe(IDLE + step);
    // A 429 for a request sent after that widening widens it again.
    bucket.take(IDLE + step);
    bucket.answered(IDLE + step, IDLE + step + 5, REFUSED);
    // (The request sent in between took its 0.1 ms off first.)
    expect(bucket.intervalMs(IDLE + step + 5)).toBeCloseTo(IDLE + 3 * step - 0.2, 6);
    // 748 requests without a 429 take off 0.1 ms each: 74.8 ms, back to the quiet interval.
    const times = grants(bucket, 751, 1000);
    expect(gaps(times.slice(0, 3))[0]).toBeGreaterThanOrEqual(IDLE + 3 * step - 1);
    expect(gaps(times.slice(-3))).toEqual([IDLE, IDLE]);
  });

  it('429s for requests sent before the last widening do not widen it again (one increase per episode)', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    const sent = grants(bucket, 4);
    for (const [i, t] of sent.entries()) bucket.answered(t, 2000 + i, REFUSED);
    expect(bucket.intervalMs(3000)).toBe(IDLE + SPACING * BACKOFF_STEP_FRACTION);
  });

  it('the widening is capped: at most one spacing more than the quiet interval', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    let now = 0;
    for (let i = 0; i < 10; i++) {
      const sentAt = sendAt(bucket, now);
      bucket.answered(sentAt, sentAt + 1, REFUSED);
      now = sentAt + 1;
    }
    expect(bucket.intervalMs(now)).toBe(IDLE + SPACING);
  });

  it('a 429 hold stops every request until it ends, and a shorter hold does not shorten it', () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 5 }, 0);
    bucket.holdUntil(3000);
    bucket.holdUntil(1000);
    expect(bucket.heldUntil(0)).toBe(3000);
    expect(bucket.take(0)).toBe(3000);
    expect(bucket.take(2500)).toBe(500);
    expect(bucket.take(3000)).toBe(0);
    expect(bucket.heldUntil(3000)).toBeNull();
  });

  it('while answers come back quickly, the next request goes one spacing after the last answer', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    // Five quick answers (10 ms round trips) make the answers the pace-setter.
    let now = 0;
    for (let i = 0; i < 5; i++) {
      const t = sendAt(bucket, now);
      bucket.answered(t, t + 10, SLOW);
      now = t + 10;
    }
    const sentAt = sendAt(bucket, now);
    // Unanswered, it waits up to half a spacing longer than the spacing for the answer...
    expect(bucket.take(sentAt)).toBe(SPACING * 1.5);
    // ...a stalled request answered after 60 ms holds the next one until 200 ms after that...
    bucket.answered(sentAt, sentAt + 60, SLOW);
    expect(bucket.take(sentAt + 60)).toBe(SPACING + CLOCK_SLACK_MS);
    // ...and a prompt answer leaves the quiet interval in charge.
    expect(bucket.take(sentAt + 60 + SPACING + CLOCK_SLACK_MS)).toBe(0);
    bucket.answered(sentAt + 262, sentAt + 263, SLOW);
    expect(bucket.take(sentAt + 263)).toBe(IDLE - 1);
  });

  it('slow answers (seconds, as the national Spine) leave the pace to the margin alone', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    const times = grants(bucket, 6);
    for (const t of times) bucket.answered(t, t + 1500, SLOW);
    expect(gaps(grants(bucket, 4, 20_000))).toEqual([IDLE, IDLE, IDLE]);
  });

  it('unlimited never waits, except for a 429 hold', () => {
    const bucket = new TokenBucket(UNLIMITED_RATE, 0);
    expect(grants(bucket, 1000)).toEqual(new Array(1000).fill(0));
    bucket.holdUntil(10);
    expect(bucket.take(0)).toBe(10);
  });

  it('a clock that steps backwards neither stalls sending for the size of the step nor lets a burst through', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 10_000);
    expect(bucket.take(10_000)).toBe(0);
    expect(bucket.take(5_000)).toBe(IDLE);
    expect(bucket.take(5_000 + IDLE)).toBe(0);
  });

  it('refuses settings that make no sense', () => {
    expect(() => checkRateLimit({ perSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => checkRateLimit({ perSecond: 5, burst: 0 })).toThrow(RangeError);
    expect(() => checkRateLimit({ perSecond: 5, burst: 1.5 })).toThrow(RangeError);
    expect(() => new TokenBucket({ perSecond: Number.NaN, burst: 1 }, 0)).toThrow(RangeError);
  });
});
