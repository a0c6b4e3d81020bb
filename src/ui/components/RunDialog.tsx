// Run, Rerun or Failed: the original's question, with the schedule options when starting (start
// now or at a date and time; a stop time, or a pause time with a resume time). A modal built on
// the native <dialog>, like ConfirmDialog: focus is trapped and restored, Escape goes back.

import { useEffect, useId, useRef } from 'react';
import type { ScheduleFieldError, ScheduleInput } from '../../domain/schedule/types';
import { ScheduleForm } from '../schedule/ScheduleForm';

export interface RunDialogProps {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly value: ScheduleInput;
  readonly errors: readonly ScheduleFieldError[];
  readonly busy: boolean;
  /** Today's local date, `YYYY-MM-DD`. */
  readonly today: string;
  onChange(value: ScheduleInput): void;
  onConfirm(value: ScheduleInput): void;
  onCancel(): void;
}

export function RunDialog({ title, message, confirmLabel, value, errors, busy, today, onChange, onConfirm, onCancel }: RunDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="app-dialog" aria-labelledby={titleId} aria-describedby={messageId} onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id={titleId} className="nhsuk-heading-m">{title}</h2>
      <p id={messageId} className="nhsuk-body">{message}</p>
      <ScheduleForm mode="start" value={value} errors={errors} today={today} submitLabel={confirmLabel} busy={busy} onChange={onChange} onSubmit={onConfirm} onCancel={onCancel} />
    </dialog>
  );
}
