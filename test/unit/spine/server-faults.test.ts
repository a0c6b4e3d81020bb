// The loopback Spine's transient behaviours: the rate limit, latency, and each injected fault,
// including that a retry with the same X-Request-ID after a post-processing fault gets the
// recorded answer and nothing is stored twice.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../spine/config';
import { drawFault, drawLatency } from '../../spine/faults';
import { RateLimiter, SlidingWindow } from '../../spine/rateLimit';
import { sampleUploadBundle } from '../../spine/sampleBundle';
import type { SpineServer } from '../../spine/server';
import { issueCode, issueText, postBundle, startSpine } from './spineHelpers';

let spine: SpineServer;

beforeAll(async () => {
  spine = await startSpine();
});
afterAll(() => spine.close());
beforeEach(() => spine.reset());

function only(kind: FaultKind): { faults: Partial<Record<FaultKind, number>> } {
  return { faults: { [kind]: 1 } };
}

describe('rate limit', () => {
  it('admits 5 requests in a second and answers the rest 429 with Retry-After', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => postBundle(spine, sampleUploadBundle())));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const refused = replies.find((r) => r.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(issueCode(refused!)).toBe('throttled');

    const stats = spine.stats();
    expect(stats.bundlesStored).toBe(5);
    expect(stats.maxRequestsInOneSecond).toBe(8);
    expect(stats.byStatus).toEqual({ '201': 5, '429': 3 });

    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await postBundle(spine, sampleUploadBundle())).status).toBe(201);
  });

  it('can be changed or switched off', async () => {
    spine.configure({ rateLimitPerSecond: 0 });
    const replies = await Promise.all(Array.from({ length: 12 }, () => postBundle(spine, sampleUploadBundle())));
    expect(replies.every((r) => r.status === 201)).toBe(true);
    spine.configure({ rateLimitPerSecond: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1050));
    const limited = await Promise.all(Array.from({ length: 3 }, () => postBundle(spine, sampleUploadBundle())));
    expect(limited.map((r) => r.status).sort()).toEqual([201, 201, 429]);
  });

  it('uses a sliding window, not fixed seconds', () => {
    const limiter = new RateLimiter();
    const admitted = [0, 100, 200, 300, 400, 500, 999, 1000, 1099, 1100, 1101].map((t) => limiter.admit(t, 5) === null);
    // 0..400 fill the window; 500 and 999 are refused; 1000 and 1100 as the oldest leave it.
    expect(admitted).toEqual([true, true, true, true, true, false, false, true, false, true, false]);
    const window = new SlidingWindow();
    // A window ending at t covers (t - 1000, t]: at 1000 the request at 0 has left it.
    expect([0, 10, 999, 1000].map((t) => window.add(t))).toEqual([1, 2, 3, 3]);
  });
});

describe('latency and fault draws', () => {
  it('adds latency between min and max', async () => {
    spine.configure({ rateLimitPerSecond: 0, latencyMs: { min: 150, max: 150 } });
    const started = performance.now();
    expect((await postBundle(spine, sampleUploadBundle())).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(drawLatency({ min: 10, max: 30 }, () => 0.5)).toBe(20);
  });

  it('picks each fault with its rate', () => {
    const rates = { '500': 0.1, '503': 0.1, '504': 0.1, hang: 0.1, reset: 0.1, malformed: 0.1 };
    expect([0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65].map((r) => drawFault(rates, () => r))).toEqual([
      '500', '503', '504', 'hang', 'reset', 'malformed', null,
    ]);
  });
});

describe('faults before processing: nothing stored', () => {
  it('500 with the spec\'s UNKNOWN_ERROR body; a retry is processed normally', async () => {
    spine.configure(only('500'));
    const requestId = randomUUID();
    const r = await postBundle(spine, sampleUploadBundle(), { requestId });
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'unknown', details: { coding: [{ code: 'UNKNOWN_ERROR' }] } }],
    });
    expect(spine.stats().bundlesStored).toBe(0);
    spine.configure({ faults: { '500': 0 } });
    expect((await postBundle(spine, sampleUploadBundle(), { requestId })).status).toBe(201);
    expect(spine.stats().duplicatesRefused.replayedRequestIds).toBe(0);
  });

  it('503 whose body is HTML', async () => {
    spine.configure(only('503'));
    const r = await postBundle(spine, sampleUploadBundle());
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toContain('503 Service Temporarily Unavailable');
    expect(r.json).toBeUndefined();
    expect(spine.stats()).toMatchObject({ bundlesStored: 0, faultsInjected: { '503': 1 } });
  });
});

