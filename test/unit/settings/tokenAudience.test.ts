// The signed-JWT token audience: when the token URL is the practice server forwarding to the
// platform (one origin, deploy/nginx/), the client assertion must still name the platform's own
// token URL as its aud, which the platform checks. Empty means the token URL itself.

import { describe, expect, it } from 'vitest';
import { DEFAULT_SPINE_FORM_VALUES, settingsToFormValues, type SettingsFormValues } from '../../../src/domain/settings/formValues';
import { validateSettingsForm } from '../../../src/domain/settings/validateSettings';
import type { SpineSettings } from '../../../src/shared/sendingSettings';
import { signClientAssertion } from '../../../src/worker/send/clientAssertion';
import { generateSigningKey } from '../../../src/worker/send/signingKey';
import { systemClock } from '../../../src/worker/ports';

const PLATFORM = 'https://int.api.service.nhs.uk/oauth2/token';
const FORM: SettingsFormValues = {
  ...DEFAULT_SPINE_FORM_VALUES,
  baseUrl: 'https://scr-upload.practice.example/spine/fhir',
  sessionUrid: '555254240100',
  tokenUrl: 'https://scr-upload.practice.example/spine/token',
  clientId: 'abc123apikey',
  keyId: 'scr-upload-2026-03-14-abcdefabcdef',
};

function auth(values: Partial<SettingsFormValues>): SpineSettings['auth'] {
  const result = validateSettingsForm({ ...FORM, ...values }, { haveBearerToken: false });
  if (!result.ok || result.settings.kind !== 'spine') throw new Error(`unexpected: ${JSON.stringify(result)}`);
  return result.settings.auth;
}

describe('token audience', () => {
  it('empty: no audience is stored, so the aud is the token URL', () => {
    expect(auth({ tokenAudience: '  ' })).toEqual({ kind: 'signed-jwt', tokenUrl: FORM.tokenUrl, clientId: FORM.clientId, keyId: FORM.keyId });
  });

  it('the platform\'s token URL is kept, and shown again in the form', () => {
    const stored = auth({ tokenAudience: ` ${PLATFORM} ` });
    if (stored.kind !== 'signed-jwt') throw new Error('expected signed JWT');
    expect(stored).toEqual({ kind: 'signed-jwt', tokenUrl: FORM.tokenUrl, clientId: FORM.clientId, keyId: FORM.keyId, audience: PLATFORM });
    const settings: SpineSettings = { kind: 'spine', baseUrl: FORM.baseUrl, sessionUrid: '555254240100', auth: stored, ratePerSecond: 5, concurrency: 20, ladder: 'national', timeoutMs: 30_000 };
    expect(settingsToFormValues(settings).tokenAudience).toBe(PLATFORM);
    expect(settingsToFormValues({ ...settings, auth: { ...stored, audience: undefined } }).tokenAudience).toBe('');
  });

  it('anything but an https URL is refused, naming the field', () => {
    const result = validateSettingsForm({ ...FORM, tokenAudience: 'int.api.service.nhs.uk/oauth2/token' }, { haveBearerToken: false });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => [e.field, e.message.startsWith('The token audience') || e.message.includes('token audience')])).toEqual([['tokenAudience', true]]);
  });

  it('the client assertion names the audience when there is one, else the token URL', async () => {
    const key = await generateSigningKey(systemClock);
    const claims = async (audience: string | undefined): Promise<Record<string, unknown>> => {
      const jwt = await signClientAssertion({ clientId: 'c', tokenUrl: FORM.tokenUrl, audience, keyId: key.kid, privateKey: key.keyPair.privateKey, nowMs: Date.now(), jti: crypto.randomUUID() });
      return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    };
    expect((await claims(PLATFORM))['aud']).toBe(PLATFORM);
    expect((await claims(undefined))['aud']).toBe(FORM.tokenUrl);
  });
});
