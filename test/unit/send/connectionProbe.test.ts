// Settings' "Test connection" against the real loopback Spine (127.0.0.1, any free port): the
// token exchange with this computer's registered key, the test message the Spine refuses
// without storing anything, the answer's headers, and what each failure says. CORS cannot
// happen in Node: the browser's refusal is played by a scripted fetch here, and for real in
// Chromium by test/e2e/cors-refused.spec.ts.

import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendingSettings, SpineSettings } from '../../../src/shared/sendingSettings';
import { testConnection, type ConnectionProbeDeps } from '../../../src/worker/send/connectionProbe';
import { generateSigningKey, publicSigningJwk, type StoredSigningKey } from '../../../src/worker/send/signingKey';
import { systemClock } from '../../../src/worker/ports';
import type { SpineServer } from '../../spine/server';
import { startSpine } from '../spine/spineHelpers';

const CLIENT_ID = 'practice-api-key';
let spine: SpineServer;
let key: StoredSigningKey;

beforeAll(async () => {
  [spine, key] = await Promise.all([startSpine({ rateLimitPerSecond: 0 }), generateSigningKey(systemClock)]);
  spine.registerKey(await publicSigningJwk(key));
});
afterAll(() => spine.close());
beforeEach(() => spine.reset());

function spineSettings(overrides: Partial<SpineSettings> = {}): SpineSettings {
  return { kind: 'spine', baseUrl: spine.url, sessionUrid: '555254240100', auth: { kind: 'bearer', remember: false }, ratePerSecond: 5, concurrency: 20, ladder: 'national', timeoutMs: 10_000, ...overrides };
}

function deps(settings: SendingSettings, overrides: Partial<ConnectionProbeDeps> = {}): ConnectionProbeDeps {
  return { settings, bearerToken: null, signingKey: key, fetch: (input, init) => fetch(input, init), pageOrigin: null, clock: systemClock, uuid: () => crypto.randomUUID(), ...overrides };
}

