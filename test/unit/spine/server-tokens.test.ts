// The loopback Spine's token endpoint (NHS England's signed-JWT client credentials pattern):
// keys generated here with node:crypto (RS512) and WebCrypto (ES256), registered over HTTP or
// given as a JWKS, assertions checked claim by claim, and tokens that expire.

import { generateKeyPairSync, randomUUID, sign, webcrypto, type JsonWebKey, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleUploadBundle } from '../../spine/sampleBundle';
import type { SpineServer } from '../../spine/server';
import { CLIENT_ASSERTION_TYPE, type TokenError, type TokenResponse } from '../../spine/tokens';
import { postBundle, postJson, startSpine, type SpineReply } from './spineHelpers';

const API_KEY = 'loopback-test-api-key';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Claims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  jti?: string;
  exp?: number;
}

function claims(spine: SpineServer, overrides: Claims = {}): Claims {
  return { iss: API_KEY, sub: API_KEY, aud: spine.tokenUrl, jti: randomUUID(), exp: Math.floor(Date.now() / 1000) + 300, ...overrides };
}

function rs512(privateKey: KeyObject, kid: string, body: Claims, alg = 'RS512'): string {
  const input = `${b64({ alg, typ: 'JWT', kid })}.${b64(body)}`;
  return `${input}.${sign('sha512', Buffer.from(input), privateKey).toString('base64url')}`;
}

function rsaKey(kid: string): { privateKey: KeyObject; jwk: JsonWebKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS512', use: 'sig' } };
}

async function exchange(spine: SpineServer, form: Record<string, string>): Promise<SpineReply> {
  const response = await fetch(spine.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as unknown };
}

function assertionForm(assertion: string): Record<string, string> {
  return { grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion };
}

const description = (r: SpineReply): string => (r.json as TokenError).error_description;

let spine: SpineServer;
const key = rsaKey('test-rs512');

beforeAll(async () => {
  spine = await startSpine({ rateLimitPerSecond: 0 });
  const registered = await postJson(`${spine.url}/_test/register-key`, key.jwk);
  expect(registered.status).toBe(201);
  expect(registered.json).toEqual({ registered: ['test-rs512'] });
});
afterAll(() => spine.close());
beforeEach(() => spine.reset());

