// A modal confirmation built on the native <dialog>: focus is trapped and restored by the
// browser, Escape cancels, and the question is the dialog's accessible name.

import { useEffect, useId, useRef } from 'react';

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly cancelLabel?: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ open, title, message, confirmLabel, cancelLabel = 'No, go back', onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="app-dialog" aria-labelledby={titleId} aria-describedby={messageId} onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id={titleId} className="nhsuk-heading-m">{title}</h2>
      <p id={messageId} className="nhsuk-body">{message}</p>
      <div className="app-dialog__actions">
        <button type="button" className="nhsuk-button" onClick={onConfirm}>{confirmLabel}</button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>{cancelLabel}</button>
      </div>
    </dialog>
  );
}
