// The moves a sender reports (onMoved) describe every change of state it makes: counts kept by
// applying them to a count taken before it started equal a real count of the outbox, through
// sent, failed, retried and released messages and a crash's recovery. Transmission's tally
// (runTally.ts) relies on this between its real counts.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScrDatabase } from '../../../src/db/database';
import { applyMoves, type OutboxMove } from '../../../src/domain/sending/outboxMoves';
import { TRAINING_LADDER } from '../../../src/domain/sending/retryLadder';
import { UNLIMITED_RATE } from '../../../src/domain/sending/tokenBucket';
import { startedRow } from '../../../src/domain/sending/outboxTransition';
import { countRunByState } from '../../../src/worker/send/outboxStore';
import { OutboxSender } from '../../../src/worker/send/sender';
import type { TransportResponse } from '../../../src/worker/send/transport';
import { CREATED, ScriptedTransport, VirtualTime, deferred, demoOutboxRows, freshDatabase, http, testUuid, until } from './support';

const REJECTED = http(400, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","details":{"text":"[PSIS-30418] - ACF does not permit access to resource"}}]}');
const RUN = 1;

const open: OutboxSender[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

/** A sender over `db` whose moves are applied to the run's counts as they were before it started. */
async function tallied(db: ScrDatabase, script: (nth: number, index: number) => TransportResponse | Promise<TransportResponse>) {
  const time = new VirtualTime();
  let tally = await countRunByState(db, RUN);
  const moves: OutboxMove[] = [];
  const sender = new OutboxSender({
    db,
    transport: new ScriptedTransport(time, (_r, nth, index) => script(nth, index)),
    clock: time,
    sleeper: time,
    rateLimit: UNLIMITED_RATE,
    ladder: TRAINING_LADDER,
    concurrency: 4,
    claimBatch: 3,
    uuid: testUuid,
    onMoved: (m) => {
      moves.push(...m);
      tally = applyMoves(tally, RUN, m);
    },
  });
  open.push(sender);
  return { sender, time, moves, tally: () => tally };
}

describe('the moves a sender reports', () => {
  it('keep counts equal to the outbox through sent, failed and retried messages', async () => {
    const db = freshDatabase('sender-moves');
    // Another run's rows are sent too; their moves must not change this run's counts.
    const other = demoOutboxRows(3, RUN + 1).map((row) => ({ ...row, requestId: row.requestId.replace(/^a/, 'f') }));
    await db.outbox.bulkAdd([...demoOutboxRows(12, RUN), ...other]);
    const s = await tallied(db, (nth, index) => (index % 5 === 1 ? REJECTED : index % 5 === 2 && nth === 1 ? http(503, '{}') : CREATED));
    s.sender.start();
    await until(async () => {
      const c = await countRunByState(db, RUN);
      return c.sent + c.failed === 12;
    }, 'every message of the run sent or failed');
    await s.sender.stop();
    const counted = await countRunByState(db, RUN);
    expect(counted.failed).toBeGreaterThan(0);
    expect(s.moves.some((m) => m.to === 'waiting')).toBe(true);
    expect(s.moves.some((m) => m.runId === RUN + 1)).toBe(true);
    expect(s.tally()).toEqual(counted);
  });

  it('keep counts equal to the outbox when claimed rows are released by a stop', async () => {
    const db = freshDatabase('sender-moves');
    await db.outbox.bulkAdd(demoOutboxRows(10, RUN));
    const answer = deferred<TransportResponse>();
    const s = await tallied(db, () => answer.promise);
    s.sender.start();
    await until(async () => (await countRunByState(db, RUN)).sending > 0, 'rows claimed');
    const stopping = s.sender.stop();
    answer.resolve(CREATED);
    await stopping;
    expect(s.moves.some((m) => m.from === 'sending' && (m.to === 'queued' || m.to === 'waiting'))).toBe(true);
    expect(s.tally()).toEqual(await countRunByState(db, RUN));
  });

  it('include the recovery of rows a crash left sending', async () => {
    const db = freshDatabase('sender-moves');
    const rows = demoOutboxRows(4, RUN);
    await db.outbox.bulkAdd(rows.map((row, i) => (i < 2 ? { ...startedRow(row, 0), body: row.body } : row)));
    const s = await tallied(db, () => CREATED);
    s.sender.start();
    await until(async () => (await countRunByState(db, RUN)).sent === 4, 'all sent');
    await s.sender.stop();
    expect(s.moves.filter((m) => m.from === 'sending' && m.to === 'waiting')).toHaveLength(2);
    expect(s.tally()).toEqual(await countRunByState(db, RUN));
  });
});
