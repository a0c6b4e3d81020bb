// The sender in-process: fake-indexeddb, virtual time and a scripted transport. Every test
// asserts outcomes: the rows (state, attempts, failure), what the transport received, counts.
// Over 300 lines: one class's behaviour shares one fixture (database, virtual time, scripted transport); split, each file would repeat it.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ScrDatabase } from '../../../src/db/database';
import type { OutboxMessage } from '../../../src/domain/model/runs';
import { ladderAttempts } from '../../../src/domain/sending/outboxTransition';
import { NATIONAL_LADDER, TRAINING_LADDER, type RetryLadder } from '../../../src/domain/sending/retryLadder';
import { NATIONAL_RATE_LIMIT, UNLIMITED_RATE, type RateLimit } from '../../../src/domain/sending/tokenBucket';
import type { OutboxCounts } from '../../../src/worker/send/outboxStore';
import { OutboxSender, type SenderStatus } from '../../../src/worker/send/sender';
import { TrainingSpineTransport } from '../../../src/worker/send/trainingSpine';
import type { OutgoingMessage, Transport, TransportResponse } from '../../../src/worker/send/transport';
import { CREATED, ScriptedTransport, VirtualTime, deferred, demoOutboxRows, freshDatabase, http, testUuid, until, type ReceivedRequest } from './support';

const MIN = 60_000;
const HTML_503 = '<html><head><title>503 Service Temporarily Unavailable</title></head><body>503 Service Temporarily Unavailable</body></html>';

interface Setup {
  readonly db: ScrDatabase;
  readonly time: VirtualTime;
  readonly rows: OutboxMessage[];
  readonly sender: OutboxSender;
  readonly statuses: SenderStatus[];
  readonly changes: OutboxCounts[];
}

