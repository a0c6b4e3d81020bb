// Settings validation: every rule on every field, messages that name the field, the bearer token
// beside the settings, and the inverse (settings -> form values) round-tripping.

import { describe, expect, it } from 'vitest';
import { DEFAULT_SPINE_FORM_VALUES, settingsToFormValues, type SettingsFormValues } from '../../../src/domain/settings/formValues';
import { validateBearerToken, validateSettingsForm, type SettingsValidation } from '../../../src/domain/settings/validateSettings';
import type { SendingSettings, SpineSettings } from '../../../src/shared/sendingSettings';

const JWT_FORM: SettingsFormValues = {
  ...DEFAULT_SPINE_FORM_VALUES,
  baseUrl: 'https://int.api.service.nhs.uk/summary-care-record/FHIR/R4',
  sessionUrid: '555254240100',
  tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token',
  clientId: 'abc123apikey',
  keyId: 'scr-upload-2026-03-14-abcdefabcdef',
};

const BEARER_FORM: SettingsFormValues = { ...JWT_FORM, authKind: 'bearer', bearerToken: 'g1112R_ccQ1Ebbb4gtHBP1aaaNM' };

const noToken = { haveBearerToken: false };

function errorsOf(result: SettingsValidation): Record<string, string> {
  if (result.ok) throw new Error('expected errors');
  return Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

function settingsOf(result: SettingsValidation): SendingSettings {
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.settings;
}

const field = (values: Partial<SettingsFormValues>, base = JWT_FORM): Record<string, string> => errorsOf(validateSettingsForm({ ...base, ...values }, noToken));
const accepts = (values: Partial<SettingsFormValues>, base = JWT_FORM): SpineSettings => settingsOf(validateSettingsForm({ ...base, ...values }, noToken)) as SpineSettings;

describe('training', () => {
  it('needs only a speed; the Spine fields are ignored', () => {
    const form = { ...DEFAULT_SPINE_FORM_VALUES, mode: 'training', trainingSpeed: 'realistic', baseUrl: 'not a url', ratePerSecond: '-1' };
    expect(validateSettingsForm(form, noToken)).toEqual({ ok: true, settings: { kind: 'training', speed: 'realistic' }, bearerToken: null });
    expect(settingsOf(validateSettingsForm({ ...form, trainingSpeed: 'fast' }, noToken))).toEqual({ kind: 'training', speed: 'fast' });
  });

  it('refuses an unknown speed or mode', () => {
    expect(errorsOf(validateSettingsForm({ ...DEFAULT_SPINE_FORM_VALUES, mode: 'training', trainingSpeed: 'ludicrous' }, noToken))).toEqual({
      trainingSpeed: 'Choose a training speed: realistic or fast',
    });
    expect(errorsOf(validateSettingsForm({ ...JWT_FORM, mode: '' }, noToken))).toEqual({ mode: 'Choose where to send the upload: training or a Spine' });
  });
});

describe('a Spine with signed-JWT authentication', () => {
  it('becomes SpineSettings', () => {
    expect(validateSettingsForm(JWT_FORM, noToken)).toEqual({
      ok: true,
      bearerToken: null,
      settings: {
        kind: 'spine',
        baseUrl: 'https://int.api.service.nhs.uk/summary-care-record/FHIR/R4',
        sessionUrid: '555254240100',
        auth: { kind: 'signed-jwt', tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token', clientId: 'abc123apikey', keyId: 'scr-upload-2026-03-14-abcdefabcdef' },
        ratePerSecond: 5,
        concurrency: 20,
        ladder: 'national',
        timeoutMs: 30_000,
      },
    });
  });

  it('trims what was typed', () => {
    const s = accepts({ baseUrl: '  https://example.org/fhir ', clientId: ' id ', keyId: ' k ', sessionUrid: ' 123 ' });
    expect([s.baseUrl, s.sessionUrid, s.auth]).toEqual(['https://example.org/fhir', '123', { kind: 'signed-jwt', tokenUrl: JWT_FORM.tokenUrl, clientId: 'id', keyId: 'k' }]);
  });

  it('reports every problem at once, each on its field', () => {
    const errors = field({ baseUrl: '', tokenUrl: '', clientId: ' ', keyId: '', ratePerSecond: '', concurrency: '', timeoutSeconds: '', ladder: 'weekly', sessionUrid: 'x' });
    expect(Object.keys(errors).sort()).toEqual(['baseUrl', 'clientId', 'concurrency', 'keyId', 'ladder', 'ratePerSecond', 'sessionUrid', 'timeoutSeconds', 'tokenUrl']);
    expect(errors).toMatchObject({
      baseUrl: 'Enter the base URL',
      tokenUrl: 'Enter the token URL',
      clientId: "Enter the client ID (the application's API key)",
      keyId: 'Enter the key ID (kid)',
      ladder: 'Choose a retry schedule: national or training',
      ratePerSecond: 'Enter the number of requests per second: a number more than 0 and at most 100',
    });
  });

  it('needs an authentication choice', () => {
    expect(field({ authKind: 'smartcard' })).toEqual({ authKind: 'Choose how to authenticate: signed JWT or access token' });
  });
});

describe('endpoint URLs (base URL and token URL alike)', () => {
  const good = [
    'https://api.service.nhs.uk/summary-care-record/FHIR/R4',
    'https://int.api.service.nhs.uk:443/summary-care-record/FHIR/R4/',
    'http://localhost:4180',
    'http://127.0.0.1:4180/',
    'http://[::1]:4180',
    'https://localhost:8443',
  ];
  const bad: [string, RegExp][] = [
    ['api.service.nhs.uk/summary-care-record', /must be a full address starting with https:\/\//],
    ['/summary-care-record/FHIR/R4', /must be a full address/],
    ['http://api.service.nhs.uk/summary-care-record', /must start with https:\/\/ \(http:\/\/ is allowed only for localhost, 127\.0\.0\.1 or \[::1\]\)/],
    ['http://192.168.1.10:4180', /must start with https:\/\/ \(http:\/\/ is allowed only for localhost/],
    ['http://localhost.example.com', /must start with https:\/\/ \(http:\/\/ is allowed only for localhost/],
    ['ftp://api.service.nhs.uk/', /must start with https:\/\//],
    ['javascript:alert(1)', /must start with https:\/\//],
    ['https://api.service.nhs.uk/fhir?x=1', /must not contain a query/],
    ['https://api.service.nhs.uk/fhir?', /must not contain a query/],
    ['https://api.service.nhs.uk/fhir#top', /must not contain a fragment/],
    ['https://user:secret@api.service.nhs.uk/fhir', /must not contain a user name or password/],
  ];

  it.each(good)('accepts %s', (url) => {
    expect(accepts({ baseUrl: url }).baseUrl).toBe(url);
    expect(accepts({ tokenUrl: url }).auth).toMatchObject({ tokenUrl: url });
  });

  it.each(bad)('refuses %s', (url, message) => {
    expect(field({ baseUrl: url })).toEqual({ baseUrl: expect.stringMatching(new RegExp(`^The base URL ${message.source}`)) });
    expect(field({ tokenUrl: url })).toEqual({ tokenUrl: expect.stringMatching(new RegExp(`^The token URL ${message.source}`)) });
  });
});

describe('NHSD-Session-URID', () => {
  it('is digits, and required (the national service refuses an upload without it)', () => {
    expect(accepts({ sessionUrid: '555254240100' }).sessionUrid).toBe('555254240100');
    for (const empty of ['', '   ']) {
      expect(field({ sessionUrid: empty })).toEqual({ sessionUrid: 'Enter the NHSD-Session-URID: the national service refuses an upload without it' });
    }
    for (const urid of ['5552-5424', 'abc', '12 34', '１２３']) {
      expect(field({ sessionUrid: urid })).toEqual({ sessionUrid: 'The NHSD-Session-URID must contain only digits 0 to 9' });
    }
  });
});

describe('numbers', () => {
  it('requests per second: more than 0, at most 100, decimals allowed', () => {
    expect(accepts({ ratePerSecond: '0.5' }).ratePerSecond).toBe(0.5);
    expect(accepts({ ratePerSecond: '100' }).ratePerSecond).toBe(100);
    for (const rate of ['0', '0.0', '100.5', '-1', 'five', '1e2', '']) expect(field({ ratePerSecond: rate })).toHaveProperty('ratePerSecond');
    expect(field({ ratePerSecond: '0' })).toEqual({ ratePerSecond: 'The number of requests per second must be a number more than 0 and at most 100' });
  });

  it('requests at once: a whole number from 1 to 50', () => {
    expect(accepts({ concurrency: '1' }).concurrency).toBe(1);
    expect(accepts({ concurrency: '50' }).concurrency).toBe(50);
    for (const n of ['0', '51', '2.5', '-3', 'x', '']) expect(field({ concurrency: n })).toHaveProperty('concurrency');
    expect(field({ concurrency: '2.5' })).toEqual({ concurrency: 'The number of requests at once must be a whole number from 1 to 50' });
  });

  it('time limit: 1 to 300 seconds, stored in ms', () => {
    expect(accepts({ timeoutSeconds: '1' }).timeoutMs).toBe(1000);
    expect(accepts({ timeoutSeconds: '300' }).timeoutMs).toBe(300_000);
    expect(accepts({ timeoutSeconds: '2.5' }).timeoutMs).toBe(2500);
    for (const s of ['0', '0.5', '301', 'soon', '']) expect(field({ timeoutSeconds: s })).toHaveProperty('timeoutSeconds');
    expect(field({ timeoutSeconds: '301' })).toEqual({ timeoutSeconds: 'The time limit per request must be a number from 1 to 300 seconds' });
  });

  it('retry schedule: national or training', () => {
    expect(accepts({ ladder: 'training' }).ladder).toBe('training');
    expect(accepts({ ladder: 'national' }).ladder).toBe('national');
  });
});

describe('bearer token', () => {
  it('comes back beside the settings, which only say whether to remember it', () => {
    expect(validateSettingsForm({ ...BEARER_FORM, bearerToken: '  tok-123  ', rememberToken: true }, noToken)).toMatchObject({
      ok: true,
      bearerToken: 'tok-123',
      settings: { kind: 'spine', auth: { kind: 'bearer', remember: true } },
    });
    expect(settingsOf(validateSettingsForm(BEARER_FORM, noToken))).toMatchObject({ auth: { kind: 'bearer', remember: false } });
  });

  it('is required unless one is already held', () => {
    expect(errorsOf(validateSettingsForm({ ...BEARER_FORM, bearerToken: ' ' }, noToken))).toEqual({ bearerToken: 'Enter the access token' });
    expect(validateSettingsForm({ ...BEARER_FORM, bearerToken: '' }, { haveBearerToken: true })).toMatchObject({ ok: true, bearerToken: null });
  });

  it('is not required, nor looked at, for signed JWT', () => {
    expect(validateSettingsForm({ ...JWT_FORM, bearerToken: 'has space' }, noToken)).toMatchObject({ ok: true, bearerToken: null });
  });

  it('must be a header-safe value', () => {
    expect(validateBearerToken('abc def', true)).toBe('The access token must not contain spaces or characters outside plain ASCII');
    expect(validateBearerToken('tökén', true)).toMatch(/plain ASCII/);
    expect(validateBearerToken('Bearer', true)).toBe('Enter the access token itself, without the word Bearer');
    expect(validateBearerToken('abc.DEF-123_~+/=', true)).toBeNull();
    expect(validateBearerToken('', false)).toBeNull();
  });

  it('does not need the signed-JWT fields', () => {
    expect(validateSettingsForm({ ...BEARER_FORM, tokenUrl: '', clientId: '', keyId: '' }, noToken).ok).toBe(true);
  });
});

describe('settingsToFormValues (the inverse)', () => {
  const samples: SendingSettings[] = [
    { kind: 'training', speed: 'realistic' },
    { kind: 'training', speed: 'fast' },
    settingsOf(validateSettingsForm(JWT_FORM, noToken)),
    settingsOf(validateSettingsForm({ ...BEARER_FORM, rememberToken: true, sessionUrid: '000123', ratePerSecond: '2.5', concurrency: '12', timeoutSeconds: '12.5', ladder: 'training' }, noToken)),
  ];

  it.each(samples.map((s) => [s.kind, s] as const))('round-trips %s settings', (_kind, settings) => {
    expect(settingsOf(validateSettingsForm(settingsToFormValues(settings), { haveBearerToken: true }))).toEqual(settings);
  });

  it('shows stored Spine settings field by field, never a token', () => {
    const form = settingsToFormValues(samples[3] ?? samples[0]!);
    expect(form).toMatchObject({ mode: 'spine', authKind: 'bearer', rememberToken: true, sessionUrid: '000123', ratePerSecond: '2.5', concurrency: '12', timeoutSeconds: '12.5', ladder: 'training', bearerToken: '' });
  });

  it('keeps what the user typed for fields the settings do not cover', () => {
    const typed = { ...JWT_FORM, bearerToken: 'session-token' };
    expect(settingsToFormValues({ kind: 'training', speed: 'realistic' }, typed)).toEqual({ ...typed, mode: 'training', trainingSpeed: 'realistic' });
    const bearer = settingsToFormValues(samples[3] ?? samples[0]!, typed);
    expect([bearer.tokenUrl, bearer.clientId, bearer.keyId, bearer.bearerToken]).toEqual([JWT_FORM.tokenUrl, JWT_FORM.clientId, JWT_FORM.keyId, 'session-token']);
  });

  it('starts a new form with the national defaults', () => {
    expect(settingsToFormValues({ kind: 'training', speed: 'fast' })).toMatchObject({ mode: 'training', authKind: 'signed-jwt', ratePerSecond: '5', concurrency: '20', timeoutSeconds: '30', ladder: 'national' });
  });
});
