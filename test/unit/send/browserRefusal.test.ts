// Telling "the server answered but refused this page (CORS)" from "no network" after an upload's
// fetch fails, with a scripted fetch that behaves as a browser does: a CORS refusal and a lost
// network both reject with a TypeError; a `no-cors` request to a server that answers resolves
// with an opaque answer. The sender then stops with the reason (a halt: nothing failed, no
// attempt used) instead of retrying for hours. The browser test cors-refused.spec.ts does it in
// Chromium against the loopback Spine with the live gateway's CORS.

import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../../../src/domain/sending/classify';
import { BearerTokenProvider } from '../../../src/worker/send/auth';
import { BrowserRefusalCheck } from '../../../src/worker/send/browserRefusal';
import { BlockedOrigin } from '../../../src/worker/send/connectGuard';
import { HttpSpineTransport } from '../../../src/worker/send/httpTransport';
import { SignedJwtAuthProvider } from '../../../src/worker/send/signedJwtAuth';
import { generateSigningKey } from '../../../src/worker/send/signingKey';
import { systemClock } from '../../../src/worker/ports';

const PAGE = 'https://practice-pc.example:4173';
const SPINE = 'https://spine.example';
const never = new AbortController().signal;
const message = { requestId: '0c1f6b5e-2f1a-4c55-9d3c-6f1d2b3a4c5d', correlationId: '7b2e1c4d-3a5f-4e6b-8c7d-9e0f1a2b3c4d', body: '{}' };

interface Seen {
  readonly url: string;
  readonly mode: RequestMode | undefined;
  readonly method: string | undefined;
  readonly headers: Record<string, string>;
}

/**
 * A browser's fetch towards one server: `reachable` (does anything answer) and `letsPageIn` (do
 * its answers and preflights allow this page). Records every request.
 */
function browserFetch(server: { reachable: boolean; letsPageIn: boolean; failFirst?: boolean }): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  let first = true;
  const fetchFn: typeof fetch = (input, init) => {
    seen.push({ url: String(input), mode: init?.mode, method: init?.method, headers: { ...(init?.headers as Record<string, string> | undefined) } });
    const failThisOne = server.failFirst === true && first;
    first = false;
    if (!server.reachable || failThisOne) return Promise.reject(new TypeError('Failed to fetch'));
    if (init?.mode === 'no-cors') return Promise.resolve(new Response(null, { status: 200 }));
    if (!server.letsPageIn) return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(new Response('{"resourceType":"OperationOutcome"}', { status: 401, headers: { 'Content-Type': 'application/fhir+json' } }));
  };
  return { fetch: fetchFn, seen };
}

function transport(fetchFn: typeof fetch, pageOrigin: string | null, baseUrl = `${SPINE}/summary-care-record/FHIR/R4`): HttpSpineTransport {
  return new HttpSpineTransport({ baseUrl, auth: new BearerTokenProvider('token'), sessionUrid: '555254240100', fetch: fetchFn, pageOrigin });
}

