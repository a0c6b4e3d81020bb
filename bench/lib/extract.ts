// A practice extract of the demo practice for the import benchmark, written in Node the way the
// app's own exporter writes one (src/worker/import/exportPractice.ts): one NDJSON file per
// resource type, from the same generator and FHIR mapping, so importing it gives the demo practice.

import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPracticeIdentity } from '../../src/demo/demoPractice';
import { DEFAULT_DEMO_SEED, generatePatient } from '../../src/demo/generatePatients';
import { organizationResource, patientResources } from '../../src/domain/extract/toFhir';

export interface ExtractFiles {
  readonly paths: readonly string[];
  /** Total size of the files (bytes). */
  readonly bytes: number;
  readonly resources: number;
  remove(): void;
}

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Writes the demo practice of `size` patients as NDJSON files in a new temporary directory. */
export async function writeDemoExtract(size: number): Promise<ExtractFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'scr-bench-extract-'));
  const streams = new Map<string, WriteStream>();
  const streamFor = (type: string): WriteStream => {
    let s = streams.get(type);
    if (s === undefined) {
      s = createWriteStream(join(dir, `${type}.ndjson`));
      streams.set(type, s);
    }
    return s;
  };
  const options = { seed: DEFAULT_DEMO_SEED, asOf: localToday() };
  let resources = 1;
  await write(streamFor('Organization'), JSON.stringify(organizationResource(demoPracticeIdentity(DEFAULT_DEMO_SEED))) + '\n');
  for (let seq = 1; seq <= size; seq++) {
    for (const resource of patientResources(generatePatient(options, seq))) {
      await write(streamFor(resource.resourceType), JSON.stringify(resource) + '\n');
      resources++;
    }
  }
  await Promise.all([...streams.values()].map((s) => new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())))));
  const paths = [...streams.keys()].sort().map((type) => join(dir, `${type}.ndjson`));
  return {
    paths,
    bytes: paths.reduce((n, p) => n + statSync(p).size, 0),
    resources,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
