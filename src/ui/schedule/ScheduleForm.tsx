// The schedule form, as in the original's Upload window: start now or at a date and time, then
// either a stop time or a pause time with a resume time. Controlled and presentational: the
// parent holds the values, validates on submit and passes the field errors back.

import type { FormEvent } from 'react';
import type { LimitMode, ScheduleField, ScheduleFieldError, ScheduleInput, StartMode } from '../../domain/schedule/types';
import { ErrorSummary } from '../forms/ErrorSummary';
import { RadioGroup } from '../forms/RadioGroup';
import { scheduleIds } from './scheduleFieldIds';
import { ScheduleInputField } from './ScheduleInputField';

export interface ScheduleFormProps {
  /**
   * `start`: before the upload starts (start now or later). `change`: while it runs or is paused,
   * when only the stop or pause times can change; the start question is left out and the form
   * submits "start now".
   */
  readonly mode: 'start' | 'change';
  readonly value: ScheduleInput;
  readonly errors: readonly ScheduleFieldError[];
  /** Today's local date, `YYYY-MM-DD`: the earliest start date the picker offers. */
  readonly today?: string;
  readonly submitLabel: string;
  /** True while the submission is being handled: the buttons are disabled. */
  readonly busy?: boolean;
  onChange(value: ScheduleInput): void;
  onSubmit(value: ScheduleInput): void;
  onCancel?(): void;
}

export function ScheduleForm({ mode, value, errors, today, submitLabel, busy = false, onChange, onSubmit, onCancel }: ScheduleFormProps) {
  const errorFor = (field: ScheduleField): string | undefined => errors.find((e) => e.field === field)?.message;
  const set = (patch: Partial<ScheduleInput>) => onChange({ ...value, ...patch });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(mode === 'change' ? { ...value, startMode: 'now' } : value);
  };

  const startAt = (
    <>
      <ScheduleInputField field="startDate" type="date" label="Start date" value={value.startDate} min={today} error={errorFor('startDate')} onChange={(startDate) => set({ startDate })} />
      <ScheduleInputField field="startTime" type="time" label="Start time" hint="On the 24-hour clock, for example 19:00" value={value.startTime} error={errorFor('startTime')} onChange={(startTime) => set({ startTime })} />
    </>
  );
  const stop = (
    <ScheduleInputField
      field="stopTime"
      type="time"
      label="Stop time"
      hint="The next time the clock shows this, the upload stops at a checkpoint. Nothing queued is lost, and Resume continues it later."
      value={value.stopTime}
      error={errorFor('stopTime')}
      onChange={(stopTime) => set({ stopTime })}
    />
  );
  const pause = (
    <>
      <ScheduleInputField
        field="pauseTime"
        type="time"
        label="Pause time"
        hint="The upload pauses at this time every day until it finishes, for example 08:00 before morning surgery."
        value={value.pauseTime}
        error={errorFor('pauseTime')}
        onChange={(pauseTime) => set({ pauseTime })}
      />
      <ScheduleInputField
        field="resumeTime"
        type="time"
        label="Resume time"
        hint="It resumes by itself at this time. A resume time earlier than the pause time means the next day."
        value={value.resumeTime}
        error={errorFor('resumeTime')}
        onChange={(resumeTime) => set({ resumeTime })}
      />
    </>
  );

  return (
    <form className="app-schedule-form" noValidate onSubmit={submit} aria-label="Upload schedule" data-testid="schedule-form">
      <ErrorSummary ids={scheduleIds} errors={errors} />
      {mode === 'start' && (
        <RadioGroup<ScheduleField, StartMode>
          ids={scheduleIds}
          field="startMode"
          legend="When should the upload start?"
          value={value.startMode}
          error={errorFor('startMode')}
          onChange={(startMode) => set({ startMode })}
          options={[
            { value: 'now', label: 'Now' },
            { value: 'at', label: 'At a date and time', reveals: startAt },
          ]}
        />
      )}
      <RadioGroup<ScheduleField, LimitMode>
        ids={scheduleIds}
        field="limitMode"
        legend={mode === 'start' ? 'Should it stop or pause at a time?' : 'Change when the upload stops or pauses'}
        hint="Times are on this computer's clock, including summer time, and may be after midnight."
        value={value.limitMode}
        error={errorFor('limitMode')}
        onChange={(limitMode) => set({ limitMode })}
        options={[
          { value: 'none', label: 'No: run until it finishes' },
          { value: 'stop', label: 'Stop at a time', reveals: stop },
          { value: 'pause', label: 'Pause at a time and resume at a time', reveals: pause },
        ]}
      />
      <div className="app-dialog__actions">
        <button type="submit" className="nhsuk-button" disabled={busy}>{submitLabel}</button>
        {onCancel && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={onCancel}>Go back</button>
        )}
      </div>
    </form>
  );
}
