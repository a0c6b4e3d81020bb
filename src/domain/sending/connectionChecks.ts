// What each step of Settings' "Test connection" means, in words a practice administrator can
// act on, and the verdict on the whole. Pure: the requests are made by
// src/worker/send/connectionProbe.ts, which hands over what came back.
//
// The steps: an access token (held, or exchanged at the token endpoint with this computer's
// key); a test message to {base}/Bundle that the Spine must refuse without storing anything (a
// Bundle with no summary in it, no Composition); and what that answer says
// about the rate limit and whether this page may read the answer's headers (Retry-After).

import type { CheckState, ConnectionCheck, ConnectionTestResult } from '../../shared/connectionTest';
import { describeBody } from './responseText';
import { parseRetryAfter } from './retryAfter';
import { NATIONAL_RATE_LIMIT } from './tokenBucket';

/** What one request of the test came back with. */
export type Exchange =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly bodyText: string;
      /** Response headers as this page can read them (null: absent, or hidden from it). */
      readonly contentType: string | null;
      readonly retryAfter: string | null;
      readonly requestIdEcho: string | null;
    }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  /** The server answered, but the browser would not let this page in (CORS). */
  | { readonly kind: 'refused-by-browser'; readonly origin: string }
  | { readonly kind: 'unreachable'; readonly message: string };

/**
 * The test message has no Composition: the national service answers 400 "Composition missing
 * from payload"; a stricter FHIR validator first says that a document must start with one. Any
 * 400 naming the Composition is the expected refusal; any other 400 names a problem that real
 * messages would meet too (a missing header, say).
 */
const EXPECTED_REFUSAL = /Composition/;

export type TokenStep =
  | { readonly kind: 'bearer'; readonly held: boolean }
  | { readonly kind: 'no-key'; readonly reason: string }
  | { readonly kind: 'exchanged'; readonly tokenUrl: string; readonly exchange: Exchange; readonly issued: { readonly expiresInS: number } | null; readonly refusal: string | null };

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const seconds = (ms: number): number => Math.round(ms / 1000);

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function unreachableText(url: string, message: string): string {
  return `Nothing answered at ${url} (${message}): there is no network, the address is wrong, or this computer does not trust the server's certificate.`;
}

function refusedText(origin: string, pageOrigin: string | null): string {
  return `The server at ${origin} answered but refused this page${pageOrigin === null ? '' : ` (${pageOrigin})`} (CORS): the browser will not let the app send to it or read its answers.`;
}

const check = (id: ConnectionCheck['id'], title: string, state: CheckState, detail: string): ConnectionCheck => ({ id, title, state, detail });

export function tokenCheck(step: TokenStep, pageOrigin: string | null): ConnectionCheck {
  const title = 'Access token';
  if (step.kind === 'bearer') {
    return step.held
      ? check('token', title, 'passed', 'An access token is held for this session; the test message below shows whether the Spine accepts it.')
      : check('token', title, 'failed', 'No access token is held: paste one in the Access token field and save.');
  }
  if (step.kind === 'no-key') return check('token', title, 'failed', `${capitalised(step.reason)}.`);
  const { exchange } = step;
  switch (exchange.kind) {
    case 'refused-by-browser':
      return check('token', title, 'failed', `The token endpoint refuses this browser. ${refusedText(exchange.origin, pageOrigin)}`);
    case 'unreachable':
      return check('token', title, 'failed', unreachableText(step.tokenUrl, exchange.message));
    case 'timeout':
      return check('token', title, 'failed', `The token endpoint ${step.tokenUrl} did not answer within ${seconds(exchange.afterMs)} s.`);
    case 'answer':
      if (step.issued !== null) return check('token', title, 'passed', `The token endpoint issued an access token, valid for ${Math.round(step.issued.expiresInS)} s.`);
      return check('token', title, 'failed', `${capitalised(step.refusal ?? `the token endpoint gave an unexpected answer (HTTP ${exchange.status})`)}.`);
  }
}

/** `withToken`: the test message carried a real access token (else one that cannot be valid). */
export function uploadCheck(bundleUrl: string, exchange: Exchange, withToken: boolean, pageOrigin: string | null): ConnectionCheck {
  const title = 'Upload endpoint';
  switch (exchange.kind) {
    case 'refused-by-browser':
      return check('upload', title, 'failed', refusedText(exchange.origin, pageOrigin));
    case 'unreachable':
      return check('upload', title, 'failed', unreachableText(bundleUrl, exchange.message));
    case 'timeout':
      return check('upload', title, 'failed', `${bundleUrl} did not answer within ${seconds(exchange.afterMs)} s.`);
    case 'answer':
      break;
  }
  const { status } = exchange;
  const said = describeBody(exchange.bodyText, exchange.contentType);
  const answered = `${bundleUrl} answered the test message with ${status}`;
  if (status === 401) {
    return withToken
      ? check('upload', title, 'failed', `The Spine refused the access token (401: ${said}).`)
      : check('upload', title, 'passed', `${answered} (no valid access token to send): the Spine answers this page.`);
  }
  if (status === 400 && EXPECTED_REFUSAL.test(said)) {
    return check('upload', title, withToken ? 'passed' : 'warning', `${answered} (${said}), as it should: the access token was accepted and nothing was stored.`);
  }
  if (status === 400) return check('upload', title, 'warning', `${answered}: ${said}. Real messages may be refused for the same reason.`);
  if (status === 403) return check('upload', title, 'failed', `The Spine refused this application (403: ${said}).`);
  if (status === 404 || status === 405) return check('upload', title, 'failed', `Nothing at ${bundleUrl} takes uploads (HTTP ${status}): check the base URL (messages go to it followed by /Bundle).`);
  if (status === 429) return check('upload', title, 'warning', `${answered} (429): the Spine is limiting this application's requests just now; try again in a minute.`);
  if (status >= 500) return check('upload', title, 'warning', `${answered} (a server error: ${said}); try again later.`);
  if (status >= 200 && status < 300) return check('upload', title, 'warning', `${answered}: it took a message with no summary in it, which the national Spine refuses.`);
  return check('upload', title, 'failed', `${answered}: ${said}.`);
}

