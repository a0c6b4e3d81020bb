// An in-process engine for run tests: fake-indexeddb, a fake clock, an in-memory job lock and
// peer bus, and helpers to wait for the engine to settle.

import 'fake-indexeddb/auto';
import { ScrDatabase } from '../../../src/db/database';
import type { RunRecord } from '../../../src/domain/model/runs';
import { Engine, type EngineDeps } from '../../../src/worker/engine';
import { createEventHub } from '../../../src/worker/eventHub';
import type { JobLocks, PeerChannel, PeerMessage } from '../../../src/worker/ports';
import type { EngineStatus } from '../../../src/shared/engineState';
import { VirtualTime } from '../send/support';
import type { Clock } from '../../../src/worker/ports';
import { realSleeper, type Sleeper } from '../../../src/worker/send/sleeper';
import type { TickSource } from '../../../src/worker/schedule/scheduleTicker';
import { checkEligibility } from '../../../src/domain/eligibility';
import { storedPatients } from '../db/storedPatients';

/** The wall clock and real timers, for tests that talk to a real server. */
export const REAL_TIME: Clock & Sleeper = { now: () => Date.now(), sleep: (ms, signal) => realSleeper.sleep(ms, signal) };

/**
 * Virtual time that also moves 7 ms on every reading, so work takes measurable time while
 * waits (rate limit, latency, retries) pass at once.
 */
export class TestTime extends VirtualTime {
  override now(): number {
    this.advance(7);
    return super.now();
  }
}

/** Scheduler clock checks fired by hand (engines made here never tick by themselves). */
export class ManualTicks implements TickSource {
  private readonly ticks = new Set<() => void>();

  start(tick: () => void): () => void {
    this.ticks.add(tick);
    return () => this.ticks.delete(tick);
  }

  fire(): void {
    for (const tick of this.ticks) tick();
  }
}

/** A seeded uniform [0, 1) source (Park–Miller), so training Spine faults repeat exactly. */
export function seededRandom(seed = 11): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

let dbCounter = 0;
export const uniqueDbName = (prefix: string): string => `${prefix}-${process.pid}-${++dbCounter}-${Date.now()}`;

/** One lock shared by every engine made with the same instance, like a Web Lock across tabs. */
export function memoryLocks(): JobLocks {
  let held: Promise<void> | null = null;
  const waiters: (() => void)[] = [];
  const acquire = async (job: () => Promise<void>): Promise<void> => {
    let release!: () => void;
    held = new Promise<void>((r) => (release = r));
    try {
      await job();
    } finally {
      held = null;
      release();
      waiters.shift()?.();
    }
  };
  return {
    async tryRun(job) {
      // Like the Web Lock with a timeout: wait a little for a holder that is about to let go.
      for (let i = 0; held && i < 20; i++) await new Promise((r) => setTimeout(r, 10));
      if (held) return false;
      await acquire(job);
      return true;
    },
    async waitAndRun(job) {
      while (held) await new Promise<void>((r) => waiters.push(r));
      await acquire(job);
    },
  };
}

export function memoryBus(): () => PeerChannel {
  const handlers = new Set<(m: PeerMessage) => void>();
  return () => {
    let mine: ((m: PeerMessage) => void) | null = null;
    return {
      post: (m) => {
        for (const h of handlers) if (h !== mine) h(structuredClone(m));
      },
      onMessage: (h) => {
        mine = h;
        handlers.add(h);
      },
      close: () => {
        if (mine) handlers.delete(mine);
      },
    };
  };
}

export interface TestEngine {
  engine: Engine;
  db: ScrDatabase;
  statuses: EngineStatus[];
  /** Resolves when the engine's status phase is `phase` (checked after every event). */
  waitFor(phase: EngineStatus['job']['phase']): Promise<EngineStatus>;
}

export function makeEngine(
  dbName: string,
  opts: { locks?: JobLocks; peers?: PeerChannel; time?: Clock & Sleeper } & Partial<Pick<EngineDeps, 'loopHooks' | 'runPageSize' | 'uuid' | 'trainingRandom' | 'fetch' | 'scheduleTicks' | 'timeZone' | 'runCommandAnswerMs'>> = {},
): TestEngine {
  const db = new ScrDatabase(dbName);
  const hub = createEventHub({ now: () => 0, setTimeout: (fn) => queueMicrotask(fn), clearTimeout: () => undefined });
  const statuses: EngineStatus[] = [];
  const waiters: { phase: string; resolve: (s: EngineStatus) => void }[] = [];
  hub.subscribe((e) => {
    if (e.type !== 'status') return;
    statuses.push(e.status);
    for (const w of [...waiters]) if (w.phase === e.status.job.phase) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e.status);
    }
  });
  const time = opts.time ?? new TestTime(Date.parse('2026-11-26T09:00:00Z'));
  const engine = new Engine({
    db,
    clock: time,
    sleeper: time,
    trainingRandom: opts.trainingRandom ?? seededRandom(),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    scheduleTicks: opts.scheduleTicks ?? new ManualTicks(),
    timeZone: opts.timeZone ?? 'Europe/London',
    locks: opts.locks ?? memoryLocks(),
    peers: opts.peers ?? memoryBus()(),
    hub,
    ...(opts.loopHooks ? { loopHooks: opts.loopHooks } : {}),
    ...(opts.runPageSize ? { runPageSize: opts.runPageSize } : {}),
    ...(opts.uuid ? { uuid: opts.uuid } : {}),
    ...(opts.runCommandAnswerMs !== undefined ? { runCommandAnswerMs: opts.runCommandAnswerMs } : {}),
  });
  return {
    engine,
    db,
    statuses,
    waitFor: (phase) => new Promise((resolve) => waiters.push({ phase, resolve })),
  };
}

export async function loadDemo(t: TestEngine, size: number): Promise<void> {
  const idle = t.waitFor('idle');
  const r = await t.engine.startDemoLoad({ size, seed: 7 });
  if (!r.ok) throw new Error(r.error.message);
  await idle;
}

/** Runs to the end of the current job: resolves with the final phase. */
export async function settle(t: TestEngine): Promise<'idle' | 'failed'> {
  return Promise.race([t.waitFor('idle'), t.waitFor('failed')]).then((s) => s.job.phase as 'idle' | 'failed');
}

export async function latest(t: TestEngine): Promise<RunRecord> {
  const r = await t.db.runs.orderBy('id').last();
  if (!r) throw new Error('no run');
  return r;
}

/** Waits in real time until `condition` holds; throws after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A run is going in this engine. */
export const isRunning = (t: TestEngine): boolean => t.engine.status().job.phase === 'running';

/** Every patient of the running run is checked; it waits for its last messages. */
export function allChecked(t: TestEngine): boolean {
  const job = t.engine.status().job;
  return job.phase === 'running' && job.stage === 'sending';
}

/** The NHS numbers of the patients who qualify, by the eligibility rules. */
export async function qualifyingNhsNumbers(t: TestEngine): Promise<string[]> {
  const patients = await storedPatients(t.db);
  return patients.filter((p) => checkEligibility(p).outcome === 'qualifies').map((p) => p.nhsNumber ?? '');
}
