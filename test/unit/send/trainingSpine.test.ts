// The training Spine: the national behaviours inside the browser (rate limit, latency, faults,
// consent, de-duplication, contract checks), deterministic given its random source.

import { describe, expect, it } from 'vitest';
import { checkUploadBundle } from '../../../src/domain/sending/uploadContract';
import { TrainingSpineTransport, trainingHasNoConsent } from '../../../src/worker/send/trainingSpine';
import type { TransportResponse } from '../../../src/worker/send/transport';
import { VirtualTime, demoOutboxRows, testUuid } from './support';

const signal = new AbortController().signal;

/** A random source that returns the given values in turn, then repeats the last. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
}

function spine(time: VirtualTime, random: () => number = () => 0.5, options: Partial<ConstructorParameters<typeof TrainingSpineTransport>[0]> = {}): TrainingSpineTransport {
  return new TrainingSpineTransport({ clock: time, sleeper: time, random, ratePerSecond: 0, latencyMs: { min: 0, max: 0 }, fault503Rate: 0, fault504Rate: 0, ...options });
}

const status = (r: TransportResponse): number | string => (r.kind === 'response' ? r.status : r.kind);
const text = (r: TransportResponse): string => (r.kind === 'response' ? r.bodyText : '');

const [row] = demoOutboxRows(1);
if (row === undefined) throw new Error('no demo row');
const send = (s: TrainingSpineTransport, body = row.body, requestId = row.requestId): Promise<TransportResponse> => s.send({ requestId, body, correlationId: testUuid() }, signal);

describe('TrainingSpineTransport', () => {
  it('stores a valid upload once and answers 201', async () => {
    const s = spine(new VirtualTime());
    expect(status(await send(s))).toBe(201);
    expect(s.stats().storedNhsNumbers).toEqual({ [row.nhsNumber]: 1 });
  });

  it('a retry with the same X-Request-ID gets the first answer and stores nothing', async () => {
    const s = spine(new VirtualTime());
    const first = await send(s);
    const again = await send(s);
    expect(again).toEqual(first);
    expect(s.stats()).toMatchObject({ replayedRequestIds: 1, storedNhsNumbers: { [row.nhsNumber]: 1 } });
  });

  it('the same document under a new request id is a PSIS-30134 duplicate event', async () => {
    const s = spine(new VirtualTime());
    await send(s);
    const dup = await send(s, row.body, testUuid());
    expect(status(dup)).toBe(400);
    expect(text(dup)).toContain('[PSIS-30134] - Duplicate event');
    expect(s.stats().storedNhsNumbers[row.nhsNumber]).toBe(1);
  });

  it('refuses over its rate with 429 and a Retry-After; refused requests do not count', async () => {
    const time = new VirtualTime();
    const s = spine(time, () => 0.5, { ratePerSecond: 2 });
    const rows = demoOutboxRows(4);
    const answers = [];
    for (const r of rows.slice(0, 3)) answers.push(await send(s, r.body, r.requestId));
    expect(answers.map(status)).toEqual([201, 201, 429]);
    expect(answers[2]).toMatchObject({ headers: { retryAfter: '1' } });
    time.advance(1000);
    expect(status(await send(s, rows[2]?.body, rows[2]?.requestId))).toBe(201);
  });

  it('adds latency in virtual time, drawn from the injected source', async () => {
    const time = new VirtualTime();
    const s = spine(time, sequence(0.5, 0.9), { latencyMs: { min: 100, max: 300 } });
    const before = time.now();
    await send(s);
    expect(time.now() - before).toBe(200);
  });

  it('a 503 fault answers an HTML page and processes nothing; a retry is processed normally', async () => {
    const s = spine(new VirtualTime(), sequence(0, 0.01, 0, 0.99), { fault503Rate: 0.05 });
    const first = await send(s);
    expect(first).toMatchObject({ status: 503, headers: { contentType: 'text/html' } });
    expect(text(first)).toContain('503 Service Temporarily Unavailable');
    expect(s.stats().storedNhsNumbers).toEqual({});
    expect(status(await send(s))).toBe(201);
  });

  it('a 504 fault stores the upload; the retry gets the recorded 201', async () => {
    const s = spine(new VirtualTime(), sequence(0, 0.01, 0, 0.99), { fault504Rate: 0.05 });
    expect(status(await send(s))).toBe(504);
    expect(s.stats().storedNhsNumbers).toEqual({ [row.nhsNumber]: 1 });
    expect(status(await send(s))).toBe(201);
    expect(s.stats().storedNhsNumbers).toEqual({ [row.nhsNumber]: 1 });
  });

  it('403 for the sandbox no-consent patient and for 999-range numbers with "13" in digits 7-8', async () => {
    expect(trainingHasNoConsent('9111231130', ['9111231130'])).toBe(true);
    expect(trainingHasNoConsent('9990001318', [])).toBe(true);
    expect(trainingHasNoConsent('9990000018', [])).toBe(false);
    expect(trainingHasNoConsent('9451321306', [])).toBe(false);
    const body = row.body.replaceAll(row.nhsNumber, '9111231130');
    const answer = await send(spine(new VirtualTime()), body);
    expect(status(answer)).toBe(403);
    expect(text(answer)).toContain("There's no patient's consent to store SCR");
  });

  it('400 for a body that is not JSON', async () => {
    const answer = await send(spine(new VirtualTime()), '{"resourceType":');
    expect(status(answer)).toBe(400);
    expect(text(answer)).toContain('Unable to parse the request body as JSON');
  });

  it('is deterministic given its random source', async () => {
    const run = async (): Promise<(number | string)[]> => {
      let seed = 7;
      const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      const s = spine(new VirtualTime(), random, { fault503Rate: 0.3, fault504Rate: 0.3 });
      const out = [];
      for (const r of demoOutboxRows(20)) out.push(status(await send(s, r.body, r.requestId)));
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });
});

describe('checkUploadBundle (the training contract)', () => {
  const bundle = (): Record<string, unknown> => JSON.parse(row.body) as Record<string, unknown>;
  const entries = (b: Record<string, unknown>): Record<string, unknown>[] => b['entry'] as Record<string, unknown>[];
  const composition = (b: Record<string, unknown>): Record<string, unknown> => entries(b)[0]?.['resource'] as Record<string, unknown>;
  const issues = (b: unknown): readonly string[] => {
    const result = checkUploadBundle(b);
    return result.ok ? [] : result.issues;
  };

  it('accepts what buildSummaryBundle builds, with its facts', () => {
    expect(checkUploadBundle(bundle())).toEqual({ ok: true, facts: { nhsNumber: row.nhsNumber, bundleIdentifier: row.bundleId, compositionIdentifier: row.compositionId } });
  });

  it('not a Bundle, not a document', () => {
    expect(issues({ resourceType: 'Patient' })).toEqual(['The payload is not a FHIR Bundle']);
    expect(issues({ ...bundle(), type: 'collection' })).toEqual(['Bundle.type must be document']);
  });

  it('no Composition, or not first', () => {
    const b = bundle();
    expect(issues({ ...b, entry: entries(b).slice(1) })).toEqual(['Composition missing from payload']);
    expect(issues({ ...b, entry: [...entries(b).slice(1), entries(b)[0]] })).toEqual(['The Composition must be the first entry of the Bundle']);
  });

  it('wrong type or category coding (display compared exactly too)', () => {
    const b = bundle();
    const c = composition(b);
    c['type'] = { coding: [{ system: 'http://snomed.info/sct', code: '196981000000101', display: 'GP Summary' }] };
    c['category'] = [{ coding: [{ system: 'http://snomed.info/sct', code: '163171000000105' }] }];
    expect(issues(b)).toHaveLength(2);
  });

  it('missing or invalid NHS number, or a subject that does not resolve', () => {
    expect(issues(JSON.parse(row.body.replaceAll(row.nhsNumber, '9990000019')))).toEqual(['The Patient\'s NHS number 9990000019 is not valid']);
    const b = bundle();
    const patient = entries(b)[1]?.['resource'] as Record<string, unknown>;
    patient['identifier'] = [];
    expect(issues(b)).toEqual(['The Patient has no NHS number']);
    const c = bundle();
    composition(c)['subject'] = { reference: 'urn:uuid:nowhere' };
    expect(issues(c)).toEqual(['Composition.subject must refer to a Patient entry in the Bundle']);
  });
});
