// Resource ids as the service's FHIR library (HAPI FHIR, R4) holds them after parsing a
// Bundle, which decides what a reference can find:
//   - a resource's own `id` X is held as "Type/X";
//   - Bundle.entry.fullUrl then overrides it (BaseParser, "override resource id with bundle
//     entry fullUrl", on by default): a resource without `id` takes the fullUrl whole; a
//     `urn:...:X` fullUrl ending in the resource's id replaces it whole, so the id part becomes
//     the whole urn; an absolute `{base}/{Type}/X` with the same X gives "{base}/Type/X". A fullUrl
//     whose id part differs from the resource's id leaves the id alone.
//   - the "id part" (IdType.getIdPart) is the last path segment, except for `urn:` and `#` ids,
//     which are their own id part.

export interface ParsedId {
  readonly baseUrl: string | null;
  readonly resourceType: string | null;
  /** IdType.getIdPart(). */
  readonly idPart: string | null;
}

const HISTORY = '/_history/';

/** IdType.setValue's reading of an id or URL. */
export function parseId(value: string): ParsedId {
  if (value.trim() === '') return { baseUrl: null, resourceType: null, idPart: null };
  if (value.startsWith('urn:') || (value.startsWith('#') && value.length > 1)) return { baseUrl: null, resourceType: null, idPart: value };
  const history = value.indexOf(HISTORY);
  const idIndex = history === -1 ? value.lastIndexOf('/') : value.lastIndexOf('/', history - 1);
  const idPart = history === -1 ? value.slice(idIndex + 1) : value.slice(idIndex + 1, history);
  if (idIndex <= 0) return { baseUrl: null, resourceType: null, idPart };
  let typeIndex = value.lastIndexOf('/', idIndex - 1);
  if (typeIndex === -1) return { baseUrl: null, resourceType: value.slice(0, idIndex), idPart };
  // "http://host/Type": the slash before "host" is part of "//", not a separator.
  if (typeIndex > 0 && value.charAt(typeIndex - 1) === '/') typeIndex = value.indexOf('/', typeIndex + 1);
  if (typeIndex >= idIndex) return { baseUrl: value.slice(0, typeIndex), resourceType: idPart, idPart: null };
  return { baseUrl: typeIndex > 4 ? value.slice(0, typeIndex) : null, resourceType: value.slice(typeIndex + 1, idIndex), idPart };
}

/**
 * Resource.getId() after parsing: the whole id value HAPI holds for an entry's resource
 * (null when it has neither an `id` nor a fullUrl).
 */
export function heldId(resourceType: string, id: string | null, fullUrl: string | null): string | null {
  const own = id === null || id === '' ? null : `${resourceType}/${id}`;
  if (fullUrl === null || fullUrl === '') return own;
  if (own === null || id === null) return fullUrl;
  if (fullUrl.startsWith('urn:') && fullUrl.length > id.length && fullUrl.charAt(fullUrl.length - id.length - 1) === ':' && fullUrl.endsWith(id)) {
    return fullUrl;
  }
  const url = parseId(fullUrl);
  if (url.idPart === id && url.baseUrl !== null) return `${url.baseUrl.replace(/\/$/, '')}/${resourceType}/${id}`;
  return own;
}
