// npm run sample-messages -- --out DIR [--patients N] [--author job-role|sds-user] [--base URL] [--urid DIGITS]
// Writes, for the demo practice, one JSON file per upload request exactly as the app's worker
// makes it ({ method, path, headers, body }; see sampleMessages.ts), named by position and NHS
// number, and prints how many it wrote. docs/conformance.md says what they are for.

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SAMPLE_BASE_URL, DEFAULT_SAMPLE_SESSION_URID, sampleMessages } from './sampleMessages';

const USAGE = 'Usage: npm run sample-messages -- --out DIR [--patients N (1-100000, default 100)] [--author job-role|sds-user] [--base URL] [--urid DIGITS]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { out: { type: 'string' }, patients: { type: 'string' }, author: { type: 'string' }, base: { type: 'string' }, urid: { type: 'string' } },
      strict: true,
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.out === undefined || values.out.trim() === '') fail('--out DIR is required');
  const patients = values.patients === undefined ? 100 : Number(values.patients);
  if (!Number.isInteger(patients) || patients < 1 || patients > 100_000) fail(`--patients must be a whole number from 1 to 100000, got ${values.patients ?? ''}`);
  const author = values.author ?? 'job-role';
  if (author !== 'job-role' && author !== 'sds-user') fail(`--author must be job-role or sds-user, got ${author}`);
  const urid = values.urid ?? DEFAULT_SAMPLE_SESSION_URID;
  if (!/^[0-9]+$/.test(urid)) fail(`--urid must be digits, got ${urid}`);

  const out = resolve(values.out);
  const messages = await sampleMessages({ patients, author, baseUrl: values.base ?? DEFAULT_SAMPLE_BASE_URL, sessionUrid: urid });
  await mkdir(out, { recursive: true });
  const width = String(messages.length).length;
  await Promise.all(
    messages.map((m, i) => {
      const nhs = /"https:\/\/fhir\.nhs\.uk\/Id\/nhs-number","value":"([0-9]{10})"/.exec(m.body)?.[1] ?? 'unknown';
      return writeFile(join(out, `${String(i + 1).padStart(width, '0')}-${nhs}.json`), `${JSON.stringify(m, null, 2)}\n`);
    }),
  );
  process.stdout.write(`Wrote ${messages.length} upload requests (${author} author, ${patients} demo patients) to ${out}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
