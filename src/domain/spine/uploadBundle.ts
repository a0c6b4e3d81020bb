// An upload Bundle as the service's mappers see it once parsed: its entries' resources, each
// with the id HAPI holds for it (hapiIds.ts), and the two look-ups every mapper uses
// (FhirHelper.getDomainResource and getResourceByReference), with their failures.

import { heldId, parseId } from './hapiIds';
import { indexOutOfBounds, javaSplitSlash, NULL_ENTRY_RESOURCE, NULL_REFERENCE } from './javaText';
import { isObject, items, str, type JsonObject } from './json';
import { refuse } from './refusal';

export interface UploadEntry {
  readonly index: number;
  /** null for an entry without a resource (the mappers then fail on it). */
  readonly resource: JsonObject | null;
  readonly resourceType: string | null;
  /** Resource.getId(): the whole id value. */
  readonly id: string | null;
  /** Resource.getIdElement().getIdPart(): what `Type/<id part>` references match. */
  readonly idPart: string | null;
}

export interface UploadBundle {
  readonly json: JsonObject;
  readonly entries: readonly UploadEntry[];
}

export function readUploadBundle(json: JsonObject): UploadBundle {
  const entries = items(json['entry']).map((entry, index): UploadEntry => {
    const resource = isObject(entry) && isObject(entry['resource']) ? entry['resource'] : null;
    const resourceType = resource === null ? null : str(resource['resourceType']);
    const fullUrl = isObject(entry) ? str(entry['fullUrl']) : null;
    const id = resource === null || resourceType === null ? null : heldId(resourceType, str(resource['id']), fullUrl);
    return { index, resource, resourceType, id, idPart: id === null ? null : parseId(id).idPart };
  });
  return { json, entries };
}

/**
 * FhirHelper.getDomainResource: the one resource of a type. Entries are read in order, so an
 * entry without a resource fails before a second resource of the type is noticed.
 */
export function domainResource(bundle: UploadBundle, type: string): UploadEntry & { readonly resource: JsonObject } {
  let found: (UploadEntry & { readonly resource: JsonObject }) | null = null;
  for (const entry of bundle.entries) {
    if (entry.resource === null) refuse(NULL_ENTRY_RESOURCE);
    if (entry.resourceType !== type) continue;
    if (found !== null) refuse(`There is more than 1 resource of type ${type}`);
    found = { ...entry, resource: entry.resource };
  }
  if (found === null) refuse(`${type} missing from payload`);
  return found;
}

/**
 * FhirHelper.getResourceByReference: `reference` split on "/" must name `type` first; the
 * resource of that type whose id part is the second segment, or null when none is.
 */
export function resourceByReference(bundle: UploadBundle, reference: string | null, type: string): (UploadEntry & { readonly resource: JsonObject }) | null {
  if (reference === null) refuse(NULL_REFERENCE);
  const parts = javaSplitSlash(reference);
  if (parts[0] !== type) refuse(`Invalid resource reference. ${reference} expected to be referencing ${type}`);
  const id = parts[1];
  if (id === undefined) refuse(indexOutOfBounds(1, parts.length));
  for (const entry of bundle.entries) {
    if (entry.resource === null) refuse(NULL_ENTRY_RESOURCE);
    if (entry.resourceType === type && entry.idPart === id) return { ...entry, resource: entry.resource };
  }
  return null;
}
