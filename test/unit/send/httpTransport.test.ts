// The HTTP Spine transport against the real loopback Spine (127.0.0.1, any free port, at its
// strict level: the service's rules, the schemas and strict R4): headers, 401 and the auth
// provider, timeouts and the re-send that meets the stored summary, HTML 503s, network errors;
// then ONE end-to-end run of the sender through it under the gateway's rate limit, with faults
// (some after storing, whose re-sends the Spine answers PSIS-30134) and a no-consent patient.

import 'fake-indexeddb/auto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/domain/model/runs';
import { classifyResponse } from '../../../src/domain/sending/classify';
import { BearerTokenProvider } from '../../../src/worker/send/auth';
import { HttpSpineTransport } from '../../../src/worker/send/httpTransport';
import { OutboxSender } from '../../../src/worker/send/sender';
import type { TransportResponse } from '../../../src/worker/send/transport';
import { systemClock } from '../../../src/worker/ports';
import { createSpineServer, type SpineServer } from '../../spine/server';
import { demoOutboxRows, freshDatabase, testUuid, until } from './support';

const URID = '555254240100';
const never = new AbortController().signal;

let spine: SpineServer;
beforeAll(async () => {
  spine = await createSpineServer({ port: 0, level: 'strict', acceptAnyToken: true });
});
afterAll(async () => {
  await spine.close();
});

function transport(options: Partial<ConstructorParameters<typeof HttpSpineTransport>[0]> = {}): HttpSpineTransport {
  return new HttpSpineTransport({ baseUrl: spine.url, auth: new BearerTokenProvider('training-token'), sessionUrid: URID, ...options });
}

const statusOf = (r: TransportResponse): number | string => (r.kind === 'response' ? r.status : r.kind);

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('HttpSpineTransport', () => {
  it('posts the stored body with the national headers; the Spine stores it under our ids', async () => {
    spine.reset();
    const [row] = demoOutboxRows(1);
    if (row === undefined) throw new Error('no row');
    const correlationId = testUuid();
    const answer = await transport().send({ requestId: row.requestId, body: row.body, correlationId }, never);
    expect(statusOf(answer)).toBe(201);
    const [stored] = spine.bundles(row.nhsNumber);
    // The message carries its ids upper case, as the Spine files them.
    expect(stored).toMatchObject({ requestId: row.requestId, correlationId, nhsNumber: row.nhsNumber, bundleIdentifier: row.bundleId.toUpperCase() });
    expect(stored?.bundle).toEqual(JSON.parse(row.body));
  });

  it('a 401 is answered as such, and the provider stops handing out the rejected token', async () => {
    spine.reset();
    spine.configure({ acceptAnyToken: false });
    try {
      const auth = new BearerTokenProvider('not-a-real-token');
      const t = transport({ auth });
      const [row] = demoOutboxRows(1);
      if (row === undefined) throw new Error('no row');
      const first = await t.send({ requestId: row.requestId, body: row.body, correlationId: testUuid() }, never);
      expect(statusOf(first)).toBe(401);
      expect(classifyResponse(first, Date.now()).kind).toBe('auth-expired');
      const second = await t.send({ requestId: row.requestId, body: row.body, correlationId: testUuid() }, never);
      expect(second).toEqual({ kind: 'auth-unavailable', message: 'no valid access token' });
      expect(spine.stats().requestsReceived).toBe(1);
      auth.setToken(spine.issueToken().access_token);
      expect(statusOf(await t.send({ requestId: row.requestId, body: row.body, correlationId: testUuid() }, never))).toBe(201);
    } finally {
      spine.configure({ acceptAnyToken: true });
    }
  });

  it('no answer within the limit is a timeout; the re-send meets the stored summary: PSIS-30134 for its own event, which is Sent', async () => {
    spine.reset();
    spine.configure({ acceptAnyToken: true, faults: { hang: 1 } });
    const [row] = demoOutboxRows(1);
    if (row === undefined) throw new Error('no row');
    const answer = await transport({ timeoutMs: 300 }).send({ requestId: row.requestId, body: row.body, correlationId: testUuid() }, never);
    expect(answer).toEqual({ kind: 'timeout', afterMs: 300 });
    spine.configure({ faults: { hang: 0 } });
    const again = await transport().send({ requestId: row.requestId, body: row.body, correlationId: testUuid() }, never);
    expect(statusOf(again)).toBe(400);
    expect(again.kind === 'response' ? again.bodyText : '').toContain(`[PSIS-30134] - Duplicate event with eventId ${row.compositionId.toUpperCase()}`);
    expect(classifyResponse(again, Date.now(), [row.compositionId, row.bundleId]).kind).toBe('already-stored');
    expect(spine.stats()).toMatchObject({ bundlesStored: 1, duplicatesRefused: { replayedRequestIds: 0, psisDuplicates: 1 } });
  });

  it('a 503 HTML page comes back with its content type', async () => {
    spine.reset();
    spine.configure({ acceptAnyToken: true, faults: { '503': 1 } });
    const [row] = demoOutboxRows(1);
    if (row === undefined) throw new Error('no row');
    const answer = await transport().send({ requestId: row.requestId, body: row.body, correlationId: testUuid() }, never);
    expect(answer).toMatchObject({ kind: 'response', status: 503 });
    expect(answer.kind === 'response' && answer.headers.contentType?.startsWith('text/html')).toBe(true);
    expect(classifyResponse(answer, Date.now())).toMatchObject({ kind: 'transient', status: 503 });
    spine.reset();
  });

  it('nobody listening is a network error', async () => {
    const port = await closedPort();
    const answer = await transport({ baseUrl: `http://127.0.0.1:${port}` }).send({ requestId: testUuid(), body: '{}', correlationId: testUuid() }, never);
    expect(answer.kind).toBe('network-error');
  });

  it('refuses a session URID that is not digits', () => {
    expect(() => transport({ sessionUrid: 'abc' })).toThrow(RangeError);
  });
});

