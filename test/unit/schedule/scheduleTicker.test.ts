// The scheduler in-process against IndexedDB (fake-indexeddb) with a fake wall clock and an
// upload that does what the engine would: every situation of the issue, on time, late by hours,
// and across an app closed and reopened.
// Over 300 lines: one scheduler's situations share one fixture; split, each file would repeat it.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScrDatabase } from '../../../src/db/database';
import type { ScheduleInput } from '../../../src/domain/schedule/types';
import { EMPTY_SCHEDULE_INPUT } from '../../../src/domain/schedule/validateSchedule';
import { readSchedule, SCHEDULE_SETTING_KEY, deleteSchedule } from '../../../src/worker/schedule/scheduleStore';
import { intervalTicks, ScheduleTicker, type RunState, type TickSource } from '../../../src/worker/schedule/scheduleTicker';
import { uniqueDatabaseName } from '../setup/indexeddb';

const LONDON = 'Europe/London';
const utc = (iso: string): number => Date.parse(iso);

type Control = 'none' | 'running' | 'paused' | 'stopped';

/** What the engine keeps between app openings: the database, the run's control, the log. */
interface Practice {
  readonly db: ScrDatabase;
  clock: number;
  control: Control;
  runningElsewhere: boolean;
  failNext: string | null;
  readonly log: string[];
  /** Every action the schedule asked for, in order. */
  readonly actions: string[];
}

const opened: ScrDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
});

function practice(iso: string): Practice {
  const db = new ScrDatabase(uniqueDatabaseName('schedule'));
  opened.push(db);
  return { db, clock: utc(iso), control: 'none', runningElsewhere: false, failNext: null, log: [], actions: [] };
}

/** Opens the app: a ticker wired to the practice the way the Engine wires it. */
function openApp(p: Practice, ticks?: TickSource): ScheduleTicker {
  const act = async (name: string, control: Control): Promise<void> => {
    if (p.failNext) {
      const message = p.failNext;
      p.failNext = null;
      throw new Error(message);
    }
    p.actions.push(name);
    p.control = control;
  };
  return new ScheduleTicker({
    db: p.db,
    clock: { now: () => p.clock },
    timeZone: LONDON,
    runState: (): RunState => (p.runningElsewhere ? 'other-tab' : p.control === 'running' ? 'active' : 'inactive'),
    ticks: ticks ?? { start: () => () => undefined },
    actions: {
      start: () => act('start', 'running'),
      stop: () => act('stop', 'stopped'),
      pause: (until) => act(`pause until ${new Date(until).toISOString()}`, 'paused'),
      resume: () => act('resume', 'running'),
      log: async (level, text) => {
        p.log.push(level === 'info' ? text : `${level.toUpperCase()}: ${text}`);
      },
      changed: () => undefined,
    },
  });
}

const input = (over: Partial<ScheduleInput>): ScheduleInput => ({ ...EMPTY_SCHEDULE_INPUT, ...over });

async function setValid(t: ScheduleTicker, over: Partial<ScheduleInput>): Promise<void> {
  const r = await t.set(input(over));
  if (!r.valid) throw new Error(JSON.stringify(r.errors));
}

/** Moves the clock to `iso` and ticks once. */
async function at(p: Practice, t: ScheduleTicker, iso: string): Promise<void> {
  p.clock = utc(iso);
  await t.tick();
}

describe('start at a date and time', () => {
  it('starts at 19:00 once, logs it, and a reload afterwards does not start it again', async () => {
    const p = practice('2026-11-26T10:00:00Z');
    const t = openApp(p);
    await setValid(t, { startMode: 'at', startDate: '2026-11-26', startTime: '19:00', limitMode: 'stop', stopTime: '07:30' });
    expect(p.log).toEqual(['Schedule set: start at 19:00 on Thu 26 Nov 2026; stop at 07:30 on Fri 27 Nov 2026 (times in Europe/London).']);
    await at(p, t, '2026-11-26T18:59:59Z');
    expect(p.actions).toEqual([]);
    await at(p, t, '2026-11-26T19:00:00.400Z');
    await at(p, t, '2026-11-26T19:00:01.400Z');
    expect(p.actions).toEqual(['start']);
    expect(p.log[1]).toBe('Start time 19:00 on Thu 26 Nov 2026 reached: the upload starts.');

    t.dispose();
    const reopened = openApp(p);
    await reopened.start();
    reopened.dispose();
    expect(p.actions).toEqual(['start']);
  });

  it('refuses a start time while the upload is running; stop and pause times can change', async () => {
    const p = practice('2026-11-26T10:00:00Z');
    p.control = 'running';
    const t = openApp(p);
    const refused = await t.set(input({ startMode: 'at', startDate: '2026-11-26', startTime: '19:00' }));
    expect(refused.valid ? [] : refused.errors.map((e) => e.field)).toEqual(['startMode']);
    await setValid(t, { limitMode: 'stop', stopTime: '07:30' });
    await setValid(t, { limitMode: 'stop', stopTime: '11:00' });
    expect(p.log[1]).toBe('Schedule changed: start now; stop at 11:00 on Thu 26 Nov 2026 (times in Europe/London).');
    await at(p, t, '2026-11-26T11:00:00.300Z');
    expect(p.actions).toEqual(['stop']);
  });

  it('form errors are returned and nothing is stored or logged', async () => {
    const p = practice('2026-11-26T10:00:00Z');
    const t = openApp(p);
    const r = await t.set(input({ limitMode: 'pause', pauseTime: '08:00' }));
    expect(r.valid).toBe(false);
    expect(await t.current()).toBeNull();
    expect(p.log).toEqual([]);
  });
});

