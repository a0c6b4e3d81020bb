// What the Upload screen and the status bar say about a run, as the practice reads it: each live
// count by what it is, the sending rate and time left (never the checking figures), who or what
// stopped a run, and the running statistics against the original's names on completion.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RunRecord, StopCause } from '../../../src/domain/model/runs';
import { emptyCounts } from '../../../src/worker/run/counts';
import { EMPTY_OUTBOX_COUNTS, type OutboxCounts, type RunSending } from '../../../src/shared/sendingStatus';
import type { SendingPace } from '../../../src/shared/runProgress';
import { sendingText } from '../../../src/ui/sendingText';
import { stoppedText, stoppingText } from '../../../src/ui/stopText';
import { formatDuration, timeLeftShort, timeLeftText } from '../../../src/ui/paceText';
import { RunStatistics } from '../../../src/ui/components/RunStatistics';
import { RunControls } from '../../../src/ui/upload/RunControls';

const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  id: 3,
  kind: 'run',
  sourceRunId: null,
  runDate: '2026-11-26',
  createdAt: '2026-11-26T09:00:00Z',
  completedAt: null,
  control: 'running',
  total: 300,
  checkpoint: 300,
  // Checking took 78 ms for 300 patients: thousands a second, which says nothing about sending.
  counts: { ...emptyCounts(), checked: 300, queued: 220 },
  activeMs: 78,
  ...over,
});

const sending = (counts: Partial<OutboxCounts>, over: Partial<RunSending['sender']> = {}): RunSending => ({
  counts: { ...EMPTY_OUTBOX_COUNTS, ...counts },
  sender: { running: true, holds: [], detail: null, refusal: null, inFlight: 0, throttledUntil: null, probeAt: null, nextAttemptAt: null, ...over },
  destination: 'scr.spine.test',
  training: false,
});

const pace = (over: Partial<SendingPace>): SendingPace => ({ sentPerMinute: 288, remaining: 160, timeLeft: { kind: 'measured', seconds: 34 }, limitPerSecond: 5, ...over });

/** The value shown for each statistic, by its test id. */
function stats(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/data-testid="stat-([a-z-]+)">([^<]*)</g)) out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

describe('the live counts', () => {
  it('say what each is: sent, in flight, waiting to send, waiting to retry with the next attempt, failed', () => {
    const next = new Date(2026, 10, 26, 14, 3, 10).getTime();
    expect(sendingText(sending({ sent: 60, sending: 5, queued: 150, waiting: 3, failed: 2 }, { nextAttemptAt: next }), next - 60_000)).toBe(
      'Sent 60, in flight 5, waiting to send 150, waiting to retry 3 (next at 14:03:10), failed 2 (to scr.spine.test).',
    );
  });

  it('offline, nothing counts as being sent: thousands wait to send, none in flight', () => {
    const html = renderToStaticMarkup(
      createElement(RunStatistics, { run: run(), messages: { ...EMPTY_OUTBOX_COUNTS, queued: 2_200, sent: 40 }, showRates: true, live: { stage: 'sending', pace: pace({ timeLeft: { kind: 'held' } }), nextAttemptAt: null } }),
    );
    const s = stats(html);
    expect(s['sending']).toBe('0');
    expect(s['waiting']).toBe('2,200');
    expect(s['sent']).toBe('40');
    expect(s['eta']).toBe('unknown while sending waits');
  });
});

