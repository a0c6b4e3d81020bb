// The sending settings form, presentational: it shows `value` and `errors` and reports every edit
// through onChange and the submit through onSubmit; the container validates
// (src/domain/settings/validateSettings.ts), saves, and makes the signing key.
// Training is the default and sends nothing anywhere; a Spine needs its address, authentication
// and sending limits.

import type { FieldError, SettingsField, SettingsFormValues } from '../../domain/settings/formValues';
import { FIELD_LABELS } from '../../domain/settings/formValues';
import type { SigningKeyInfo } from '../../domain/settings/publicKey';
import { MAX_CONCURRENCY, MAX_RATE_PER_SECOND, MAX_TIMEOUT_SECONDS } from '../../domain/settings/validateSettings';
import { CheckboxField } from './CheckboxField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { settingsIds } from './fieldIds';
import { PublicKeyPanel } from './PublicKeyPanel';
import { RadioGroup } from '../forms/RadioGroup';
import { TextField } from './TextField';

export interface SettingsFormProps {
  readonly value: SettingsFormValues;
  /** From the last submit; the first error of each field is shown at it and in the summary. */
  readonly errors: readonly FieldError[];
  onChange(next: SettingsFormValues): void;
  onSubmit(): void;
  /** This computer's signing key, or null when there is none yet. */
  readonly signingKey: SigningKeyInfo | null;
  /** Creates the signing key, or replaces it (the form has asked for confirmation). */
  onCreateSigningKey(): void;
  /** A bearer token is already held: the token field may be left empty to keep it. */
  readonly haveBearerToken: boolean;
  /** Saving or making a key: the buttons that would start another are disabled. */
  readonly busy?: boolean;
}

