// The token bucket: the rate holds, bursts are bounded, a 429 holds everyone, time is injected.

import { describe, expect, it } from 'vitest';
import { NATIONAL_RATE_LIMIT, TokenBucket, UNLIMITED_RATE, WINDOW_MARGIN_MS, checkRateLimit } from '../../../src/domain/sending/tokenBucket';

/** Drives a bucket as the sender does (take; if told to wait, move time on and ask again) and returns the grant times. */
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

/** The most grants in any sliding window (t - 1000, t], as the Spine counts. */
function maxInAnySecond(times: readonly number[]): number {
  let max = 0;
  for (const t of times) max = Math.max(max, times.filter((u) => u > t - 1000 && u <= t).length);
  return max;
}

describe('TokenBucket', () => {
  it('defaults to the national limit: 5 a second, 200 ms apart, every sixth request kept out of the first one\'s second with a margin', () => {
    const times = grants(new TokenBucket(NATIONAL_RATE_LIMIT, 0), 11);
    expect(times).toEqual([0, 200, 400, 600, 800, 1000 + WINDOW_MARGIN_MS, 1200 + WINDOW_MARGIN_MS, 1400 + WINDOW_MARGIN_MS, 1600 + WINDOW_MARGIN_MS, 1800 + WINDOW_MARGIN_MS, 2000 + 2 * WINDOW_MARGIN_MS]);
    expect(maxInAnySecond(times)).toBe(5);
    // Jitter up to the margin cannot bunch six into the server's second: 5 in any 1000 + margin ms.
    expect(times.every((t, i) => i < 5 || t - (times[i - 5] ?? 0) >= 1000 + WINDOW_MARGIN_MS)).toBe(true);
  });

  it('sustains over 95% of the configured rate (the rate holds within 5%)', () => {
    const times = grants(new TokenBucket(NATIONAL_RATE_LIMIT, 0), 3001);
    const perSecond = 3000 / ((times.at(-1) ?? 0) / 1000);
    expect(perSecond).toBeGreaterThan(4.75);
    expect(perSecond).toBeLessThanOrEqual(5);
  });

  it('a burst of 5 lets five go at once; the next five wait for the window to pass', () => {
    const times = grants(new TokenBucket({ perSecond: 5, burst: 5 }, 0), 8);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(times.slice(5)).toEqual([1000 + WINDOW_MARGIN_MS, 1000 + WINDOW_MARGIN_MS, 1000 + WINDOW_MARGIN_MS]);
    expect(maxInAnySecond(times)).toBe(5);
  });

  it('takes nothing while telling the caller to wait', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 1 }, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(500);
    expect(bucket.take(100)).toBe(400);
    expect(bucket.take(500)).toBe(0);
  });

  it('a late caller does not earn a catch-up burst: spacing is measured from real use', () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 1 }, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(200);
    // The caller's timer fires 30 ms late.
    expect(bucket.take(230)).toBe(0);
    expect(bucket.take(230)).toBe(200);
    expect(bucket.take(429)).toBeGreaterThan(0);
    expect(bucket.take(430)).toBe(0);
  });

  it('an idle bucket fills only to its burst', () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 3 }, 0);
    const times = grants(bucket, 5, 60_000);
    expect(times).toEqual([60_000, 60_000, 60_000, 60_200, 60_400]);
  });

  it('a 429 hold stops every token until it ends, and a shorter hold does not shorten it', () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 5 }, 0);
    bucket.holdUntil(3000);
    bucket.holdUntil(1000);
    expect(bucket.heldUntil(0)).toBe(3000);
    expect(bucket.take(0)).toBe(3000);
    expect(bucket.take(2500)).toBe(500);
    expect(bucket.take(3000)).toBe(0);
    expect(bucket.heldUntil(3000)).toBeNull();
  });

  it('unlimited never waits, except for a 429 hold', () => {
    const bucket = new TokenBucket(UNLIMITED_RATE, 0);
    expect(grants(bucket, 1000)).toEqual(new Array(1000).fill(0));
    bucket.holdUntil(10);
    expect(bucket.take(0)).toBe(10);
  });

  it('a clock that steps backwards neither mints nor loses tokens', () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 1 }, 10_000);
    expect(bucket.take(10_000)).toBe(0);
    expect(bucket.take(5_000)).toBe(200);
    expect(bucket.take(10_200)).toBe(0);
  });

  it('refuses settings that make no sense', () => {
    expect(() => checkRateLimit({ perSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => checkRateLimit({ perSecond: 5, burst: 0 })).toThrow(RangeError);
    expect(() => checkRateLimit({ perSecond: 5, burst: 1.5 })).toThrow(RangeError);
    expect(() => new TokenBucket({ perSecond: Number.NaN, burst: 1 }, 0)).toThrow(RangeError);
  });
});
