// POST /Bundle on the loopback Spine: the official examples at both levels, required headers,
// consent, X-Request-ID replay, PSIS-30134 duplicate events, CORS, and the /_test endpoints.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleUploadBundle } from '../../spine/sampleBundle';
import type { SpineServer } from '../../spine/server';
import type { SpineStats } from '../../spine/stats';
import type { StoredUpload } from '../../spine/uploadStore';
import { getJson, issueCode, issueText, postBundle, postJson, referenceJson, referenceText, startSpine } from './spineHelpers';

const SUCCESS = 'upload-examples/success-1-basic.request.json';
const OFFICIAL = 'specification/components/examples/UploadScrBundle.json';

let spine: SpineServer;

beforeAll(async () => {
  // No rate limit here: these tests are about answers, server-faults.test.ts about the limit.
  spine = await startSpine({ rateLimitPerSecond: 0, origins: ['https://scr-upload.example.nhs.uk'] });
});
afterAll(() => spine.close());
beforeEach(() => spine.reset());

describe('contract level', () => {
  beforeEach(() => void spine.configure({ level: 'contract' }));

  it('accepts both official upload examples with 201 and stores them', async () => {
    for (const path of [SUCCESS, OFFICIAL]) {
      const r = await postBundle(spine, referenceText(path));
      expect(r.status, path).toBe(201);
      expect(r.json).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information' }] });
    }
    expect(spine.stats().storedNhsNumbers).toEqual({ '9995000180': 1, '9000000009': 1 });
  });

  it('rejects the missing-Composition example exactly as recorded', async () => {
    const r = await postBundle(spine, referenceText('upload-examples/bad-request-1-missingComposition.request.json'));
    expect(r.status).toBe(400);
    expect(r.json).toEqual(referenceJson('upload-examples/bad-request-1-missingComposition.response.json'));
    expect(spine.stats().bundlesStored).toBe(0);
  });

  it('refuses a no-consent patient with 403 exactly as recorded', async () => {
    spine.configure({ noConsentNhsNumbers: ['9995000180'] });
    const r = await postBundle(spine, referenceText('upload-examples/no-consent-1-dissent.request.json'));
    expect(r.status).toBe(403);
    expect(r.json).toEqual(referenceJson('upload-examples/no-consent-1-dissent.response.json'));
    expect(spine.stats().bundlesStored).toBe(0);
  });
});