describe('faults after processing: stored, answer lost, the retry gets it', () => {
  async function retryAfterFault(requestId: string): Promise<void> {
    spine.configure({ faults: { '504': 0, hang: 0, reset: 0, malformed: 0 } });
    const retry = await postBundle(spine, sampleUploadBundle(), { requestId });
    expect(retry.status).toBe(201);
    const stats = spine.stats();
    expect(stats.bundlesStored).toBe(1);
    expect(stats.duplicatesRefused.replayedRequestIds).toBe(1);
  }

  it('504 transient', async () => {
    spine.configure(only('504'));
    const requestId = randomUUID();
    const r = await postBundle(spine, sampleUploadBundle(), { requestId });
    expect(r.status).toBe(504);
    expect(issueCode(r)).toBe('transient');
    expect(issueText(r)).toMatch(/timed out/);
    await retryAfterFault(requestId);
  });

  it('hang: no answer until the client gives up', async () => {
    spine.configure(only('hang'));
    const requestId = randomUUID();
    await expect(postBundle(spine, sampleUploadBundle(), { requestId, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await retryAfterFault(requestId);
  });

  it('reset: the connection is destroyed', async () => {
    spine.configure(only('reset'));
    const requestId = randomUUID();
    await expect(postBundle(spine, sampleUploadBundle(), { requestId })).rejects.toThrow(/fetch failed/);
    await retryAfterFault(requestId);
  });

  it('malformed: 502 with a truncated JSON body', async () => {
    spine.configure(only('malformed'));
    const requestId = randomUUID();
    const r = await postBundle(spine, sampleUploadBundle(), { requestId });
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(r.json).toBeUndefined();
    await retryAfterFault(requestId);
  });

  it('a mix of faults still stores every patient exactly once when clients retry', async () => {
    spine.configure({
      rateLimitPerSecond: 0,
      faults: { '500': 0.15, '503': 0.15, '504': 0.15, reset: 0.1, malformed: 0.1 },
    });
    const patients = ['9000000009', '9434765919', '9111231130', '9995000180', '9446245796', '9876543210'];
    const outcomes = await Promise.all(
      patients.map(async (nhsNumber) => {
        const bundle = sampleUploadBundle({ nhsNumber });
        const requestId = randomUUID();
        for (let attempt = 0; attempt < 50; attempt++) {
          const r = await postBundle(spine, bundle, { requestId }).catch(() => null);
          if (r !== null && [201, 403].includes(r.status)) return r.status;
        }
        return 0;
      }),
    );
    expect(outcomes).toEqual([201, 201, 403, 201, 201, 201]);
    expect(spine.stats().storedNhsNumbers).toEqual({
      '9000000009': 1, '9434765919': 1, '9995000180': 1, '9446245796': 1, '9876543210': 1,
    });
  });
});

describe('token expiry', () => {
  it('401 once tokens are expired by the test hook', async () => {
    const token = spine.issueToken().access_token;
    expect((await postBundle(spine, sampleUploadBundle(), { token })).status).toBe(201);
    const hook = await fetch(`${spine.url}/_test/expire-tokens`, { method: 'POST' });
    expect(hook.status).toBe(200);
    const r = await postBundle(spine, sampleUploadBundle(), { token });
    expect(r.status).toBe(401);
    expect(issueText(r)).toBe('Access token expired');
  });
});