describe('Stop Time Reached', () => {
  it('stops at the stop time; a tick three hours late stops once', async () => {
    const p = practice('2026-11-26T10:00:00Z');
    p.control = 'running';
    const t = openApp(p);
    await setValid(t, { limitMode: 'stop', stopTime: '07:30' });
    await at(p, t, '2026-11-27T10:31:00Z');
    await at(p, t, '2026-11-27T10:31:01Z');
    expect(p.actions).toEqual(['stop']);
    expect(p.log[1]).toMatch(/^Stop Time Reached \(07:30 on Fri 27 Nov 2026\).*It was due while the app was closed or the computer was asleep, and was applied when the app next ran, at 10:31 on Fri 27 Nov 2026\.$/);
    expect((await t.current())?.progress).toMatchObject({ phase: { kind: 'ended' }, lastEvent: { kind: 'stop', at: utc('2026-11-27T07:30:00Z') } });
  });

  it('app closed across the stop time: opening it stops the upload before it continues, once', async () => {
    const p = practice('2026-11-26T22:00:00Z');
    p.control = 'running';
    const before = openApp(p);
    await setValid(before, { limitMode: 'stop', stopTime: '07:30' });
    before.dispose();
    // Closed at 23:00 with the run stored as running; opened at 09:00.
    p.clock = utc('2026-11-27T09:00:00Z');
    const after = openApp(p);
    await after.start();
    after.dispose();
    expect(p.actions).toEqual(['stop']);
    expect(p.control).toBe('stopped');

    const again = openApp(p);
    await again.start();
    again.dispose();
    expect(p.actions).toEqual(['stop']);
  });
});

describe('Pause Time Reached and the automatic resume (08:00-18:30 every day)', () => {
  async function pausing(iso = '2026-11-26T20:00:00Z') {
    const p = practice(iso);
    p.control = 'running';
    const t = openApp(p);
    await setValid(t, { limitMode: 'pause', pauseTime: '08:00', resumeTime: '18:30' });
    return { p, t };
  }

  it('pauses, counts down, resumes by itself, and again the next day', async () => {
    const { p, t } = await pausing();
    await at(p, t, '2026-11-27T08:00:00.500Z');
    expect(p.actions).toEqual(['pause until 2026-11-27T18:30:00.000Z']);
    expect((await t.current())?.progress.phase).toEqual({ kind: 'paused', until: utc('2026-11-27T18:30:00Z') });
    await at(p, t, '2026-11-27T12:00:00Z');
    await at(p, t, '2026-11-27T18:30:00.700Z');
    await at(p, t, '2026-11-28T08:00:00.200Z');
    expect(p.actions).toEqual(['pause until 2026-11-27T18:30:00.000Z', 'resume', 'pause until 2026-11-28T18:30:00.000Z']);
    expect(p.log.slice(1, 3)).toEqual([
      'Pause Time Reached (08:00 on Fri 27 Nov 2026): the upload pauses at the next checkpoint and resumes by itself at 18:30 on Fri 27 Nov 2026.',
      'Resume time 18:30 on Fri 27 Nov 2026 reached: the upload resumes by itself.',
    ]);
  });

  it('app closed inside a pause window: opening it keeps the upload paused until the resume time', async () => {
    const { p, t } = await pausing();
    t.dispose();
    p.clock = utc('2026-11-27T11:00:00Z');
    const reopened = openApp(p);
    await reopened.start();
    expect(p.actions).toEqual(['pause until 2026-11-27T18:30:00.000Z']);
    expect(p.control).toBe('paused');
    await at(p, reopened, '2026-11-27T18:30:00.400Z');
    reopened.dispose();
    expect(p.actions).toEqual(['pause until 2026-11-27T18:30:00.000Z', 'resume']);
  });

  it('app closed across a whole pause window: the upload carries on and the log says both times passed', async () => {
    const { p, t } = await pausing();
    t.dispose();
    p.clock = utc('2026-11-27T20:00:00Z');
    const reopened = openApp(p);
    await reopened.start();
    reopened.dispose();
    expect(p.actions).toEqual([]);
    expect(p.control).toBe('running');
    expect(p.log.slice(1).map((l) => l.slice(0, 40))).toEqual(['Pause Time Reached (08:00 on Fri 27 Nov ', 'Resume time 18:30 on Fri 27 Nov 2026 rea']);
    expect(p.log.slice(1).every((l) => l.includes('while the app was closed'))).toBe(true);
  });

  it('Resume Cancelled: the upload stays stopped past the resume time until resumed by hand', async () => {
    const { p, t } = await pausing();
    expect(await t.cancelResume()).toBe(false);
    await at(p, t, '2026-11-27T08:00:01Z');
    p.clock = utc('2026-11-27T09:00:00Z');
    expect(await t.cancelResume()).toBe(true);
    expect((await t.current())?.progress.lastEvent).toEqual({ kind: 'resume-cancelled', at: utc('2026-11-27T09:00:00Z') });
    expect(p.log.at(-1)).toBe(
      'Resume Cancelled: the automatic resume at 18:30 on Fri 27 Nov 2026 was cancelled by the user. The upload stays stopped until it is resumed by hand; nothing queued is lost.',
    );
    await at(p, t, '2026-11-27T18:30:01Z');
    await at(p, t, '2026-11-28T08:00:01Z');
    expect(p.actions).toEqual(['pause until 2026-11-27T18:30:00.000Z']);
    expect(p.log.at(-1)).toBe('Pause time 08:00 on Sat 28 Nov 2026 reached while the upload was not running: there was nothing to pause.');
  });

  it('resumed by hand inside the window: not paused again that day, no automatic resume', async () => {
    const { p, t } = await pausing();
    await at(p, t, '2026-11-27T08:00:01Z');
    p.control = 'running';
    await t.startedByHand();
    await at(p, t, '2026-11-27T09:00:00Z');
    await at(p, t, '2026-11-27T18:30:01Z');
    expect(p.actions).toEqual(['pause until 2026-11-27T18:30:00.000Z']);
  });

  it('changing the resume time while paused moves the automatic resume', async () => {
    const { p, t } = await pausing();
    await at(p, t, '2026-11-27T08:00:01Z');
    p.clock = utc('2026-11-27T09:00:00Z');
    await setValid(t, { limitMode: 'pause', pauseTime: '08:00', resumeTime: '12:00' });
    await at(p, t, '2026-11-27T12:00:00.500Z');
    expect(p.actions).toEqual(['pause until 2026-11-27T18:30:00.000Z', 'resume']);
  });
});

