// Pacing on a monotonic clock: the sender spaces its requests, holds after a 429 and probes
// after a network error in the time that passes (the time its sleeper sleeps in), so a wall clock
// that steps back or forward by an hour mid-send neither stalls sending nor lets requests
// bunch. Attempt times stay on the wall clock. Virtual time: the monotonic clock is the one the
// sleeper moves; the wall clock is it plus an offset the test steps.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { NATIONAL_LADDER } from '../../../src/domain/sending/retryLadder';
import { NATIONAL_RATE_LIMIT } from '../../../src/domain/sending/tokenBucket';
import type { Clock, MonotonicClock } from '../../../src/worker/ports';
import { OutboxSender, type SenderStatus } from '../../../src/worker/send/sender';
import type { TransportResponse } from '../../../src/worker/send/transport';
import { CREATED, ScriptedTransport, VirtualTime, demoOutboxRows, freshDatabase, http, testUuid, until, type ReceivedRequest } from './support';

const HOUR = 3_600_000;
/** The gateway's SpikeArrest at 5/s: one request per 200 ms as they arrive. */
const SPACING_MS = 1000 / NATIONAL_RATE_LIMIT.perSecond;

/** The wall clock: the monotonic time plus an offset the test steps back or forward. */
class SteppingWall implements Clock {
  private offsetMs = 0;
  constructor(private readonly mono: VirtualTime) {}
  now(): number {
    return this.mono.now() + this.offsetMs;
  }
  step(ms: number): void {
    this.offsetMs += ms;
  }
}

const open: OutboxSender[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

async function sending(count: number, script: (r: ReceivedRequest, index: number, wall: SteppingWall) => TransportResponse, pacedOn?: (wall: Clock) => MonotonicClock) {
  const db = freshDatabase('monotonic');
  await db.outbox.bulkAdd(demoOutboxRows(count));
  const time = new VirtualTime();
  const wall = new SteppingWall(time);
  // The transport stamps each request with monotonic time: the gaps the gateway would see.
  const transport = new ScriptedTransport(time, (r, _nth, index) => script(r, index, wall));
  const statuses: SenderStatus[] = [];
  const sender = new OutboxSender({
    db,
    transport,
    clock: wall,
    sleeper: time,
    monotonic: pacedOn ? pacedOn(wall) : time,
    rateLimit: NATIONAL_RATE_LIMIT,
    ladder: NATIONAL_LADDER,
    concurrency: 5,
    uuid: testUuid,
    onStatus: (s) => statuses.push(s),
  });
  open.push(sender);
  sender.start();
  const sent = async (n: number) => until(async () => (await db.outbox.where('state').equals('sent').count()) >= n, `${n} messages sent`);
  return { db, time, wall, transport, sender, statuses, sent };
}

/** Gaps between consecutive requests, in monotonic ms. */
const gaps = (received: readonly ReceivedRequest[]): number[] => received.slice(1).map((r, i) => r.atMs - (received[i]?.atMs ?? r.atMs));

describe('pacing on a monotonic clock', () => {
  it('the wall clock stepping back an hour, then forward an hour, mid-send: every gap stays one spacing, no stall, no burst', async () => {
    const s = await sending(30, (_r, index, wall) => {
      // After the answer is taken in, while the sender waits for its next turn.
      if (index === 9) setImmediate(() => wall.step(-HOUR));
      if (index === 19) setImmediate(() => wall.step(2 * HOUR));
      return CREATED;
    });
    await s.sent(30);
    const g = gaps(s.transport.received);
    expect(s.transport.received).toHaveLength(30);
    expect(Math.min(...g)).toBeGreaterThanOrEqual(SPACING_MS);
    // Spacing plus the pacer's small margin: nothing near the size of the step.
    expect(Math.max(...g)).toBeLessThan(SPACING_MS * 1.5);
    // Attempt times are wall-clock times: the step shows there, not in the pacing.
    const stored = await s.db.outbox.toArray();
    const attemptTimes = stored.map((row) => new Date(row.attempts[0]?.at ?? 0).getTime());
    expect(Math.max(...attemptTimes) - Math.min(...attemptTimes)).toBeGreaterThan(HOUR);
  });

  it('paced on the wall clock instead (the old way), the same step back stalls sending for the size of the step', async () => {
    const s = await sending(12, (_r, index, wall) => {
      if (index === 5) setImmediate(() => wall.step(-HOUR));
      return CREATED;
    }, (wall) => wall);
    await s.sent(12);
    expect(Math.max(...gaps(s.transport.received))).toBeGreaterThan(HOUR / 2);
  });

  it("a 429's Retry-After holds sending for that long in passing time, whichever way the wall clock steps during the hold", async () => {
    for (const step of [-HOUR, HOUR]) {
      let throttled = false;
      const s = await sending(10, (_r, index, wall) => {
        if (index !== 3) return CREATED;
        throttled = true;
        // The clock steps while the hold is on, after the answer that set it.
        setImmediate(() => wall.step(step));
        return http(429, '', { retryAfter: '2' });
      });
      await until(() => throttled && s.transport.received.length >= 5, 'the request after the 429');
      const [, , , refused, next] = s.transport.received;
      if (refused === undefined || next === undefined) throw new Error('missing requests');
      const heldMs = next.atMs - refused.atMs;
      expect(heldMs, `step ${step / HOUR} h`).toBeGreaterThanOrEqual(2000);
      expect(heldMs, `step ${step / HOUR} h`).toBeLessThan(2000 + 2 * SPACING_MS);
      // The status bar's "throttled until" is a wall-clock time: about 2 s after the 429 on the wall clock as it was then.
      const hold = s.statuses.find((st) => st.throttledUntil !== null);
      expect(hold?.throttledUntil).toBeDefined();
      await s.sender.stop();
    }
  });

  it('probing after a network error waits its second in passing time although the wall clock stepped back an hour', async () => {
    let failed = false;
    const s = await sending(4, (_r, index, wall) => {
      if (index !== 1) return CREATED;
      failed = true;
      wall.step(-HOUR);
      return { kind: 'network-error', message: 'connection reset' };
    });
    await until(() => failed && s.transport.received.length >= 3, 'the probe after the network error');
    const [, lost, probe] = s.transport.received;
    if (lost === undefined || probe === undefined) throw new Error('missing requests');
    expect(probe.atMs - lost.atMs).toBeGreaterThanOrEqual(1000);
    expect(probe.atMs - lost.atMs).toBeLessThan(1000 + 2 * SPACING_MS);
    const probing = s.statuses.find((st) => st.probeAt !== null);
    // Reported on the wall clock (stepped back an hour): about a second after the failure there.
    expect(probing?.probeAt).toBeLessThan(lost.atMs);
  });
});
