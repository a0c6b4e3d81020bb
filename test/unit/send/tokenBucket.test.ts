// The pacer, call by call: requests spaced one gateway spacing plus a margin apart, measured from
// real use; the margin widens after a 429 and creeps back; a 429's hold stops
// everyone; the first requests of a session, and every request while answers come back quickly,
// wait for the last answer; time is injected.

import { describe, expect, it } from 'vitest';
import { CLOCK_SLACK_MS, COLD_AFTER_MS, ANSWER_WAIT_SPACINGS, ROUND_TRIPS_NEEDED } from '../../../src/domain/sending/answerGate';
import { BASE_MARGIN_FRACTION, CAP_FRACTION, STEP_FRACTION, TARGET_REFUSED_FRACTION } from '../../../src/domain/sending/pacingMargin';
import { NATIONAL_RATE_LIMIT, TokenBucket, UNLIMITED_RATE, checkRateLimit, type RateLimit } from '../../../src/domain/sending/tokenBucket';

const SPACING = 200;
/** The idle interval at 5/s: the spacing plus the base margin (205 ms). */
const IDLE = SPACING + SPACING * BASE_MARGIN_FRACTION;
/** The national Spine's answers take seconds. */
const SLOW_ANSWER_MS = 1500;
/** While paced by answers, how long the next request waits for the last answer at most (1 s). */
const ANSWER_WAIT_MS = SPACING * ANSWER_WAIT_SPACINGS;
const ANSWERED = { reachedSpine: true, rateLimited: false, retryAfterMs: null } as const;
const REFUSED = { reachedSpine: true, rateLimited: true, retryAfterMs: null } as const;

/** The moment the next request goes, coming back exactly when told, from `fromMs`. */
function sendAt(bucket: TokenBucket, fromMs: number): number {
  let now = fromMs;
  for (let wait = bucket.take(now); wait > 0; wait = bucket.take(now)) now += wait;
  return now;
}

/** Drives a bucket as the sender does (take; if told to wait, come back exactly then) and returns the grant times. */
function grants(bucket: TokenBucket, count: number, startMs: number): number[] {
  const times: number[] = [];
  let now = startMs;
  while (times.length < count) {
    const wait = bucket.take(now);
    if (wait === 0) times.push(now);
    else now += wait;
  }
  return times;
}

/**
 * A session whose first requests showed the Spine answering slowly (1.5 s): the margin alone
 * paces from then on. Returns the bucket and a moment at which the next request may go.
 */
function slowSession(limit: RateLimit = NATIONAL_RATE_LIMIT): { bucket: TokenBucket; now: number } {
  const bucket = new TokenBucket(limit, 0);
  let now = 0;
  for (let i = 0; i < ROUND_TRIPS_NEEDED; i++) {
    const t = sendAt(bucket, now);
    bucket.answered(t, t + SLOW_ANSWER_MS, ANSWERED);
    now = t + SLOW_ANSWER_MS;
  }
  return { bucket, now: now + 10_000 };
}

const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? 0));