describe('the ticker itself', () => {
  it('leaves the schedule to the tab that runs the upload', async () => {
    const p = practice('2026-11-26T10:00:00Z');
    p.control = 'running';
    const t = openApp(p);
    await setValid(t, { limitMode: 'stop', stopTime: '11:00' });
    p.runningElsewhere = true;
    await at(p, t, '2026-11-26T11:00:01Z');
    expect(p.actions).toEqual([]);
    p.runningElsewhere = false;
    await at(p, t, '2026-11-26T11:00:02Z');
    expect(p.actions).toEqual(['stop']);
  });

  it('a failed action is logged once and not retried every second', async () => {
    const p = practice('2026-11-26T10:00:00Z');
    p.control = 'running';
    const t = openApp(p);
    await setValid(t, { limitMode: 'stop', stopTime: '11:00' });
    p.failNext = 'the database is closed';
    await at(p, t, '2026-11-26T11:00:01Z');
    await at(p, t, '2026-11-26T11:00:02Z');
    expect(p.log.filter((l) => l.startsWith('ERROR'))).toEqual(['ERROR: The scheduled stop could not be carried out: the database is closed']);
  });

  it('checks the wall clock every second from start() until dispose()', async () => {
    // Only the interval is faked: fake-indexeddb needs the real setTimeout and setImmediate.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const p = practice('2026-11-26T10:59:58Z');
      p.control = 'running';
      const t = openApp(p, intervalTicks());
      await setValid(t, { limitMode: 'stop', stopTime: '11:00' });
      await t.start();
      p.clock = utc('2026-11-26T11:00:00.100Z');
      await vi.advanceTimersByTimeAsync(1_000);
      await t.current();
      expect(p.actions).toEqual(['stop']);
      t.dispose();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('clear removes the schedule and logs it once; an unreadable row counts as no schedule', async () => {
    const p = practice('2026-11-26T10:00:00Z');
    const t = openApp(p);
    await setValid(t, { limitMode: 'stop', stopTime: '11:00' });
    expect(await t.clear('Schedule cleared: the run completed.')).toBe(true);
    expect(await t.clear()).toBe(false);
    expect(p.log.at(-1)).toBe('Schedule cleared: the run completed.');
    await p.db.settings.put({ key: SCHEDULE_SETTING_KEY, value: { revision: 'x' } });
    expect(await readSchedule(p.db)).toBeNull();
    expect(await deleteSchedule(p.db)).toBe(false);
  });

  it('a schedule set after a clear gets a new revision, so stale progress is not saved over it', async () => {
    const p = practice('2026-11-26T10:00:00Z');
    const t = openApp(p);
    await setValid(t, { limitMode: 'stop', stopTime: '11:00' });
    const first = await t.current();
    await t.clear();
    await setValid(t, { limitMode: 'stop', stopTime: '12:00' });
    expect((await t.current())?.revision).toBe((first?.revision ?? 0) + 1);
  });
});
