// The two element catalogues the strict-parser rule reads agree: the training Spine's generated
// table (src/domain/spine/r4UploadElements.ts, in the app) is exactly what the generator makes
// now, and it describes the upload path's types as the loopback Spine's full R4 catalogue does,
// so both Spines refuse and accept the same elements there.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPrimitiveType, RESOURCE } from '../../../src/domain/spine/elementCatalogue';
import { checkNationalUpload, uploadRequestFor } from '../../../src/domain/spine/nationalUpload';
import { R4_UPLOAD_ELEMENTS } from '../../../src/domain/spine/r4UploadElements';
import { sampleUploadBundle } from '../../spine/sampleBundle';
import { r4ElementCatalogue, UPLOAD_RESOURCE_TYPES } from '../../spine/validation/r4Elements';
import { uploadElementCatalogueSource } from '../../spine/validation/uploadElementsSource';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('element catalogues', () => {
  it('the committed training table is what scripts/generate-r4-elements.ts writes from the current definitions', () => {
    const committed = readFileSync(join(ROOT, 'src', 'domain', 'spine', 'r4UploadElements.ts'), 'utf8');
    expect(committed).toBe(uploadElementCatalogueSource());
  });

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
