// The signed-JWT auth provider against the loopback Spine's real token endpoint (127.0.0.1, any
// free port) with the stored key's public JWK registered. The provider's clock is the real time
// plus an offset the tests move forward: the endpoint checks the assertion's exp by the real
// clock, so the offset stays within the assertion's allowance for a clock running ahead.
// Over 300 lines: one provider's cases share the token endpoint fixture; split, each file would repeat it.

import { createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAuthUnavailable, type AuthUnavailable } from '../../../src/worker/send/auth';
import { waitForToken } from '../../../src/worker/send/authRecovery';
import { ASSERTION_LIFETIME_S, CLIENT_ASSERTION_TYPE } from '../../../src/worker/send/clientAssertion';
import { RETRY_INITIAL_MS, RETRY_MAX_MS, SignedJwtAuthProvider, type SignedJwtAuthOptions } from '../../../src/worker/send/signedJwtAuth';
import { generateSigningKey, publicSigningJwk, type StoredSigningKey } from '../../../src/worker/send/signingKey';
import type { Sleeper } from '../../../src/worker/send/sleeper';
import { sampleUploadBundle } from '../../spine/sampleBundle';
import type { SpineServer } from '../../spine/server';
import { postBundle, startSpine } from '../spine/spineHelpers';

const CLIENT_ID = 'practice-api-key';

/** Real time plus an offset moved by advance(): a fake clock the token endpoint still believes. */
class OffsetClock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** fetch that records each token request's form, and can be pointed at a dead port. */
class RecordingFetch {
  readonly forms: URLSearchParams[] = [];
  downUrl: string | null = null;
  readonly fetch: typeof fetch = (input, init) => {
    this.forms.push(new URLSearchParams(typeof init?.body === 'string' ? init.body : ''));
    return fetch(this.downUrl ?? input, init);
  };
  get count(): number {
    return this.forms.length;
  }
}

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function tokenOf(provider: SignedJwtAuthProvider): Promise<string> {
  const token = await provider.token();
  if (isAuthUnavailable(token)) throw new Error(`no token: ${token.reason}`);
  return token;
}

async function unavailableOf(provider: SignedJwtAuthProvider): Promise<AuthUnavailable> {
  const token = await provider.token();
  if (!isAuthUnavailable(token)) throw new Error('expected no token');
  return token;
}

let spine: SpineServer;
let key: StoredSigningKey;
let deadUrl: string;
let clock: OffsetClock;
let recorder: RecordingFetch;

function provider(overrides: Partial<SignedJwtAuthOptions> = {}): SignedJwtAuthProvider {
  return new SignedJwtAuthProvider({
    tokenUrl: spine.tokenUrl,
    clientId: CLIENT_ID,
    keyId: key.kid,
    privateKey: key.keyPair.privateKey,
    clock,
    fetch: recorder.fetch,
    ...overrides,
  });
}

