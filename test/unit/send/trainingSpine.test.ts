// The training Spine: the national service's own rules (the same module as the loopback Spine,
// so the same refusals in the same words), duplicates as Spine has them (PSIS-30134 by event id,
// no replay record), and its other national behaviours (rate limit, latency, faults, consent),
// deterministic given its random source.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingSpineTransport, trainingHasNoConsent } from '../../../src/worker/send/trainingSpine';
import type { TransportResponse } from '../../../src/worker/send/transport';
import { createSpineServer, type SpineServer } from '../../spine/server';
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
/** The first issue of the OperationOutcome answer: its code and text. */
function issue(r: TransportResponse): { code?: string; text?: string } {
  const outcome = JSON.parse(text(r)) as { issue?: { code?: string; details?: { text?: string } }[] };
  return { code: outcome.issue?.[0]?.code, text: outcome.issue?.[0]?.details?.text };
}

const [row] = demoOutboxRows(1);
if (row === undefined) throw new Error('no demo row');
const send = (s: TrainingSpineTransport, body = row.body, requestId = row.requestId): Promise<TransportResponse> => s.send({ requestId, body, correlationId: testUuid() }, signal);
const psis = `[PSIS-30134] - Duplicate event with eventId ${row.compositionId.toUpperCase()} and nhsNumber ${row.nhsNumber}.`;

type Json = Record<string, unknown>;
/** The row's Bundle with its author changed to the practice Organization (the service refuses that). */
function organizationAuthored(): string {
  const bundle = JSON.parse(row!.body) as { entry: { fullUrl: string; resource: Json }[] };
  const organization = bundle.entry.find((e) => e.resource['resourceType'] === 'Organization');
  if (organization === undefined) throw new Error('the demo Bundle has no Organization');
  const composition = bundle.entry[0]?.resource;
  if (composition === undefined) throw new Error('the demo Bundle has no entries');
  composition['author'] = [{ reference: `Organization/${String(organization.resource['id'])}` }];
  return JSON.stringify(bundle);
}

describe('TrainingSpineTransport', () => {
  it('stores a valid upload once and answers 201', async () => {
    const s = spine(new VirtualTime());
    expect(status(await send(s))).toBe(201);
    expect(s.stats().storedNhsNumbers).toEqual({ [row.nhsNumber]: 1 });
  });

  it('a re-send with the same X-Request-ID is a PSIS-30134 duplicate event: no replay record', async () => {
    const s = spine(new VirtualTime());
    expect(status(await send(s))).toBe(201);
    const again = await send(s);
    expect(status(again)).toBe(400);
    expect(issue(again)).toEqual({ code: 'invalid', text: psis });
    expect(s.stats()).toMatchObject({ replayedRequestIds: 0, psisDuplicates: 1, storedNhsNumbers: { [row.nhsNumber]: 1 } });
  });

  it('the same event under a new request id is a PSIS-30134 duplicate event too', async () => {
    const s = spine(new VirtualTime());
    await send(s);
    const dup = await send(s, row.body, testUuid());
    expect([status(dup), issue(dup).text]).toEqual([400, psis]);
    expect(s.stats().storedNhsNumbers[row.nhsNumber]).toBe(1);
  });

  it("applies the gateway's SpikeArrest (one request per 1000/rate ms as they arrive): 429 without Retry-After, as the live gateway; refused requests do not move the mark", async () => {
    const time = new VirtualTime();
    const s = spine(time, () => 0.5, { ratePerSecond: 2, latencyMs: { min: 0, max: 0 } });
    const rows = demoOutboxRows(4);
    const at = async (ms: number, i: number): Promise<TransportResponse> => {
      time.advance(ms);
      return send(s, rows[i]?.body, rows[i]?.requestId);
    };
    expect(status(await at(0, 0))).toBe(201);
    const refused = await at(300, 1);
    expect(refused).toMatchObject({ status: 429, headers: { retryAfter: null } });
    expect(text(refused)).toContain('SpikeArrest');
    // 500 ms after the last admitted one, not after the refused one.
    expect(status(await at(200, 1))).toBe(201);
    expect(status(await at(499, 2))).toBe(429);
    expect(status(await at(1, 2))).toBe(201);
    expect(s.stats().byStatus).toEqual({ '201': 3, '429': 2 });
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

  it('a 504 fault stores the upload; the retry meets PSIS-30134, so the message is on Spine once', async () => {
    const s = spine(new VirtualTime(), sequence(0, 0.01, 0, 0.99), { fault504Rate: 0.05 });
    expect(status(await send(s))).toBe(504);
    expect(s.stats().storedNhsNumbers).toEqual({ [row.nhsNumber]: 1 });
    const retry = await send(s);
    expect([status(retry), issue(retry).text]).toEqual([400, psis]);
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

  it('400 for a body that is not JSON, worded as the service\'s parser words it', async () => {
    const answer = await send(spine(new VirtualTime()), '{"resourceType":');
    expect(status(answer)).toBe(400);
    expect(issue(answer)).toMatchObject({ code: 'value', text: expect.stringMatching(/^Failed to parse JSON encoded FHIR content: /) });
  });

  it('refuses a resource type outside the upload path, saying that training cannot check it', async () => {
    const bundle = JSON.parse(row.body) as { entry: unknown[] };
    bundle.entry.push({ fullUrl: 'https://training-spine.invalid/FHIR/R4/Condition/C1', resource: { resourceType: 'Condition', id: 'C1' } });
    const answer = await send(spine(new VirtualTime()), JSON.stringify(bundle));
    expect(status(answer)).toBe(400);
    expect(issue(answer).text).toMatch(/^The training Spine does not check Condition resources/);
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

describe('the training Spine and the loopback Spine apply the same rules', () => {
  let loopback: SpineServer;
  beforeAll(async () => {
    loopback = await createSpineServer({ port: 0, rateLimitPerSecond: 0, quotaPerMinute: 0, noConsentNhsNumbers: [], acceptAnyToken: true });
  });
  afterAll(() => loopback.close());

  async function loopbackAnswer(body: string): Promise<{ status: number; code?: string; text?: string }> {
    const response = await fetch(loopback.bundleUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Authorization: 'Bearer training-test', 'X-Request-ID': testUuid(), 'NHSD-Session-URID': '555254240100' },
      body,
    });
    const outcome = (await response.json()) as { issue?: { code?: string; details?: { text?: string } }[] };
    return { status: response.status, code: outcome.issue?.[0]?.code, text: outcome.issue?.[0]?.details?.text };
  }

  it('a message with an Organization author is refused by both, with the same status, code and text', async () => {
    const body = organizationAuthored();
    const training = await send(spine(new VirtualTime()), body);
    const expected = await loopbackAnswer(body);
    expect(expected).toMatchObject({ status: 400, code: 'value', text: expect.stringMatching(/^Invalid resource reference\. Organization\/.+ expected to be referencing PractitionerRole$/) });
    expect({ status: status(training), ...issue(training) }).toEqual(expected);
  });

  it('a re-sent message is PSIS-30134 at both', async () => {
    const training = spine(new VirtualTime());
    await send(training);
    await loopbackAnswer(row.body);
    const fromTraining = await send(training);
    expect({ status: status(fromTraining), ...issue(fromTraining) }).toEqual(await loopbackAnswer(row.body));
  });
});
