// Nothing slow between a request's rate-limit slot and the wire: a request that must wait for an
// access token (the first exchange of a session, or a renewal after a 401) waits BEFORE it takes
// its slot, so requests granted a spacing apart cannot all wait for one token and then leave
// together, which the gateway's SpikeArrest would answer with 429s. Virtual time: the gaps are
// those between the moments the transport puts each request on the wire.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { NATIONAL_LADDER } from '../../../src/domain/sending/retryLadder';
import { NATIONAL_RATE_LIMIT } from '../../../src/domain/sending/tokenBucket';
import { OutboxSender } from '../../../src/worker/send/sender';
import type { OutgoingMessage, Transport, TransportResponse } from '../../../src/worker/send/transport';
import { CREATED, VirtualTime, deferred, demoOutboxRows, freshDatabase, testUuid, until } from './support';

/** The gateway's SpikeArrest at 5/s: one request per 200 ms as they arrive. */
const SPACING_MS = 1000 / NATIONAL_RATE_LIMIT.perSecond;
/** How long the token exchange takes (ms): longer than two spacings. */
const TOKEN_EXCHANGE_MS = 500;
/** Turns of the event loop the exchange lasts: enough for a sender that does not wait to take several slots. */
const TOKEN_EXCHANGE_TURNS = 200;

/** A transport that needs an access token, which comes when the test hands it over. */
class TokenTransport implements Transport {
  readonly onWireAtMs: number[] = [];
  private readonly token = deferred<string>();

  constructor(private readonly time: VirtualTime) {}

  /** The token exchange ends now. */
  issue(): void {
    this.token.resolve('token');
  }

  async ready(): Promise<void> {
    await this.token.promise;
  }

  async send(_message: OutgoingMessage): Promise<TransportResponse> {
    await this.token.promise;
    this.onWireAtMs.push(this.time.now());
    return CREATED;
  }
}

const open: OutboxSender[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

describe('a token exchange before the first request', () => {
  it('requests reach the wire a spacing apart, none together when the token arrives', async () => {
    const db = freshDatabase('token-slot');
    await db.outbox.bulkAdd(demoOutboxRows(8));
    const time = new VirtualTime();
    const transport = new TokenTransport(time);
    const sender = new OutboxSender({ db, transport, clock: time, sleeper: time, rateLimit: NATIONAL_RATE_LIMIT, ladder: NATIONAL_LADDER, concurrency: 5, uuid: testUuid });
    open.push(sender);
    sender.start();
    for (let turn = 0; turn < TOKEN_EXCHANGE_TURNS; turn++) await new Promise((r) => setImmediate(r));
    time.advance(TOKEN_EXCHANGE_MS);
    transport.issue();
    await until(async () => (await db.outbox.where('state').equals('sent').count()) === 8, 'all 8 sent');
    const wire = transport.onWireAtMs;
    expect(wire).toHaveLength(8);
    for (let i = 1; i < wire.length; i++) expect((wire[i] ?? 0) - (wire[i - 1] ?? 0), `gap before request ${i + 1}`).toBeGreaterThanOrEqual(SPACING_MS);
  });
});
