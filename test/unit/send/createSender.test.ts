// The training mode end to end: the sender built by createSender finishes a small demo upload
// against the in-browser training Spine (virtual time), every message sent or failed.

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BearerTokenProvider } from '../../../src/worker/send/auth';
import { createSender } from '../../../src/worker/send/createSender';
import type { OutboxCounts } from '../../../src/worker/send/outboxStore';
import { VirtualTime, demoOutboxRows, freshDatabase, until } from './support';

describe('createSender', () => {
  it('training mode: a demo upload completes; sent + failed = all, nothing left in transmission', async () => {
    const db = freshDatabase('create-sender');
    const rows = demoOutboxRows(25);
    await db.outbox.bulkAdd(rows);
    const time = new VirtualTime();
    let seed = 3;
    const changes: OutboxCounts[] = [];
    const sender = createSender({ kind: 'training', random: () => (seed = (seed * 16807) % 2147483647) / 2147483647 }, { db, clock: time, sleeper: time, onChange: (c) => changes.push(c) });
    sender.start();
    await until(async () => {
      const c = await sender.counts();
      return c.sent + c.failed === rows.length;
    }, 'all sent or failed');
    await sender.stop();
    const counts = await sender.counts();
    expect(counts).toMatchObject({ queued: 0, sending: 0, waiting: 0 });
    expect(counts.sent).toBeGreaterThan(0);
    await until(() => changes.at(-1)?.sent === counts.sent, 'the last onChange matches');
  });

  it('spine mode with no token holds for auth without sending anything', async () => {
    const db = freshDatabase('create-sender');
    await db.outbox.bulkAdd(demoOutboxRows(2));
    const time = new VirtualTime();
    const sender = createSender({ kind: 'spine', baseUrl: 'http://127.0.0.1:9', sessionUrid: null, auth: new BearerTokenProvider(null) }, { db, clock: time, sleeper: time });
    sender.start();
    await until(() => sender.status().holds.includes('auth'), 'auth hold');
    expect(sender.status().detail).toBe('Not signed in: no valid access token');
    await until(async () => (await sender.counts()).queued === 2, 'messages back in the queue');
    await sender.stop();
    expect((await db.outbox.toArray()).every((r) => r.attempts.length === 0)).toBe(true);
  });
});