const open: OutboxSender[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

async function setup(
  count: number,
  transport: (time: VirtualTime) => Transport,
  options: { ladder?: RetryLadder; rateLimit?: RateLimit; concurrency?: number; db?: ScrDatabase; rows?: OutboxMessage[] } = {},
): Promise<Setup & { transport: Transport }> {
  const db = options.db ?? freshDatabase('sender');
  const time = new VirtualTime();
  const rows = options.rows ?? demoOutboxRows(count);
  if (options.db === undefined) await db.outbox.bulkAdd(rows);
  const statuses: SenderStatus[] = [];
  const changes: OutboxCounts[] = [];
  const t = transport(time);
  const sender = new OutboxSender({
    db,
    transport: t,
    clock: time,
    sleeper: time,
    rateLimit: options.rateLimit ?? UNLIMITED_RATE,
    ladder: options.ladder ?? NATIONAL_LADDER,
    concurrency: options.concurrency ?? 5,
    uuid: testUuid,
    onChange: (c) => changes.push(c),
    onStatus: (s) => statuses.push(s),
  });
  open.push(sender);
  return { db, time, rows, sender, statuses, changes, transport: t };
}

const scripted = (script: (r: ReceivedRequest, nth: number, index: number) => TransportResponse | Promise<TransportResponse>) => (time: VirtualTime) =>
  new ScriptedTransport(time, script);

async function settled(db: ScrDatabase, total: number): Promise<void> {
  await until(async () => (await db.outbox.where('state').anyOf('sent', 'failed').count()) === total, `${total} messages sent or failed`);
}

const row = async (db: ScrDatabase, requestId: string): Promise<OutboxMessage> => {
  const found = await db.outbox.get(requestId);
  if (found === undefined) throw new Error(`no row ${requestId}`);
  return found;
};

describe('OutboxSender', () => {
  it('sends every message once and records one attempt each; counts say so', async () => {
    const s = await setup(12, scripted(() => CREATED));
    s.sender.start();
    await settled(s.db, 12);
    await s.sender.stop();
    const transport = s.transport as ScriptedTransport;
    expect(transport.received.map((r) => r.requestId).sort()).toEqual(s.rows.map((r) => r.requestId).sort());
    expect(new Set(transport.received.map((r) => r.correlationId)).size).toBe(12);
    for (const r of transport.received) expect(r.body).toBe(s.rows.find((x) => x.requestId === r.requestId)?.body);
    const stored = await s.db.outbox.toArray();
    expect(stored.every((r) => r.state === 'sent' && r.attempts.length === 1 && r.attempts[0]?.status === 201 && r.failure === null)).toBe(true);
    expect(await s.sender.counts()).toEqual({ queued: 0, sending: 0, waiting: 0, sent: 12, failed: 0 });
    await until(() => s.changes.at(-1)?.sent === 12, 'onChange reports the final counts');
  });

  it('stopped and started again, with new messages queued meanwhile, it sends those too', async () => {
    const s = await setup(0, scripted(() => CREATED));
    s.sender.start();
    await s.sender.stop();
    const rows = demoOutboxRows(6);
    await s.db.outbox.bulkAdd(rows);
    s.sender.start();
    await settled(s.db, 6);
    await s.sender.stop();
    expect(await s.sender.counts()).toEqual({ queued: 0, sending: 0, waiting: 0, sent: 6, failed: 0 });
  });

  it.each([
    [400, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","details":{"text":"[PSIS-30418] - ACF does not permit access to resource"}}]}', 'Rejected by the Spine (400): [PSIS-30418] - ACF does not permit access to resource'],
    [413, '', 'Message too large for the Spine (413): the response had no body'],
    [403, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","details":{"text":"There\'s no patient\'s consent to store SCR"}}]}', "No consent on Spine (403): There's no patient's consent to store SCR"],
    [409, 'Conflict', 'Unexpected response (409): the response body was not JSON ("Conflict")'],
  ])('%i fails the message at once with its reason', async (status, body, reason) => {
    const s = await setup(1, scripted(() => http(status, body)));
    s.sender.start();
    await settled(s.db, 1);
    const [only] = s.rows;
    const stored = await row(s.db, only?.requestId ?? '');
    expect(stored).toMatchObject({ state: 'failed', failure: reason, attempts: [{ status, error: reason }] });
  });

  it.each<[string, TransportResponse]>([
    ['503 with an HTML page', http(503, HTML_503, { contentType: 'text/html' })],
    ['504', http(504, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient","details":{"text":"Request processing timed out"}}]}')],
    ['500', http(500, '{}')],
    ['502 with a truncated body', http(502, '{"resourceType":"OperationOutcome","issue":[{"severity":"err')],
    ['a timeout', { kind: 'timeout', afterMs: 30_000 }],
    ['a network error', { kind: 'network-error', message: 'fetch failed' }],
    ['an unexpected 200', http(200, '')],
  ])('%s is retried a minute later with the same X-Request-ID, then sent', async (_name, first) => {
    const s = await setup(1, scripted((_r, nth) => (nth === 1 ? first : CREATED)));
    s.sender.start();
    await settled(s.db, 1);
    const transport = s.transport as ScriptedTransport;
    const [only] = s.rows;
    const requests = transport.requestsFor(only?.requestId ?? '');
    expect(requests).toHaveLength(2);
    expect(requests[0]?.correlationId).not.toBe(requests[1]?.correlationId);
    expect((requests[1]?.atMs ?? 0) - (requests[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(MIN);
    const stored = await row(s.db, only?.requestId ?? '');
    expect(stored.state).toBe('sent');
    expect(stored.attempts.map((a) => a.status)).toEqual([first.kind === 'response' ? first.status : null, 201]);
    expect(stored.attempts[0]?.error).not.toBeNull();
  });

  it('a 429 without Retry-After (as the live gateway) is not the message\'s fault: it goes again once the short hold ends, not a rung later, and uses no rung', async () => {
    const s = await setup(1, scripted((_r, nth) => (nth <= 2 ? http(429, '') : CREATED)), { rateLimit: NATIONAL_RATE_LIMIT });
    s.sender.start();
    await settled(s.db, 1);
    const transport = s.transport as ScriptedTransport;
    const [only] = s.rows;
    const requests = transport.requestsFor(only?.requestId ?? '');
    expect(requests).toHaveLength(3);
    const gaps = requests.slice(1).map((r, i) => r.atMs - (requests[i]?.atMs ?? 0));
    // One spacing (200 ms at 5/s), then two as the hold proved too short; nowhere near the ladder's minute.
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[1]).toBeGreaterThanOrEqual(400);
    expect(Math.max(...gaps)).toBeLessThan(MIN);
    const stored = await row(s.db, only?.requestId ?? '');
    expect(stored.state).toBe('sent');
    expect(stored.attempts.map((a) => [a.status, a.outcome ?? null, a.repeats ?? 1])).toEqual([[429, 'throttled', 2], [201, null, 1]]);
    expect(ladderAttempts(stored)).toBe(1);
  });

  it('honours Retry-After when it is later than the rung, and throttles everyone meanwhile', async () => {
    const s = await setup(6, scripted((_r, _nth, index) => (index === 0 ? http(429, '', { retryAfter: '3' }) : CREATED)), { ladder: TRAINING_LADDER, concurrency: 1 });
    s.sender.start();
    await settled(s.db, 6);
    const transport = s.transport as ScriptedTransport;
    const first = transport.received[0];
    if (first === undefined) throw new Error('nothing sent');
    // Nobody was sent anything in the 3 s after the 429.
    expect(transport.received.slice(1).every((r) => r.atMs >= first.atMs + 3000)).toBe(true);
    const retried = await row(s.db, first.requestId);
    expect(retried.attempts.map((a) => a.status)).toEqual([429, 201]);
    expect(transport.requestsFor(first.requestId)[1]?.atMs ?? 0).toBeGreaterThanOrEqual(first.atMs + 3000);
  });

  it('climbs the whole national ladder with the same X-Request-ID, then fails with a reason', async () => {
    const s = await setup(1, scripted(() => http(503, HTML_503, { contentType: 'text/html' })));
    s.sender.start();
    await settled(s.db, 1);
    const [only] = s.rows;
    const requests = (s.transport as ScriptedTransport).requestsFor(only?.requestId ?? '');
    expect(requests).toHaveLength(8);
    const gaps = requests.slice(1).map((r, i) => r.atMs - (requests[i]?.atMs ?? 0));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(NATIONAL_LADDER.delaysMs[i] ?? Infinity));
    const stored = await row(s.db, only?.requestId ?? '');
    expect(stored.state).toBe('failed');
    expect(stored.attempts).toHaveLength(8);
    expect(stored.failure).toContain('No acknowledgement after 8 attempts');
    expect(stored.failure).toContain('Service unavailable (503)');
  });

  it('401: pauses for auth with no attempt used, then authRestored() sends it', async () => {
    let expired = true;
    const s = await setup(3, scripted(() => (expired ? http(401, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","details":{"text":"Access token expired"}}]}') : CREATED)), { concurrency: 1 });
    s.sender.start();
    await until(() => s.sender.status().holds.includes('auth'), 'auth hold');
    await until(async () => (await s.sender.counts()).queued === 3, 'every message back in the queue');
    const transport = s.transport as ScriptedTransport;
    const seen = transport.received.length;
    expect(seen).toBe(1);
    expect(s.sender.status().detail).toBe('Login expired (401): Access token expired');
    const untouched = await s.db.outbox.toArray();
    expect(untouched.every((r) => r.state === 'queued' && r.attempts.length === 0)).toBe(true);
    // Held: nothing more goes out, however long we wait.
    s.time.advance(60 * MIN);
    s.sender.wake();
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(transport.received.length).toBe(seen);

    expired = false;
    s.sender.authRestored();
    await settled(s.db, 3);
    const stored = await s.db.outbox.toArray();
    expect(stored.every((r) => r.state === 'sent' && r.attempts.length === 1)).toBe(true);
    expect(s.statuses.some((st) => st.holds.includes('auth'))).toBe(true);
    expect(s.sender.status().holds).toEqual([]);
  });

  it('offline: nothing is sent until setOnline(true)', async () => {
    const s = await setup(4, scripted(() => CREATED));
    s.sender.setOnline(false);
    s.sender.start();
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect((s.transport as ScriptedTransport).received).toHaveLength(0);
    expect(s.sender.status()).toMatchObject({ running: true, holds: ['offline'] });
    expect(await s.sender.counts()).toMatchObject({ queued: 4, sending: 0 });
    s.sender.setOnline(true);
    await settled(s.db, 4);
    expect((s.transport as ScriptedTransport).received).toHaveLength(4);
  });

  it('network errors: probes one at a time with growing waits until the network answers', async () => {
    let down = 4;
    const s = await setup(6, scripted(() => (down-- > 0 ? { kind: 'network-error', message: 'fetch failed' } : CREATED)), { concurrency: 3 });
    s.sender.start();
    await settled(s.db, 6);
    const transport = s.transport as ScriptedTransport;
    const stored = await s.db.outbox.toArray();
    expect(stored.every((r) => r.state === 'sent')).toBe(true);
    const failedFirst = stored.filter((r) => r.attempts.length === 2);
    expect(failedFirst.length).toBe(4);
    for (const r of failedFirst) expect(r.attempts[0]).toMatchObject({ status: null, error: 'Network error: fetch failed' });
    // Every message was received once per attempt, no more.
    expect(transport.received).toHaveLength(10);
  });

  it('a misconfigured endpoint (404) halts without failing anything; start() tries again', async () => {
    let wrong = true;
    const s = await setup(3, scripted(() => (wrong ? http(404, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"text":"No route"}}]}') : CREATED)), { concurrency: 1 });
    s.sender.start();
    await until(() => s.sender.status().holds.includes('endpoint'), 'endpoint hold');
    await until(async () => (await s.sender.counts()).queued === 3, 'messages back in the queue');
    expect(s.sender.status().detail).toBe('Spine endpoint not found (404): No route');
    wrong = false;
    s.sender.start();
    await settled(s.db, 3);
    expect((await s.db.outbox.toArray()).every((r) => r.state === 'sent' && r.attempts.length === 1)).toBe(true);
  });

  it('stop() waits for the requests in flight, records them, and leaves the rest queued', async () => {
    const answers: ((r: TransportResponse) => void)[] = [];
    const s = await setup(10, scripted(() => {
      const d = deferred<TransportResponse>();
      answers.push(d.resolve);
      return d.promise;
    }), { concurrency: 3 });
    s.sender.start();
    await until(() => answers.length === 3, 'three requests in flight');
    let stopped = false;
    const stopping = s.sender.stop().then(() => (stopped = true));
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    expect(await s.sender.counts()).toMatchObject({ sending: 3 });
    for (const answer of answers) answer(CREATED);
    await stopping;
    expect(await s.sender.counts()).toEqual({ queued: 7, sending: 0, waiting: 0, sent: 3, failed: 0 });
    expect((s.transport as ScriptedTransport).received).toHaveLength(3);
    expect(s.sender.status().running).toBe(false);

    // Resuming sends the rest, each once.
    s.sender.start();
    await until(() => answers.length === 6, 'three more in flight');
    for (;;) {
      const pending = answers.splice(0);
      for (const answer of pending) answer(CREATED);
      if ((await s.db.outbox.where('state').equals('sent').count()) === 10) break;
      await new Promise((r) => setImmediate(r));
    }
    const ids = (s.transport as ScriptedTransport).received.map((r) => r.requestId);
    expect(new Set(ids).size).toBe(10);
    expect(ids).toHaveLength(10);
  });

  it('a database failure stops the sender with an error hold; nothing is marked sent that was not recorded', async () => {
    let db: ScrDatabase | null = null;
    const s = await setup(3, scripted(() => {
      db?.close();
      return CREATED;
    }), { concurrency: 1 });
    db = s.db;
    s.sender.start();
    await until(() => s.sender.status().holds.includes('error'), 'error hold');
    expect(s.sender.status()).toMatchObject({ running: false, holds: ['error'] });
    expect(s.sender.status().detail).toMatch(/^Could not update the outbox: /);
  });

  it('a crash while sending: a new sender resends the same request ids; nothing lost or stored twice, the re-sends already on the Spine are Sent', async () => {
    const time = new VirtualTime();
    const spine = new TrainingSpineTransport({ clock: time, sleeper: time, random: () => 0.5, ratePerSecond: 0, latencyMs: { min: 0, max: 0 }, fault503Rate: 0, fault504Rate: 0 });
    // The first tab's transport: the Spine processes the upload, then the tab dies before the answer.
    const dying: Transport = {
      async send(message: OutgoingMessage, signal: AbortSignal) {
        await spine.send(message, signal);
        return new Promise<TransportResponse>(() => undefined);
      },
    };
    const first = await setup(8, () => dying, { concurrency: 3 });
    first.sender.start();
    await until(() => spine.stats().requestsReceived === 3, 'three uploads processed by the Spine');
    await until(async () => (await first.db.outbox.where('state').equals('sending').count()) >= 3, 'rows marked sending');
    const dbName = first.db.name;
    first.db.close();
    open.splice(open.indexOf(first.sender), 1);

    const reopened = new ScrDatabase(dbName);
    const second = await setup(8, () => spine, { db: reopened, rows: first.rows });
    second.sender.start();
    await settled(reopened, 8);
    const rows = await reopened.outbox.toArray();
    expect(rows.map((r) => r.requestId).sort()).toEqual(first.rows.map((r) => r.requestId).sort());
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    const stats = spine.stats();
    expect(Object.values(stats.storedNhsNumbers).every((n) => n === 1)).toBe(true);
    expect(Object.keys(stats.storedNhsNumbers).sort()).toEqual(first.rows.map((r) => r.nhsNumber).sort());
    // No replay record: the three the Spine stored before the crash meet PSIS-30134 for their own
    // event id on the re-send, and are Sent as already on the Spine.
    expect(stats.replayedRequestIds).toBe(0);
    expect(stats.psisDuplicates).toBe(3);
    expect(stats.byStatus).toEqual({ '201': 8, '400': 3 });
    expect(rows.filter((r) => r.attempts.at(-1)?.outcome === 'already-on-spine')).toHaveLength(3);
  });

  it('the rate holds however long each request takes: no more than the limit in any second, no more than the window in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const s = await setup(
      30,
      (time) =>
        new ScriptedTransport(time, async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await time.sleep(3000);
          inFlight--;
          return CREATED;
        }),
      { rateLimit: { perSecond: 5, burst: 1 }, concurrency: 5 },
    );
    s.sender.start();
    await settled(s.db, 30);
    const times = (s.transport as ScriptedTransport).received.map((r) => r.atMs);
    const mostInASecond = Math.max(...times.map((t) => times.filter((u) => u > t - 1000 && u <= t).length));
    expect(mostInASecond).toBeLessThanOrEqual(5);
    expect(maxInFlight).toBeLessThanOrEqual(5);
    expect(times).toHaveLength(30);
  });

  it('against the training Spine with faults and no-consent patients, every message ends sent or failed, each stored at most once', async () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const rows = demoOutboxRows(60);
    const noConsent = rows[3]?.nhsNumber ?? '';
    const s = await setup(60, (time) => new TrainingSpineTransport({ clock: time, sleeper: time, random, ratePerSecond: 5, latencyMs: { min: 50, max: 300 }, fault503Rate: 0.1, fault504Rate: 0.1, noConsentNhsNumbers: [noConsent] }), {
      rows,
      ladder: TRAINING_LADDER,
      rateLimit: { perSecond: 5, burst: 1 },
    });
    s.sender.start();
    await settled(s.db, 60);
    const spine = s.transport as TrainingSpineTransport;
    const stored = await s.db.outbox.toArray();
    const failed = stored.filter((r) => r.state === 'failed');
    expect(failed.map((r) => r.nhsNumber)).toContain(noConsent);
    for (const r of failed) expect(r.failure).not.toBeNull();
    const onSpine = spine.stats().storedNhsNumbers;
    for (const r of stored.filter((x) => x.state === 'sent')) expect(onSpine[r.nhsNumber]).toBe(1);
    expect(Object.values(onSpine).every((n) => n === 1)).toBe(true);
  });
});