beforeAll(async () => {
  [spine, key] = await Promise.all([startSpine({ rateLimitPerSecond: 0 }), generateSigningKey({ now: () => Date.now() })]);
  spine.registerKey(await publicSigningJwk(key));
  // A port nothing listens on: bind one, then let it go.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/oauth2/token`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => spine.close());
beforeEach(() => {
  spine.reset();
  clock = new OffsetClock();
  recorder = new RecordingFetch();
});

describe('SignedJwtAuthProvider with the loopback token endpoint', () => {
  it('sends a signed RS512 client assertion and gets a token the Spine accepts', async () => {
    const auth = provider({ uuid: () => '0b8a6f0e-1d2c-4e5f-8a9b-0c1d2e3f4a5b' });
    const token = await tokenOf(auth);
    expect((await postBundle(spine, sampleUploadBundle(), { token })).status).toBe(201);

    const form = recorder.forms[0];
    expect(form?.get('grant_type')).toBe('client_credentials');
    expect(form?.get('client_assertion_type')).toBe(CLIENT_ASSERTION_TYPE);
    const [header = '', claims = '', signature = ''] = (form?.get('client_assertion') ?? '').split('.');
    expect(decodeSegment(header)).toEqual({ alg: 'RS512', typ: 'JWT', kid: key.kid });
    const body = decodeSegment(claims);
    expect(body).toEqual({ iss: CLIENT_ID, sub: CLIENT_ID, aud: spine.tokenUrl, jti: '0b8a6f0e-1d2c-4e5f-8a9b-0c1d2e3f4a5b', exp: expect.any(Number) });
    const nowS = clock.now() / 1000;
    expect(body['exp']).toBeGreaterThan(nowS + ASSERTION_LIFETIME_S - 5);
    expect(body['exp']).toBeLessThanOrEqual(nowS + 300);
    const publicKey = createPublicKey({ key: { ...(await publicSigningJwk(key)) }, format: 'jwk' });
    expect(verify('sha512', Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('reuses the token while it is fresh', async () => {
    const auth = provider();
    const first = await tokenOf(auth);
    clock.advance(400_000);
    expect(await tokenOf(auth)).toBe(first);
    expect(recorder.count).toBe(1);
    expect(spine.stats().tokensIssued).toBe(1);
  });

  it('renews the token in the background before it expires, handing out the old one meanwhile', async () => {
    spine.configure({ tokenLifetimeSeconds: 60 });
    const auth = provider();
    const first = await tokenOf(auth);
    clock.advance(29_000);
    expect(await tokenOf(auth)).toBe(first);
    expect(recorder.count).toBe(1);

    clock.advance(2_000); // 31 s of 60: inside the refresh window (the last half of a short life)
    expect(await tokenOf(auth)).toBe(first);
    await vi.waitFor(() => expect(recorder.count).toBe(2)); // the renewal signs, then posts
    await vi.waitFor(async () => expect(await tokenOf(auth)).not.toBe(first));
    const second = await tokenOf(auth);
    expect(recorder.count).toBe(2);
    expect((await postBundle(spine, sampleUploadBundle(), { token: second })).status).toBe(201);
  });

  it('waits for a new token when the held one has run out', async () => {
    spine.configure({ tokenLifetimeSeconds: 60 });
    const auth = provider();
    const first = await tokenOf(auth);
    clock.advance(56_000); // past 60 s less the 5 s hand-out margin
    const second = await tokenOf(auth);
    expect(second).not.toBe(first);
    expect(recorder.count).toBe(2);
  });

  it('replaces a token the Spine answered 401 to', async () => {
    const auth = provider();
    const first = await tokenOf(auth);
    spine.expireTokens();
    expect((await postBundle(spine, sampleUploadBundle(), { token: first })).status).toBe(401);
    auth.rejected('some other token');
    expect(await tokenOf(auth)).toBe(first);
    auth.rejected(first);
    const second = await tokenOf(auth);
    expect(second).not.toBe(first);
    expect((await postBundle(spine, sampleUploadBundle(), { token: second })).status).toBe(201);
  });

  it('backs off when the Spine refuses new tokens straight away, rather than looping', async () => {
    const auth = provider();
    auth.rejected(await tokenOf(auth));
    auth.rejected(await tokenOf(auth)); // the second prompt refusal in a row
    expect((await unavailableOf(auth)).reason).toMatch(/refused a newly issued access token/);
    expect(recorder.count).toBe(2);
    expect(auth.retryAt()).toBeGreaterThan(clock.now());
    clock.advance(RETRY_MAX_MS);
    await tokenOf(auth);
    expect(recorder.count).toBe(3);
  });

  it('shares one token request among concurrent callers', async () => {
    const auth = provider();
    const tokens = await Promise.all(Array.from({ length: 8 }, () => auth.token()));
    expect(new Set(tokens).size).toBe(1);
    expect(typeof tokens[0]).toBe('string');
    expect(recorder.count).toBe(1);
    expect(spine.stats().tokensIssued).toBe(1);
  });

  it('says plainly when the token endpoint does not know the key', async () => {
    const auth = provider({ keyId: 'not-registered' });
    const { reason } = await unavailableOf(auth);
    expect(reason).toBe(
      "the token endpoint refused the signing key or client id (invalid_request: Invalid 'kid' header in JWT - no matching public key): check that this computer's public key and key id are registered for this application",
    );
    const assertion = recorder.forms[0]?.get('client_assertion') ?? '';
    expect(reason).not.toContain(assertion.split('.')[2]);
  });

  it('says plainly when the key does not match the registered one', async () => {
    const other = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, false, ['sign']);
    const auth = provider({ privateKey: other.privateKey });
    expect((await unavailableOf(auth)).reason).toMatch(/^the token endpoint refused the signing key or client id \(invalid_request: Unable to verify JWT signature\)/);
  });

  it('says plainly when the client id is wrong', async () => {
    spine.configure({ clientId: 'the-registered-api-key' });
    expect((await unavailableOf(provider())).reason).toMatch(/refused the signing key or client id \(invalid_client: Invalid 'iss'\/'sub' claims in JWT - unknown client id\)/);
  });

  it('reports an unreachable endpoint, backs off (doubling) and recovers', async () => {
    recorder.downUrl = deadUrl;
    const auth = provider();
    expect((await unavailableOf(auth)).reason).toMatch(/^could not reach the token endpoint \(fetch failed: .*ECONNREFUSED/);
    const firstRetry = auth.retryAt();
    expect(firstRetry).toBeGreaterThanOrEqual(clock.now() + RETRY_INITIAL_MS - 1000);

    expect((await unavailableOf(auth)).reason).toMatch(/could not reach/);
    expect(recorder.count).toBe(1); // answered from the back-off, no request

    clock.advance(RETRY_INITIAL_MS);
    await unavailableOf(auth);
    expect(recorder.count).toBe(2);
    const secondWait = (auth.retryAt() ?? 0) - clock.now();
    expect(secondWait).toBeGreaterThan(RETRY_INITIAL_MS);
    expect(secondWait).toBeLessThanOrEqual(2 * RETRY_INITIAL_MS);

    recorder.downUrl = null;
    expect(isAuthUnavailable(await provider().token())).toBe(false); // the endpoint is back
    expect(recorder.count).toBe(3);
    clock.advance(2 * RETRY_INITIAL_MS);
    await tokenOf(auth);
    expect(auth.retryAt()).toBeNull();
  });

  it('keeps the current token when a background renewal fails', async () => {
    spine.configure({ tokenLifetimeSeconds: 60 });
    const auth = provider();
    const first = await tokenOf(auth);
    recorder.downUrl = deadUrl;
    clock.advance(31_000);
    expect(await tokenOf(auth)).toBe(first);
    await vi.waitFor(() => expect(auth.retryAt()).not.toBeNull());
    expect(await tokenOf(auth)).toBe(first);
    expect(recorder.count).toBe(2);
  });

  it('waitForToken returns once the endpoint gives a token again, asking only after each back-off', async () => {
    recorder.downUrl = deadUrl;
    const auth = provider();
    const slept: number[] = [];
    const sleeper: Sleeper = {
      sleep(ms) {
        slept.push(ms);
        clock.advance(ms);
        if (slept.length === 2) recorder.downUrl = null;
        return Promise.resolve();
      },
    };
    expect(await waitForToken(auth, clock, sleeper, new AbortController().signal)).toBe(true);
    expect(recorder.count).toBe(3);
    expect(slept[0]).toBeGreaterThan(RETRY_INITIAL_MS - 1000);
    expect(slept[1]).toBeGreaterThan(slept[0] ?? 0);

    const stopped = new AbortController();
    stopped.abort();
    expect(await waitForToken(provider(), clock, sleeper, stopped.signal)).toBe(false);
  });
});

describe('SignedJwtAuthProvider with a misbehaving token endpoint', () => {
  let server: ReturnType<typeof createServer>;
  let base: string;
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/unavailable': (res) => res.writeHead(503, { 'Content-Type': 'text/html', 'Retry-After': '120' }).end('<html>Service Unavailable</html>'),
    '/not-json': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"access_token": '),
    '/no-expiry': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"access_token":"abc","token_type":"Bearer"}'),
    '/numeric-expiry': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"access_token":"abc","expires_in":599}'),
    '/echo': (res) => res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request', error_description: 'bad assertion eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl' })),
    '/missing': (res) => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found'),
    '/hang': () => undefined,
  };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      routes[req.url ?? '']?.(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a 5xx: not working at the moment, and its Retry-After is honoured', async () => {
    const auth = provider({ tokenUrl: `${base}/unavailable` });
    expect((await unavailableOf(auth)).reason).toBe('the token endpoint is not working at the moment (HTTP 503)');
    expect((auth.retryAt() ?? 0) - clock.now()).toBeGreaterThan(110_000);
  });

  it('an answer that is not a token', async () => {
    expect((await unavailableOf(provider({ tokenUrl: `${base}/not-json` }))).reason).toMatch(/not a token \(not JSON\)/);
    expect((await unavailableOf(provider({ tokenUrl: `${base}/no-expiry` }))).reason).toMatch(/without a usable expiry/);
    expect(await tokenOf(provider({ tokenUrl: `${base}/numeric-expiry` }))).toBe('abc');
  });

  it('a wrong token URL', async () => {
    expect((await unavailableOf(provider({ tokenUrl: `${base}/missing` }))).reason).toBe('the token endpoint was not found (HTTP 404): check the token URL');
  });

  it('never repeats a token or assertion the endpoint echoes', async () => {
    expect((await unavailableOf(provider({ tokenUrl: `${base}/echo` }))).reason).toBe('the token endpoint refused the request (invalid_request: bad assertion [redacted])');
  });

  it('no answer within the time limit', async () => {
    const auth = provider({ tokenUrl: `${base}/hang`, timeoutMs: 1000 });
    expect((await unavailableOf(auth)).reason).toBe('the token endpoint did not answer within 1 s');
  });
});