describe('token endpoint', () => {
  it('issues a bearer token for an RS512 assertion; POST /Bundle accepts it', async () => {
    const r = await exchange(spine, assertionForm(rs512(key.privateKey, 'test-rs512', claims(spine))));
    expect(r.status).toBe(200);
    const token = r.json as TokenResponse;
    expect(token).toEqual({ access_token: expect.any(String), expires_in: '599', token_type: 'Bearer', issued_at: expect.any(String) });
    expect((await postBundle(spine, sampleUploadBundle(), { token: token.access_token })).status).toBe(201);
    expect(spine.stats().tokensIssued).toBe(1);
  });

  it('accepts RS256 with the same key', async () => {
    const input = `${b64({ alg: 'RS256', kid: 'test-rs512' })}.${b64(claims(spine))}`;
    const jwt = `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
    expect((await exchange(spine, assertionForm(jwt))).status).toBe(200);
  });

  it('accepts an ES256 assertion signed with WebCrypto', async () => {
    const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const jwk = { ...(await webcrypto.subtle.exportKey('jwk', pair.publicKey)), kid: 'test-es256' };
    expect((await postJson(`${spine.url}/_test/register-key`, { keys: [jwk] })).status).toBe(201);
    const input = `${b64({ alg: 'ES256', typ: 'JWT', kid: 'test-es256' })}.${b64(claims(spine))}`;
    const signature = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, Buffer.from(input));
    const r = await exchange(spine, assertionForm(`${input}.${Buffer.from(signature).toString('base64url')}`));
    expect(r.status).toBe(200);
  });

  it('refuses a replayed jti', async () => {
    const jwt = rs512(key.privateKey, 'test-rs512', claims(spine));
    expect((await exchange(spine, assertionForm(jwt))).status).toBe(200);
    const replay = await exchange(spine, assertionForm(jwt));
    expect(replay.status).toBe(400);
    expect(description(replay)).toBe("Non-unique 'jti' claim in JWT");
  });

  it('checks exp: present, not past, at most 5 minutes ahead', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [Claims, RegExp][] = [
      [{ exp: now + 600 }, /more than 5 minutes/],
      [{ exp: now - 1 }, /expired/],
      [{ exp: undefined }, /Missing 'exp'/],
    ];
    for (const [override, expected] of cases) {
      const r = await exchange(spine, assertionForm(rs512(key.privateKey, 'test-rs512', claims(spine, override))));
      expect(r.status).toBe(400);
      expect(description(r)).toMatch(expected);
    }
  });

  it('checks iss = sub, aud = the token URL, and jti present', async () => {
    const cases: [Claims, number, RegExp][] = [
      [{ sub: 'someone-else' }, 401, /'iss'\/'sub'/],
      [{ aud: 'https://api.service.nhs.uk/oauth2/token' }, 401, /'aud'/],
      [{ jti: undefined }, 400, /Missing 'jti'/],
    ];
    for (const [override, status, expected] of cases) {
      const r = await exchange(spine, assertionForm(rs512(key.privateKey, 'test-rs512', claims(spine, override))));
      expect([r.status, description(r)]).toEqual([status, expect.stringMatching(expected)]);
    }
    expect((await exchange(spine, assertionForm(rs512(key.privateKey, 'test-rs512', claims(spine, { aud: [spine.tokenUrl] }))))).status).toBe(200);
  });

  it('requires the configured client id when one is set', async () => {
    spine.configure({ clientId: 'the-real-api-key' });
    const wrong = await exchange(spine, assertionForm(rs512(key.privateKey, 'test-rs512', claims(spine))));
    expect([wrong.status, (wrong.json as TokenError).error]).toEqual([401, 'invalid_client']);
    const right = claims(spine, { iss: 'the-real-api-key', sub: 'the-real-api-key' });
    expect((await exchange(spine, assertionForm(rs512(key.privateKey, 'test-rs512', right)))).status).toBe(200);
  });

  it('refuses a wrong signature, an unknown kid and unsupported algorithms', async () => {
    const other = rsaKey('test-rs512');
    const forged = await exchange(spine, assertionForm(rs512(other.privateKey, 'test-rs512', claims(spine))));
    expect([forged.status, description(forged)]).toEqual([401, 'Unable to verify JWT signature']);
    const unknownKid = await exchange(spine, assertionForm(rs512(key.privateKey, 'nobody', claims(spine))));
    expect([unknownKid.status, description(unknownKid)]).toEqual([401, expect.stringMatching(/no matching public key/)]);
    const hs256 = await exchange(spine, assertionForm(`${b64({ alg: 'HS256', kid: 'test-rs512' })}.${b64(claims(spine))}.c2ln`));
    expect(hs256.status).toBe(400);
    const none = await exchange(spine, assertionForm(`${b64({ alg: 'none', kid: 'test-rs512' })}.${b64(claims(spine))}.`));
    expect(none.status).toBe(400);
  });

  it('refuses malformed requests', async () => {
    const jwt = rs512(key.privateKey, 'test-rs512', claims(spine));
    const cases: [Record<string, string>, string, unknown][] = [
      [{ client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: jwt }, 'invalid_request', 'grant_type is missing'],
      [{ ...assertionForm(jwt), grant_type: 'authorization_code' }, 'unsupported_grant_type', 'grant_type is invalid'],
      [{ ...assertionForm(jwt), client_assertion_type: 'jwt' }, 'invalid_request', expect.stringMatching(/client_assertion_type/)],
      [assertionForm('not.a-jwt'), 'invalid_request', 'Malformed JWT in client_assertion'],
      [{ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE }, 'invalid_request', 'Missing client_assertion'],
    ];
    for (const [form, error, text] of cases) {
      const r = await exchange(spine, form);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ error, error_description: text });
    }
  });

  it('refuses to register a private key or a key without kid', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'oops' };
    expect((await postJson(`${spine.url}/_test/register-key`, privateJwk)).status).toBe(400);
    expect((await postJson(`${spine.url}/_test/register-key`, { ...key.jwk, kid: undefined })).status).toBe(400);
    expect((await postJson(`${spine.url}/_test/register-key`, { kty: 'RSA', kid: 'broken', n: 'AQAB' })).status).toBe(400);
  });
});

describe('access tokens', () => {
  it('expire after the configured lifetime', async () => {
    // The Spine's own clock, moved by the test instead of waiting for it.
    let now = Date.now();
    const timed = await startSpine({ rateLimitPerSecond: 0, tokenLifetimeSeconds: 1, jwks: [{ keys: [key.jwk] }], clock: () => now });
    try {
      const r = await exchange(timed, assertionForm(rs512(key.privateKey, 'test-rs512', claims(timed))));
      const token = (r.json as TokenResponse).access_token;
      expect((r.json as TokenResponse).expires_in).toBe('1');
      expect((await postBundle(timed, sampleUploadBundle(), { token })).status).toBe(201);
      now += 999;
      expect((await postBundle(timed, sampleUploadBundle(), { token })).status).toBe(201);
      now += 1;
      const expired = await postBundle(timed, sampleUploadBundle(), { token });
      expect(expired.status).toBe(401);
    } finally {
      await timed.close();
    }
  });

  it('--accept-any-token accepts any non-empty bearer token', async () => {
    spine.configure({ acceptAnyToken: true });
    expect((await postBundle(spine, sampleUploadBundle(), { token: 'anything' })).status).toBe(201);
    expect((await postBundle(spine, sampleUploadBundle(), { token: null, headers: { Authorization: 'Bearer ' } })).status).toBe(401);
  });

  it('keys can be given as JWKS documents at start', async () => {
    const other = await startSpine({ jwks: [{ keys: [key.jwk] }] });
    try {
      const r = await exchange(other, assertionForm(rs512(key.privateKey, 'test-rs512', claims(other))));
      expect(r.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
