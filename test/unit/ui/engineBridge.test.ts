// The bridge tells a dead worker from a slow call. A fake engine is exposed with Comlink on one
// end of a MessageChannel (as the real worker is), with a short heartbeat so many heartbeats
// pass quickly; every wait is on a condition (the fake's ping count, a call settling), never a
// fixed sleep. What is asserted is what the user would see: the answer arrives, the worker (and
// the run in it) is or is not replaced, a waiting call is told the engine stopped.

import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, EngineListener } from '../../../src/shared/engineState';
import { BridgeCallError, createEngineBridge, type BridgeHealth, type EngineBridge, type EngineWorker } from '../../../src/ui/engine/engineBridge';

const HEARTBEAT_MS = 40;
const MISSES = 4;

/** A stand-in for the engine worker: answers pings unless hung, and one slow call the test releases. */
class FakeEngine {
  pings = 0;
  /** A hung worker answers nothing. */
  hung = false;
  subscribers = 0;
  private listener: EngineListener | null = null;
  private releaseSlow: (() => void) | null = null;
  terminated = false;

  readonly api = {
    ping: (): Promise<'pong'> | 'pong' => {
      this.pings++;
      return this.hung ? new Promise<'pong'>(() => undefined) : 'pong';
    },
    subscribe: (listener: EngineListener): (() => void) => {
      this.subscribers++;
      this.listener = listener;
      return Comlink.proxy(() => {
        this.listener = null;
      });
    },
    // Any call will do: this one stands for a slow read (a big page, a long query).
    practice: (): Promise<null> => new Promise<null>((resolve) => (this.releaseSlow = () => resolve(null))),
  };

  /** The worker end: what the bridge's factory returns. */
  worker(): EngineWorker {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(this.api, port2);
    return Object.assign(port1, {
      terminate: () => {
        this.terminated = true;
        port1.close();
        port2.close();
      },
    });
  }

  finishSlowCall(): boolean {
    if (this.releaseSlow === null) return false;
    this.releaseSlow();
    return true;
  }

  emit(event: EngineEvent): void {
    void this.listener?.(event);
  }
}

/** Waits, turn by turn, until `condition` holds; the bound only turns a hang into a failure. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 2_000_000; turn++) {
    if (condition()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`gave up waiting for: ${what}`);
}

const bridges: EngineBridge[] = [];
afterEach(() => {
  for (const b of bridges.splice(0)) b.dispose();
});

function bridgeOver(engines: FakeEngine[]) {
  let made = 0;
  const healths: BridgeHealth[] = [];
  const bridge = createEngineBridge(
    () => {
      const engine = engines[made] ?? new FakeEngine();
      made++;
      return engine.worker();
    },
    { heartbeatIntervalMs: HEARTBEAT_MS, heartbeatMisses: MISSES },
  );
  bridge.onHealth((h) => healths.push(h));
  bridges.push(bridge);
  return { bridge, healths, workersMade: () => made };
}

describe('engine bridge: a dead worker or a slow call', () => {
  it('a call that takes many heartbeats gets its answer, and the healthy worker is never replaced', async () => {
    const engine = new FakeEngine();
    const { bridge, healths, workersMade } = bridgeOver([engine]);
    const answer = bridge.call((api) => api.practice(), Number.POSITIVE_INFINITY);
    // Far longer than it takes to notice a dead worker.
    await until(() => engine.pings >= MISSES * 6, 'many heartbeats');
    await until(() => engine.finishSlowCall(), 'the call to reach the engine');
    await expect(answer).resolves.toBeNull();
    expect(workersMade()).toBe(1);
    expect(engine.terminated).toBe(false);
    expect(healths.some((h) => h.state === 'restarting')).toBe(false);
  });

  it("a caller's own deadline gives up on that call only: the worker carries on and is not replaced", async () => {
    const engine = new FakeEngine();
    const { bridge, workersMade } = bridgeOver([engine]);
    const outcome = await bridge.call((api) => api.practice(), HEARTBEAT_MS).then(
      () => 'answered',
      (e: unknown) => (e instanceof BridgeCallError ? e.error.code : 'other error'),
    );
    expect(outcome).toBe('worker-unresponsive');
    const pingsThen = engine.pings;
    await until(() => engine.pings >= pingsThen + MISSES * 3, 'more heartbeats');
    expect(workersMade()).toBe(1);
    expect(engine.terminated).toBe(false);
    await expect(bridge.call((api) => api.ping())).resolves.toBe('pong');
  });

  it('a worker that stops answering is replaced after the missed heartbeats; the call waiting on it is told so; listeners move to the new worker', async () => {
    const first = new FakeEngine();
    const second = new FakeEngine();
    const { bridge, healths, workersMade } = bridgeOver([first, second]);
    const events: EngineEvent[] = [];
    bridge.subscribe((e) => events.push(e));
    await until(() => first.subscribers === 1 && healths.some((h) => h.state === 'ready'), 'the first worker ready');
    const waiting = bridge.call((api) => api.practice()).then(
      () => 'answered',
      (e: unknown) => (e instanceof BridgeCallError ? e.error.code : 'other error'),
    );
    first.hung = true;
    await until(() => workersMade() === 2, 'a replacement worker');
    expect(first.terminated).toBe(true);
    expect(healths.find((h) => h.state === 'restarting')).toMatchObject({ reason: 'the engine stopped answering', restarts: 1 });
    await expect(waiting).resolves.toBe('worker-unresponsive');
    await until(() => second.subscribers === 1, 'the listener subscribed to the new worker');
    second.emit({ type: 'log-appended' });
    await until(() => events.length > 0, 'an event from the new worker');
    await expect(bridge.call((api) => api.ping())).resolves.toBe('pong');
  });

  it('a worker busy enough to leave pings waiting but still sending events is alive: not replaced', async () => {
    const engine = new FakeEngine();
    const { bridge, workersMade } = bridgeOver([engine]);
    bridge.subscribe(() => undefined);
    await until(() => engine.subscribers === 1, 'subscribed');
    engine.hung = true;
    const pingsThen = engine.pings;
    // An event between every two heartbeats: progress of a run.
    while (engine.pings < pingsThen + MISSES * 4) {
      const seen = engine.pings;
      engine.emit({ type: 'messages-changed' });
      await until(() => engine.pings > seen, 'the next heartbeat');
    }
    expect(workersMade()).toBe(1);
    expect(engine.terminated).toBe(false);
  });
});
