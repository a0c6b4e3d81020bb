// Settings' "Test connection", the worker's side: with the SAVED settings, gets an access token
// (the one held, or a real exchange at the token endpoint with this computer's key), then sends
// the Spine a test message it must refuse without storing anything (a document Bundle with no
// summary in it), and reads what came back: reachable or not, refused by the browser (CORS) or
// not, the token accepted, the answer's headers readable. The wording and the verdict are
// src/domain/sending/connectionChecks.ts. No outbox row, run or log entry is touched.

import type { ScrDatabase } from '../../db/database';
import { headersCheck, tokenCheck, trainingResult, uploadCheck, verdictOf, type Exchange, type TokenStep } from '../../domain/sending/connectionChecks';
import { contactedOrigins } from '../../domain/settings/origins';
import type { ConnectionTestResult } from '../../shared/connectionTest';
import type { SendingSettings, SpineAuthSettings } from '../../shared/sendingSettings';
import { systemClock, type Clock } from '../ports';
import { BrowserRefusalCheck, currentPageOrigin, type FailedRequest } from './browserRefusal';
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from './clientAssertion';
import { guardedFetch } from './connectGuard';
import { bundleUrlOf, uploadHeaders } from './httpTransport';
import { loadSigningKey, type StoredSigningKey } from './signingKey';
import { interpretTokenResponse } from './tokenResponse';

/** A token that cannot be valid, for reaching the upload endpoint when there is no real one. */
const NO_TOKEN = 'connection-test-without-a-token';

export interface ConnectionProbeDeps {
  readonly settings: SendingSettings;
  /** The bearer token held (this session or remembered), if any. */
  readonly bearerToken: string | null;
  readonly signingKey: StoredSigningKey | null;
  /** The network, already limited to the settings' origins. */
  readonly fetch: typeof fetch;
  /** The page's origin; null outside a browser. */
  readonly pageOrigin: string | null;
  readonly clock: Clock;
  readonly uuid: () => string;
}

class TimedOut extends Error {}

/** One request under a time limit, its failure explained (CORS or no network). Never rejects. */
async function exchange(deps: ConnectionProbeDeps, refusals: BrowserRefusalCheck, url: string, init: RequestInit, kind: FailedRequest, timeoutMs: number): Promise<Exchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimedOut()), timeoutMs);
  try {
    const response = await deps.fetch(url, { ...init, signal: controller.signal });
    const bodyText = await response.text();
    return {
      kind: 'answer',
      status: response.status,
      bodyText,
      contentType: response.headers.get('Content-Type'),
      retryAfter: response.headers.get('Retry-After'),
      requestIdEcho: response.headers.get('X-Request-ID'),
    };
  } catch (error) {
    if (controller.signal.reason instanceof TimedOut) return { kind: 'timeout', afterMs: timeoutMs };
    const failure = await refusals.explain(url, error, kind);
    if (failure.kind === 'refused-by-browser') return { kind: 'refused-by-browser', origin: failure.origin };
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** A document Bundle with no Composition: the Spine refuses it before storing anything. */
export function testMessage(id: string, nowMs: number): string {
  return JSON.stringify({
    resourceType: 'Bundle',
    identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: id.toUpperCase() },
    type: 'document',
    timestamp: new Date(nowMs).toISOString(),
  });
}

