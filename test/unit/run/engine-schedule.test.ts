// The engine with the scheduler, in-process with a fake clock and clock checks fired by hand,
// through every situation: a scheduled start, Stop Time Reached, Pause Time Reached and the
// automatic resume, Resume Cancelled, and an app closed across the stop time or inside a pause
// window. Times are Europe/London; the fake clock starts at 09:00 on 26 November 2026 (GMT).
//
// Sending is held on purpose (the browser is offline) so a run stays running while the clock
// moves; back online, the training Spine lets it finish.

import { describe, expect, it } from 'vitest';
import type { ScheduleInput } from '../../../src/domain/schedule/types';
import { allChecked, isRunning, latest, loadDemo, makeEngine, ManualTicks, settle, TestTime, uniqueDbName, until, type TestEngine } from './harness';

const START = Date.parse('2026-11-26T09:00:00Z');
const at = (hhmm: string, day = '2026-11-26'): number => Date.parse(`${day}T${hhmm}:00Z`);

const NO_SCHEDULE: ScheduleInput = { startMode: 'now', startDate: '', startTime: '', limitMode: 'none', stopTime: '', pauseTime: '', resumeTime: '' };

function setup(name: string, time = new TestTime(START), ticks = new ManualTicks()) {
  const t = makeEngine(uniqueDbName(name), { time, scheduleTicks: ticks, runPageSize: 50 });
  return { t, time, ticks };
}

/** The browser is offline: sending waits (checking carries on), so the run stays running. */
async function holdSending(t: TestEngine): Promise<void> {
  t.engine.setOnline(false);
  return Promise.resolve();
}

async function releaseSending(t: TestEngine): Promise<void> {
  t.engine.setOnline(true);
  return Promise.resolve();
}

async function tick(t: TestEngine, ticks: ManualTicks): Promise<void> {
  ticks.fire();
  // The ticker's work is queued behind reads; current() waits for it.
  await t.engine.scheduler.current();
}

async function logTexts(t: TestEngine): Promise<string[]> {
  return (await t.db.log.orderBy('id').toArray()).map((l) => l.text);
}

