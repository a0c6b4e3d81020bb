// POST /Bundle on the loopback Spine: at its default (national) level the service's accepted
// upload example is stored and its refusals are worded as the service words them; the strict
// level on top; consent; duplicates as Spine has them (PSIS-30134 by event id, no replay record
// unless asked for); CORS as the live gateway answers and, when asked, open; the /_test endpoints.
// Over 300 lines: one endpoint's rules share one server fixture; split, each file would repeat it.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fullUrl, sampleUploadBundle } from '../../spine/sampleBundle';
import type { SpineServer } from '../../spine/server';
import type { SpineStats } from '../../spine/stats';
import type { StoredUpload } from '../../spine/uploadStore';
import { getJson, issueCode, issueText, postBundle, postJson, referenceJson, referenceText, startSpine } from './spineHelpers';

const SUCCESS = 'upload-examples/success-1-basic.request.json';
const OFFICIAL = 'specification/components/examples/UploadScrBundle.json';
const UUID_RULE = '"^[0-9a-fA-F]{8}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{12}+$"';

let spine: SpineServer;

beforeAll(async () => {
  // No gateway limits here: these tests are about answers; server-limits.test.ts is about the limits.
  spine = await startSpine({ rateLimitPerSecond: 0, quotaPerMinute: 0, origins: ['https://scr-upload.example.nhs.uk'] });
});
afterAll(() => spine.close());
beforeEach(() => spine.reset());

/** The one-issue OperationOutcome the service answers a refusal with. */
const serviceRefusal = (text: string, code = 'value'): unknown => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] });

