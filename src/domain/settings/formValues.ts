// The settings form as the user sees it: every field a string or a checkbox, exactly as typed, so
// a half-finished form survives re-rendering. validateSettings.ts turns it into SendingSettings;
// settingsToFormValues() is the inverse, so the form shows what is stored.

import { NATIONAL_RATE_LIMIT } from '../sending/tokenBucket';
import type { SendingSettings } from '../../shared/sendingSettings';

export interface SettingsFormValues {
  /** 'training' | 'spine' */
  readonly mode: string;
  /** 'realistic' | 'fast' */
  readonly trainingSpeed: string;
  readonly baseUrl: string;
  /** Digits, or empty to leave NHSD-Session-URID out. */
  readonly sessionUrid: string;
  /** 'signed-jwt' | 'bearer' */
  readonly authKind: string;
  /** Never stored in SendingSettings; empty keeps the token already held, if any. */
  readonly bearerToken: string;
  readonly rememberToken: boolean;
  readonly tokenUrl: string;
  /** Empty: the assertion's aud is the token URL. */
  readonly tokenAudience: string;
  readonly clientId: string;
  readonly keyId: string;
  /** Requests per second, decimal. */
  readonly ratePerSecond: string;
  readonly concurrency: string;
  /** Seconds. */
  readonly timeoutSeconds: string;
  /** 'national' | 'training' */
  readonly ladder: string;
}

export type SettingsField = keyof SettingsFormValues;

export interface FieldError {
  readonly field: SettingsField;
  /** A sentence naming the field and what is wrong with it. */
  readonly message: string;
}

/** What each field is called on the form (error messages use the same words). */
export const FIELD_LABELS: Readonly<Record<SettingsField, string>> = {
  mode: 'Where to send',
  trainingSpeed: 'Training speed',
  baseUrl: 'Base URL',
  sessionUrid: 'NHSD-Session-URID',
  authKind: 'Authentication',
  bearerToken: 'Access token',
  rememberToken: 'Remember this token on this computer',
  tokenUrl: 'Token URL',
  tokenAudience: 'Token audience (aud)',
  clientId: 'Client ID (API key)',
  keyId: 'Key ID (kid)',
  ratePerSecond: 'Requests per second',
  concurrency: 'Requests at once',
  timeoutSeconds: 'Time limit per request',
  ladder: 'Retry schedule',
};

/**
 * Sending defaults: the national limit of 5 requests a second, 30 s per request, and 20 in
 * flight, so the rate holds even when each answer takes up to 4 s (rate x answer time).
 */
export const DEFAULT_SPINE_FORM_VALUES: SettingsFormValues = {
  mode: 'spine',
  trainingSpeed: 'fast',
  baseUrl: '',
  sessionUrid: '',
  authKind: 'signed-jwt',
  bearerToken: '',
  rememberToken: false,
  tokenUrl: '',
  tokenAudience: '',
  clientId: '',
  keyId: '',
  ratePerSecond: String(NATIONAL_RATE_LIMIT.perSecond),
  concurrency: '20',
  timeoutSeconds: '30',
  ladder: 'national',
};

/**
 * The form showing `settings`. Fields the settings do not cover (the Spine fields of training
 * settings, or the other authentication's fields) come from `base`, e.g. what the user typed
 * earlier this session; the bearer token is never in settings, so it always comes from `base`.
 */
export function settingsToFormValues(settings: SendingSettings, base: SettingsFormValues = DEFAULT_SPINE_FORM_VALUES): SettingsFormValues {
  if (settings.kind === 'training') return { ...base, mode: 'training', trainingSpeed: settings.speed };
  const auth = settings.auth;
  return {
    ...base,
    mode: 'spine',
    baseUrl: settings.baseUrl,
    sessionUrid: settings.sessionUrid ?? '',
    authKind: auth.kind,
    rememberToken: auth.kind === 'bearer' ? auth.remember : base.rememberToken,
    tokenUrl: auth.kind === 'signed-jwt' ? auth.tokenUrl : base.tokenUrl,
    tokenAudience: auth.kind === 'signed-jwt' ? (auth.audience ?? '') : base.tokenAudience,
    clientId: auth.kind === 'signed-jwt' ? auth.clientId : base.clientId,
    keyId: auth.kind === 'signed-jwt' ? auth.keyId : base.keyId,
    ratePerSecond: String(settings.ratePerSecond),
    concurrency: String(settings.concurrency),
    timeoutSeconds: String(settings.timeoutMs / 1000),
    ladder: settings.ladder,
  };
}
