// In-memory stand-ins for what the engine gets from the browser (ports.ts), so engines run
// in-process in Node: a cross-tab job lock, a BroadcastChannel-like peer bus, a fixed clock,
// fake timers for the event hub, and helpers that wait for engine events.

import type { EngineEvent, EngineStatus } from '../../../src/shared/engineState';
import type { EventHub, Timers } from '../../../src/worker/eventHub';
import type { Clock, JobLocks, PeerChannel, PeerMessage } from '../../../src/worker/ports';

/** One lock shared by every "tab" in the test, like a Web Lock of the same name. */
export class MemoryJobLocks implements JobLocks {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  get isHeld(): boolean {
    return this.held;
  }

  async tryRun(job: () => Promise<void>): Promise<boolean> {
    if (this.held) return false;
    this.held = true;
    try {
      await job();
    } finally {
      this.release();
    }
    return true;
  }

  async waitAndRun(job: () => Promise<void>): Promise<void> {
    await this.acquire();
    try {
      await job();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

export interface PeerBus {
  /** A new channel on the bus: it hears every other channel's messages, never its own. */
  connect(): PeerChannel;
  /** Messages posted so far, in order (for assertions about what other tabs were told). */
  readonly posted: readonly PeerMessage[];
}

/**
 * Like BroadcastChannel: delivery is asynchronous (a macrotask) and structured-cloned, so an
 * engine never shares objects with another and never hears a message in the same tick.
 */
export function createPeerBus(): PeerBus {
  const members = new Set<{ handler: ((m: PeerMessage) => void) | null }>();
  const pending = new Set<ReturnType<typeof setTimeout>>();
  const posted: PeerMessage[] = [];
  return {
    posted,
    connect() {
      const self: { handler: ((m: PeerMessage) => void) | null } = { handler: null };
      members.add(self);
      return {
        post(message) {
          posted.push(message);
          for (const member of members) {
            if (member === self) continue;
            const copy = structuredClone(message);
            const timer = setTimeout(() => {
              pending.delete(timer);
              if (members.has(member)) member.handler?.(copy);
            }, 0);
            pending.add(timer);
          }
        },
        onMessage(handler) {
          self.handler = handler;
        },
        close() {
          members.delete(self);
          if (members.size === 0) for (const t of pending) clearTimeout(t);
        },
      };
    },
  };
}

/** A wall clock that stands still unless advanced. */
export class FixedClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Timers driven by hand: `advance` runs every callback that falls due, in due order. */
export class FakeTimers implements Timers {
  private t = 0;
  private nextId = 1;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.queue.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.queue.delete(handle);
  }

  get pendingCount(): number {
    return this.queue.size;
  }

  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | null = null;
      for (const entry of this.queue) if (entry[1].at <= end && (due === null || entry[1].at < due[1].at)) due = entry;
      if (due === null) break;
      this.queue.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

/**
 * Wraps a hub so the test sees every status the engine publishes, before throttling, and can
 * react to it synchronously (for example, cancel at a given point of a load).
 */
export function teeHub(inner: EventHub, onStatus: (status: EngineStatus) => void): EventHub {
  return {
    subscribe: (listener) => inner.subscribe(listener),
    emit: (event) => inner.emit(event),
    status: (status) => {
      onStatus(status);
      inner.status(status);
    },
    close: () => inner.close(),
  };
}

/** Resolves with the first event from `hub` matching `predicate` (the test's timeout bounds it). */
export function nextEvent(hub: Pick<EventHub, 'subscribe'>, predicate: (e: EngineEvent) => boolean): Promise<EngineEvent> {
  return new Promise((resolve) => {
    const unsubscribe = hub.subscribe((event) => {
      if (!predicate(event)) return;
      unsubscribe();
      resolve(event);
    });
  });
}

/** Every status event delivered by `hub`, in order, until `stop()` is called. */
export function recordStatuses(hub: Pick<EventHub, 'subscribe'>): { readonly statuses: EngineStatus[]; readonly events: EngineEvent[]; stop(): void } {
  const statuses: EngineStatus[] = [];
  const events: EngineEvent[] = [];
  const stop = hub.subscribe((event) => {
    events.push(event);
    if (event.type === 'status') statuses.push(event.status);
  });
  return { statuses, events, stop };
}

/** Resolves once `hub` has reported a running demo load and then an idle status after it. */
export function loadFinished(hub: Pick<EventHub, 'subscribe'>, runsHere: boolean): Promise<void> {
  let sawLoading = false;
  return new Promise((resolve) => {
    const unsubscribe = hub.subscribe((event) => {
      if (event.type !== 'status') return;
      if (event.status.job.phase === 'loading-demo') sawLoading = true;
      else if (sawLoading && event.status.runsHere === runsHere) {
        unsubscribe();
        resolve();
      }
    });
  });
}