describe('national level (the default)', () => {
  it('accepts the service\'s accepted upload example and the official example with 201 and stores them', async () => {
    expect(spine.config().level).toBe('national');
    for (const path of [SUCCESS, OFFICIAL]) {
      const r = await postBundle(spine, referenceText(path));
      expect(r.status, path).toBe(201);
      expect(r.json).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information' }] });
    }
    expect(spine.stats().storedNhsNumbers).toEqual({ '9995000180': 1, '9000000009': 1 });
  });

  it('accepts a sample Bundle in either author shape', async () => {
    expect((await postBundle(spine, sampleUploadBundle({ author: 'job-role' }))).status).toBe(201);
    expect((await postBundle(spine, sampleUploadBundle({ author: 'sds-user', nhsNumber: '9434765919' }))).status).toBe(201);
  });

  it('rejects the missing-Composition example exactly as recorded', async () => {
    const r = await postBundle(spine, referenceText('upload-examples/bad-request-1-missingComposition.request.json'));
    expect(r.status).toBe(400);
    expect(r.json).toEqual(referenceJson('upload-examples/bad-request-1-missingComposition.response.json'));
    expect(spine.stats().bundlesStored).toBe(0);
  });

  it('refuses an Organization author with the service\'s wording', async () => {
    const bundle = sampleUploadBundle();
    const organizationId = bundle.entry[4].resource.id;
    bundle.entry[0].resource.author = [{ reference: `Organization/${organizationId}` }];
    const r = await postBundle(spine, bundle);
    expect(r.status).toBe(400);
    expect(r.json).toEqual(serviceRefusal(`Invalid resource reference. Organization/${organizationId} expected to be referencing PractitionerRole`));
  });

  it('refuses a urn:uuid reference with the service\'s wording, and finds nothing through a urn:uuid fullUrl', async () => {
    const bundle = sampleUploadBundle();
    const roleId = bundle.entry[2].resource.id;
    bundle.entry[0].resource.author = [{ reference: `urn:uuid:${roleId}` }];
    const direct = await postBundle(spine, bundle);
    expect([direct.status, issueText(direct)]).toEqual([400, `Invalid resource reference. urn:uuid:${roleId} expected to be referencing PractitionerRole`]);

    const viaFullUrl = sampleUploadBundle();
    viaFullUrl.entry[2].fullUrl = `urn:uuid:${viaFullUrl.entry[2].resource.id}`;
    const r = await postBundle(spine, viaFullUrl);
    expect([r.status, issueText(r)]).toEqual([400, `Bundle is missing PractitionerRole PractitionerRole/${viaFullUrl.entry[2].resource.id} that is linked to Encounter`]);
    expect(spine.stats().bundlesStored).toBe(0);
  });

  it('refuses an upload without NHSD-Session-URID with Spring\'s missing-header wording', async () => {
    const r = await postBundle(spine, sampleUploadBundle(), { headers: { 'NHSD-Session-URID': '' }, omitHeaders: ['NHSD-Session-URID'] });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(serviceRefusal("Required request header 'NHSD-Session-URID' for method parameter type String is not present"));
  });

  it('refuses an unknown element as the strict parser does', async () => {
    const bundle = sampleUploadBundle();
    bundle.entry[1].resource['nhsNumber'] = '9000000009';
    const r = await postBundle(spine, bundle);
    expect([r.status, issueText(r), issueCode(r)]).toEqual([400, "Unknown element 'nhsNumber' found during parse", 'value']);
  });

  it('refuses a resource type unknown to FHIR R4 (the full catalogue knows every R4 type)', async () => {
    const bundle = sampleUploadBundle();
    bundle.entry.push({ fullUrl: fullUrl('Condition', 'C1'), resource: { resourceType: 'Condition', id: 'C1', subject: { reference: `Patient/${bundle.entry[1].resource.id}` } } });
    expect((await postBundle(spine, bundle)).status).toBe(201);
    const unknown = sampleUploadBundle();
    unknown.entry.push({ fullUrl: fullUrl('Diagnosis', 'D1'), resource: { resourceType: 'Diagnosis', id: 'D1' } });
    expect(issueText(await postBundle(spine, unknown))).toBe('Unknown resource name "Diagnosis" (this name is not known in FHIR version "R4")');
  });

  it('refuses a body that is not JSON, as HAPI words it', async () => {
    const r = await postBundle(spine, '{"resourceType": "Bundle",');
    expect(r.status).toBe(400);
    expect(issueCode(r)).toBe('value');
    expect(issueText(r)).toMatch(/^Failed to parse JSON encoded FHIR content: /);
  });

  it('refuses a no-consent patient with 403 exactly as recorded (after the rules pass)', async () => {
    spine.configure({ noConsentNhsNumbers: ['9995000180'] });
    const r = await postBundle(spine, referenceText('upload-examples/no-consent-1-dissent.request.json'));
    expect(r.status).toBe(403);
    expect(r.json).toEqual(referenceJson('upload-examples/no-consent-1-dissent.response.json'));
    expect(spine.stats().bundlesStored).toBe(0);
  });

  it('refuses the default no-consent patient 9111231130 with 403', async () => {
    const r = await postBundle(spine, sampleUploadBundle({ nhsNumber: '9111231130' }));
    expect(r.status).toBe(403);
    expect(r.json).toEqual(referenceJson('upload-examples/no-consent-1-dissent.response.json'));
  });
});

