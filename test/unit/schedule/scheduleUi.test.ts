// The schedule form and panels as markup (rendered to HTML, no DOM): the questions and labels,
// errors listed in a summary and tied to their fields with aria-describedby, the conditional
// parts, the change mode without the start question, and the countdowns.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ScheduleFieldError, ScheduleInput } from '../../../src/domain/schedule/types';
import { EMPTY_SCHEDULE_INPUT, validateSchedule } from '../../../src/domain/schedule/validateSchedule';
import { ScheduleForm, type ScheduleFormProps } from '../../../src/ui/schedule/ScheduleForm';
import { PauseTimeReached, ResumeCancelled, StopTimeReached } from '../../../src/ui/schedule/ScheduleSituations';
import { ScheduleStatusText } from '../../../src/ui/schedule/ScheduleStatusText';

const LONDON = 'Europe/London';
const utc = (iso: string): number => Date.parse(iso);

function form(value: Partial<ScheduleInput>, props: Partial<ScheduleFormProps> = {}): string {
  return renderToStaticMarkup(
    createElement(ScheduleForm, {
      mode: 'start',
      value: { ...EMPTY_SCHEDULE_INPUT, ...value },
      errors: [],
      submitLabel: 'Run',
      onChange: () => undefined,
      onSubmit: () => undefined,
      ...props,
    }),
  );
}

/** The opening tag of the element with this id. */
function tag(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html);
  if (match === null) throw new Error(`no element with id ${id}`);
  return match[0];
}

const text = (html: string): string => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');

describe('ScheduleForm', () => {
  it('asks when to start and whether to stop or pause, every input labelled', () => {
    const html = form({ startMode: 'at', limitMode: 'pause' });
    expect(text(html)).toContain('When should the upload start?');
    expect(text(html)).toContain('Should it stop or pause at a time?');
    for (const [id, label] of [
      ['schedule-startDate', 'Start date'],
      ['schedule-startTime', 'Start time'],
      ['schedule-stopTime', 'Stop time'],
      ['schedule-pauseTime', 'Pause time'],
      ['schedule-resumeTime', 'Resume time'],
    ] as const) {
      expect(html).toContain(`<label class="nhsuk-label" for="${id}">${label}</label>`);
      expect(tag(html, id)).toMatch(/type="(date|time)"/);
    }
    // The chosen options' fields are shown, the other one's hidden by the design system's class.
    expect(tag(html, 'conditional-schedule-startMode-at')).toBe('<div class="nhsuk-radios__conditional" id="conditional-schedule-startMode-at">');
    expect(tag(html, 'conditional-schedule-limitMode-stop')).toContain('nhsuk-radios__conditional--hidden');
    // The chosen radio names what it reveals; no aria-expanded, which a radio button does not have in ARIA.
    expect(tag(html, 'schedule-limitMode-pause')).toContain('aria-controls="conditional-schedule-limitMode-pause"');
    expect(html).not.toContain('aria-expanded');
  });

  it('shows what is wrong in a summary linked to each field, and on the field tied by aria-describedby', () => {
    const result = validateSchedule({ ...EMPTY_SCHEDULE_INPUT, limitMode: 'pause', pauseTime: '08:00' }, utc('2026-11-26T10:00:00Z'), LONDON);
    const errors: readonly ScheduleFieldError[] = result.valid ? [] : result.errors;
    const html = form({ limitMode: 'pause', pauseTime: '08:00' }, { errors });
    expect(html).toContain('<h2 class="nhsuk-error-summary__title" id="schedule-error-summary-title">There is a problem</h2>');
    expect(html).toContain('<a href="#schedule-resumeTime">Enter the resume time.');
    const input = tag(html, 'schedule-resumeTime');
    expect(input).toContain('aria-describedby="schedule-resumeTime-hint schedule-resumeTime-error"');
    expect(input).toContain('aria-invalid="true"');
    expect(html).toContain('<span class="nhsuk-error-message" id="schedule-resumeTime-error"><span class="nhsuk-u-visually-hidden">Error:</span> Enter the resume time.');
    expect(tag(html, 'schedule-pauseTime')).not.toContain('aria-invalid');
  });

  it('while the upload runs, leaves out the start question', () => {
    const html = form({}, { mode: 'change', submitLabel: 'Change the schedule', onCancel: () => undefined });
    expect(text(html)).not.toContain('When should the upload start?');
    expect(text(html)).toContain('Change when the upload stops or pauses');
    expect(html).toContain('<button type="submit" class="nhsuk-button">Change the schedule</button>');
    expect(text(html)).toContain('Go back');
  });
});

describe('schedule panels and status', () => {
  const clock = () => utc('2026-11-27T16:25:00Z');

  it('Pause Time Reached counts down to the automatic resume and offers to cancel it', () => {
    const html = renderToStaticMarkup(
      createElement(PauseTimeReached, { resumesAt: utc('2026-11-27T18:30:00Z'), timeZone: LONDON, clock, onResumeNow: () => undefined, onCancelResume: () => undefined }),
    );
    expect(text(html)).toContain('Pause Time Reached');
    expect(text(html)).toContain('resumes by itself at 18:30 today (in 2 h 5 min)');
    expect(html).toContain('<time dateTime="2026-11-27T18:30:00.000Z">');
    expect(text(html)).toContain('Cancel the automatic resume');
  });

  it('Stop Time Reached and Resume Cancelled offer Resume', () => {
    const stop = text(renderToStaticMarkup(createElement(StopTimeReached, { stoppedAt: utc('2026-11-27T07:30:00Z'), timeZone: LONDON, onResume: () => undefined })));
    expect(stop).toContain('The upload stopped at its stop time, 07:30 on Fri 27 Nov 2026, at a checkpoint.');
    expect(stop).toContain('Resume');
    const cancelled = text(renderToStaticMarkup(createElement(ResumeCancelled, { onResume: () => undefined })));
    expect(cancelled).toContain('The upload stays stopped until you resume it');
  });

  it('the status bar line describes the schedule and is not read out on every minute', () => {
    const r = validateSchedule({ ...EMPTY_SCHEDULE_INPUT, limitMode: 'stop', stopTime: '07:30' }, clock(), LONDON);
    if (!r.valid) throw new Error('invalid');
    const html = renderToStaticMarkup(createElement(ScheduleStatusText, { schedule: r.schedule, progress: { lastEvaluatedAt: clock(), phase: { kind: 'active' }, lastEvent: null }, clock }));
    expect(text(html)).toBe('Schedule: Stops at 07:30 tomorrow (in 15 h 5 min).');
    expect(html).toContain('aria-live="off"');
  });
});
