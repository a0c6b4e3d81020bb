// Where the national API contract lives: `../shared/reference/scr-fhir-api` beside the
// project (every checkout and CI run has it), or SCR_FHIR_API_DIR to point elsewhere.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function scrFhirApiDir(): string {
  const dir = process.env['SCR_FHIR_API_DIR'] ?? join(REPO_ROOT, '..', 'shared', 'reference', 'scr-fhir-api');
  if (!existsSync(join(dir, 'specification', 'summary-care-record.yaml'))) {
    throw new Error(`SCR FHIR API reference not found at ${dir} (set SCR_FHIR_API_DIR)`);
  }
  return dir;
}

export function schemasDir(): string {
  return join(scrFhirApiDir(), 'specification', 'components', 'schemas');
}