const signedJwt = (keyId: string): SpineSettings['auth'] => ({ kind: 'signed-jwt', tokenUrl: spine.tokenUrl, clientId: CLIENT_ID, keyId });

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Test connection', () => {
  it('training: nothing to test', async () => {
    const result = await testConnection(deps({ kind: 'training', speed: 'fast' }));
    expect(result.verdict).toBe('training');
    expect(result.checks).toEqual([]);
  });

  it('signed JWT with the registered key: a token is issued, the test message is refused as it should be, nothing is stored', async () => {
    const result = await testConnection(deps(spineSettings({ auth: signedJwt(key.kid) })));
    expect(result.verdict).toBe('ok');
    expect(result.headline).toBe(`The connection works: this page reaches the Spine at ${spine.url}, signs in and can send uploads.`);
    expect(result.checks.map((c) => [c.id, c.state])).toEqual([
      ['token', 'passed'],
      ['upload', 'passed'],
      ['headers', 'passed'],
    ]);
    expect(result.checks[0]?.detail).toBe('The token endpoint issued an access token, valid for 599 s.');
    expect(result.checks[1]?.detail).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+\/Bundle answered the test message with 400 \(.*Composition.*\), as it should: the access token was accepted and nothing was stored\.$/);
    expect(result.checks[2]?.detail).toContain('The endpoint lets this page read its answers\' headers');
    const stats = spine.stats();
    expect(stats.tokensIssued).toBe(1);
    expect(stats.byStatus).toEqual({ '400': 1 });
    expect(stats.bundlesStored).toBe(0);
  });

  it('a key the platform does not know: the token check says so, and the test message still shows the Spine answers', async () => {
    const stranger = await generateSigningKey(systemClock);
    const result = await testConnection(deps(spineSettings({ auth: signedJwt(stranger.kid) }), { signingKey: stranger }));
    expect(result.verdict).toBe('problem');
    expect(result.checks[0]).toMatchObject({ state: 'failed', detail: expect.stringContaining('The token endpoint refused the signing key or client id') as unknown });
    expect(result.headline).toMatch(/^The connection does not work yet: The token endpoint refused the signing key/);
    expect(result.checks[1]).toMatchObject({ state: 'passed', detail: expect.stringContaining('with 401 (no valid access token to send): the Spine answers this page') as unknown });
  });

  it('no signing key, or another key ID than this computer\'s: said without asking anyone', async () => {
    expect((await testConnection(deps(spineSettings({ auth: signedJwt(key.kid) }), { signingKey: null }))).checks[0]?.detail).toBe(
      'This computer has no signing key: create one in Settings, register its public key, then save.',
    );
    expect((await testConnection(deps(spineSettings({ auth: signedJwt('other-kid') })))).checks[0]?.detail).toBe(`The key ID in Settings (other-kid) is not this computer's signing key (${key.kid}).`);
    expect(spine.stats().tokensIssued).toBe(0);
  });

  it('an access token: held and accepted, held and refused, or none held', async () => {
    const good = await testConnection(deps(spineSettings(), { bearerToken: spine.issueToken().access_token }));
    expect(good.verdict).toBe('ok');
    const refused = await testConnection(deps(spineSettings(), { bearerToken: 'expired-or-made-up' }));
    expect(refused.verdict).toBe('problem');
    expect(refused.checks[1]).toMatchObject({ state: 'failed', detail: 'The Spine refused the access token (401: Invalid access token).' });
    const none = await testConnection(deps(spineSettings()));
    expect(none.headline).toBe('The connection does not work yet: No access token is held: paste one in the Access token field and save.');
    expect(spine.stats().bundlesStored).toBe(0);
  });

  it('a wrong base URL: nothing there takes uploads', async () => {
    const result = await testConnection(deps(spineSettings({ baseUrl: `${spine.url}/FHIR/R4` }), { bearerToken: spine.issueToken().access_token }));
    expect(result.verdict).toBe('problem');
    expect(result.checks[1]?.detail).toBe(`Nothing at ${spine.url}/FHIR/R4/Bundle takes uploads (HTTP 404): check the base URL (messages go to it followed by /Bundle).`);
  });

  it('a rate above the national limit is a warning', async () => {
    const result = await testConnection(deps(spineSettings({ ratePerSecond: 10 }), { bearerToken: spine.issueToken().access_token }));
    expect(result.verdict).toBe('ok');
    expect(result.headline).toContain('(see the warnings below)');
    expect(result.checks[2]).toMatchObject({ state: 'warning', detail: expect.stringContaining('set to send 10 a second, above the national limit of 5 per application') as unknown });
  });

  it('nothing listening: no connection', async () => {
    const port = await closedPort();
    const result = await testConnection(deps(spineSettings({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'signed-jwt', tokenUrl: `http://127.0.0.1:${port}/oauth2/token`, clientId: CLIENT_ID, keyId: key.kid } })));
    expect(result.verdict).toBe('unreachable');
    expect(result.headline).toBe(`No connection: nothing answered at http://127.0.0.1:${port}. There is no network, the address is wrong, or this computer does not trust the server's certificate.`);
  });

  it('an endpoint that answers but does not let this page in: the endpoint refuses this browser', async () => {
    // As a browser would: the server answers no-cors requests, and refuses every CORS one.
    const browser: typeof fetch = (input, init) => (init?.mode === 'no-cors' ? fetch(input, { method: 'GET' }) : Promise.reject(new TypeError('Failed to fetch')));
    const page = 'http://127.0.0.1:4173';
    const result = await testConnection(deps(spineSettings({ auth: signedJwt(key.kid) }), { fetch: browser, pageOrigin: page }));
    expect(result.verdict).toBe('refused-by-browser');
    expect(result.headline).toBe(
      `The endpoint refuses this browser: the server at ${spine.url} answered, but does not let this page (${page}) send uploads to it or read its answers (CORS). Open the app from the practice server that forwards to the Spine (one origin, see the README), or use an endpoint that allows this page.`,
    );
    expect(result.checks.map((c) => c.state)).toEqual(['failed', 'failed', 'not-run']);
    expect(result.checks[0]?.detail).toContain('The token endpoint refuses this browser.');
  });
});
