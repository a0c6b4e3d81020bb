// The hold after a 429: one gateway spacing for a SpikeArrest refusal, doubling while the hold
// proves too short (a Quota refusal lasts until the next calendar minute), back to one spacing
// once a request sent after the hold is admitted; a Retry-After is never cut short.

import { describe, expect, it } from 'vitest';
import { HOLD_CAP_MS, ThrottleHold, UNKNOWN_LIMIT_HOLD_MS } from '../../../src/domain/sending/throttleHold';
import { NATIONAL_RATE_LIMIT, TokenBucket } from '../../../src/domain/sending/tokenBucket';

const SPACING = 200;

describe('ThrottleHold', () => {
  it('a first 429 without a Retry-After holds for one spacing', () => {
    expect(new ThrottleHold(SPACING).refused(1000, 1010, null)).toBe(SPACING);
  });

  it('each 429 to a request sent after the last hold began doubles the hold, up to the cap, which outlasts a calendar minute', () => {
    const hold = new ThrottleHold(SPACING);
    const holds: number[] = [];
    let now = 0;
    for (let i = 0; i < 12; i++) {
      const h = hold.refused(now, now + 5, null);
      holds.push(h);
      now += 5 + h;
    }
    expect(holds).toEqual([200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, HOLD_CAP_MS, HOLD_CAP_MS, HOLD_CAP_MS]);
    expect(HOLD_CAP_MS).toBeGreaterThan(60_000);
    // A Quota refusal at the start of a minute is outlasted after ten refused requests.
    expect(holds.slice(0, 9).reduce((a, b) => a + b, 0)).toBeGreaterThan(60_000);
  });

  it('429s to requests already on their way when the hold began do not double it', () => {
    const hold = new ThrottleHold(SPACING);
    expect(hold.refused(0, 10, null)).toBe(200);
    expect(hold.refused(5, 12, null)).toBe(200);
    expect(hold.refused(8, 15, null)).toBe(200);
  });

  it('an admitted request sent after the hold ends the doubling; one sent before it does not', () => {
    const hold = new ThrottleHold(SPACING);
    hold.refused(0, 10, null);
    expect(hold.refused(300, 310, null)).toBe(400);
    hold.admitted(200); // sent before the second hold began
    expect(hold.refused(800, 810, null)).toBe(800);
    hold.admitted(1700);
    expect(hold.refused(60_000, 60_010, null)).toBe(200);
  });

  it("honours a Retry-After: the hold is never shorter than the gateway's", () => {
    const hold = new ThrottleHold(SPACING);
    expect(hold.refused(0, 10, 3000)).toBe(3000);
    expect(hold.refused(4000, 4010, 100)).toBe(400);
  });

  it('with the rate limit lifted (no spacing known) the first hold is a second', () => {
    expect(new ThrottleHold(0).refused(0, 1, null)).toBe(UNKNOWN_LIMIT_HOLD_MS);
    expect(new ThrottleHold(Number.POSITIVE_INFINITY).refused(0, 1, null)).toBe(UNKNOWN_LIMIT_HOLD_MS);
  });
});

describe('TokenBucket after a 429', () => {
  it('holds every request for one spacing after a lone SpikeArrest refusal, not a second', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    bucket.take(10_000);
    bucket.answered(10_000, 10_020, { reachedSpine: true, rateLimited: true, retryAfterMs: null });
    expect(bucket.heldUntil(10_020)).toBe(10_220);
  });

  it('holds for the Retry-After when the gateway sends one', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    bucket.take(10_000);
    bucket.answered(10_000, 10_020, { reachedSpine: true, rateLimited: true, retryAfterMs: 2000 });
    expect(bucket.heldUntil(10_020)).toBe(12_020);
  });

  it('holds even with the limit lifted', () => {
    const bucket = new TokenBucket({ perSecond: Number.POSITIVE_INFINITY, burst: 1 }, 0);
    bucket.take(0);
    bucket.answered(0, 5, { reachedSpine: true, rateLimited: true, retryAfterMs: null });
    expect(bucket.take(5)).toBe(UNKNOWN_LIMIT_HOLD_MS);
  });
});