describe('strict level', () => {
  // The first switch to strict loads the R4 definitions (seconds when the machine is busy).
  beforeEach(() => void spine.configure({ level: 'strict' }), 60_000);

  it('rejects the upstream examples for their R4 defects, with locations', async () => {
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

  it('answers a refusal by the service\'s rules as the service does, before its own checks', async () => {
    const r = await postBundle(spine, referenceText('upload-examples/bad-request-1-missingComposition.request.json'));
    expect(r.json).toEqual(referenceJson('upload-examples/bad-request-1-missingComposition.response.json'));
  });

  it('accepts a strictly valid bundle in both author shapes and rejects a bad narrative or NHS number', async () => {
    expect((await postBundle(spine, sampleUploadBundle())).status).toBe(201);
    expect((await postBundle(spine, sampleUploadBundle({ author: 'sds-user', nhsNumber: '9434765919' }))).status).toBe(201);
    const bad = await postBundle(spine, sampleUploadBundle({ allergiesDiv: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Fish &amp; chips<br></p></div>' }));
    expect(bad.status).toBe(400);
    expect(issueText(bad)).toMatch(/Not well-formed XML/);
    const badNumber = await postBundle(spine, sampleUploadBundle({ nhsNumber: '9000000008' }));
    expect([badNumber.status, issueText(badNumber)]).toEqual([400, 'Invalid NHS number: 9000000008']);
  });
});

describe('request headers', () => {
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
    expect(r.json).toEqual(serviceRefusal("Content type 'text/plain' not supported", 'not-supported'));
    const withCharset = await postBundle(spine, sampleUploadBundle(), { headers: { 'Content-Type': 'application/fhir+json; charset=utf-8' } });
    expect(withCharset.status).toBe(201);
  });

  it('X-Request-ID is optional but must be a UUID when present; requireRequestId makes it required', async () => {
    expect((await postBundle(spine, sampleUploadBundle(), { requestId: null })).status).toBe(201);
    const bad = await postBundle(spine, sampleUploadBundle(), { requestId: 'retry-1' });
    expect(bad.json).toEqual(serviceRefusal(`Invalid X-Request-ID. Should be a UUIDv4 matching ${UUID_RULE}`));
    const badCorrelation = await postBundle(spine, sampleUploadBundle(), { headers: { 'X-Correlation-ID': 'corr-1' } });
    expect(issueText(badCorrelation)).toBe(`Invalid X-Correlation-ID. Should be a UUIDv4 matching ${UUID_RULE}`);
    spine.configure({ requireRequestId: true });
    expect((await postBundle(spine, sampleUploadBundle(), { requestId: null })).status).toBe(400);
  });

  it('mirrors X-Request-ID and X-Correlation-ID', async () => {
    const requestId = randomUUID();
    const correlationId = randomUUID();
    const r = await postBundle(spine, sampleUploadBundle(), { requestId, headers: { 'X-Correlation-ID': correlationId } });
    expect(r.headers.get('x-request-id')).toBe(requestId);
    expect(r.headers.get('x-correlation-id')).toBe(correlationId);
  });

  it('413 for a body over the size limit', async () => {
    spine.configure({ maxBodyBytes: 1000 });
    const r = await postBundle(spine, sampleUploadBundle());
    expect(r.status).toBe(413);
    expect(spine.stats().bundlesStored).toBe(0);
  });
});

describe('duplicates as Spine has them', () => {
  const psis = (eventId: string, nhsNumber: string): unknown =>
    serviceRefusal(`[PSIS-30134] - Duplicate event with eventId ${eventId} and nhsNumber ${nhsNumber}.`, 'invalid');

  it('the same event under a new X-Request-ID is PSIS-30134, naming the event id in upper case', async () => {
    const eventId = randomUUID();
    const bundle = sampleUploadBundle({ compositionIdentifier: eventId });
    expect((await postBundle(spine, bundle)).status).toBe(201);
    const again = await postBundle(spine, bundle);
    expect(again.status).toBe(400);
    expect(again.json).toEqual(psis(eventId.toUpperCase(), '9000000009'));
    // A new Bundle (new message id) for the same event is the same event.
    expect(issueText(await postBundle(spine, sampleUploadBundle({ compositionIdentifier: eventId })))).toMatch(/^\[PSIS-30134\]/);
    // Another patient with the same event id is another event.
    expect((await postBundle(spine, sampleUploadBundle({ compositionIdentifier: eventId, nhsNumber: '9434765919' }))).status).toBe(201);
    const stats = spine.stats();
    expect(stats.duplicatesRefused).toEqual({ replayedRequestIds: 0, psisDuplicates: 2 });
    expect(stats.storedNhsNumbers).toEqual({ '9000000009': 1, '9434765919': 1 });
  });

  it('the same request re-sent under the same X-Request-ID is PSIS-30134 too: no replay record', async () => {
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    const first = await postBundle(spine, bundle, { requestId });
    const retry = await postBundle(spine, bundle, { requestId });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(400);
    expect(retry.json).toEqual(psis(bundle.entry[0].resource.identifier?.value ?? '', '9000000009'));
    expect(spine.stats()).toMatchObject({ bundlesStored: 1, duplicatesRefused: { replayedRequestIds: 0, psisDuplicates: 1 } });
  });

  it('with replayRequestIds, a retry with the same X-Request-ID gets the first answer, and concurrent ones wait for it', async () => {
    spine.configure({ replayRequestIds: true, latencyMs: { min: 50, max: 50 } });
    const requestId = randomUUID();
    const bundle = sampleUploadBundle();
    const replies = await Promise.all([1, 2, 3].map(() => postBundle(spine, bundle, { requestId })));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(spine.stats()).toMatchObject({ bundlesStored: 1, duplicatesRefused: { replayedRequestIds: 2, psisDuplicates: 0 } });
    // A first refusal is replayed too, even when the retry's body would be accepted.
    const refusedId = randomUUID();
    const organizationAuthor = sampleUploadBundle();
    organizationAuthor.entry[0].resource.author = [{ reference: `Organization/${organizationAuthor.entry[4].resource.id}` }];
    const refused = await postBundle(spine, organizationAuthor, { requestId: refusedId });
    const retry = await postBundle(spine, sampleUploadBundle(), { requestId: refusedId });
    expect([retry.status, retry.text]).toEqual([400, refused.text]);
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
    expect(stored.bundles[0]).toMatchObject({
      requestId,
      nhsNumber: '9434765919',
      bundleIdentifier: bundle.identifier?.value,
      compositionIdentifier: bundle.entry[0].resource.identifier?.value,
      eventId: bundle.entry[0].resource.identifier?.value?.toUpperCase(),
      bundle,
    });
    const all = (await getJson(`${spine.url}/_test/bundles`)).json as { bundles: StoredUpload[] };
    expect(all.bundles.map((b) => b.nhsNumber)).toEqual(['9434765919', '9000000009']);
  });

  it('changes the configuration at run time, refusing bad values, and reset restores it', async () => {
    const changed = await postJson(`${spine.url}/_test/config`, { level: 'strict', cors: 'open', replayRequestIds: true, quotaPerMinute: 10, faults: { '503': 0.25 }, latencyMs: { max: 10 } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ level: 'strict', cors: 'open', replayRequestIds: true, quotaPerMinute: 10, faults: { '500': 0, '503': 0.25 }, latencyMs: { min: 0, max: 10 } });

    for (const bad of [{ level: 'contract' }, { cors: 'closed' }, { replayRequestIds: 'yes' }, { quotaPerMinute: -1 }, { rateLimit: 3 }, { faults: { '500': 0.9, '504': 0.2 } }, { noConsentNhsNumbers: ['123'] }, { latencyMs: { min: 20 } }]) {
      const r = await postJson(`${spine.url}/_test/config`, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json).toEqual({ error: expect.any(String) });
    }
    expect(spine.config().level).toBe('strict');

    await postBundle(spine, sampleUploadBundle());
    expect((await postJson(`${spine.url}/_test/reset`, {})).status).toBe(200);
    expect(spine.config()).toMatchObject({ level: 'national', cors: 'live', replayRequestIds: false, quotaPerMinute: 0 });
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

  describe('live (the default), as the live gateway answers', () => {
    it('a preflight echoes any Origin but allows none of Authorization, X-Request-ID, X-Correlation-ID', async () => {
      for (const origin of ['http://127.0.0.1:4173', 'https://evil.example']) {
        const r = await preflight(origin);
        expect(r.status, origin).toBe(200);
        expect(r.headers.get('access-control-allow-origin')).toBe(origin);
        expect(r.headers.get('access-control-allow-headers')).toBe('origin, x-requested-with, accept, content-type, nhsd-session-urid');
        expect(r.headers.get('access-control-allow-methods')).toBe('GET, PUT, POST, DELETE');
        expect(r.headers.get('access-control-max-age')).toBe('3628800');
      }
    });

    it('real answers carry no CORS headers', async () => {
      const r = await postBundle(spine, sampleUploadBundle(), { headers: { Origin: 'http://localhost:5173' } });
      expect(r.status).toBe(201);
      expect([...r.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    });
  });

  describe('open (cors: open), for tests across origins', () => {
    beforeEach(() => void spine.configure({ cors: 'open' }));

    it('answers preflights from loopback and configured origins with the headers the app sends', async () => {
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
});
