// The evidence a supplier hands in: every upload request `npm run sample-messages` writes for a
// 1,000-patient demo practice, in both author shapes, passes the national service's rules as the
// loopback Spine ports them (src/domain/spine/), strict FHIR R4 with required bindings and XHTML,
// and the OpenAPI contract's schemas, with every header the service requires.

import { describe, expect, it } from 'vitest';
import { checkNationalUpload } from '../../../src/domain/spine/nationalUpload';
import { DEFAULT_SAMPLE_BASE_URL, DEFAULT_SAMPLE_SESSION_URID, SAMPLE_ACCESS_TOKEN, sampleMessages, type SampleMessage } from '../../../scripts/sampleMessages';
import { r4ElementCatalogue } from '../../spine/validation/r4Elements';
import { validateContract, validateStrictR4 } from '../../support/fhirValidation';
import { generatePage, DEFAULT_DEMO_SEED } from '../../../src/demo/generatePatients';
import { checkEligibility } from '../../../src/domain/eligibility';

const PATIENTS = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function problems(message: SampleMessage): unknown[] {
  const header = (name: string): string | null => message.headers[name.toLowerCase()] ?? null;
  const verdict = checkNationalUpload({ contentType: header('content-type'), header, body: message.body }, r4ElementCatalogue());
  const bundle: unknown = JSON.parse(message.body);
  return [...(verdict.ok ? [] : [verdict]), ...validateStrictR4(bundle), ...validateContract(bundle)];
}

describe.each(['job-role', 'sds-user'] as const)('sample messages, %s author', (author) => {
  it(`every request for a ${PATIENTS.toLocaleString('en-GB')}-patient demo practice passes the service's rules, strict R4 and the schemas`, async () => {
    const messages = await sampleMessages({ patients: PATIENTS, author, baseUrl: DEFAULT_SAMPLE_BASE_URL, sessionUrid: DEFAULT_SAMPLE_SESSION_URID });
    // One per qualifying patient of the same demo practice.
    const asOf = messages[0] === undefined ? '' : (JSON.parse(messages[0].body) as { timestamp: string }).timestamp.slice(0, 10);
    const qualifying = generatePage({ seed: DEFAULT_DEMO_SEED, asOf }, 1, PATIENTS).filter((p) => checkEligibility(p).outcome === 'qualifies');
    expect(messages.length).toBe(qualifying.length);

    const failures: string[] = [];
    for (const message of messages) {
      expect(message.method).toBe('POST');
      expect(message.path).toBe('/summary-care-record/FHIR/R4/Bundle');
      expect(message.headers).toMatchObject({
        'content-type': 'application/fhir+json',
        authorization: `Bearer ${SAMPLE_ACCESS_TOKEN}`,
        'nhsd-session-urid': DEFAULT_SAMPLE_SESSION_URID,
      });
      expect(message.headers['x-request-id']).toMatch(UUID);
      expect(message.headers['x-correlation-id']).toMatch(UUID);
      const found = problems(message);
      if (found.length > 0) failures.push(`${message.headers['x-request-id'] ?? ''}: ${JSON.stringify(found).slice(0, 500)}`);
    }
    expect(failures).toEqual([]);
    // Every request id is different; every event id is different.
    expect(new Set(messages.map((m) => m.headers['x-request-id'])).size).toBe(messages.length);
    const eventIds = messages.map((m) => (JSON.parse(m.body) as { entry: { resource: { identifier: { value: string } } }[] }).entry[0]?.resource.identifier.value);
    expect(new Set(eventIds).size).toBe(messages.length);
  }, 240_000);
});
