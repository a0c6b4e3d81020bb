// What a screen reader hears from the status region: the sentence changes with the job's phase
// and at each quarter of the work, and stays the same while the live figures move in between,
// so a run of thousands of patients is announced a handful of times, not ten times a second.

import { describe, expect, it } from 'vitest';
import { quarterReached, statusAnnouncement, type AnnouncedJob, type AnnouncedRun, type AnnouncementInput } from '../../../src/ui/components/statusAnnouncement';
import type { SenderHold } from '../../../src/shared/sendingStatus';

const practice = { name: 'Demo Surgery', stats: { patients: 1_000 } };

function run(checked: number, over: Partial<AnnouncedRun> = {}): AnnouncedRun {
  return { kind: 'run', control: 'running', total: 1_000, counts: { checked, queued: Math.floor(checked * 0.8) }, ...over };
}

function running(checked: number, over: { stage?: 'preparing' | 'sending'; sent?: number; holds?: SenderHold[]; stopping?: unknown } = {}): AnnouncedJob {
  const r = run(checked);
  const sent = over.sent ?? 0;
  return {
    phase: 'running',
    run: r,
    stage: over.stage ?? 'preparing',
    stopping: over.stopping ?? null,
    sending: { counts: { queued: r.counts.queued - sent, sending: 0, waiting: 0, sent, failed: 0 }, sender: { holds: over.holds ?? [] } },
  };
}

function say(job: AnnouncedJob | null, over: Partial<AnnouncementInput> = {}): string {
  return statusAnnouncement({ job, runsHere: true, restarting: null, online: true, practice, latestRun: null, ...over });
}

describe('quarterReached', () => {
  it('is the last whole quarter done', () => {
    expect([0, 1, 249, 250, 499, 500, 999, 1_000].map((n) => quarterReached(n, 1_000))).toEqual([0, 0, 0, 25, 25, 50, 75, 100]);
    expect(quarterReached(5, 0)).toBe(0);
  });
});

describe('statusAnnouncement', () => {
  it('stays the same while a run checks patients within a quarter, and changes at the next one', () => {
    const within = [260, 300, 400, 499].map((n) => say(running(n)));
    expect(new Set(within).size).toBe(1);
    expect(within[0]).toBe('Initial upload running. 25% of patients checked.');
    expect(say(running(500))).toBe('Initial upload running. 50% of patients checked.');
  });

  it('a whole run of 1,000 patients, checked one by one, says at most 5 different things', () => {
    const said = new Set<string>();
    for (let n = 0; n <= 1_000; n++) said.add(say(running(n)));
    expect(said.size).toBe(5);
  });

  it('once every patient is checked: the messages answered, by quarter', () => {
    const queued = run(1_000).counts.queued;
    expect(say(running(1_000, { stage: 'sending', sent: 0 }))).toBe('Initial upload running. All patients checked; 0% of messages answered.');
    expect(say(running(1_000, { stage: 'sending', sent: queued - 1 }))).toBe('Initial upload running. All patients checked; 75% of messages answered.');
  });

  it('a hold on sending and a pause on its way are phase changes', () => {
    expect(say(running(300, { holds: ['offline'] }))).toBe('Initial upload running. 25% of patients checked. Sending waits for the network.');
    expect(say(running(300, { holds: ['refused-by-service'] }))).toContain('Nothing has failed.');
    expect(say(running(300, { stopping: { kind: 'pause' } }))).toBe('Initial upload running. 25% of patients checked. It stops at the next checkpoint.');
  });

  it('idle: what the latest run came to', () => {
    expect(say({ phase: 'idle' }, { practice: null })).toBe('No practice data is loaded.');
    expect(say({ phase: 'idle' })).toBe('Demo Surgery: 1,000 patients. The upload has not been run.');
    expect(say({ phase: 'idle' }, { latestRun: run(1_000, { control: 'completed' }) })).toBe('Demo Surgery: 1,000 patients. Initial upload completed.');
    expect(say({ phase: 'idle' }, { latestRun: run(400, { control: 'paused' }) })).toBe('Initial upload paused. Resume continues it.');
    expect(say({ phase: 'idle' }, { latestRun: run(400, { control: 'stopped', kind: 'rerun' }) })).toBe('Rerun cancelled, partially completed. Resume continues it.');
    expect(say({ phase: 'idle' }, { practice: { name: 'Tiny', stats: { patients: 1 } } })).toBe('Tiny: 1 patient. The upload has not been run.');
  });

  it('loading and importing by quarter and by phase; another tab; offline; a restart', () => {
    expect(say({ phase: 'loading-demo', done: 30_000, total: 100_000 })).toBe('Loading the demo practice: 25% done.');
    expect(say({ phase: 'loading-demo', done: 30_000, total: 100_000 }, { runsHere: false })).toBe('Loading the demo practice: 25% done. In another tab.');
    expect(say({ phase: 'importing', progress: { phase: 'reading', bytesDone: 5, bytesTotal: 10 } })).toBe('Importing the practice extract: 50% read.');
    expect(say({ phase: 'importing', progress: { phase: 'joining', bytesDone: 10, bytesTotal: 10 } })).toBe('Importing the practice extract: storing the patients.');
    expect(say({ phase: 'idle' }, { online: false })).toBe('Demo Surgery: 1,000 patients. The upload has not been run. This computer is offline; the app keeps working.');
    expect(say({ phase: 'failed', error: { message: 'The browser storage is full.' } })).toBe('Stopped: The browser storage is full.');
    expect(say(null, { restarting: 'the engine stopped answering' })).toBe('The upload engine is restarting.');
    expect(say(null)).toBe('');
  });
});
