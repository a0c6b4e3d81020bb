// The gateway's limits as its proxy configures them: SpikeArrest 5ps (one request per 200 ms as
// requests arrive) and a Quota of 300 per calendar minute, both answered 429 with the gateway's
// OperationOutcome and, as the live gateway, no Retry-After (one on request, for clients' tests). Time is the server's injected clock, so nothing waits.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayLimiter } from '../../../src/domain/spine/gatewayLimits';
import { SlidingWindow } from '../../spine/slidingWindow';
import { sampleUploadBundle } from '../../spine/sampleBundle';
import type { SpineServer } from '../../spine/server';
import { postBundle, startSpine, type SpineReply } from './spineHelpers';

/** A calendar minute's start, in epoch ms (2026-01-15T10:30:00Z). */
const MINUTE = Date.UTC(2026, 0, 15, 10, 30);

let now = MINUTE;
let spine: SpineServer;

beforeAll(async () => {
  spine = await startSpine({ clock: () => now });
});
afterAll(() => spine.close());
beforeEach(() => {
  spine.reset();
  now = MINUTE;
});

const at = async (ms: number): Promise<SpineReply> => {
  now = MINUTE + ms;
  return postBundle(spine, sampleUploadBundle());
};

function expectThrottled(r: SpineReply, policy: string, retryAfter: string | null = null): void {
  expect(r.status).toBe(429);
  expect(r.headers.get('retry-after')).toBe(retryAfter);
  expect(r.json).toEqual({
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'throttled',
        details: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode', version: '1', code: 'TOO_MANY_REQUESTS', display: 'Too Many Requests' }] },
        diagnostics: expect.stringContaining(policy),
      },
    ],
  });
}

describe('the loopback Spine at its default limits', () => {
  it('refuses the second of two requests arriving 100 ms apart (SpikeArrest 5ps: one per 200 ms)', async () => {
    expect(spine.config()).toMatchObject({ rateLimitPerSecond: 5, quotaPerMinute: 300 });
    expect((await at(0)).status).toBe(201);
    expectThrottled(await at(100), 'SpikeArrest');
    // 200 ms after the last admitted one is soon enough; the refused one did not move the mark.
    expect((await at(200)).status).toBe(201);
    expectThrottled(await at(399), 'SpikeArrest');
    expect((await at(400)).status).toBe(201);
    expect(spine.stats()).toMatchObject({ bundlesStored: 3, byStatus: { '201': 3, '429': 2 } });
  });

  it('refuses the 301st request in a calendar minute (Quota), until the next minute starts', async () => {
    for (let i = 0; i < 300; i++) expect((await at(i * 200)).status, `request ${i + 1}`).toBe(201);
    expectThrottled(await at(59_900), 'Quota');
    expect((await at(60_000)).status).toBe(201);
    expect(spine.stats()).toMatchObject({ bundlesStored: 301, byStatus: { '201': 301, '429': 1 } });
  });

  it('with retryAfter on, a Retry-After says when a request would be admitted, in whole seconds', async () => {
    spine.configure({ retryAfter: true });
    await at(0);
    expectThrottled(await at(100), 'SpikeArrest', '1');
  });

  it('with retryAfter on, the Quota\'s Retry-After is the time left in the minute', async () => {
    spine.configure({ quotaPerMinute: 2, retryAfter: true });
    await at(0);
    await at(1_000);
    expectThrottled(await at(2_500), 'Quota', '58');
  });

  it('both can be changed or switched off', async () => {
    spine.configure({ rateLimitPerSecond: 0, quotaPerMinute: 0 });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await at(0)).status);
    expect(statuses.every((s) => s === 201)).toBe(true);
    spine.configure({ rateLimitPerSecond: 2 });
    expect((await at(1_000)).status).toBe(201);
    expect((await at(1_400)).status).toBe(429);
    expect((await at(1_500)).status).toBe(201);
  });
});

describe('GatewayLimiter', () => {
  const defaults = { ratePerSecond: 5, quotaPerMinute: 300 };

  it('SpikeArrest admits one request per 1000/rate ms as they arrive; refused ones do not count', () => {
    const limiter = new GatewayLimiter();
    const admitted = [0, 100, 199, 200, 250, 399, 400, 600, 601].map((t) => limiter.admit(MINUTE + t, defaults) === null);
    expect(admitted).toEqual([true, false, false, true, false, false, true, true, false]);
    expect(new GatewayLimiter().admit(0, { ratePerSecond: 0, quotaPerMinute: 0 })).toBeNull();
  });

  it('the Quota counts requests per calendar minute, SpikeArrest refusals included', () => {
    const limiter = new GatewayLimiter();
    const limits = { ratePerSecond: 5, quotaPerMinute: 3 };
    expect(limiter.admit(MINUTE + 59_000, limits)).toBeNull();
    expect(limiter.admit(MINUTE + 59_050, limits)).toEqual({ policy: 'SpikeArrest', retryAfterSeconds: 1 });
    expect(limiter.admit(MINUTE + 59_500, limits)).toBeNull();
    expect(limiter.admit(MINUTE + 59_800, limits)).toEqual({ policy: 'Quota', retryAfterSeconds: 1 });
    // A new calendar minute, not a sliding one.
    expect(limiter.admit(MINUTE + 60_000, limits)).toBeNull();
  });

  it('the most requests in any sliding second is kept for the statistics', () => {
    const window = new SlidingWindow();
    // A window ending at t covers (t - 1000, t]: at 1000 the request at 0 has left it.
    expect([0, 10, 999, 1000].map((t) => window.add(t))).toEqual([1, 2, 3, 3]);
  });
});