describe('TokenBucket', () => {
  it('at the national limit, with slow answers: one request per 200 ms plus a 5 ms margin', () => {
    expect(IDLE).toBe(205);
    const { bucket, now } = slowSession();
    expect(gaps(grants(bucket, 6, now))).toEqual([205, 205, 205, 205, 205]);
  });

  it('sustains 97.5% of the limit on a quiet PC, and no calendar minute holds more than 293 (the Quota is 300)', () => {
    const { bucket, now } = slowSession();
    const times = grants(bucket, 3001, now);
    const perSecond = 3000 / (((times.at(-1) ?? 0) - now) / 1000);
    expect(perSecond).toBeCloseTo(5 / (1 + BASE_MARGIN_FRACTION), 6);
    const perMinute = new Map<number, number>();
    for (const t of times) perMinute.set(Math.floor(t / 60_000), (perMinute.get(Math.floor(t / 60_000)) ?? 0) + 1);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(293);
  });

  it('a session starts by waiting for each answer, up to 1 s, one spacing after it, until it knows how the Spine answers', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    expect(bucket.take(0)).toBe(0);
    // The first request also opens the connection: the second waits for its answer...
    expect(bucket.take(0)).toBe(ANSWER_WAIT_MS);
    bucket.answered(0, 700, ANSWERED);
    expect(bucket.take(700)).toBe(SPACING + CLOCK_SLACK_MS);
    // ...and without one goes after 1 s all the same.
    const second = sendAt(bucket, 700);
    expect(sendAt(bucket, second)).toBe(second + ANSWER_WAIT_MS);
  });

  it('after a quiet spell of 30 s the next requests learn again', () => {
    const { bucket, now } = slowSession();
    const last = sendAt(bucket, now);
    expect(bucket.take(last)).toBe(IDLE);
    const later = last + COLD_AFTER_MS;
    expect(sendAt(bucket, later)).toBe(later);
    expect(bucket.take(later)).toBe(ANSWER_WAIT_MS);
  });

  it('takes nothing while telling the caller to wait', () => {
    const { bucket, now } = slowSession({ perSecond: 2, burst: 1 });
    expect(bucket.take(now)).toBe(0);
    expect(bucket.take(now)).toBe(513); // 500 + 2.5%, rounded up: never early
    expect(bucket.take(now + 100)).toBe(413);
    expect(bucket.take(now + 512)).toBe(1);
    expect(bucket.take(now + 513)).toBe(0);
  });

  it('a burst of 5 lets five go at once; the next five wait five intervals', () => {
    const { bucket, now } = slowSession({ perSecond: 5, burst: 5 });
    const times = grants(bucket, 8, now).map((t) => t - now);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(times.slice(5)).toEqual([5 * IDLE, 5 * IDLE, 5 * IDLE]);
  });

  it('a late timer earns no catch-up burst and leaves the margin as it was (spacing counts from the real send)', () => {
    const { bucket, now } = slowSession();
    expect(bucket.take(now)).toBe(0);
    expect(bucket.take(now)).toBe(IDLE);
    // The caller's timer fires 12 ms late: the gap is measured from this real send...
    expect(bucket.take(now + IDLE + 12)).toBe(0);
    // ...so the next one keeps the quiet interval from there, no less and no more.
    expect(bucket.take(now + IDLE + 12)).toBe(IDLE);
    expect(bucket.intervalMs()).toBe(IDLE);
  });

  it('a 429 widens the interval by a fiftieth of the spacing (4 ms); each request sent takes a ninety-ninth of that off', () => {
    const { bucket, now } = slowSession();
    const step = SPACING * STEP_FRACTION;
    expect(step).toBe(4);
    const first = sendAt(bucket, now);
    bucket.answered(first, first + 5, REFUSED);
    expect(bucket.intervalMs()).toBe(IDLE + step);
    // A 429 for a request sent after that widening widens it again.
    const second = sendAt(bucket, first + 5);
    expect(second - first).toBe(IDLE + step);
    bucket.answered(second, second + 5, REFUSED);
    const down = step * (TARGET_REFUSED_FRACTION / (1 - TARGET_REFUSED_FRACTION));
    expect(down).toBeCloseTo(4 / 99, 9);
    // (The request sent in between took its decrease off first.)
    expect(bucket.intervalMs()).toBeCloseTo(IDLE + 2 * step - down, 9);
    // 198 requests without a 429 take it back to the quiet interval: one 429 in a hundred
    // requests holds the margin where it is.
    const times = grants(bucket, 200, second + 1000);
    expect(gaps(times.slice(0, 2))[0]).toBeGreaterThanOrEqual(IDLE + 2 * step - 2 * down - 1);
    expect(gaps(times.slice(-3))).toEqual([IDLE, IDLE]);
  });

  it('429s for requests sent before the last widening do not widen it again (one increase per episode)', () => {
    const { bucket, now } = slowSession();
    const sent = grants(bucket, 4, now);
    for (const [i, t] of sent.entries()) bucket.answered(t, t + 2000 + i, REFUSED);
    expect(bucket.intervalMs()).toBe(IDLE + SPACING * STEP_FRACTION);
  });

  it('the widening is capped: at most half a spacing more than the quiet interval', () => {
    const { bucket, now: start } = slowSession();
    let now = start;
    for (let i = 0; i < 40; i++) {
      const sentAt = sendAt(bucket, now);
      bucket.answered(sentAt, sentAt + 1, REFUSED);
      now = sentAt + 1;
    }
    expect(bucket.intervalMs()).toBe(IDLE + SPACING * CAP_FRACTION);
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
    // Quick answers (10 ms round trips) make the answers the pace-setter.
    let now = 0;
    for (let i = 0; i < ROUND_TRIPS_NEEDED; i++) {
      const t = sendAt(bucket, now);
      bucket.answered(t, t + 10, ANSWERED);
      now = t + 10;
    }
    const sentAt = sendAt(bucket, now);
    // Unanswered, it waits for the answer, up to 1 s...
    expect(bucket.take(sentAt)).toBe(ANSWER_WAIT_MS);
    // ...a stalled request answered after 400 ms holds the next one until 200 ms after that...
    bucket.answered(sentAt, sentAt + 400, ANSWERED);
    expect(bucket.take(sentAt + 400)).toBe(SPACING + CLOCK_SLACK_MS);
    // ...and a prompt answer leaves the quiet interval in charge. The answer is matched to the
    // request although the sender read its clock a moment after the grant.
    const next = sentAt + 400 + SPACING + CLOCK_SLACK_MS;
    expect(bucket.take(next)).toBe(0);
    bucket.answered(next + 0.3, next + 1, ANSWERED);
    expect(bucket.take(next + 1)).toBe(IDLE - 1);
  });

  it('an answer for an earlier request does not open the way for the next one', () => {
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    const first = sendAt(bucket, 0);
    bucket.answered(first, first + 900, ANSWERED);
    const second = sendAt(bucket, first + 900);
    bucket.answered(first, second + 10, ANSWERED);
    expect(bucket.take(second + 10)).toBe(ANSWER_WAIT_MS - 10);
  });

  it('answers within the interval the margin keeps (median) count as quick; slower ones leave the pace to the margin', () => {
    const paced = (roundTripMs: number): number => {
      const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
      let now = 0;
      for (let i = 0; i < ROUND_TRIPS_NEEDED; i++) {
        const t = sendAt(bucket, now);
        bucket.answered(t, t + roundTripMs, ANSWERED);
        now = t + roundTripMs + 1000;
      }
      const t = sendAt(bucket, now);
      return bucket.take(t);
    };
    expect(paced(IDLE - 1)).toBe(ANSWER_WAIT_MS);
    expect(paced(IDLE + 1)).toBe(IDLE);
  });

  it('unlimited never waits, except for a 429 hold', () => {
    const bucket = new TokenBucket(UNLIMITED_RATE, 0);
    expect(grants(bucket, 1000, 0)).toEqual(new Array(1000).fill(0));
    bucket.holdUntil(10);
    expect(bucket.take(0)).toBe(10);
  });

  it('a clock that steps backwards neither stalls sending for the size of the step nor lets a burst through', () => {
    const { bucket, now } = slowSession();
    expect(bucket.take(now)).toBe(0);
    expect(bucket.take(now - 5_000)).toBe(IDLE);
    expect(bucket.take(now - 5_000 + IDLE)).toBe(0);
  });

  it('refuses settings that make no sense', () => {
    expect(() => checkRateLimit({ perSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => checkRateLimit({ perSecond: 5, burst: 0 })).toThrow(RangeError);
    expect(() => checkRateLimit({ perSecond: 5, burst: 1.5 })).toThrow(RangeError);
    expect(() => new TokenBucket({ perSecond: Number.NaN, burst: 1 }, 0)).toThrow(RangeError);
  });
});