describe('OutboxSender + HttpSpineTransport against the loopback Spine', () => {
  it('under the gateway limit with faults: every message stored exactly once and counted Sent, the one without consent failed with its reason', async () => {
    const SERVER_LIMIT = 20;
    spine.reset();
    spine.configure({
      acceptAnyToken: true,
      rateLimitPerSecond: SERVER_LIMIT,
      latencyMs: { min: 5, max: 60 },
      faults: { '500': 0.04, '503': 0.04, '504': 0.04, hang: 0.02, reset: 0.04, malformed: 0.04 },
    });
    const all: OutboxMessage[] = demoOutboxRows(40);
    const noConsent = all[5];
    if (noConsent === undefined) throw new Error('no rows');
    spine.configure({ noConsentNhsNumbers: [noConsent.nhsNumber] });

    const db = freshDatabase('sender-http');
    await db.outbox.bulkAdd(all);
    const sender = new OutboxSender({
      db,
      transport: new HttpSpineTransport({ baseUrl: spine.url, auth: new BearerTokenProvider('training-token'), sessionUrid: URID, timeoutMs: 1000 }),
      clock: systemClock,
      // A little under the server's limit: requests spaced exactly at it can arrive bunched.
      rateLimit: { perSecond: SERVER_LIMIT * 0.8, burst: 1 },
      // Short rungs so retries happen within the test; enough of them that a message never
      // runs out of attempts by bad luck (fault rate 0.22: 0.22^13 per message).
      ladder: { name: 'test', delaysMs: new Array(12).fill(50) },
      concurrency: 5,
    });
    sender.start();
    try {
      await until(async () => (await db.outbox.where('state').anyOf('sent', 'failed').count()) === all.length, 'every message sent or failed');
    } finally {
      await sender.stop();
    }

    const stats = spine.stats();
    expect(stats.maxRequestsInOneSecond).toBeLessThanOrEqual(SERVER_LIMIT);
    const stored = await db.outbox.toArray();
    const failed = stored.filter((r) => r.state === 'failed');
    expect(failed.map((r) => r.requestId)).toEqual([noConsent.requestId]);
    expect(failed[0]?.failure).toMatch(/^No consent on Spine \(403\): /);
    const sent = stored.filter((r) => r.state === 'sent');
    expect(sent).toHaveLength(39);
    for (const r of sent) expect(stats.storedNhsNumbers[r.nhsNumber], r.nhsNumber).toBe(1);
    expect(Object.keys(stats.storedNhsNumbers)).toHaveLength(39);
    // A fault after storing (504, hang, reset, malformed) loses the 201; the re-send then meets
    // the stored summary, PSIS-30134 for the message's own event: counted Sent, not stored again.
    const alreadyOnSpine = sent.filter((r) => r.attempts.at(-1)?.outcome === 'already-on-spine');
    // (A PSIS-30134 answer can itself be lost to a fault and met again: at least one per such message.)
    expect(stats.duplicatesRefused.psisDuplicates).toBeGreaterThanOrEqual(alreadyOnSpine.length);
    // Every earlier attempt of a retried message says what went wrong; the last is the 201 or
    // the PSIS-30134 that found it stored.
    for (const r of sent) {
      expect([201, 400]).toContain(r.attempts.at(-1)?.status);
      for (const a of r.attempts.slice(0, -1)) expect(a.error).not.toBeNull();
    }
    // What the server received carried our request ids only.
    const ids = new Set(all.map((r) => r.requestId));
    expect(spine.bundles().every((b) => b.requestId !== null && ids.has(b.requestId))).toBe(true);
    spine.reset();
  });
});
