// From the settings form (strings and checkboxes as typed) to SendingSettings, or every problem
// at once, each naming its field. Pure. The bearer token is checked here too but is not part of
// SendingSettings: it comes back beside them, for the engine to hold.

import type { SendingSettings, SpineAuthSettings, TrainingSpeed } from '../../shared/sendingSettings';
import { checkChoice, checkEndpointUrl, checkNumber, checkRequiredText, checkSessionUrid, type Checked } from './fieldRules';
import { type FieldError, type SettingsField, type SettingsFormValues } from './formValues';

export const MAX_RATE_PER_SECOND = 100;
export const MAX_CONCURRENCY = 50;
export const MAX_TIMEOUT_SECONDS = 300;

export interface SettingsContext {
  /** The engine already holds a bearer token, so an empty token field keeps it. */
  readonly haveBearerToken: boolean;
}

export type SettingsValidation =
  | {
      readonly ok: true;
      readonly settings: SendingSettings;
      /** The token typed (trimmed); null when bearer auth is not chosen or the field was left empty to keep the held one. */
      readonly bearerToken: string | null;
    }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** Null when fine; otherwise what is wrong with the token field. */
export function validateBearerToken(token: string, required: boolean): string | null {
  const trimmed = token.trim();
  if (trimmed === '') return required ? 'Enter the access token' : null;
  // An Authorization header value: visible ASCII only (the API's format is ^Bearer [[:ascii:]]+$).
  if (!/^[\x21-\x7e]+$/.test(trimmed)) return 'The access token must not contain spaces or characters outside plain ASCII';
  if (/^bearer$/i.test(trimmed)) return 'Enter the access token itself, without the word Bearer';
  return null;
}

export function validateSettingsForm(values: SettingsFormValues, context: SettingsContext): SettingsValidation {
  const errors: FieldError[] = [];
  const take = <T>(field: SettingsField, checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    errors.push({ field, message: checked.message });
    return undefined;
  };

  const mode = take('mode', checkChoice(values.mode, ['training', 'spine'] as const, 'Choose where to send the upload: training or a Spine'));
  if (mode === 'training') {
    const speed = take<TrainingSpeed>('trainingSpeed', checkChoice(values.trainingSpeed, ['realistic', 'fast'] as const, 'Choose a training speed: realistic or fast'));
    return speed === undefined ? { ok: false, errors } : { ok: true, settings: { kind: 'training', speed }, bearerToken: null };
  }
  if (mode === undefined) return { ok: false, errors };

  const baseUrl = take('baseUrl', checkEndpointUrl(values.baseUrl, 'base URL'));
  const sessionUrid = take('sessionUrid', checkSessionUrid(values.sessionUrid, 'NHSD-Session-URID'));
  const authKind = take('authKind', checkChoice(values.authKind, ['signed-jwt', 'bearer'] as const, 'Choose how to authenticate: signed JWT or access token'));
  let auth: SpineAuthSettings | undefined;
  let bearerToken: string | null = null;
  if (authKind === 'bearer') {
    const tokenProblem = validateBearerToken(values.bearerToken, !context.haveBearerToken);
    if (tokenProblem !== null) errors.push({ field: 'bearerToken', message: tokenProblem });
    else bearerToken = values.bearerToken.trim() === '' ? null : values.bearerToken.trim();
    auth = { kind: 'bearer', remember: values.rememberToken };
  } else if (authKind === 'signed-jwt') {
    const tokenUrl = take('tokenUrl', checkEndpointUrl(values.tokenUrl, 'token URL'));
    const clientId = take('clientId', checkRequiredText(values.clientId, 'client ID (the application\'s API key)'));
    const keyId = take('keyId', checkRequiredText(values.keyId, 'key ID (kid)'));
    // Empty: the platform is addressed directly and the aud is the token URL itself.
    const audience = values.tokenAudience.trim() === '' ? null : take('tokenAudience', checkEndpointUrl(values.tokenAudience, 'token audience'));
    if (tokenUrl !== undefined && clientId !== undefined && keyId !== undefined && audience !== undefined) {
      auth = { kind: 'signed-jwt', tokenUrl, clientId, keyId, ...(audience === null ? {} : { audience }) };
    }
  }
  const ratePerSecond = take('ratePerSecond', checkNumber(values.ratePerSecond, 'number of requests per second', { min: 0, max: MAX_RATE_PER_SECOND, exclusiveMin: true }));
  const concurrency = take('concurrency', checkNumber(values.concurrency, 'number of requests at once', { min: 1, max: MAX_CONCURRENCY, whole: true }));
  const timeoutSeconds = take('timeoutSeconds', checkNumber(values.timeoutSeconds, 'time limit per request', { min: 1, max: MAX_TIMEOUT_SECONDS, unit: 'seconds' }));
  const ladder = take('ladder', checkChoice(values.ladder, ['national', 'training'] as const, 'Choose a retry schedule: national or training'));

  if (
    errors.length > 0 ||
    baseUrl === undefined ||
    sessionUrid === undefined ||
    auth === undefined ||
    ratePerSecond === undefined ||
    concurrency === undefined ||
    timeoutSeconds === undefined ||
    ladder === undefined
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    settings: { kind: 'spine', baseUrl, sessionUrid, auth, ratePerSecond, concurrency, ladder, timeoutMs: Math.round(timeoutSeconds * 1000) },
    bearerToken,
  };
}
