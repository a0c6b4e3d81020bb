// A practice extract for the export tests: `failing` permanently registered patients with no NHS
// number (each fails the checks: an Upload Errors row and a log line), then the first `tail`
// patients of the demo practice in full (the ones who qualify are sent). Written as NDJSON, one
// file per resource type, in the test's output folder.

import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { demoPracticeIdentity } from '../../../src/demo/demoPractice';
import { DEFAULT_DEMO_SEED, generatePatient } from '../../../src/demo/generatePatients';
import { checkEligibility } from '../../../src/domain/eligibility';
import { organizationResource, patientResource, patientResources } from '../../../src/domain/extract/toFhir';
import { localToday } from './practice';

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function writeFailingExtract(dir: string, failing: number, tail: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const options = { seed: DEFAULT_DEMO_SEED, asOf: localToday() };
  const streams = new Map<string, WriteStream>();
  const streamFor = (type: string): WriteStream => {
    let s = streams.get(type);
    if (s === undefined) {
      s = createWriteStream(join(dir, `${type}.ndjson`));
      streams.set(type, s);
    }
    return s;
  };
  await write(streamFor('Organization'), JSON.stringify(organizationResource(demoPracticeIdentity(DEFAULT_DEMO_SEED))) + '\n');
  // A qualifying demo patient's record without its NHS number: permanently registered, so it fails on the number.
  let template: Record<string, unknown> | null = null;
  for (let seq = 1; template === null; seq++) {
    const p = generatePatient(options, seq);
    if (checkEligibility(p).outcome === 'qualifies') template = { ...patientResource(p) };
  }
  delete template['identifier'];
  const patients = streamFor('Patient');
  for (let i = 1; i <= failing; i++) await write(patients, JSON.stringify({ ...template, id: `no-number-${i}` }) + '\n');
  for (let seq = 1; seq <= tail; seq++) {
    for (const resource of patientResources(generatePatient(options, seq))) await write(streamFor(resource.resourceType), JSON.stringify(resource) + '\n');
  }
  await Promise.all([...streams.values()].map((s) => new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())))));
  return [...streams.keys()].sort().map((type) => join(dir, `${type}.ndjson`));
}
