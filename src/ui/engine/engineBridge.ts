// The one owner of the engine worker on the main thread. It creates and wraps the worker, gives
// every call a timeout (a Comlink call never settles if the worker dies), watches the worker
// with a heartbeat, and replaces a worker that died or stopped answering. Listeners subscribed
// through the bridge survive a restart: they are subscribed again to the new worker.

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

/** Long enough for any API call (they all return at once; jobs report through events). */
export const CALL_TIMEOUT_MS = 15_000;
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_TIMEOUT_MS = 5_000;

export type BridgeHealth = { readonly state: 'starting' } | { readonly state: 'ready' } | { readonly state: 'restarting'; readonly reason: string; readonly restarts: number };

/** What a failed bridge call rejects with: the same data shape as the engine's own errors. */
export class BridgeCallError extends Error {
  constructor(readonly error: EngineError) {
    super(error.message);
    this.name = 'BridgeCallError';
  }
}

export interface EngineBridge {
  call<R>(fn: (api: EngineRemote) => Promise<R> | R, timeoutMs?: number): Promise<R>;
  subscribe(listener: EngineListener): () => void;
  onHealth(listener: (health: BridgeHealth) => void): () => void;
  health(): BridgeHealth;
  /** Replaces the worker now (used after a timeout; also by tests). */
  restart(reason: string): void;
  dispose(): void;
}

export interface WorkerFactory {
  (): Worker;
}

export const createEngineWorker: WorkerFactory = () => new Worker(new URL('../../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'scr-engine' });

function withTimeout<R>(promise: Promise<R>, ms: number, what: string): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BridgeCallError({ code: 'worker-unresponsive', message: `The upload engine did not answer within ${ms / 1000} s (${what}).` })), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof BridgeCallError ? e : new BridgeCallError({ code: 'internal', message: e instanceof Error ? e.message : String(e) }));
      },
    );
  });
}

export function createEngineBridge(factory: WorkerFactory = createEngineWorker): EngineBridge {
  let worker: Worker;
  let remote: EngineRemote;
  let health: BridgeHealth = { state: 'starting' };
  let restarts = 0;
  let disposed = false;
  const listeners = new Set<EngineListener>();
  const healthListeners = new Set<(h: BridgeHealth) => void>();
  /** Unsubscribe functions in the current worker, per listener. */
  const remoteSubscriptions = new Map<EngineListener, Promise<(() => unknown) | null>>();

  const setHealth = (h: BridgeHealth): void => {
    health = h;
    for (const l of healthListeners) l(h);
  };

  const subscribeRemote = (listener: EngineListener): void => {
    const proxied = Comlink.proxy((event: EngineEvent) => listener(event));
    const sub = withTimeout(Promise.resolve(remote.subscribe(proxied)), CALL_TIMEOUT_MS, 'subscribe')
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
    worker = factory();
    // Comlink.wrap returns the distributive Remote type; EngineRemote is the same calls, typed plainly.
    remote = Comlink.wrap<EngineApi>(worker) as unknown as EngineRemote;
    const onDeath = (reason: string) => () => bridge.restart(reason);
    worker.addEventListener('messageerror', onDeath('a message from the engine could not be read'));
    worker.addEventListener('error', () => {
      // An uncaught error does not always kill a worker: ask it before replacing it.
      void withTimeout(Promise.resolve(remote.ping()), HEARTBEAT_TIMEOUT_MS, 'ping').catch(() => bridge.restart('the engine stopped after an error'));
    });
    for (const l of listeners) subscribeRemote(l);
    void withTimeout(Promise.resolve(remote.ping()), CALL_TIMEOUT_MS, 'start').then(
      () => setHealth({ state: 'ready' }),
      () => bridge.restart('the engine did not start'),
    );
  };

  const heartbeat = setInterval(() => {
    if (health.state !== 'ready') return;
    withTimeout(Promise.resolve(remote.ping()), HEARTBEAT_TIMEOUT_MS, 'heartbeat').catch(() => bridge.restart('the engine stopped answering'));
  }, HEARTBEAT_INTERVAL_MS);

  const bridge: EngineBridge = {
    async call(fn, timeoutMs = CALL_TIMEOUT_MS) {
      try {
        return await withTimeout(Promise.resolve(fn(remote)), timeoutMs, 'call');
      } catch (e) {
        if (e instanceof BridgeCallError && e.error.code === 'worker-unresponsive') bridge.restart('the engine stopped answering');
        throw e;
      }
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
      start();
    },
    dispose() {
      disposed = true;
      clearInterval(heartbeat);
      remote[Comlink.releaseProxy]();
      worker.terminate();
      listeners.clear();
      healthListeners.clear();
    },
  };
  start();
  return bridge;
}