/**
 * The rate the app is set to keep, and whether this page can read the answer's headers, which
 * it needs to honour a 429's Retry-After: always on its own origin; on another, only when the
 * endpoint exposes them (the echoed X-Request-ID shows it).
 */
export function headersCheck(exchange: Exchange, sentRequestId: string, sameOrigin: boolean, ratePerSecond: number, nowMs: number): ConnectionCheck {
  const title = 'Rate limit and headers';
  const limit = NATIONAL_RATE_LIMIT.perSecond;
  const overLimit = ratePerSecond > limit;
  const rate = overLimit
    ? `The app is set to send ${ratePerSecond} a second, above the national limit of ${limit} per application: the Spine will refuse some with 429.`
    : `The app sends at most ${ratePerSecond} a second (the national limit is ${limit} per application).`;
  if (exchange.kind !== 'answer') return check('headers', title, overLimit ? 'warning' : 'not-run', `${rate} The answer's headers were not checked: no answer came.`);
  const readable = sameOrigin || exchange.requestIdEcho === sentRequestId;
  const headers = readable
    ? `${sameOrigin ? 'The Spine answers on this page\'s own origin' : 'The endpoint lets this page read its answers\' headers'}, so after a 429 the app waits as long as the Spine's Retry-After says.`
    : 'This page cannot read the headers of the Spine\'s answers (the endpoint does not expose them): after a 429 the app cannot see Retry-After and waits one second instead.';
  const waitMs = parseRetryAfter(exchange.retryAfter, nowMs);
  const asked = exchange.status === 429 && waitMs !== null ? ` The Spine asked to wait ${seconds(waitMs)} s (Retry-After).` : '';
  return check('headers', title, overLimit || !readable ? 'warning' : 'passed', `${rate} ${headers}${asked}`);
}

export interface Findings {
  /** Where uploads go ({base}/Bundle). */
  readonly bundleUrl: string;
  readonly pageOrigin: string | null;
  readonly checks: readonly ConnectionCheck[];
  /** Every request the test made, for the verdict. */
  readonly exchanges: readonly Exchange[];
  readonly nowMs: number;
}

export function verdictOf(findings: Findings): ConnectionTestResult {
  const { checks, exchanges, nowMs } = findings;
  const host = originOf(findings.bundleUrl);
  const refused = exchanges.find((e): e is Extract<Exchange, { kind: 'refused-by-browser' }> => e.kind === 'refused-by-browser');
  if (refused !== undefined) {
    return {
      verdict: 'refused-by-browser',
      headline: `The endpoint refuses this browser: the server at ${refused.origin} answered, but does not let this page${findings.pageOrigin === null ? '' : ` (${findings.pageOrigin})`} send uploads to it or read its answers (CORS). Open the app from the practice server that forwards to the Spine (one origin, see the README), or use an endpoint that allows this page.`,
      checks,
      testedAt: nowMs,
    };
  }
  if (exchanges.length > 0 && exchanges.every((e) => e.kind === 'unreachable')) {
    return {
      verdict: 'unreachable',
      headline: `No connection: nothing answered at ${host}. There is no network, the address is wrong, or this computer does not trust the server's certificate.`,
      checks,
      testedAt: nowMs,
    };
  }
  const failed = checks.find((c) => c.state === 'failed');
  if (failed !== undefined) return { verdict: 'problem', headline: `The connection does not work yet: ${failed.detail}`, checks, testedAt: nowMs };
  const warned = checks.some((c) => c.state === 'warning');
  return {
    verdict: 'ok',
    headline: `The connection works: this page reaches the Spine at ${host}, signs in and can send uploads${warned ? ' (see the warnings below)' : ''}.`,
    checks,
    testedAt: nowMs,
  };
}

/** Settings that send nowhere. */
export function trainingResult(nowMs: number): ConnectionTestResult {
  return { verdict: 'training', headline: 'Training: messages go to the training Spine inside this browser, so there is no connection to test.', checks: [], testedAt: nowMs };
}
