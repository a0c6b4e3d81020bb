// A field's error message as the NHS design system shows it, with the hidden "Error:" prefix.

import type { FormIds } from './formIds';

export function FieldErrorMessage<F extends string>({ ids, field, message }: { ids: FormIds<F>; field: F; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <span className="nhsuk-error-message" id={ids.errorId(field)}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  );
}