async function signedJwtToken(
  deps: ConnectionProbeDeps,
  refusals: BrowserRefusalCheck,
  auth: Extract<SpineAuthSettings, { kind: 'signed-jwt' }>,
  timeoutMs: number,
): Promise<{ step: TokenStep; exchange: Exchange | null; token: string | null }> {
  const key = deps.signingKey;
  if (key === null) return { step: { kind: 'no-key', reason: 'this computer has no signing key: create one in Settings, register its public key, then save' }, exchange: null, token: null };
  if (key.kid !== auth.keyId) return { step: { kind: 'no-key', reason: `the key ID in Settings (${auth.keyId}) is not this computer's signing key (${key.kid})` }, exchange: null, token: null };
  let assertion: string;
  try {
    assertion = await signClientAssertion({ clientId: auth.clientId, tokenUrl: auth.tokenUrl, audience: auth.audience, keyId: key.kid, privateKey: key.keyPair.privateKey, nowMs: deps.clock.now(), jti: deps.uuid() });
  } catch (error) {
    return { step: { kind: 'no-key', reason: `this computer's signing key could not sign (${error instanceof Error ? error.name : 'error'}): create a new key and register it` }, exchange: null, token: null };
  }
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion }).toString();
  const answer = await exchange(deps, refusals, auth.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body }, 'token', timeoutMs);
  if (answer.kind !== 'answer') return { step: { kind: 'exchanged', tokenUrl: auth.tokenUrl, exchange: answer, issued: null, refusal: null }, exchange: answer, token: null };
  const read = interpretTokenResponse(answer.status, answer.bodyText, answer.retryAfter, deps.clock.now());
  // The token itself never leaves this function but as the test message's Authorization.
  const safe: Exchange = { ...answer, bodyText: '' };
  if (read.kind === 'token') return { step: { kind: 'exchanged', tokenUrl: auth.tokenUrl, exchange: safe, issued: { expiresInS: read.expiresInS }, refusal: null }, exchange: safe, token: read.accessToken };
  return { step: { kind: 'exchanged', tokenUrl: auth.tokenUrl, exchange: safe, issued: null, refusal: read.reason }, exchange: safe, token: null };
}

export async function testConnection(deps: ConnectionProbeDeps): Promise<ConnectionTestResult> {
  const { settings } = deps;
  if (settings.kind === 'training') return trainingResult(deps.clock.now());
  const refusals = new BrowserRefusalCheck({ fetch: deps.fetch, pageOrigin: deps.pageOrigin, now: () => deps.clock.now() });
  const exchanges: Exchange[] = [];

  let token: string | null;
  let step: TokenStep;
  if (settings.auth.kind === 'bearer') {
    token = deps.bearerToken;
    step = { kind: 'bearer', held: token !== null };
  } else {
    const got = await signedJwtToken(deps, refusals, settings.auth, settings.timeoutMs);
    token = got.token;
    step = got.step;
    if (got.exchange !== null) exchanges.push(got.exchange);
  }

  const bundleUrl = bundleUrlOf(settings.baseUrl);
  const requestId = deps.uuid();
  const upload = await exchange(
    deps,
    refusals,
    bundleUrl,
    { method: 'POST', headers: uploadHeaders(token ?? NO_TOKEN, requestId, deps.uuid(), settings.sessionUrid), body: testMessage(deps.uuid(), deps.clock.now()) },
    'upload',
    settings.timeoutMs,
  );
  exchanges.push(upload);
  const sameOrigin = deps.pageOrigin !== null && originOrNull(bundleUrl) === deps.pageOrigin;
  return verdictOf({
    bundleUrl,
    pageOrigin: deps.pageOrigin,
    checks: [tokenCheck(step, deps.pageOrigin), uploadCheck(bundleUrl, upload, token !== null, deps.pageOrigin), headersCheck(upload, requestId, sameOrigin, settings.ratePerSecond, deps.clock.now())],
    exchanges,
    nowMs: deps.clock.now(),
  });
}

function originOrNull(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** What the engine API calls: the saved settings, the held token and this computer's key. */
export async function testSavedConnection(
  db: ScrDatabase,
  saved: () => Promise<{ readonly settings: SendingSettings }>,
  bearerToken: () => Promise<string | null>,
): Promise<ConnectionTestResult> {
  const { settings } = await saved();
  return testConnection({
    settings,
    bearerToken: await bearerToken(),
    signingKey: settings.kind === 'spine' && settings.auth.kind === 'signed-jwt' ? await loadSigningKey(db) : null,
    fetch: guardedFetch(contactedOrigins(settings)),
    pageOrigin: currentPageOrigin(),
    // The token endpoint checks the assertion's expiry by the real time, whatever the engine's clock.
    clock: systemClock,
    uuid: () => crypto.randomUUID(),
  });
}