export function SettingsForm({ value, errors, onChange, onSubmit, signingKey, onCreateSigningKey, haveBearerToken, busy = false }: SettingsFormProps) {
  const errorOf = (field: SettingsField): string | undefined => errors.find((e) => e.field === field)?.message;
  const set = <K extends SettingsField>(field: K) => (next: SettingsFormValues[K]): void => onChange({ ...value, [field]: next });
  const text = (field: SettingsField) => ({ ids: settingsIds, field, label: FIELD_LABELS[field], error: errorOf(field) });

  const signedJwtFields = (
    <>
      <TextField {...text('tokenUrl')} type="url" inputMode="url" value={value.tokenUrl} onChange={set('tokenUrl')}
        hint="The platform's token endpoint, for example https://int.api.service.nhs.uk/oauth2/token" />
      <TextField {...text('tokenAudience')} type="url" inputMode="url" value={value.tokenAudience} onChange={set('tokenAudience')}
        hint="Leave empty when the token URL is the platform's own. When it goes through your practice server (one origin), enter the platform's token URL that the server forwards to, for example https://int.api.service.nhs.uk/oauth2/token: the platform checks that the signed request names it." />
      <TextField {...text('clientId')} value={value.clientId} onChange={set('clientId')} widthClass="nhsuk-input--width-30"
        hint="The API key of the application registered for this practice." />
      <TextField {...text('keyId')} value={value.keyId} onChange={set('keyId')} widthClass="nhsuk-input--width-30"
        hint="The kid the public key below was registered under." />
      <PublicKeyPanel
        signingKey={signingKey}
        onCreateSigningKey={onCreateSigningKey}
        onUseKeyId={signingKey !== null && signingKey.kid !== value.keyId.trim() ? set('keyId') : undefined}
        busy={busy}
      />
    </>
  );

  const bearerFields = (
    <>
      <TextField {...text('bearerToken')} type="password" value={value.bearerToken} onChange={set('bearerToken')} widthClass="nhsuk-input--width-30"
        hint={haveBearerToken ? 'A token is held already: leave this empty to keep it, or paste a new one.' : 'Paste the access token. When it expires, sending pauses until you enter a new one.'} />
      <CheckboxField field="rememberToken" label={FIELD_LABELS.rememberToken} checked={value.rememberToken} onChange={set('rememberToken')}
        hint="Unticked, the token is kept for this session only and forgotten when the browser closes. Tick only on a computer nobody else uses." />
    </>
  );

  const spineFields = (
    <>
      <TextField {...text('baseUrl')} type="url" inputMode="url" value={value.baseUrl} onChange={set('baseUrl')}
        hint="The FHIR base, for example https://int.api.service.nhs.uk/summary-care-record/FHIR/R4. Messages go to this address followed by /Bundle." />
      <TextField {...text('sessionUrid')} inputMode="numeric" value={value.sessionUrid} onChange={set('sessionUrid')} widthClass="nhsuk-input--width-20"
        hint="The user role profile ID (URID) the upload is made under, digits only, as given when the application was registered. The national service refuses every upload without it." />
      <RadioGroup ids={settingsIds} field="authKind" legend={FIELD_LABELS.authKind} value={value.authKind} error={errorOf('authKind')} onChange={set('authKind')}
        options={[
          { value: 'signed-jwt', label: 'Signed JWT (application-restricted)', hint: 'This computer signs in with its own key; access tokens renew by themselves during a long upload.', reveals: signedJwtFields },
          { value: 'bearer', label: 'Access token', hint: 'A token you paste in, for testing.', reveals: bearerFields },
        ]} />
      <TextField {...text('ratePerSecond')} inputMode="decimal" value={value.ratePerSecond} onChange={set('ratePerSecond')} widthClass="nhsuk-input--width-5"
        hint={`The Spine's limit: 5 a second per application nationally. The app keeps just under it. At most ${MAX_RATE_PER_SECOND}.`} />
      <TextField {...text('concurrency')} inputMode="numeric" value={value.concurrency} onChange={set('concurrency')} widthClass="nhsuk-input--width-5"
        hint={`Requests waiting for an answer at the same time: enough for the rate when answers are slow (5 a second with answers taking 4 s needs 20). A whole number from 1 to ${MAX_CONCURRENCY}.`} />
      <TextField {...text('timeoutSeconds')} inputMode="decimal" value={value.timeoutSeconds} onChange={set('timeoutSeconds')} widthClass="nhsuk-input--width-5" suffix="seconds"
        hint={`How long to wait for each answer before trying again later: 1 to ${MAX_TIMEOUT_SECONDS} seconds.`} />
      <RadioGroup ids={settingsIds} field="ladder" legend={FIELD_LABELS.ladder} value={value.ladder} error={errorOf('ladder')} onChange={set('ladder')}
        options={[
          { value: 'national', label: 'National', hint: 'Retry after 1 minute, then 30 minutes, 1, 2, 4, 8 and 16 hours, then give up.' },
          { value: 'training', label: 'Short', hint: 'Quick retries, for a test Spine only.' },
        ]} />
    </>
  );

  return (
    <form
      noValidate
      aria-labelledby="settings-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      <h2 className="nhsuk-heading-m" id="settings-title">Sending settings</h2>
      <ErrorSummary ids={settingsIds} errors={errors} />
      <RadioGroup ids={settingsIds} field="mode" legend={FIELD_LABELS.mode} legendSize="m" value={value.mode} error={errorOf('mode')} onChange={set('mode')}
        options={[
          {
            value: 'training',
            label: 'Training — nothing leaves this browser',
            hint: 'A pretend Spine inside this browser answers every message, for practice and demonstrations.',
            reveals: (
              <RadioGroup ids={settingsIds} field="trainingSpeed" legend={FIELD_LABELS.trainingSpeed} value={value.trainingSpeed} error={errorOf('trainingSpeed')} onChange={set('trainingSpeed')}
                options={[
                  { value: 'realistic', label: 'Realistic', hint: 'The national limit of 5 a second, with delays and occasional errors.' },
                  { value: 'fast', label: 'Fast', hint: '100 a second with little delay, so a demonstration finishes in minutes.' },
                ]} />
            ),
          },
          { value: 'spine', label: 'A Spine over HTTP', hint: 'Messages are sent to the address below: a test Spine or the national service.', reveals: spineFields },
        ]} />
      <button type="submit" className="nhsuk-button" disabled={busy}>Save settings</button>
    </form>
  );
}
