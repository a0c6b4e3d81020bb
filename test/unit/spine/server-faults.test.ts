// The loopback Spine's injected faults and latency: faults before processing store nothing; after
// processing the upload is stored and the client does not hear it, so its retry meets PSIS-30134
// (as at the national service), or, with replayRequestIds, the recorded answer. Nothing is stored
// twice either way. (The gateway's limits: server-limits.test.ts.)

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../spine/config';
import { drawFault, drawLatency } from '../../spine/faults';
import { sampleUploadBundle, type SampleBundle } from '../../spine/sampleBundle';
import type { SpineServer } from '../../spine/server';
import { issueCode, issueText, postBundle, startSpine } from './spineHelpers';

let spine: SpineServer;

beforeAll(async () => {
  spine = await startSpine({ rateLimitPerSecond: 0, quotaPerMinute: 0 });
});
afterAll(() => spine.close());
beforeEach(() => spine.reset());

/** Waits for a condition the server reaches on its own (no fixed sleeps). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function only(kind: FaultKind): { faults: Partial<Record<FaultKind, number>> } {
  return { faults: { [kind]: 1 } };
}

describe('latency and fault draws', () => {
  it('draws latency uniformly between min and max', () => {
    expect([0, 0.5, 0.999].map((r) => drawLatency({ min: 10, max: 30 }, () => r))).toEqual([10, 20, 29.98]);
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
    expect(spine.stats().duplicatesRefused).toEqual({ replayedRequestIds: 0, psisDuplicates: 0 });
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

describe('faults after processing: stored, answer lost, the retry meets PSIS-30134', () => {
  async function retryAfterFault(requestId: string, bundle: SampleBundle): Promise<void> {
    spine.configure({ faults: { '504': 0, hang: 0, reset: 0, malformed: 0 } });
    const retry = await postBundle(spine, bundle, { requestId });
    expect(retry.status).toBe(400);
    expect(issueText(retry)).toBe(`[PSIS-30134] - Duplicate event with eventId ${bundle.entry[0].resource.identifier?.value ?? ''} and nhsNumber 9000000009.`);
    const stats = spine.stats();
    expect(stats.bundlesStored).toBe(1);
    expect(stats.duplicatesRefused).toEqual({ replayedRequestIds: 0, psisDuplicates: 1 });
  }

  it('504 transient', async () => {
    spine.configure(only('504'));
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    const r = await postBundle(spine, bundle, { requestId });
    expect(r.status).toBe(504);
    expect(issueCode(r)).toBe('transient');
    expect(issueText(r)).toMatch(/timed out/);
    await retryAfterFault(requestId, bundle);
  });

  it('hang: no answer until the client gives up', async () => {
    spine.configure(only('hang'));
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    const gaveUp = new AbortController();
    const attempt = postBundle(spine, bundle, { requestId, signal: gaveUp.signal });
    await until(() => spine.stats().bundlesStored === 1);
    gaveUp.abort();
    await expect(attempt).rejects.toThrow();
    await retryAfterFault(requestId, bundle);
  });

  it('reset: the connection is destroyed', async () => {
    spine.configure(only('reset'));
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    await expect(postBundle(spine, bundle, { requestId })).rejects.toThrow(/fetch failed/);
    await retryAfterFault(requestId, bundle);
  });

  it('malformed: 502 with a truncated JSON body', async () => {
    spine.configure(only('malformed'));
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    const r = await postBundle(spine, bundle, { requestId });
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(r.json).toBeUndefined();
    await retryAfterFault(requestId, bundle);
  });

  it('with replayRequestIds the retry gets the recorded 201 instead', async () => {
    spine.configure({ ...only('504'), replayRequestIds: true });
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    expect((await postBundle(spine, bundle, { requestId })).status).toBe(504);
    spine.configure({ faults: { '504': 0 } });
    expect((await postBundle(spine, bundle, { requestId })).status).toBe(201);
    expect(spine.stats()).toMatchObject({ bundlesStored: 1, duplicatesRefused: { replayedRequestIds: 1, psisDuplicates: 0 } });
  });

  it('a mix of faults still stores every patient exactly once when clients retry (PSIS-30134 then means stored)', async () => {
    spine.configure({ faults: { '500': 0.15, '503': 0.15, '504': 0.15, reset: 0.1, malformed: 0.1 } });
    const patients = ['9000000009', '9434765919', '9111231130', '9995000180', '9446245796', '9876543210'];
    const outcomes = await Promise.all(
      patients.map(async (nhsNumber) => {
        const bundle = sampleUploadBundle({ nhsNumber });
        const requestId = randomUUID();
        for (let attempt = 0; attempt < 50; attempt++) {
          const r = await postBundle(spine, bundle, { requestId }).catch(() => null);
          if (r !== null && [201, 403].includes(r.status)) return r.status;
          if (r !== null && r.status === 400 && issueText(r).startsWith('[PSIS-30134]')) return 201;
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