describe('an upload the browser refuses', () => {
  it('a server that answers but does not let this page in: refused-by-browser, and sending halts with the reason', async () => {
    const browser = browserFetch({ reachable: true, letsPageIn: false });
    const answer = await transport(browser.fetch, PAGE).send(message, never);
    expect(answer).toEqual({ kind: 'refused-by-browser', origin: SPINE, message: expect.stringContaining(`the server at ${SPINE} answered but refused this page (${PAGE}) (CORS)`) as unknown });
    const verdict = classifyResponse(answer, Date.now());
    expect(verdict.kind).toBe('halt');
    expect(verdict).toMatchObject({ reason: expect.stringMatching(/^Refused by the browser: the server at https:\/\/spine\.example answered but refused .*one origin/) as unknown });
    // The upload, then the two questions: a no-cors GET, and a POST needing the same preflight
    // with a token that cannot be valid and no body.
    const bundleUrl = `${SPINE}/summary-care-record/FHIR/R4/Bundle`;
    expect(browser.seen.map((s) => [s.url, s.method, s.mode ?? 'cors'])).toEqual([
      [bundleUrl, 'POST', 'cors'],
      [bundleUrl, 'GET', 'no-cors'],
      [bundleUrl, 'POST', 'cors'],
    ]);
    expect(Object.keys(browser.seen[2]?.headers ?? {}).sort()).toEqual(Object.keys(browser.seen[0]?.headers ?? {}).filter((h) => h !== 'NHSD-Session-URID').sort());
    expect(browser.seen[2]?.headers.Authorization).toBe('Bearer connection-check-not-a-token');
  });

  it('nothing answers: a network error, retried as ever', async () => {
    const browser = browserFetch({ reachable: false, letsPageIn: false });
    const answer = await transport(browser.fetch, PAGE).send(message, never);
    expect(answer).toEqual({ kind: 'network-error', message: 'Failed to fetch' });
    expect(classifyResponse(answer, Date.now())).toMatchObject({ kind: 'transient', cause: 'network' });
    expect(browser.seen.map((s) => s.mode ?? 'cors')).toEqual(['cors', 'no-cors']);
  });

  it('a passing fault at a server that lets this page in (a reset): a network error', async () => {
    const browser = browserFetch({ reachable: true, letsPageIn: true, failFirst: true });
    const answer = await transport(browser.fetch, PAGE).send(message, never);
    expect(answer).toEqual({ kind: 'network-error', message: 'Failed to fetch' });
    expect(browser.seen).toHaveLength(3);
  });

  it('a same-origin endpoint, or no browser at all, is never refused by CORS: no question is asked', async () => {
    for (const [pageOrigin, baseUrl] of [
      [SPINE, `${SPINE}/spine/fhir`],
      [null, `${SPINE}/spine/fhir`],
    ] as const) {
      const browser = browserFetch({ reachable: true, letsPageIn: false, failFirst: true });
      const answer = await transport(browser.fetch, pageOrigin, baseUrl).send(message, never);
      expect(answer.kind).toBe('network-error');
      expect(browser.seen).toHaveLength(1);
    }
  });

  it('an origin the settings do not name (the worker\'s own guard) is not a CORS question', async () => {
    let calls = 0;
    const blocked: typeof fetch = () => {
      calls++;
      return Promise.reject(new BlockedOrigin(SPINE));
    };
    const answer = await transport(blocked, PAGE).send(message, never);
    expect(answer.kind).toBe('network-error');
    expect(calls).toBe(1);
  });

  it('a window of failing uploads shares one pair of questions', async () => {
    const browser = browserFetch({ reachable: true, letsPageIn: false });
    const t = transport(browser.fetch, PAGE);
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.send(message, never)));
    expect(new Set(answers.map((a) => a.kind))).toEqual(new Set(['refused-by-browser']));
    expect(browser.seen.filter((s) => s.mode === 'no-cors')).toHaveLength(1);
    expect(browser.seen).toHaveLength(22);
  });

  it('a token request is asked about with a form, as a token request is made', async () => {
    const browser = browserFetch({ reachable: true, letsPageIn: false });
    const check = new BrowserRefusalCheck({ fetch: browser.fetch, pageOrigin: PAGE, now: () => Date.now() });
    expect(await check.explain(`${SPINE}/oauth2/token`, new TypeError('Failed to fetch'), 'token')).toEqual({ kind: 'refused-by-browser', origin: SPINE });
    expect(browser.seen[1]?.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' });
  });

  it('a token endpoint that refuses this page: sending waits for a login with that reason, not "could not reach"', async () => {
    const key = await generateSigningKey(systemClock);
    const browser = browserFetch({ reachable: true, letsPageIn: false });
    const auth = new SignedJwtAuthProvider({ tokenUrl: `${SPINE}/oauth2/token`, clientId: 'c', keyId: key.kid, privateKey: key.keyPair.privateKey, clock: systemClock, fetch: browser.fetch, pageOrigin: PAGE });
    expect(await auth.token()).toEqual({ kind: 'auth-unavailable', reason: expect.stringMatching(/^the server at https:\/\/spine\.example answered but refused this page \(https:\/\/practice-pc\.example:4173\) \(CORS\)/) as unknown });
    const unreachable = new SignedJwtAuthProvider({ tokenUrl: `${SPINE}/oauth2/token`, clientId: 'c', keyId: key.kid, privateKey: key.keyPair.privateKey, clock: systemClock, fetch: browserFetch({ reachable: false, letsPageIn: false }).fetch, pageOrigin: PAGE });
    expect(await unreachable.token()).toEqual({ kind: 'auth-unavailable', reason: 'could not reach the token endpoint (Failed to fetch)' });
  });
});
