// The worker's event channel, driven by fake timers: at most one status per THROTTLE_MS, a
// change of phase at once, the last status always delivered (trailing edge) and never a stale
// one after a newer phase; other events unthrottled; listeners that fail are dropped.

import { describe, expect, it } from 'vitest';
import type { EngineEvent, EngineStatus } from '../../../src/shared/engineState';
import { createEventHub, THROTTLE_MS } from '../../../src/worker/eventHub';
import { FakeTimers } from './support';

const loading = (done: number, total = 1_000): EngineStatus => ({
  job: { phase: 'loading-demo', done, total, startedAt: '2026-01-15T12:00:00.000Z' },
  runsHere: true,
});
const idle: EngineStatus = { job: { phase: 'idle' }, runsHere: false };

function setup() {
  const timers = new FakeTimers();
  const hub = createEventHub(timers);
  const delivered: { at: number; event: EngineEvent }[] = [];
  hub.subscribe((event) => {
    delivered.push({ at: timers.now(), event });
  });
  const statuses = () => delivered.flatMap((d) => (d.event.type === 'status' ? [{ at: d.at, status: d.event.status }] : []));
  return { timers, hub, delivered, statuses };
}

const doneOf = (s: EngineStatus): number | null => (s.job.phase === 'loading-demo' ? s.job.done : null);

describe('status throttling', () => {
  it('the first status is delivered at once', () => {
    const { hub, statuses } = setup();
    hub.status(loading(0));
    expect(statuses().map((s) => s.status)).toEqual([loading(0)]);
  });

  it('a burst of progress within THROTTLE_MS is held back and only the latest is delivered, on the trailing edge', () => {
    const { timers, hub, statuses } = setup();
    hub.status(loading(0));
    timers.advance(10);
    hub.status(loading(10));
    timers.advance(10);
    hub.status(loading(20));
    hub.status(loading(30));
    expect(statuses()).toHaveLength(1);
    timers.advance(THROTTLE_MS - 21);
    expect(statuses()).toHaveLength(1);
    timers.advance(1);
    expect(statuses().map((s) => [s.at, doneOf(s.status)])).toEqual([
      [0, 0],
      [THROTTLE_MS, 30],
    ]);
    // Nothing more is pending: no repeat of the last status.
    timers.advance(10 * THROTTLE_MS);
    expect(statuses()).toHaveLength(2);
  });

  it('steady progress every 5 ms for 2 s: never two statuses closer than THROTTLE_MS, and the last one arrives', () => {
    const { timers, hub, statuses } = setup();
    for (let i = 0; i <= 400; i++) {
      hub.status(loading(i, 400));
      timers.advance(5);
    }
    timers.advance(THROTTLE_MS);
    const got = statuses();
    for (let i = 1; i < got.length; i++) expect((got[i]?.at ?? 0) - (got[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(THROTTLE_MS);
    // About ten a second: the throttle neither starves nor floods.
    expect(got.length).toBeGreaterThanOrEqual(Math.floor(2_000 / THROTTLE_MS) - 1);
    expect(got.length).toBeLessThanOrEqual(Math.ceil(2_005 / THROTTLE_MS) + 1);
    expect(doneOf(got.at(-1)?.status ?? idle)).toBe(400);
    // Progress never goes backwards.
    const dones = got.map((s) => doneOf(s.status) ?? -1);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
  });

  it('a change of phase is delivered at once, even inside the throttle window', () => {
    const { timers, hub, statuses } = setup();
    hub.status(loading(0));
    timers.advance(1);
    hub.status(idle);
    expect(statuses().map((s) => [s.at, s.status.job.phase])).toEqual([
      [0, 'loading-demo'],
      [1, 'idle'],
    ]);
  });

  it('a held-back progress status is never delivered after a newer phase (no going backwards)', () => {
    const { timers, hub, statuses } = setup();
    hub.status(loading(0));
    timers.advance(10);
    hub.status(loading(500)); // held back
    timers.advance(10);
    hub.status(idle); // phase change: at once, replaces the held-back one
    timers.advance(10 * THROTTLE_MS);
    expect(statuses().map((s) => s.status)).toEqual([loading(0), idle]);
  });

  it('the same phase with a different runsHere is still delivered on the trailing edge', () => {
    const { timers, hub, statuses } = setup();
    hub.status({ job: { phase: 'idle' }, runsHere: true });
    hub.status(idle);
    timers.advance(THROTTLE_MS);
    expect(statuses().at(-1)?.status).toEqual(idle);
  });

  it('other events are delivered at once and do not hold back statuses', () => {
    const { timers, hub, delivered } = setup();
    hub.status(loading(0));
    hub.emit({ type: 'log-appended' });
    hub.emit({ type: 'practice-changed' });
    timers.advance(THROTTLE_MS);
    hub.status(loading(5));
    expect(delivered.map((d) => [d.at, d.event.type])).toEqual([
      [0, 'status'],
      [0, 'log-appended'],
      [0, 'practice-changed'],
      [THROTTLE_MS, 'status'],
    ]);
  });
});

describe('listeners', () => {
  it('every listener gets every event; an unsubscribed one gets no more', () => {
    const timers = new FakeTimers();
    const hub = createEventHub(timers);
    const a: string[] = [];
    const b: string[] = [];
    hub.subscribe((e) => void a.push(e.type));
    const unsubscribeB = hub.subscribe((e) => void b.push(e.type));
    hub.emit({ type: 'log-appended' });
    unsubscribeB();
    hub.emit({ type: 'practice-changed' });
    expect(a).toEqual(['log-appended', 'practice-changed']);
    expect(b).toEqual(['log-appended']);
  });

  it('a listener that throws is dropped; the others still get that event and later ones', () => {
    const timers = new FakeTimers();
    const hub = createEventHub(timers);
    let thrower = 0;
    const healthy: string[] = [];
    hub.subscribe(() => {
      thrower += 1;
      throw new Error('tab gone');
    });
    hub.subscribe((e) => void healthy.push(e.type));
    hub.emit({ type: 'log-appended' });
    hub.emit({ type: 'practice-changed' });
    hub.status(idle);
    expect(thrower).toBe(1);
    expect(healthy).toEqual(['log-appended', 'practice-changed', 'status']);
  });

  it('a listener whose promise rejects (a Comlink proxy of a closed tab) is dropped; one whose promise resolves is kept', async () => {
    const timers = new FakeTimers();
    const hub = createEventHub(timers);
    let rejecting = 0;
    let resolving = 0;
    hub.subscribe(() => {
      rejecting += 1;
      return Promise.reject(new Error('port closed'));
    });
    hub.subscribe(() => {
      resolving += 1;
      return Promise.resolve();
    });
    hub.emit({ type: 'log-appended' });
    await Promise.resolve();
    await Promise.resolve();
    hub.emit({ type: 'log-appended' });
    hub.emit({ type: 'practice-changed' });
    expect(rejecting).toBe(1);
    expect(resolving).toBe(3);
  });

  it('close() drops every listener and any held-back status', () => {
    const timers = new FakeTimers();
    const hub = createEventHub(timers);
    const got: EngineEvent[] = [];
    hub.subscribe((e) => void got.push(e));
    hub.status(loading(0));
    hub.status(loading(1)); // held back
    expect(timers.pendingCount).toBe(1);
    hub.close();
    expect(timers.pendingCount).toBe(0);
    timers.advance(10 * THROTTLE_MS);
    hub.emit({ type: 'log-appended' });
    expect(got).toHaveLength(1);
  });
});
