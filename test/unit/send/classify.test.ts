// Classification of every kind of answer, and the reasons read from the bodies the Spine and
// the gateways in front of it really send (OperationOutcome, HTML, empty, truncated JSON): a
// refusal about one record fails it, a duplicate of the message's own event id is Sent, a 400
// naming no PSIS code (or a 415) is the service refusing what the app sends.

import { describe, expect, it } from 'vitest';
import { classifyResponse, type SendVerdict } from '../../../src/domain/sending/classify';
import { describeBody, readBody } from '../../../src/domain/sending/responseText';
import { http } from './support';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const outcome = (text: string, field: 'details' | 'diagnostics' = 'details'): string =>
  JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', ...(field === 'details' ? { details: { text } } : { diagnostics: text }) }] });
const NGINX_503 = '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>';
const TRUNCATED = '{"resourceType":"OperationOutcome","issue":[{"severity":"err';

const OWN_EVENT = 'c0000000-0000-4000-8000-00000000000a';
const OWN_BUNDLE = 'b0000000-0000-4000-8000-00000000000a';

const classify = (status: number, body = '', headers: { retryAfter?: string; contentType?: string } = {}): SendVerdict => classifyResponse(http(status, body, headers), NOW);

describe('classifyResponse', () => {
  it('only 201 is sent', () => {
    expect(classify(201)).toEqual({ kind: 'sent', status: 201 });
    for (const status of [200, 202, 204]) {
      expect(classify(status, outcome('ok')), String(status)).toMatchObject({ kind: 'transient', cause: 'unexpected', status });
    }
  });

  it('400 with a PSIS code fails the message with the OperationOutcome text: the Spine refused this record', () => {
    const verdict = classify(400, outcome('[PSIS-30418] - ACF does not permit access to resource'));
    expect(verdict).toEqual({
      kind: 'failed',
      code: 'rejected',
      status: 400,
      reason: 'Rejected by the Spine (400): [PSIS-30418] - ACF does not permit access to resource',
      serviceText: '[PSIS-30418] - ACF does not permit access to resource',
    });
  });

  it('400 PSIS-30134 naming this message’s own event id is already on the Spine: Sent, whatever the case of the id', () => {
    const text = `[PSIS-30134] - Duplicate event with eventId ${OWN_EVENT.toUpperCase()} and nhsNumber 9990000018.`;
    expect(classifyResponse(http(400, outcome(text)), NOW, [OWN_EVENT, OWN_BUNDLE])).toEqual({ kind: 'already-stored', status: 400, reason: `Already on the Spine (400): ${text}` });
    // The Spine's own wording: "Spine processing finished with errors" and the code with its display.
    const wrapped = `Spine processing finished with errors:\n- PSIS-30134: Duplicate event with eventId ${OWN_EVENT.toUpperCase()} and nhsNumber 9990000018.`;
    expect(classifyResponse(http(400, outcome(wrapped)), NOW, [OWN_EVENT, OWN_BUNDLE]).kind).toBe('already-stored');
    // Its Bundle identifier is this message's alone too.
    expect(classifyResponse(http(400, outcome(`[PSIS-30134] - Duplicate event with eventId ${OWN_BUNDLE} and nhsNumber 9990000018.`)), NOW, [OWN_EVENT, OWN_BUNDLE]).kind).toBe('already-stored');
  });

  it('400 PSIS-30134 naming another event id fails the message with the reason', () => {
    const text = '[PSIS-30134] - Duplicate event with eventId 0B5D1C2E-0000-4000-8000-000000000001 and nhsNumber 9990000018.';
    expect(classifyResponse(http(400, outcome(text)), NOW, [OWN_EVENT, OWN_BUNDLE])).toEqual({
      kind: 'failed',
      code: 'rejected',
      status: 400,
      reason: `Rejected by the Spine (400): ${text}`,
      serviceText: text,
    });
    // Without the message's ids nothing is taken to be its own.
    expect(classify(400, outcome(`[PSIS-30134] - Duplicate event with eventId ${OWN_EVENT} and nhsNumber 9990000018.`)).kind).toBe('failed');
  });

  it('400 naming no PSIS code is a defect in what the app sends: refused by the service, with its words', () => {
    const missing = "Required request header 'NHSD-Session-URID' for method parameter type String is not present";
    expect(classify(400, outcome(missing))).toEqual({
      kind: 'refused-by-service',
      status: 400,
      reason: `Rejected by the Spine (400): ${missing}`,
      refusal: { rule: 'contract', status: 400, text: missing },
    });
    expect(classify(400, outcome('Invalid resource reference. urn:uuid:1 expected to be referencing PractitionerRole'))).toMatchObject({ kind: 'refused-by-service', refusal: { rule: 'contract' } });
    // A gateway's page or an empty body names no PSIS code either.
    expect(classify(400, '<html><title>400 Bad Request</title></html>', { contentType: 'text/html' })).toMatchObject({ kind: 'refused-by-service', refusal: { text: 'the response was an HTML page, not an OperationOutcome ("400 Bad Request")' } });
    expect(classify(400)).toMatchObject({ kind: 'refused-by-service', refusal: { text: 'the response had no body' } });
  });

  it('400 with several issues keeps them all; diagnostics are read when there is no details text', () => {
    const body = JSON.stringify({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'invalid', details: { text: 'Bundle.type must be document' } },
        { severity: 'error', code: 'invalid', diagnostics: 'Composition missing title' },
        { severity: 'error', code: 'invalid', details: { coding: [{ code: 'X', display: 'Coded only' }] } },
      ],
    });
    expect(classify(400, body)).toMatchObject({ reason: 'Rejected by the Spine (400): Bundle.type must be document; Composition missing title; Coded only' });
  });

  it('413 fails as too large', () => {
    expect(classify(413, outcome('Request Entity Too Large'))).toMatchObject({ kind: 'failed', code: 'too-large', reason: 'Message too large for the Spine (413): Request Entity Too Large' });
  });

  it('403 fails: no consent on Spine', () => {
    const verdict = classify(403, outcome("There's no patient's consent to store SCR"));
    expect(verdict).toMatchObject({ kind: 'failed', code: 'no-consent', status: 403 });
    expect(verdict.kind === 'failed' && verdict.reason.startsWith('No consent on Spine (403)')).toBe(true);
  });

  it('401 is auth-expired (no attempt used up)', () => {
    expect(classify(401, outcome('Access token expired'))).toEqual({ kind: 'auth-expired', status: 401, reason: 'Login expired (401): Access token expired' });
    expect(classifyResponse({ kind: 'auth-unavailable', message: 'no valid access token' }, NOW)).toEqual({ kind: 'auth-expired', status: null, reason: 'Not signed in: no valid access token' });
  });

  it('429 is transient, rate-limited, with its Retry-After', () => {
    expect(classify(429, outcome('rate limit'), { retryAfter: '2' })).toMatchObject({ kind: 'transient', cause: 'rate-limited', status: 429, retryAfterMs: 2000 });
    expect(classify(429, '', { retryAfter: 'Thu, 01 Jan 2026 12:01:00 GMT' })).toMatchObject({ retryAfterMs: 60_000 });
    expect(classify(429)).toMatchObject({ retryAfterMs: null });
  });

  it('500, 502, 503, 504 are transient; 503 as HTML says so plainly', () => {
    for (const status of [500, 502, 504]) expect(classify(status, outcome('x'))).toMatchObject({ kind: 'transient', cause: 'server-error', status });
    expect(classify(503, NGINX_503, { contentType: 'text/html' })).toEqual({
      kind: 'transient',
      cause: 'server-error',
      status: 503,
      reason: 'Service unavailable (503): the response was an HTML page, not an OperationOutcome ("503 Service Temporarily Unavailable")',
      retryAfterMs: null,
    });
    expect(classify(503, outcome('Code: 503, Display: Service Not Available'), { retryAfter: '30' })).toMatchObject({ retryAfterMs: 30_000 });
  });

  it('a truncated body is never read as a verdict', () => {
    expect(classify(502, TRUNCATED)).toMatchObject({ kind: 'transient', reason: `Bad gateway (502): the response body was not JSON ("${TRUNCATED}")` });
  });

  it('timeouts and network errors are transient', () => {
    expect(classifyResponse({ kind: 'timeout', afterMs: 30_000 }, NOW)).toEqual({ kind: 'transient', cause: 'timeout', status: null, reason: 'No answer within 30 s', retryAfterMs: null });
    expect(classifyResponse({ kind: 'network-error', message: 'fetch failed' }, NOW)).toEqual({
      kind: 'transient',
      cause: 'network',
      status: null,
      reason: 'Network error: fetch failed',
      retryAfterMs: null,
    });
  });

  it('408, 425 and every other 5xx are transient', () => {
    for (const status of [408, 425, 507, 520, 599]) expect(classify(status), String(status)).toMatchObject({ kind: 'transient', status });
  });

  it('an endpoint or configuration problem halts instead of failing every message', () => {
    for (const status of [301, 302, 304, 404, 405, 406, 407, 501, 505]) expect(classify(status), String(status)).toMatchObject({ kind: 'halt', status });
  });

  it('415 is refused by the service (what the app sends), with its words', () => {
    expect(classify(415, outcome("Content type 'text/plain' not supported"))).toEqual({
      kind: 'refused-by-service',
      status: 415,
      reason: "Content type not supported by the endpoint (415): Content type 'text/plain' not supported",
      refusal: { rule: 'content-type', status: 415, text: "Content type 'text/plain' not supported" },
    });
  });

  it('other 4xx fail as refused, with the status', () => {
    for (const status of [402, 409, 410, 422]) expect(classify(status, outcome('no')), String(status)).toMatchObject({ kind: 'failed', code: 'refused', status, reason: `Unexpected response (${status}): no` });
  });

  it('odd codes are transient, never sent', () => {
    for (const status of [0, 100, 199, 299, 600, 999]) expect(classify(status).kind, String(status)).toBe('transient');
  });
});

describe('reading bodies', () => {
  it('empty, HTML, non-JSON and other JSON each get a clear description', () => {
    expect(describeBody('', null)).toBe('the response had no body');
    expect(describeBody('  \n', 'application/fhir+json')).toBe('the response had no body');
    expect(describeBody('<p>Bad   gateway</p>', null)).toBe('the response was an HTML page, not an OperationOutcome ("Bad gateway")');
    expect(describeBody('Upstream error', 'text/plain')).toBe('the response body was not JSON ("Upstream error")');
    expect(describeBody('{"error":"x"}', 'application/json')).toBe('the response was JSON but not an OperationOutcome ("{"error":"x"}")');
    expect(readBody('{"resourceType":"OperationOutcome","issue":[]}', null).kind).toBe('other-json');
  });

  it('HTML is recognised by its content type even without a leading tag', () => {
    expect(readBody('Service down', 'text/html; charset=utf-8')).toEqual({ kind: 'html', text: 'Service down' });
  });

  it('long texts are clipped so a row never stores a whole page', () => {
    const long = 'x'.repeat(5000);
    expect(describeBody(outcome(long), null).length).toBeLessThanOrEqual(500);
    expect(describeBody(`<html>${long}</html>`, null).length).toBeLessThan(200);
  });
});
