// The worker boundary in-process: the real engine API exposed with Comlink on one end of a
// MessageChannel and wrapped on the other, exactly as the UI talks to the worker, so every value
// and event is structured-cloned. Results and errors arrive as plain data; events arrive through
// a proxied listener until it unsubscribes.

import { uniqueDatabaseName } from '../setup/indexeddb';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { ScrDatabase } from '../../../src/db/database';
import type { EngineEvent } from '../../../src/shared/engineState';
import { createEngineApi, type EngineApi } from '../../../src/worker/api';
import { Engine } from '../../../src/worker/engine';
import { createEventHub } from '../../../src/worker/eventHub';
import { createPeerBus, FixedClock, MemoryJobLocks } from './support';
import { storedPatientCount } from '../db/storedPatients';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connect() {
  const name = uniqueDatabaseName('comlink');
  const db = new ScrDatabase(name);
  const hub = createEventHub();
  const peers = createPeerBus().connect();
  const engine = new Engine({ db, clock: new FixedClock(Date.UTC(2026, 0, 15, 12)), locks: new MemoryJobLocks(), peers, hub });
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(createEngineApi(engine, hub, db), port1);
  const api = Comlink.wrap<EngineApi>(port2);
  cleanups.push(async () => {
    api[Comlink.releaseProxy]();
    port1.close();
    port2.close();
    hub.close();
    peers.close();
    db.close();
    await db.delete();
  });
  return { api, db };
}

/** Subscribes through the boundary; resolves `idle` once a load has run and ended. */
async function subscribeUntilIdle(api: Comlink.Remote<EngineApi>) {
  const events: EngineEvent[] = [];
  let sawLoading = false;
  let resolveIdle!: () => void;
  const idle = new Promise<void>((resolve) => (resolveIdle = resolve));
  // At run time the unsubscribe function is a Comlink proxy (api.ts wraps it in
  // Comlink.proxy), but EngineApi declares it as a plain function, so say what it is.
  const unsubscribe = (await api.subscribe(
    Comlink.proxy((event: EngineEvent) => {
      events.push(event);
      if (event.type !== 'status') return;
      if (event.status.job.phase === 'loading-demo') sawLoading = true;
      else if (sawLoading && event.status.job.phase === 'idle' && !event.status.runsHere) resolveIdle();
    }),
  )) as Comlink.Remote<() => void>;
  cleanups.push(() => unsubscribe[Comlink.releaseProxy]());
  return { events, idle, unsubscribe };
}

describe('the engine API through Comlink', () => {
  it('ping, status and practice answer with plain data before anything is loaded', async () => {
    const { api } = connect();
    expect(await api.ping()).toBe('pong');
    expect(await api.status()).toEqual({ job: { phase: 'idle' }, runsHere: false });
    expect(await api.practice()).toBeNull();
    expect(await api.readLog(0, 10)).toEqual([]);
  });

  it('startDemoLoad runs a load whose status events arrive through a proxied listener until idle; the practice and log are then readable', async () => {
    const { api, db } = connect();
    const { events, idle } = await subscribeUntilIdle(api);
    expect(await api.startDemoLoad({ size: 1_500 })).toEqual({ ok: true, value: null });
    await idle;

    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
    expect(statuses[0]?.job).toMatchObject({ phase: 'loading-demo', total: 1_500 });
    expect(statuses.at(-1)).toEqual({ job: { phase: 'idle' }, runsHere: false });
    expect(events.some((e) => e.type === 'practice-changed')).toBe(true);

    const practice = await api.practice();
    expect(practice?.stats.patients).toBe(1_500);
    expect(practice?.source).toBe('demo');
    expect(await storedPatientCount(db)).toBe(1_500);
    const log = await api.readLog(0, 10);
    expect(log.map((e) => e.level)).toEqual(['info', 'info']);
    expect(log[1]?.text).toMatch(/^Demo practice loaded: 1,500 patients/);
    expect(await new Response(await api.logFile()).text()).toContain('Demo practice loaded: 1,500 patients');
    expect(await api.status()).toEqual({ job: { phase: 'idle' }, runsHere: false });
  });

  it('errors come back as data with a code, not as rejected calls', async () => {
    const { api } = connect();
    const invalid = await api.startDemoLoad({ size: 0 });
    expect(invalid).toEqual({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('got 0') } });
    const nothingToCancel = await api.cancel();
    expect(nothingToCancel).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('a second start while loading comes back busy through the boundary', async () => {
    const { api } = connect();
    const { idle } = await subscribeUntilIdle(api);
    expect((await api.startDemoLoad({ size: 2_500 })).ok).toBe(true);
    expect(await api.startDemoLoad({ size: 10 })).toMatchObject({ ok: false, error: { code: 'busy' } });
    await idle;
    expect((await api.practice())?.stats.patients).toBe(2_500);
  });

  it('after unsubscribing, the listener gets no more events', async () => {
    const { api } = connect();
    const first = await subscribeUntilIdle(api);
    const second = await subscribeUntilIdle(api);
    await second.unsubscribe();
    expect((await api.startDemoLoad({ size: 500 })).ok).toBe(true);
    await first.idle;
    // Let anything already in flight through the channel arrive.
    await api.ping();
    expect(first.events.length).toBeGreaterThan(0);
    expect(second.events).toEqual([]);
  });
});
