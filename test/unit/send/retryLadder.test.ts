// The retry ladder (national and training presets) and Retry-After, seconds or an HTTP date.

import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, NATIONAL_LADDER, TRAINING_LADDER, maxAttempts, nextRetry } from '../../../src/domain/sending/retryLadder';
import { parseRetryAfter } from '../../../src/domain/sending/retryAfter';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('nextRetry', () => {
  it('follows the national ladder: 1 min, +30 min, +60 min, +2 h, +4 h, +8 h, +16 h, then gives up', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => {
      const d = nextRetry(NATIONAL_LADDER, n, 1_000_000, null);
      return d.kind === 'retry' ? d.atMs - 1_000_000 : null;
    });
    expect(delays).toEqual([1 * MIN, 30 * MIN, 60 * MIN, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR]);
    expect(nextRetry(NATIONAL_LADDER, 8, 0, null)).toEqual({ kind: 'give-up', attempts: 8 });
    expect(maxAttempts(NATIONAL_LADDER)).toBe(8);
  });

  it('the training preset is the same logic in seconds', () => {
    expect(TRAINING_LADDER.delaysMs).toEqual([1000, 2000, 5000, 10_000, 30_000]);
    expect(nextRetry(TRAINING_LADDER, 1, 0, null)).toEqual({ kind: 'retry', atMs: 1000 });
    expect(nextRetry(TRAINING_LADDER, 6, 0, null)).toEqual({ kind: 'give-up', attempts: 6 });
  });

  it('takes the later of the rung and Retry-After', () => {
    expect(nextRetry(NATIONAL_LADDER, 1, 0, 5000)).toEqual({ kind: 'retry', atMs: MIN });
    expect(nextRetry(NATIONAL_LADDER, 1, 0, 5 * MIN)).toEqual({ kind: 'retry', atMs: 5 * MIN });
    expect(nextRetry(TRAINING_LADDER, 1, 100, 3000)).toEqual({ kind: 'retry', atMs: 3100 });
  });

  it('caps an absurd Retry-After and ignores a negative one', () => {
    expect(nextRetry(TRAINING_LADDER, 1, 0, 365 * 24 * HOUR)).toEqual({ kind: 'retry', atMs: MAX_RETRY_AFTER_MS });
    expect(nextRetry(TRAINING_LADDER, 1, 0, -5000)).toEqual({ kind: 'retry', atMs: 1000 });
  });

  it('a configured ladder is used as given', () => {
    const ladder = { name: 'custom', delaysMs: [10, 20] };
    expect(nextRetry(ladder, 2, 0, null)).toEqual({ kind: 'retry', atMs: 20 });
    expect(nextRetry(ladder, 3, 0, null).kind).toBe('give-up');
    expect(() => nextRetry(ladder, 0, 0, null)).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date (IMF-fixdate and the obsolete forms Date.parse knows)', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thursday, 01-Jan-26 12:01:00 GMT', now)).toBe(60_000);
  });

  it('a date in the past means now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('absent or unusable headers give null', () => {
    for (const value of [null, '', '   ', '-5', '1.5', 'soon', '5 seconds']) expect(parseRetryAfter(value, now)).toBeNull();
  });
});
