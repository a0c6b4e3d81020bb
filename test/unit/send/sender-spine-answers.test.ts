// The sender meets the national service's real answers (in-process: fake-indexeddb, virtual time,
// scripted transports). The service keeps no replay record by X-Request-ID: a re-send after a
// lost answer gets 400 PSIS-30134 for the message's own event id, which is Sent. A refusal of
// what the app sends (a 400 naming no PSIS code, a 415, the same refusal for several patients in
// a row) holds sending and fails nothing; refusals about one patient fail just that message. An
// attempt is recorded when it starts, so one cut off by the app closing stays in the history.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ScrDatabase } from '../../../src/db/database';
import type { OutboxMessage } from '../../../src/domain/model/runs';
import { CUT_OFF_ERROR } from '../../../src/domain/sending/outboxTransition';
import { REPEATED_REFUSAL_LIMIT } from '../../../src/domain/sending/refusalWatch';
import { NATIONAL_LADDER } from '../../../src/domain/sending/retryLadder';
import { UNLIMITED_RATE } from '../../../src/domain/sending/tokenBucket';
import { OutboxSender, type SenderStatus } from '../../../src/worker/send/sender';
import type { Transport, TransportResponse } from '../../../src/worker/send/transport';
import { DuplicateRuleSpine, duplicateText, type LostAnswer } from './duplicateRuleSpine';
import { CREATED, ScriptedTransport, VirtualTime, deferred, demoOutboxRows, freshDatabase, http, testUuid, until } from './support';

const MIN = 60_000;
const outcome = (text: string): string => JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', details: { text } }] });
const MISSING_HEADER = "Required request header 'NHSD-Session-URID' for method parameter type String is not present";
const ACF = '[PSIS-30418] - ACF does not permit access to resource';

