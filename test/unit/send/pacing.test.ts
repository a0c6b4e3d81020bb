// The app's pacing against a model of the national gateway (SpikeArrest: one request per 200 ms as
// they arrive; Quota: 300 per calendar minute) and of the way there from a quiet or a busy PC
// (spikeArrestModel.ts): what the gateway would refuse, and the rate it would see. Simulated
// time only: each run is thousands of requests in milliseconds.

import { describe, expect, it } from 'vitest';
import { NATIONAL_RATE_LIMIT, TokenBucket } from '../../../src/domain/sending/tokenBucket';
import { MEASURED_BUSY, MEASURED_IDLE, QUIET_PC, STARVED_LOOPBACK, admittedRateFrom, busyInSpells, fixedIntervalPacer, measuredPath, quickAnswersWithStalls, runModel, uniform, type PathModel } from './spikeArrestModel';

const LIMIT = NATIONAL_RATE_LIMIT.perSecond;
/** Ten minutes at the limit, as the benchmark's sustained window. */
const TEN_MINUTES = 3000;
/** The benchmark's warm-up before its window (ms): a session starts by learning how the Spine answers. */
const WARM_UP_MS = 30_000;

describe('pacing against the gateway (model)', () => {
  it('a quiet PC, answers in 1-3 s: no 429 in ten minutes, at least 95% of the limit after a warm-up, the Quota never reached', () => {
    for (const seed of [1, 2, 3]) {
      const run = runModel({ messages: TEN_MINUTES, path: QUIET_PC, seed });
      expect(run.spikeArrests + run.quotaRefusals, `seed ${seed}`).toBe(0);
      expect(admittedRateFrom(run, WARM_UP_MS) / LIMIT).toBeGreaterThanOrEqual(0.95);
      expect(run.busiestMinute).toBeLessThan(300);
    }
  });

  it('a PC busy in spells (late timers, requests up to 15 ms late on their way): about 1% refused, at least 90% of the limit after a warm-up', () => {
    for (const seed of [1, 2, 3]) {
      const run = runModel({ messages: TEN_MINUTES, path: busyInSpells(seed, 15), seed });
      expect(run.spikeArrests, `seed ${seed}`).toBeLessThanOrEqual(TEN_MINUTES * 0.015);
      expect(run.quotaRefusals, `seed ${seed}`).toBe(0);
      expect(admittedRateFrom(run, WARM_UP_MS) / LIMIT).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('the paths measured on the benchmark, idle and with both cores busy: the margin settles at about 1% refused', () => {
    for (const seed of [1, 2, 3]) {
      const idle = runModel({ messages: TEN_MINUTES, path: measuredPath(MEASURED_IDLE), seed });
      const busy = runModel({ messages: TEN_MINUTES, path: measuredPath(MEASURED_BUSY), seed });
      for (const [name, run] of [['idle', idle], ['busy', busy]] as const) {
        expect(run.spikeArrests, `${name}, seed ${seed}`).toBeGreaterThanOrEqual(TEN_MINUTES * 0.005);
        expect(run.spikeArrests, `${name}, seed ${seed}`).toBeLessThanOrEqual(TEN_MINUTES * 0.015);
        expect(run.quotaRefusals, `${name}, seed ${seed}`).toBe(0);
      }
      // Each 429 costs about one slot; the margin kept costs the rest.
      expect(admittedRateFrom(idle, WARM_UP_MS) / LIMIT, `seed ${seed}`).toBeGreaterThanOrEqual(0.93);
      expect(admittedRateFrom(busy, WARM_UP_MS) / LIMIT, `seed ${seed}`).toBeGreaterThanOrEqual(0.88);
    }
  });

  it('the same busy PC bunches requests a fixed 5 ms margin does not cover: the model bites', () => {
    const naive = runModel({ messages: TEN_MINUTES, path: busyInSpells(1, 15), seed: 1, pacer: fixedIntervalPacer(205) });
    expect(naive.spikeArrests).toBeGreaterThan(10);
  });

  it('quick answers with requests stalled 40-90 ms on their way (timers on time): no 429, by pacing on the answers', () => {
    const path = quickAnswersWithStalls(0.05);
    const paced = runModel({ messages: 1000, path, seed: 4 });
    expect(paced.spikeArrests).toBe(0);
    expect(paced.smallestArrivalGapMs).toBeGreaterThanOrEqual(200);
    // Spacing alone, even with 40 ms to spare, is caught out by the stalls.
    const spaced = runModel({ messages: 1000, path, seed: 4, pacer: fixedIntervalPacer(240) });
    expect(spaced.spikeArrests).toBeGreaterThan(5);
  });

  it('a loopback Spine on a starved PC (requests stamped up to 500 ms late, answers within 250 ms): no 429, by pacing on the answers', () => {
    const paced = runModel({ messages: 1000, path: STARVED_LOOPBACK, seed: 9 });
    expect(paced.spikeArrests).toBe(0);
    // It costs rate (each request waits for the last answer), never less than half the limit.
    expect(paced.admittedPerSecond / LIMIT).toBeGreaterThanOrEqual(0.5);
    // Half a spacing of margin is not enough.
    const spaced = runModel({ messages: 1000, path: STARVED_LOOPBACK, seed: 9, pacer: fixedIntervalPacer(300) });
    expect(spaced.spikeArrests).toBeGreaterThan(10);
  });

  it('the first request opens the connection (250 ms): the second waits for its answer instead of arriving with it', () => {
    let first = true;
    const path: PathModel = {
      ...QUIET_PC,
      toGatewayMs: (r) => {
        const opening = first;
        first = false;
        return uniform(r, 1, 4) + (opening ? 250 : 0);
      },
    };
    const paced = runModel({ messages: 50, path, seed: 8 });
    expect(paced.spikeArrests).toBe(0);
    first = true;
    const naive = runModel({ messages: 50, path, seed: 8, pacer: fixedIntervalPacer(205) });
    expect(naive.spikeArrests).toBe(1);
  });

  it('a path that bunches badly for a minute: after a 429 the pace slows and holds, then creeps back up', () => {
    // From 60 s to 120 s requests take 0-60 ms more on their way, timers on time: the margin
    // learns only from 429s. Before and after, a quiet PC.
    const rough = (at: number): boolean => at >= 60_000 && at < 120_000;
    const path: PathModel = {
      timerLateMs: (r) => uniform(r, 0, 1),
      toGatewayMs: (r, at) => uniform(r, 1, 4) + (rough(at) ? uniform(r, 0, 60) : 0),
      answerMs: (r) => uniform(r, 1000, 3000),
    };
    const bucket = new TokenBucket(NATIONAL_RATE_LIMIT, 0);
    const paced = runModel({ messages: TEN_MINUTES, path, seed: 5, pacer: bucket });
    const naive = runModel({ messages: TEN_MINUTES, path, seed: 5, pacer: fixedIntervalPacer(205) });
    expect(paced.spikeArrests).toBeGreaterThan(0);
    // Slowing down after each 429 keeps the refusals to a few, where a fixed pace keeps hitting the limit.
    expect(paced.spikeArrests).toBeLessThanOrEqual(naive.spikeArrests / 3);
    // The margin learnt in the rough minute is given back over the next few: the last two
    // minutes are at the limit's 95% again.
    const lastTwo = paced.admitted.filter((t) => t >= (paced.admitted.at(-1) ?? 0) - 120_000);
    const rate = (lastTwo.length - 1) / (((lastTwo.at(-1) ?? 0) - (lastTwo[0] ?? 0)) / 1000);
    expect(rate / LIMIT).toBeGreaterThanOrEqual(0.95);
  });

  it('a 429 without a Retry-After (as the live gateway sends them) holds for a spacing, not a second: fewer requests lost', () => {
    // A path that bunches by up to 60 ms all along: the margin settles after a few 429s.
    const path: PathModel = {
      timerLateMs: (r) => uniform(r, 0, 1),
      toGatewayMs: (r) => uniform(r, 1, 4) + uniform(r, 0, 60),
      answerMs: (r) => uniform(r, 1000, 3000),
    };
    for (const seed of [1, 2, 3]) {
      const live = runModel({ messages: 1000, path, seed });
      const withRetryAfter = runModel({ messages: 1000, path, seed, gateway: { spacingMs: 200, quotaPerMinute: 300, retryAfterMs: 1000 } });
      expect(live.spikeArrests, `seed ${seed}`).toBeGreaterThan(0);
      expect(live.spikeArrests, `seed ${seed}`).toBeLessThanOrEqual(withRetryAfter.spikeArrests);
      // Each 429 costs one spacing rather than five: measured 2-4% more of the limit.
      expect(live.admittedPerSecond / withRetryAfter.admittedPerSecond, `seed ${seed}`).toBeGreaterThan(1.01);
    }
  });

  it('a Quota refusal (nothing admitted until the next calendar minute) is waited out with a few requests, not hammered', () => {
    // A gateway whose Quota is a third of what the app paces for: every minute ends in refusals.
    const gateway = { spacingMs: 200, quotaPerMinute: 100, retryAfterMs: null };
    const run = runModel({ messages: 500, path: QUIET_PC, gateway, limit: NATIONAL_RATE_LIMIT, seed: 3 });
    expect(run.busiestMinute).toBeLessThanOrEqual(100);
    // About ten doubling holds per minute outlast it: far fewer refusals than the 200 slots left in each minute.
    const minutes = Math.ceil((run.admitted.at(-1) ?? 0) / 60_000);
    expect(run.quotaRefusals / minutes).toBeLessThanOrEqual(12);
  });

  it('a 429 with a Retry-After holds everyone for that long', () => {
    // A gateway tighter than the app thinks (spacing 250 ms, Retry-After 5 s): every refusal is
    // followed by five quiet seconds at the gateway.
    const gateway = { spacingMs: 250, quotaPerMinute: 0, retryAfterMs: 5000 };
    const run = runModel({ messages: 200, path: QUIET_PC, gateway, limit: NATIONAL_RATE_LIMIT, seed: 6 });
    expect(run.spikeArrests).toBeGreaterThan(0);
    // The margin learns 4 ms a 429: a gateway 45 ms tighter than the app was told takes a dozen.
    expect(run.spikeArrests).toBeLessThan(20);
    const gaps = run.admitted.slice(1).map((t, i) => t - (run.admitted[i] ?? 0));
    expect(gaps.filter((g) => g >= 5000).length).toBeGreaterThanOrEqual(run.spikeArrests - 1);
  });

  it('the training Spine\'s fast pace (100/s, in the same worker: no way to travel) keeps at least 90% with no 429', () => {
    // Waits are whole milliseconds: at a 10 ms spacing the rounding costs a few percent.
    const gateway = { spacingMs: 10, quotaPerMinute: 0, retryAfterMs: 1000 };
    const quick: PathModel = { timerLateMs: () => 0, toGatewayMs: () => 0, answerMs: (r) => uniform(r, 20, 120) };
    const run = runModel({ messages: 6000, path: quick, gateway, limit: { perSecond: 100, burst: 1 }, concurrency: 10, seed: 7 });
    expect(run.spikeArrests).toBe(0);
    expect(run.admittedPerSecond / 100).toBeGreaterThanOrEqual(0.9);
  });
});