describe('strict level (the default)', () => {
  it('rejects the upstream examples for their R4 defects, with locations', async () => {
    expect(spine.config().level).toBe('strict');
    const r = await postBundle(spine, referenceText(SUCCESS));
    expect(r.status).toBe(400);
    const issues = (r.json as { issue: { code: string; details: { text: string }; expression?: string[] }[] }).issue;
    expect(issues).toContainEqual({
      severity: 'error',
      code: 'structure',
      details: { text: 'Missing required property' },
      expression: ['Bundle.entry[0].resource.title'],
    });
    expect(issues.some((i) => i.code === 'code-invalid' && i.expression?.[0] === 'Bundle.entry[3].resource.clinicalStatus')).toBe(true);
  });

  it('accepts a strictly valid bundle and rejects a bad narrative', async () => {
    expect((await postBundle(spine, sampleUploadBundle())).status).toBe(201);
    const bad = await postBundle(spine, sampleUploadBundle({ allergiesDiv: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Fish & chips</p></div>' }));
    expect(bad.status).toBe(400);
    expect(issueText(bad)).toMatch(/Not well-formed XML/);
  });

  it('refuses the default no-consent patient 9111231130 with 403', async () => {
    const r = await postBundle(spine, sampleUploadBundle({ nhsNumber: '9111231130' }));
    expect(r.status).toBe(403);
    expect(r.json).toEqual(referenceJson('upload-examples/no-consent-1-dissent.response.json'));
  });

  it('answers 400 for a body that is not JSON', async () => {
    const r = await postBundle(spine, '{"resourceType": "Bundle",');
    expect(r.status).toBe(400);
    expect(issueCode(r)).toBe('invalid');
  });
});

describe('required headers', () => {
  it('401 without a bearer token or with an unknown one', async () => {
    const none = await postBundle(spine, sampleUploadBundle(), { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(issueCode(none)).toBe('forbidden');
    const unknown = await postBundle(spine, sampleUploadBundle(), { token: 'not-issued-here' });
    expect(unknown.status).toBe(401);
    expect(issueText(unknown)).toBe('Invalid access token');
  });

  it('415 for a Content-Type other than application/fhir+json', async () => {
    const r = await postBundle(spine, sampleUploadBundle(), { headers: { 'Content-Type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.json).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-supported', details: { text: "Content type 'text/plain' not supported" } }],
    });
    const withCharset = await postBundle(spine, sampleUploadBundle(), { headers: { 'Content-Type': 'application/fhir+json; charset=utf-8' } });
    expect(withCharset.status).toBe(201);
  });

  it('400 for a missing or malformed X-Request-ID, unless made optional', async () => {
    expect((await postBundle(spine, sampleUploadBundle(), { requestId: null })).status).toBe(400);
    expect((await postBundle(spine, sampleUploadBundle(), { requestId: 'retry-1' })).status).toBe(400);
    expect((await postBundle(spine, sampleUploadBundle(), { headers: { 'NHSD-Session-URID': 'abc' } })).status).toBe(400);
    spine.configure({ requireRequestId: false });
    expect((await postBundle(spine, sampleUploadBundle(), { requestId: null })).status).toBe(201);
  });

  it('mirrors X-Request-ID and X-Correlation-ID', async () => {
    const requestId = randomUUID();
    const r = await postBundle(spine, sampleUploadBundle(), { requestId, headers: { 'X-Correlation-ID': 'corr-1' } });
    expect(r.headers.get('x-request-id')).toBe(requestId);
    expect(r.headers.get('x-correlation-id')).toBe('corr-1');
  });

  it('413 for a body over the size limit', async () => {
    spine.configure({ maxBodyBytes: 1000 });
    const r = await postBundle(spine, sampleUploadBundle());
    expect(r.status).toBe(413);
    expect(spine.stats().bundlesStored).toBe(0);
  });
});

describe('de-duplication', () => {
  it('answers a retry with the same X-Request-ID with the first answer and stores once', async () => {
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    const first = await postBundle(spine, bundle, { requestId });
    const retry = await postBundle(spine, bundle, { requestId });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    const stats = spine.stats();
    expect(stats.bundlesStored).toBe(1);
    expect(stats.duplicatesRefused).toEqual({ replayedRequestIds: 1, psisDuplicates: 0 });
  });

  it('replays a first rejection even when the retry body would be accepted', async () => {
    const requestId = randomUUID();
    const first = await postBundle(spine, sampleUploadBundle({ nhsNumber: '9000000008' }), { requestId });
    const retry = await postBundle(spine, sampleUploadBundle(), { requestId });
    expect(first.status).toBe(400);
    expect([retry.status, retry.text]).toEqual([400, first.text]);
    expect(spine.stats().bundlesStored).toBe(0);
  });

  it('answers concurrent attempts with the same X-Request-ID once', async () => {
    spine.configure({ latencyMs: { min: 50, max: 50 } });
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    const replies = await Promise.all([1, 2, 3].map(() => postBundle(spine, bundle, { requestId })));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(spine.stats().bundlesStored).toBe(1);
  });

  it('refuses the same document under a new request id with PSIS-30134', async () => {
    const bundleIdentifier = randomUUID();
    const compositionIdentifier = randomUUID();
    const bundle = sampleUploadBundle({ bundleIdentifier, compositionIdentifier });
    expect((await postBundle(spine, bundle)).status).toBe(201);

    const again = await postBundle(spine, bundle);
    expect(again.status).toBe(400);
    expect(again.json).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'invalid',
          details: { text: `[PSIS-30134] - Duplicate event with eventId ${bundleIdentifier} and nhsNumber 9000000009.` },
        },
      ],
    });
    // The same Composition identifier in a new Bundle is the same document too.
    const sameComposition = await postBundle(spine, sampleUploadBundle({ compositionIdentifier }));
    expect(issueText(sameComposition)).toMatch(/^\[PSIS-30134\]/);
    // Another patient with the same identifiers is a different event.
    expect((await postBundle(spine, sampleUploadBundle({ bundleIdentifier, compositionIdentifier, nhsNumber: '9434765919' }))).status).toBe(201);

    const stats = spine.stats();
    expect(stats.duplicatesRefused.psisDuplicates).toBe(2);
    expect(stats.storedNhsNumbers).toEqual({ '9000000009': 1, '9434765919': 1 });
    expect(stats.byStatus).toEqual({ '201': 2, '400': 2 });
  });
});