const open: OutboxSender[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

interface Setup {
  readonly db: ScrDatabase;
  readonly time: VirtualTime;
  readonly rows: OutboxMessage[];
  readonly sender: OutboxSender;
  readonly statuses: SenderStatus[];
}

async function setup(count: number, transport: (time: VirtualTime) => Transport, options: { concurrency?: number; claimBatch?: number; db?: ScrDatabase; rows?: OutboxMessage[]; time?: VirtualTime } = {}): Promise<Setup> {
  const db = options.db ?? freshDatabase('sender-answers');
  const time = options.time ?? new VirtualTime();
  const rows = options.rows ?? demoOutboxRows(count);
  if (options.db === undefined) await db.outbox.bulkAdd(rows);
  const statuses: SenderStatus[] = [];
  const sender = new OutboxSender({ db, transport: transport(time), clock: time, sleeper: time, rateLimit: UNLIMITED_RATE, ladder: NATIONAL_LADDER, concurrency: options.concurrency ?? 1, claimBatch: options.claimBatch, uuid: testUuid, onStatus: (s) => statuses.push(s) });
  open.push(sender);
  return { db, time, rows, sender, statuses };
}

async function settled(db: ScrDatabase, total: number): Promise<void> {
  await until(async () => (await db.outbox.where('state').anyOf('sent', 'failed').count()) === total, `${total} messages sent or failed`);
}

async function row(db: ScrDatabase, requestId: string): Promise<OutboxMessage> {
  const found = await db.outbox.get(requestId);
  if (found === undefined) throw new Error(`no row ${requestId}`);
  return found;
}

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('a re-send that finds the summary already on the Spine', () => {
  it.each<[LostAnswer, number | null]>([
    ['504', 504],
    ['timeout', null],
    ['reset', null],
  ])('a %s after the Spine stored it, then PSIS-30134 for its own event id: Sent, stored once, both attempts in its history', async (lost, firstStatus) => {
    // Every other message's first answer is lost after the Spine stored it.
    let firsts = 0;
    const time = new VirtualTime();
    const double = new DuplicateRuleSpine(time, (_request, nth) => (nth === 1 && firsts++ % 2 === 0 ? lost : null));
    const s = await setup(6, () => double, { time });
    s.sender.start();
    await settled(s.db, 6);
    const stored = await s.db.outbox.toArray();
    expect(stored.every((r) => r.state === 'sent' && r.failure === null)).toBe(true);
    for (const r of stored) expect(double.storedFor(r.nhsNumber)).toBe(1);
    const resent = stored.filter((r) => r.attempts.length === 2);
    expect(resent).toHaveLength(3);
    for (const r of resent) {
      expect(r.attempts.map((a) => a.status)).toEqual([firstStatus, 400]);
      expect(r.attempts[1]).toMatchObject({ outcome: 'already-on-spine', error: `Already on the Spine (400): ${duplicateText(r.compositionId, r.nhsNumber)}` });
      // The same request again: same X-Request-ID, same bytes.
      const requests = double.received.filter((q) => q.requestId === r.requestId);
      expect(requests).toHaveLength(2);
      expect(requests[1]?.body).toBe(requests[0]?.body);
      expect((requests[1]?.atMs ?? 0) - (requests[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(MIN);
    }
    expect(await s.sender.counts()).toEqual({ queued: 0, sending: 0, waiting: 0, sent: 6, failed: 0 });
  });

  it('PSIS-30134 naming another event id fails that message with the reason; the others are sent', async () => {
    const rows = demoOutboxRows(4);
    const victim = rows[1];
    if (victim === undefined) throw new Error('no rows');
    const other = '0b5d1c2e-0000-4000-8000-000000000001';
    const s = await setup(4, (time) => {
      const spine = new DuplicateRuleSpine(time);
      spine.duplicateOf(victim.nhsNumber, other);
      return spine;
    }, { rows });
    s.sender.start();
    await settled(s.db, 4);
    const failed = await row(s.db, victim.requestId);
    const text = duplicateText(other, victim.nhsNumber);
    expect(failed).toMatchObject({ state: 'failed', failureCode: 'rejected', failure: `Rejected by the Spine (400): ${text}`, attempts: [{ status: 400, error: `Rejected by the Spine (400): ${text}` }] });
    expect(s.sender.status().holds).toEqual([]);
    expect(await s.sender.counts()).toMatchObject({ sent: 3, failed: 1 });
  });
});

describe('a refusal that will repeat for everyone holds sending, not the list', () => {
  it('a 400 naming no PSIS code: sending holds with the service’s words; the messages wait, none failed, each attempt in its history; start() sends again', async () => {
    const answers: ((r: TransportResponse) => void)[] = [];
    const s = await setup(8, (time) => new ScriptedTransport(time, () => {
      const d = deferred<TransportResponse>();
      answers.push(d.resolve);
      return d.promise;
    }), { concurrency: 3 });
    s.sender.start();
    await until(() => answers.length === 3, 'three requests in flight');
    // The first answer holds sending; the two still in flight get the same words and are held too.
    for (const answer of answers.splice(0)) answer(http(400, outcome(MISSING_HEADER)));
    await until(async () => (await s.db.outbox.where('state').equals('waiting').count()) === 3, 'three messages back to waiting');
    await until(async () => (await s.db.outbox.where('state').equals('sending').count()) === 0, 'nothing left sending');
    const status = s.sender.status();
    expect(status).toMatchObject({ running: true, holds: ['refused-by-service'], detail: MISSING_HEADER, refusal: { rule: 'contract', status: 400, text: MISSING_HEADER } });
    expect(s.statuses.some((st) => st.refusal?.text === MISSING_HEADER)).toBe(true);
    const stored = await s.db.outbox.toArray();
    expect(stored.filter((r) => r.state === 'failed')).toEqual([]);
    expect(await s.sender.counts()).toEqual({ queued: 5, sending: 0, waiting: 3, sent: 0, failed: 0 });
    for (const r of stored.filter((x) => x.state === 'waiting')) {
      expect(r.attempts).toEqual([expect.objectContaining({ status: 400, error: `Rejected by the Spine (400): ${MISSING_HEADER}`, outcome: 'held' })]);
      expect(r.nextAttemptAt).toBe(0);
    }
    // Held: nothing more goes out, however long we wait.
    s.time.advance(60 * MIN);
    s.sender.wake();
    await turns(50);
    expect(answers).toHaveLength(0);
    // start() (Resume, or new settings) lifts the hold.
    s.sender.start();
    expect(s.sender.status().holds).toEqual([]);
    expect(s.sender.status().refusal).toBeNull();
  });

  it('a 415 holds sending as well', async () => {
    const s = await setup(3, (time) => new ScriptedTransport(time, () => http(415, outcome("Content type 'text/plain;charset=UTF-8' not supported"))));
    s.sender.start();
    await until(() => s.sender.status().holds.includes('refused-by-service'), 'the hold');
    expect(s.sender.status().refusal).toEqual({ rule: 'content-type', status: 415, text: "Content type 'text/plain;charset=UTF-8' not supported" });
    await until(async () => (await s.sender.counts()).sending === 0, 'nothing sending');
    expect(await s.sender.counts()).toMatchObject({ waiting: 1, queued: 2, failed: 0 });
  });

  it(`the same refusal for ${REPEATED_REFUSAL_LIMIT} different patients in a row holds; all of them wait, none failed`, async () => {
    const s = await setup(6, (time) => new ScriptedTransport(time, () => http(400, outcome(ACF))));
    s.sender.start();
    await until(() => s.sender.status().holds.includes('refused-by-service'), 'the hold');
    expect(s.sender.status().refusal).toEqual({ rule: 'repeated', status: 400, text: ACF });
    await until(async () => (await s.sender.counts()).sending === 0, 'nothing sending');
    expect(await s.sender.counts()).toEqual({ queued: 3, sending: 0, waiting: 3, sent: 0, failed: 0 });
    const held = await s.db.outbox.where('state').equals('waiting').toArray();
    expect(new Set(held.map((r) => r.nhsNumber)).size).toBe(REPEATED_REFUSAL_LIMIT);
    expect(held.every((r) => r.attempts.length === 1 && r.attempts[0]?.outcome === 'held')).toBe(true);
  });

  it('a refusal about one patient between acknowledgements fails just that message, with its reason', async () => {
    const rows = demoOutboxRows(5);
    const refused = rows[2];
    if (refused === undefined) throw new Error('no rows');
    const s = await setup(5, (time) => new ScriptedTransport(time, (r) => (r.requestId === refused.requestId ? http(400, outcome(ACF)) : CREATED)), { rows });
    s.sender.start();
    await settled(s.db, 5);
    expect(await row(s.db, refused.requestId)).toMatchObject({ state: 'failed', failureCode: 'rejected', failure: `Rejected by the Spine (400): ${ACF}` });
    expect(s.statuses.every((st) => !st.holds.includes('refused-by-service'))).toBe(true);
  });

  it('403 no consent for several patients in a row fails each of them: it is about each patient', async () => {
    const s = await setup(5, (time) => new ScriptedTransport(time, () => http(403, outcome("There's no patient's consent to store SCR"))));
    s.sender.start();
    await settled(s.db, 5);
    expect(await s.sender.counts()).toMatchObject({ failed: 5 });
    expect(s.statuses.every((st) => !st.holds.includes('refused-by-service'))).toBe(true);
  });

  it('one refusal as the last answer is recorded once nothing else is in flight', async () => {
    const s = await setup(1, (time) => new ScriptedTransport(time, () => http(409, 'Conflict')));
    s.sender.start();
    await settled(s.db, 1);
    expect(await s.sender.counts()).toMatchObject({ failed: 1 });
  });
});

describe('an attempt is recorded when it starts', () => {
  it('while a request is in flight its row shows the attempt; the answer replaces it', async () => {
    const answer = deferred<TransportResponse>();
    const s = await setup(1, (time) => new ScriptedTransport(time, () => answer.promise));
    s.sender.start();
    const [only] = s.rows;
    if (only === undefined) throw new Error('no row');
    await until(async () => (await row(s.db, only.requestId)).state === 'sending', 'claimed');
    expect((await row(s.db, only.requestId)).attempts).toEqual([expect.objectContaining({ status: null, error: null, outcome: 'in-flight' })]);
    answer.resolve(CREATED);
    await settled(s.db, 1);
    expect((await row(s.db, only.requestId)).attempts).toEqual([expect.objectContaining({ status: 201, error: null })]);
  });

  it('the app closed with requests in flight: reopened, each shows its cut-off attempt and then the one that was answered; stored once', async () => {
    const time = new VirtualTime();
    const spine = new DuplicateRuleSpine(time);
    // The first tab: the Spine stores the uploads, then the tab dies before any answer comes.
    const dying: Transport = {
      async send(message) {
        await spine.send(message);
        return new Promise<TransportResponse>(() => undefined);
      },
    };
    // Claimed three at a time, so the rows sending are the three requests in flight. (A row
    // claimed a moment ahead of its request is cut off too if the app closes in between.)
    const first = await setup(5, () => dying, { concurrency: 3, claimBatch: 3, time });
    first.sender.start();
    await until(() => spine.received.length === 3, 'three uploads stored by the Spine');
    await until(async () => (await first.db.outbox.where('state').equals('sending').count()) === 3, 'three rows sending');
    const dbName = first.db.name;
    first.db.close();
    open.splice(open.indexOf(first.sender), 1);

    const reopened = new ScrDatabase(dbName);
    const second = await setup(5, () => spine, { db: reopened, rows: first.rows, time });
    second.sender.start();
    await settled(reopened, 5);
    const rows = await reopened.outbox.toArray();
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    const cut = rows.filter((r) => r.attempts[0]?.outcome === 'cut-off');
    expect(cut).toHaveLength(3);
    for (const r of cut) {
      expect(r.attempts).toHaveLength(2);
      expect(r.attempts[0]).toMatchObject({ status: null, error: CUT_OFF_ERROR });
      expect(r.attempts[1]).toMatchObject({ status: 400, outcome: 'already-on-spine' });
    }
    for (const r of rows) expect(spine.storedFor(r.nhsNumber)).toBe(1);
  });
});
