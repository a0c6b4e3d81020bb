// The summary's author form, presentational: the practice and the responsible clinician, as every
// message names them. It shows `value` and `errors`, reports edits through onChange and the submit
// through onSubmit; the container validates in the worker (src/domain/author/validateAuthor.ts).

import { AUTHOR_FIELD_LABELS, type AuthorField, type AuthorFieldError, type AuthorFormValues } from '../../domain/author/authorForm';
import type { JobRole } from '../../shared/authorSettings';
import { ErrorSummary } from '../forms/ErrorSummary';
import { FieldErrorMessage } from '../forms/FieldErrorMessage';
import { formIds } from '../forms/formIds';
import { TextField } from './TextField';

export const authorIds = formIds<AuthorField>('author');

export interface AuthorFormProps {
  readonly value: AuthorFormValues;
  readonly errors: readonly AuthorFieldError[];
  readonly jobRoles: readonly JobRole[];
  onChange(next: AuthorFormValues): void;
  onSubmit(): void;
  readonly busy?: boolean;
}

export function AuthorForm({ value, errors, jobRoles, onChange, onSubmit, busy = false }: AuthorFormProps) {
  const errorOf = (field: AuthorField): string | undefined => errors.find((e) => e.field === field)?.message;
  const set = (field: AuthorField) => (next: string): void => onChange({ ...value, [field]: next });
  const text = (field: AuthorField) => ({ ids: authorIds, field, label: AUTHOR_FIELD_LABELS[field], error: errorOf(field), value: value[field], onChange: set(field) });
  const roleError = errorOf('jobRoleCode');

  return (
    <form
      noValidate
      aria-labelledby="author-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      <h2 className="nhsuk-heading-m" id="author-title">Who the summaries come from</h2>
      <p>Every summary names the practice and a responsible clinician as its author. The national service refuses a summary without them.</p>
      <ErrorSummary ids={authorIds} errors={errors} />
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">The practice</legend>
        <TextField {...text('odsCode')} widthClass="nhsuk-input--width-10" hint="The practice's ODS code: a letter and five digits, for example A81001." />
        <TextField {...text('practiceName')} />
        <TextField {...text('address')} hint="One line, as it should appear on the summary." />
        <TextField {...text('telephone')} inputMode="numeric" widthClass="nhsuk-input--width-20" hint="The practice's main number, for example 0113 496 0000." />
      </fieldset>
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">The responsible clinician</legend>
        <TextField {...text('clinicianName')} hint="As it should read on the summary, for example Dr Amelia Hart." />
        <div className={`nhsuk-form-group${roleError !== undefined ? ' nhsuk-form-group--error' : ''}`}>
          <label className="nhsuk-label" htmlFor={authorIds.fieldId('jobRoleCode')}>{AUTHOR_FIELD_LABELS.jobRoleCode}</label>
          <div className="nhsuk-hint" id={authorIds.hintId('jobRoleCode')}>Their role as the Spine Directory Service names it.</div>
          <FieldErrorMessage ids={authorIds} field="jobRoleCode" message={roleError} />
          <select
            className={`nhsuk-select${roleError !== undefined ? ' nhsuk-select--error' : ''}`}
            id={authorIds.fieldId('jobRoleCode')}
            name="jobRoleCode"
            value={value.jobRoleCode}
            aria-describedby={authorIds.describedBy('jobRoleCode', true, roleError !== undefined)}
            aria-invalid={roleError !== undefined ? true : undefined}
            onChange={(e) => set('jobRoleCode')(e.target.value)}
          >
            <option value="">Choose a job role</option>
            {jobRoles.map((role) => (
              <option key={role.code} value={role.code}>{`${role.display} (${role.code})`}</option>
            ))}
          </select>
        </div>
        <TextField {...text('sdsUserId')} inputMode="numeric" widthClass="nhsuk-input--width-20"
          hint="Optional. With the role profile ID below, summaries name the clinician by their smartcard registration instead of by job role." />
        <TextField {...text('roleProfileId')} inputMode="numeric" widthClass="nhsuk-input--width-20" hint="Optional: the clinician's SDS role profile ID, with the SDS user ID above." />
      </fieldset>
      <button type="submit" className="nhsuk-button" disabled={busy}>Save the author</button>
    </form>
  );
}