describe('the rate and the time left while sending', () => {
  it('are messages acknowledged a minute and the time for what is unsent, not the checking figures', () => {
    const html = renderToStaticMarkup(createElement(RunStatistics, { run: run(), messages: { ...EMPTY_OUTBOX_COUNTS, queued: 155, sending: 5, sent: 60 }, showRates: true, live: { stage: 'sending', pace: pace({}), nextAttemptAt: null } }));
    const s = stats(html);
    expect(s['rate']).toBe('288 messages acknowledged a minute');
    expect(s['eta']).toBe('about 34 s');
    expect(s['avg']).toBe('0.21 s a message');
    // Checking is over: it has no line of its own any more.
    expect(s['checking']).toBeUndefined();
    expect(html).not.toContain('patients a second');
  });

  it('checking has its own line while it lasts', () => {
    const html = renderToStaticMarkup(
      createElement(RunStatistics, { run: run({ checkpoint: 100, counts: { ...emptyCounts(), checked: 100, queued: 70 }, activeMs: 50 }), messages: EMPTY_OUTBOX_COUNTS, showRates: true, live: { stage: 'preparing', pace: pace({ sentPerMinute: null, timeLeft: { kind: 'at-least', seconds: 44 }, remaining: 220 }), nextAttemptAt: null } }),
    );
    const s = stats(html);
    expect(s['checking']).toBe('100 of 300 patients, 2,000 a second, about 0 s left');
    expect(s['rate']).toBe('measuring…');
    expect(s['eta']).toBe('at least 44 s (220 messages at no more than 5 a second)');
  });

  it('reads as hours and minutes for an overnight run, and briefly in the status bar', () => {
    expect(formatDuration(6 * 3600 + 5 * 60 + 20)).toBe('6 h 5 min');
    expect(timeLeftText(pace({ timeLeft: { kind: 'measured', seconds: 250 } }))).toBe('about 4 min 10 s');
    expect(timeLeftShort(pace({ timeLeft: { kind: 'measured', seconds: 250 } }))).toBe('about 4 min 10 s left');
    expect(timeLeftShort(pace({ timeLeft: { kind: 'held' } }))).toBeNull();
  });
});

describe('the completion statistics', () => {
  it('keep the original names, Sent counting only acknowledged messages', () => {
    const html = renderToStaticMarkup(createElement(RunStatistics, { run: run({ control: 'completed' }), messages: { ...EMPTY_OUTBOX_COUNTS, sent: 215, failed: 5 }, showRates: false }));
    const labels = [...html.matchAll(/<dt[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['Unprocessed Patients', 'Sent', 'Sending', 'Failed', 'Not Required', 'Qualifying patients (messages queued)']);
    expect(stats(html)).toMatchObject({ sent: '215', sending: '0', failed: '5', unprocessed: '0' });
  });
});

describe('who or what stopped a run', () => {
  const causes: [StopCause, 'paused' | 'stopped', string][] = [
    [{ by: 'user' }, 'paused', 'Paused by you'],
    [{ by: 'user' }, 'stopped', 'Cancelled by you'],
    [{ by: 'schedule' }, 'paused', 'Paused by the schedule (pause time reached)'],
    [{ by: 'schedule' }, 'stopped', 'Stopped by the schedule (stop time reached)'],
    [{ by: 'storage', detail: 'The quota has been exceeded.' }, 'paused', 'Paused because the browser’s storage for this site was full'],
    [{ by: 'upgrade' }, 'stopped', 'Stopped because a newer version of the app upgraded the database'],
  ];
  it.each(causes)('%j %s: says it', (cause, control, words) => {
    expect(stoppedText(run({ control, stoppedBy: cause }))).toBe(words);
  });

  it('a run stored before causes were recorded is not said to be paused by you', () => {
    expect(stoppedText(run({ control: 'paused' }))).toBe('Paused');
  });

  it('while a stop is under way the controls are disabled with "Pausing…" and its cause, in any tab', () => {
    const html = renderToStaticMarkup(createElement(RunControls, { stopping: { kind: 'pause', cause: { by: 'storage', detail: null } }, here: false, pending: false, onPause: () => undefined, onCancel: () => undefined }));
    expect(html).toContain('disabled="">Pausing…</button>');
    expect(html).toMatch(/disabled="">\s*Cancel Upload/);
    expect(html).toContain('carried out there');
    expect(stoppingText({ kind: 'pause', cause: { by: 'schedule' } })).toBe('Pausing… The upload pauses at the next checkpoint: the schedule’s pause time came.');
  });

  it('a storage stop is said once: the sending sentence leaves the full storage to the stop', () => {
    const full = sending({ queued: 10 }, { holds: ['error'], detail: 'The quota has been exceeded.' });
    expect(sendingText(full, 0, { kind: 'pause', cause: { by: 'storage', detail: 'The quota has been exceeded.' } })).toBe('Sent 0, in flight 0, waiting to send 10, failed 0 (to scr.spine.test).');
  });
});
