// The one owner of the engine worker on the main thread. It creates and wraps the worker, watches
// it with a heartbeat, and replaces it only when it is dead: no word from it (no answer to a
// ping, no event, no call settling) for HEARTBEAT_MISSES heartbeats in a row. A slow call is not
// a dead worker: a caller may stop waiting for its answer (the call's own deadline), but the
// worker, and the run it carries, are left alone. Listeners subscribed through the bridge survive
// a restart: they are subscribed again to the new worker.
//
// Liveness is judged in heartbeats the page itself lived through, never by a timer racing the
// worker: a page the browser froze (both threads stop) or throttled in a background tab (a timer
// an hour late) misses no heartbeat on resuming, because only a ping that had a whole heartbeat
// to be answered counts as missed.

import * as Comlink from 'comlink';
import type { EngineApi } from '../../worker/api';
import type { EngineEvent, EngineListener } from '../../shared/engineState';
import type { EngineError } from '../../shared/errors';

/**
 * The worker's API as seen across Comlink: every method returns a promise of what it returns in
 * the worker. Written out instead of `Comlink.Remote<EngineApi>`, whose distributive conditional
 * types turn `Promise<Result<T>>` into `Promise<Ok> | Promise<Err>` and break inference.
 */
export type EngineRemote = {
  readonly [K in keyof EngineApi]: EngineApi[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
} & { [Comlink.releaseProxy](): void };

/**
 * How long a caller waits for an answer by default before giving up on it (ms). Giving up
 * rejects that call only; the worker carries on. Calls that start long work return at once (jobs
 * report through events, exports through a stream), so this is far above any answer.
 */
export const CALL_TIMEOUT_MS = 60_000;
/** A ping every this many ms. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** Heartbeats in a row with no word from the worker before it is taken for dead. */
export const HEARTBEAT_MISSES = 4;
/** The longest a dead worker goes unnoticed in a page that is running (ms). */
export const DEAD_WORKER_NOTICED_MS = HEARTBEAT_INTERVAL_MS * (HEARTBEAT_MISSES + 1);

export type BridgeHealth = { readonly state: 'starting' } | { readonly state: 'ready' } | { readonly state: 'restarting'; readonly reason: string; readonly restarts: number };

/** What a failed bridge call rejects with: the same data shape as the engine's own errors. */
export class BridgeCallError extends Error {
  constructor(readonly error: EngineError) {
    super(error.message);
    this.name = 'BridgeCallError';
  }
}

export interface EngineBridge {
  /** Calls the worker; rejects if the answer takes longer than `timeoutMs` (the worker is left alone) or the worker dies. */
  call<R>(fn: (api: EngineRemote) => Promise<R> | R, timeoutMs?: number): Promise<R>;
  subscribe(listener: EngineListener): () => void;
  onHealth(listener: (health: BridgeHealth) => void): () => void;
  health(): BridgeHealth;
  /** Replaces the worker now (used when it is dead; also by tests). */
  restart(reason: string): void;
  dispose(): void;
}

/** What the bridge needs of a worker: Comlink's endpoint, and a way to end it. */
export type EngineWorker = Comlink.Endpoint & { terminate(): void };

export interface WorkerFactory {
  (): EngineWorker;
}

export interface BridgeOptions {
  /** Tests shorten the heartbeat; the product uses HEARTBEAT_INTERVAL_MS. */
  readonly heartbeatIntervalMs?: number;
  readonly heartbeatMisses?: number;
}

export const createEngineWorker: WorkerFactory = () => new Worker(new URL('../../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'scr-engine' });

const toBridgeError = (e: unknown): BridgeCallError => (e instanceof BridgeCallError ? e : new BridgeCallError({ code: 'internal', message: e instanceof Error ? e.message : String(e) }));

export function createEngineBridge(factory: WorkerFactory = createEngineWorker, options: BridgeOptions = {}): EngineBridge {
  const intervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
  const misses = options.heartbeatMisses ?? HEARTBEAT_MISSES;
  let worker: EngineWorker;
  let remote: EngineRemote;
  let health: BridgeHealth = { state: 'starting' };
  let restarts = 0;
  let disposed = false;
  /** Which worker a word came from: a late answer from a replaced worker says nothing. */
  let generation = 0;
  /** Heartbeats since the worker last said anything; a ping went with each. */
  let silentBeats = 0;
  let heardSinceBeat = true;
  const listeners = new Set<EngineListener>();
  const healthListeners = new Set<(h: BridgeHealth) => void>();
  /** Unsubscribe functions in the current worker, per listener. */
  const remoteSubscriptions = new Map<EngineListener, Promise<(() => unknown) | null>>();
  /** Calls waiting for the current worker: rejected if it dies. */
  const pending = new Set<(error: BridgeCallError) => void>();

  const setHealth = (h: BridgeHealth): void => {
    health = h;
    for (const l of healthListeners) l(h);
  };

  /** The worker of `gen` said something: it is alive. */
  const heard = (gen: number): void => {
    if (gen !== generation) return;
    heardSinceBeat = true;
    silentBeats = 0;
    if (health.state !== 'ready') setHealth({ state: 'ready' });
  };

  const ping = (): void => {
    const gen = generation;
    const current = remote;
    Promise.resolve()
      .then(() => current.ping())
      .then(
        () => heard(gen),
        () => undefined,
      );
  };

  const subscribeRemote = (listener: EngineListener): void => {
    const gen = generation;
    const proxied = Comlink.proxy((event: EngineEvent) => {
      heard(gen);
      listener(event);
    });
    const sub = Promise.resolve(remote.subscribe(proxied))
      .then((unsub) => async () => {
        try {
          await unsub();
        } finally {
          // The unsubscribe function is itself a Comlink proxy with its own MessagePort: release it.
          const release = (unsub as unknown as { [Comlink.releaseProxy]?: () => void })[Comlink.releaseProxy];
          release?.();
        }
      })
      .catch(() => null);
    remoteSubscriptions.set(listener, sub);
  };

  const start = (): void => {
    generation++;
    silentBeats = 0;
    heardSinceBeat = true;
    worker = factory();
    // Comlink.wrap returns the distributive Remote type; EngineRemote is the same calls, typed plainly.
    remote = Comlink.wrap<EngineApi>(worker) as unknown as EngineRemote;
    // An uncaught error does not always kill a worker, and a message that could not be read is
    // one lost message: ask at once, and let the heartbeat judge.
    worker.addEventListener('error', ping);
    worker.addEventListener('messageerror', ping);
    for (const l of listeners) subscribeRemote(l);
    ping();
  };

  /**
   * One heartbeat. A ping unanswered for a whole heartbeat, with nothing else heard meanwhile, is
   * a missed beat; a page that was frozen or throttled comes back to a beat it just lived through
   * (the ping went out before, the answer can only come after), so it counts one miss at most
   * before the next ping is answered.
   */
  const heartbeat = setInterval(() => {
    if (disposed) return;
    if (!heardSinceBeat) silentBeats++;
    heardSinceBeat = false;
    if (silentBeats >= misses) {
      bridge.restart(health.state === 'starting' ? 'the engine did not start' : 'the engine stopped answering');
      return;
    }
    ping();
  }, intervalMs);

  const bridge: EngineBridge = {
    call<R>(fn: (api: EngineRemote) => Promise<R> | R, timeoutMs = CALL_TIMEOUT_MS) {
      const gen = generation;
      return new Promise<R>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const settle = (): void => {
          if (timer !== null) clearTimeout(timer);
          pending.delete(fail);
        };
        function fail(error: BridgeCallError): void {
          settle();
          reject(error);
        }
        pending.add(fail);
        if (Number.isFinite(timeoutMs)) {
          timer = setTimeout(
            () => fail(new BridgeCallError({ code: 'worker-unresponsive', message: `The upload engine did not answer within ${Math.round(timeoutMs / 1000)} s. It is still working; try again in a moment.` })),
            timeoutMs,
          );
        }
        const current = remote;
        Promise.resolve()
          .then(() => fn(current))
          .then(
            (value) => {
              heard(gen);
              settle();
              resolve(value);
            },
            (e: unknown) => fail(toBridgeError(e)),
          );
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      subscribeRemote(listener);
      return () => {
        listeners.delete(listener);
        const sub = remoteSubscriptions.get(listener);
        remoteSubscriptions.delete(listener);
        void sub?.then((unsub) => unsub?.()).catch(() => undefined);
      };
    },
    onHealth(listener) {
      healthListeners.add(listener);
      return () => healthListeners.delete(listener);
    },
    health: () => health,
    restart(reason) {
      if (disposed) return;
      restarts++;
      setHealth({ state: 'restarting', reason, restarts });
      remote[Comlink.releaseProxy]();
      worker.terminate();
      remoteSubscriptions.clear();
      const dead = new BridgeCallError({ code: 'worker-unresponsive', message: `The upload engine stopped (${reason}) and is being restarted; try again.` });
      for (const fail of [...pending]) fail(dead);
      start();
    },
    dispose() {
      disposed = true;
      clearInterval(heartbeat);
      remote[Comlink.releaseProxy]();
      worker.terminate();
      listeners.clear();
      healthListeners.clear();
      for (const fail of [...pending]) fail(new BridgeCallError({ code: 'internal', message: 'The page is closing.' }));
    },
  };
  start();
  return bridge;
}