describe('the engine with a schedule', () => {
  it('a start time: nothing happens before it; at it, the chosen run starts by itself', async () => {
    const { t, time, ticks } = setup('sched-start');
    await loadDemo(t, 100);
    await t.engine.start();
    const set = await t.engine.setSchedule({ ...NO_SCHEDULE, startMode: 'at', startDate: '2026-11-26', startTime: '19:00' }, 'run');
    expect(set.valid).toBe(true);
    await tick(t, ticks);
    expect(await t.db.runs.count()).toBe(0);

    time.advance(at('19:00') - time.now() + 1000);
    const done = settle(t);
    await tick(t, ticks);
    await done;
    const run = await latest(t);
    expect(run.kind).toBe('run');
    expect(run.control).toBe('completed');
    const log = await logTexts(t);
    expect(log.some((l) => /start/i.test(l) && l.includes('19:00'))).toBe(true);
    // Completion clears the schedule.
    expect(await t.engine.schedule()).toBeNull();
    t.engine.dispose();
  });

  it('Stop Time Reached: the run stops at a checkpoint and stays stopped; Resume by hand finishes it', async () => {
    const { t, time, ticks } = setup('sched-stop');
    await loadDemo(t, 100);
    await holdSending(t);
    await t.engine.start();
    expect((await t.engine.setSchedule({ ...NO_SCHEDULE, limitMode: 'stop', stopTime: '10:00' }, 'run')).valid).toBe(true);
    const stopped = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => allChecked(t));

    time.advance(at('10:00') - time.now() + 500);
    await tick(t, ticks);
    await stopped;
    const run = await latest(t);
    expect(run.control).toBe('stopped');
    expect(run.counts.checked).toBe(run.total);
    const log = await logTexts(t);
    expect(log.some((l) => l.includes('stopped by the schedule (stop time reached)'))).toBe(true);
    expect((await t.engine.schedule())?.progress.lastEvent?.kind).toBe('stop');
    // Later ticks do not restart it.
    time.advance(3_600_000);
    await tick(t, ticks);
    expect((await latest(t)).control).toBe('stopped');

    await releaseSending(t);
    const done = settle(t);
    expect((await t.engine.resume()).ok).toBe(true);
    await done;
    expect((await latest(t)).control).toBe('completed');
    t.engine.dispose();
  });

  it('Pause Time Reached: paused until the resume time, then it resumes by itself (a resume earlier than the pause is the next day)', async () => {
    const { t, time, ticks } = setup('sched-pause');
    await loadDemo(t, 100);
    await holdSending(t);
    await t.engine.start();
    expect((await t.engine.setSchedule({ ...NO_SCHEDULE, limitMode: 'pause', pauseTime: '18:00', resumeTime: '07:30' }, 'run')).valid).toBe(true);
    const paused = settle(t);
    await t.engine.startRun('run');
    await until(() => isRunning(t));

    time.advance(at('18:00') - time.now() + 200);
    await tick(t, ticks);
    await paused;
    expect((await latest(t)).control).toBe('paused');
    const schedule = await t.engine.schedule();
    expect(schedule?.progress.phase).toEqual({ kind: 'paused', until: at('07:30', '2026-11-27') });

    // Still paused at midnight; resumes at 07:30 the next day.
    time.advance(at('00:10', '2026-11-27') - time.now());
    await tick(t, ticks);
    expect((await latest(t)).control).toBe('paused');
    await releaseSending(t);
    const done = settle(t);
    time.advance(at('07:30', '2026-11-27') - time.now() + 200);
    await tick(t, ticks);
    await done;
    expect((await latest(t)).control).toBe('completed');
    const log = await logTexts(t);
    expect(log.some((l) => l.includes('paused by the schedule (pause time reached)'))).toBe(true);
    expect(log.some((l) => l.includes('resumed by the schedule'))).toBe(true);
    t.engine.dispose();
  });

  it('Resume Cancelled: after the user cancels the automatic resume, the resume time passes and the run stays paused', async () => {
    const { t, time, ticks } = setup('sched-cancel');
    await loadDemo(t, 100);
    await holdSending(t);
    await t.engine.start();
    await t.engine.setSchedule({ ...NO_SCHEDULE, limitMode: 'pause', pauseTime: '12:00', resumeTime: '13:00' }, 'run');
    const paused = settle(t);
    await t.engine.startRun('run');
    await until(() => isRunning(t));
    time.advance(at('12:00') - time.now() + 200);
    await tick(t, ticks);
    await paused;

    expect(await t.engine.cancelScheduledResume()).toBe(true);
    expect((await t.engine.schedule())?.progress.lastEvent?.kind).toBe('resume-cancelled');
    time.advance(at('13:30') - time.now());
    await tick(t, ticks);
    expect((await latest(t)).control).toBe('paused');
    expect(isRunning(t)).toBe(false);
    expect((await logTexts(t)).some((l) => /cancel/i.test(l) && /resume/i.test(l))).toBe(true);
    t.engine.dispose();
  });

  it('the app closed across the stop time: reopening stops the run instead of continuing it', async () => {
    const name = uniqueDbName('sched-closed-stop');
    const first = makeEngine(name, { time: new TestTime(START), scheduleTicks: new ManualTicks(), runPageSize: 50 });
    await loadDemo(first, 100);
    await holdSending(first);
    await first.engine.start();
    await first.engine.setSchedule({ ...NO_SCHEDULE, limitMode: 'stop', stopTime: '17:00' }, 'run');
    const ended = settle(first);
    await first.engine.startRun('run');
    await until(() => isRunning(first));
    // The tab closes: its lock goes; what is stored says the run is running.
    first.engine.requestStop('pause');
    await ended;
    await first.db.runs.update((await latest(first)).id ?? 0, { control: 'running' });
    first.engine.dispose();

    const reopened = makeEngine(name, { time: new TestTime(at('17:45')), scheduleTicks: new ManualTicks(), runPageSize: 50 });
    await reopened.engine.start();
    const run = await latest(reopened);
    expect(run.control).toBe('stopped');
    expect(isRunning(reopened)).toBe(false);
    const log = await logTexts(reopened);
    expect(log.some((l) => l.includes('stopped by the schedule while the app was closed'))).toBe(true);
    reopened.engine.dispose();
  });

  it('the app closed and reopened inside a pause window: the run stays paused until the resume time, then continues', async () => {
    const name = uniqueDbName('sched-closed-pause');
    const first = makeEngine(name, { time: new TestTime(START), scheduleTicks: new ManualTicks(), runPageSize: 50 });
    await loadDemo(first, 100);
    await holdSending(first);
    await first.engine.start();
    await first.engine.setSchedule({ ...NO_SCHEDULE, limitMode: 'pause', pauseTime: '12:00', resumeTime: '14:00' }, 'run');
    const ended = settle(first);
    await first.engine.startRun('run');
    await until(() => isRunning(first));
    first.engine.requestStop('pause');
    await ended;
    await first.db.runs.update((await latest(first)).id ?? 0, { control: 'running' });
    await releaseSending(first);
    first.engine.dispose();

    const time = new TestTime(at('12:30'));
    const ticks = new ManualTicks();
    const reopened = makeEngine(name, { time, scheduleTicks: ticks, runPageSize: 50 });
    await reopened.engine.start();
    expect((await latest(reopened)).control).toBe('paused');
    expect((await reopened.engine.schedule())?.progress.phase).toEqual({ kind: 'paused', until: at('14:00') });

    const done = settle(reopened);
    time.advance(at('14:00') - time.now() + 100);
    await tick(reopened, ticks);
    await done;
    expect((await latest(reopened)).control).toBe('completed');
    reopened.engine.dispose();
  });

  it('a schedule that makes no sense is refused with the field and nothing is stored', async () => {
    const { t } = setup('sched-bad');
    await t.engine.start();
    const result = await t.engine.setSchedule({ ...NO_SCHEDULE, limitMode: 'pause', pauseTime: '18:00', resumeTime: '' }, 'run');
    expect(result.valid).toBe(false);
    expect(result.valid ? [] : result.errors.map((e) => e.field)).toContain('resumeTime');
    expect(await t.engine.schedule()).toBeNull();
    expect(await t.db.settings.get('scheduled-run-kind')).toBeUndefined();
    t.engine.dispose();
  });
});
