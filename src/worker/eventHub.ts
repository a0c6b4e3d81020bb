// The worker's one event channel. Listeners are Comlink proxies in the UI (or plain functions in
// tests). Progress is throttled at the source: at most one `status` event per THROTTLE_MS, but a
// change of phase is sent at once and the last status is always delivered (trailing edge), so
// the UI never misses where a job ended.

import type { EngineEvent, EngineListener, EngineStatus } from '../shared/engineState';

/** About ten status events a second: smooth progress, negligible cost (docs/toolchain.md). */
export const THROTTLE_MS = 100;

export interface EventHub {
  subscribe(listener: EngineListener): () => void;
  emit(event: Exclude<EngineEvent, { type: 'status' }>): void;
  /** Publishes a status, throttled unless its phase differs from the last one sent. */
  status(status: EngineStatus): void;
  close(): void;
}

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

export function createEventHub(timers: Timers = realTimers): EventHub {
  const listeners = new Set<EngineListener>();
  let lastSentAt = -Infinity;
  let lastPhase: string | null = null;
  let pending: EngineStatus | null = null;
  let timer: unknown = null;

  const deliver = (event: EngineEvent): void => {
    for (const listener of [...listeners]) {
      try {
        const result: unknown = listener(event);
        // A Comlink proxy returns a promise that rejects once its tab is gone: drop that listener.
        if (result instanceof Promise) result.catch(() => listeners.delete(listener));
      } catch {
        listeners.delete(listener);
      }
    }
  };

  const flush = (): void => {
    timer = null;
    if (pending === null) return;
    const status = pending;
    pending = null;
    lastSentAt = timers.now();
    lastPhase = status.job.phase;
    deliver({ type: 'status', status });
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      deliver(event);
    },
    status(status) {
      pending = status;
      const phaseChanged = status.job.phase !== lastPhase;
      const due = timers.now() - lastSentAt >= THROTTLE_MS;
      if (phaseChanged || due) {
        if (timer !== null) timers.clearTimeout(timer);
        flush();
      } else if (timer === null) {
        timer = timers.setTimeout(flush, THROTTLE_MS - (timers.now() - lastSentAt));
      }
    },
    close() {
      if (timer !== null) timers.clearTimeout(timer);
      listeners.clear();
    },
  };
}
