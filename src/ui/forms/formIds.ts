// Element ids for one form's fields, fixed per field so the error summary can link to them and
// inputs can name their hint and error in aria-describedby. Each form has its own prefix, so two
// forms on one page never share an id.

export interface FormIds<F extends string> {
  /** The form's prefix, e.g. "settings". */
  readonly form: string;
  fieldId(field: F): string;
  hintId(field: F): string;
  errorId(field: F): string;
  /** aria-describedby for a field: its hint (if shown) then its error (if any). */
  describedBy(field: F, hasHint: boolean, hasError: boolean): string | undefined;
}

export function formIds<F extends string>(form: string): FormIds<F> {
  const fieldId = (field: F): string => `${form}-${field}`;
  const hintId = (field: F): string => `${form}-${field}-hint`;
  const errorId = (field: F): string => `${form}-${field}-error`;
  return {
    form,
    fieldId,
    hintId,
    errorId,
    describedBy(field, hasHint, hasError) {
      const ids = [hasHint ? hintId(field) : null, hasError ? errorId(field) : null].filter((id): id is string => id !== null);
      return ids.length > 0 ? ids.join(' ') : undefined;
    },
  };
}
