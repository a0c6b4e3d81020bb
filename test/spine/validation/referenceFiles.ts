// Where the national API's reference data lives: test/reference/scr-fhir-api/ in this
// repository (the OpenAPI contract, its schema fragments and examples, the recorded upload
// request/response pairs; see PROVENANCE.md there). Nothing is read from outside the repository.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function scrFhirApiDir(): string {
  return join(REPO_ROOT, 'test', 'reference', 'scr-fhir-api');
}

export function schemasDir(): string {
  return join(scrFhirApiDir(), 'specification', 'components', 'schemas');
}
