// The two element catalogues the strict-parser rule reads agree: both committed tables (the
// training Spine's src/domain/spine/r4UploadElements.ts, in the app, and the loopback Spine's
// test/spine/validation/r4Elements.json) are exactly what the generator makes from the R4
// definitions now, and the training table describes the upload path's types as the full one
// does, so both Spines refuse and accept the same elements there.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPrimitiveType, RESOURCE } from '../../../src/domain/spine/elementCatalogue';
import { checkNationalUpload, uploadRequestFor } from '../../../src/domain/spine/nationalUpload';
import { R4_UPLOAD_ELEMENTS } from '../../../src/domain/spine/r4UploadElements';
import { sampleUploadBundle } from '../../spine/sampleBundle';
import { fullElementCatalogueJson, uploadElementCatalogueSource } from '../../spine/validation/elementTables';
import { definitionsCatalogue, r4ElementCatalogue, R4_ELEMENTS_JSON, UPLOAD_RESOURCE_TYPES } from '../../spine/validation/r4Elements';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('element catalogues', () => {
  it('the committed tables are what scripts/generate-r4-elements.ts writes from the current definitions', () => {
    expect(readFileSync(join(ROOT, 'src', 'domain', 'spine', 'r4UploadElements.ts'), 'utf8')).toBe(uploadElementCatalogueSource());
    expect(readFileSync(R4_ELEMENTS_JSON, 'utf8')).toBe(fullElementCatalogueJson());
    expect(r4ElementCatalogue()).toEqual(definitionsCatalogue());
  }, 60_000);

  it('the training table describes the upload path\'s types exactly as the full R4 catalogue does', () => {
    const full = r4ElementCatalogue();
    expect(R4_UPLOAD_ELEMENTS.resourceTypes).toEqual([...UPLOAD_RESOURCE_TYPES].sort());
    for (const [type, properties] of Object.entries(R4_UPLOAD_ELEMENTS.elements)) {
      expect(properties, type).toEqual(full.elements[type]);
    }
    // Every type a training property names is described too (or is a primitive or a resource).
    for (const properties of Object.values(R4_UPLOAD_ELEMENTS.elements)) {
      for (const type of Object.values(properties)) {
        expect(type === RESOURCE || isPrimitiveType(type) || R4_UPLOAD_ELEMENTS.elements[type] !== undefined, type).toBe(true);
      }
    }
    expect(full.complete).toBe(true);
    expect(full.resourceTypes.length).toBeGreaterThan(140);
  });

  it('both give the same verdicts on the upload path\'s resources', () => {
    const bodies: unknown[] = [sampleUploadBundle(), sampleUploadBundle({ author: 'sds-user' })];
    const unknownElement = sampleUploadBundle();
    unknownElement.entry[4].resource['odsCode'] = 'A12345';
    const unknownInDatatype = sampleUploadBundle();
    (unknownInDatatype.entry[1].resource.name[0] as Record<string, unknown>)['title'] = 'Mrs';
    bodies.push(unknownElement, unknownInDatatype);
    for (const body of bodies) {
      const request = uploadRequestFor(JSON.stringify(body));
      expect(checkNationalUpload(request, R4_UPLOAD_ELEMENTS)).toEqual(checkNationalUpload(request, r4ElementCatalogue()));
    }
  });
});