describe('/_test endpoints', () => {
  it('reports statistics and stored bundles by NHS number', async () => {
    const bundle = sampleUploadBundle({ nhsNumber: '9434765919' });
    const requestId = randomUUID();
    await postBundle(spine, bundle, { requestId });
    await postBundle(spine, sampleUploadBundle());
    await postBundle(spine, sampleUploadBundle({ nhsNumber: '9111231130' }));

    const stats = (await getJson(`${spine.url}/_test/stats`)).json as SpineStats;
    expect(stats).toMatchObject({
      requestsReceived: 3,
      bundlesStored: 2,
      byStatus: { '201': 2, '403': 1 },
      storedNhsNumbers: { '9434765919': 1, '9000000009': 1 },
    });
    expect(stats.maxRequestsInOneSecond).toBeGreaterThanOrEqual(1);

    const stored = (await getJson(`${spine.url}/_test/bundles?nhsNumber=9434765919`)).json as { bundles: StoredUpload[] };
    expect(stored.bundles).toHaveLength(1);
    expect(stored.bundles[0]).toMatchObject({ requestId, nhsNumber: '9434765919', bundleIdentifier: bundle.identifier?.value, bundle });
    const all = (await getJson(`${spine.url}/_test/bundles`)).json as { bundles: StoredUpload[] };
    expect(all.bundles.map((b) => b.nhsNumber)).toEqual(['9434765919', '9000000009']);
  });

  it('changes the configuration at run time, refusing bad values, and reset restores it', async () => {
    const changed = await postJson(`${spine.url}/_test/config`, { level: 'contract', faults: { '503': 0.25 }, latencyMs: { max: 10 } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ level: 'contract', faults: { '500': 0, '503': 0.25 }, latencyMs: { min: 0, max: 10 } });

    for (const bad of [{ level: 'lax' }, { rateLimit: 3 }, { faults: { '500': 0.9, '504': 0.2 } }, { noConsentNhsNumbers: ['123'] }, { latencyMs: { min: 20 } }]) {
      const r = await postJson(`${spine.url}/_test/config`, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json).toEqual({ error: expect.any(String) });
    }
    expect(spine.config().level).toBe('contract');

    await postBundle(spine, sampleUploadBundle());
    expect((await postJson(`${spine.url}/_test/reset`, {})).status).toBe(200);
    expect(spine.config().level).toBe('strict');
    expect(spine.stats()).toMatchObject({ requestsReceived: 0, bundlesStored: 0, byStatus: {} });
  });

  it('answers unknown routes with 404 and other methods on /Bundle with 405', async () => {
    expect((await getJson(`${spine.url}/Patient`)).status).toBe(404);
    const get = await getJson(spine.bundleUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('CORS', () => {
  async function preflight(origin: string, extra: Record<string, string> = {}): Promise<Response> {
    return fetch(spine.bundleUrl, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-request-id,x-correlation-id,nhsd-session-urid',
        ...extra,
      },
    });
  }

  it('answers preflights from loopback origins with the headers the app sends', async () => {
    for (const origin of ['http://127.0.0.1:4173', 'http://localhost:5173', 'https://scr-upload.example.nhs.uk']) {
      const r = await preflight(origin);
      expect(r.status, origin).toBe(204);
      expect(r.headers.get('access-control-allow-origin')).toBe(origin);
      expect(r.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = (r.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-request-id', 'x-correlation-id', 'nhsd-session-urid']));
    }
    const pna = await preflight('http://localhost:5173', { 'Access-Control-Request-Private-Network': 'true' });
    expect(pna.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('refuses other origins', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.2:4173', 'https://localhost:5173']) {
      const r = await preflight(origin);
      expect(r.status, origin).toBe(403);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('lets the app read Retry-After and the request ids', async () => {
    const r = await postBundle(spine, sampleUploadBundle(), { headers: { Origin: 'http://localhost:5173' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect((r.headers.get('access-control-expose-headers') ?? '').split(', ')).toEqual(['Retry-After', 'X-Request-ID', 'X-Correlation-ID']);
  });
});
