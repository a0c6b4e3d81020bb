// The checks the service applies to an upload's HTTP request before reading its body, in its
// order: the request-id filter (UuidValidationFilter), the endpoint's media type (Spring's
// `consumes`), then the headers the controller requires (Spring's @RequestHeader).

import { RefusedUpload } from './refusal';

/** UuidValidationFilter's pattern, as the service words it in its refusal. */
export const UUID_PATTERN_TEXT = '^[0-9a-fA-F]{8}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{4}+-[0-9a-fA-F]{12}+$';
// The same language without Java's possessive quantifiers (which match the same strings here).
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const FHIR_JSON = 'application/fhir+json';

/**
 * The controller requires nhsd-asid, client-ip, NHSD-Identity-UUID and NHSD-Session-URID, but
 * the API gateway sets the first three itself (scr-target.xml: AddAsidHeader,
 * AddOriginalRequestIp, AddUserIdHeader), so of a client only this one is required.
 */
export const CLIENT_REQUIRED_HEADERS = ['NHSD-Session-URID'] as const;

type Header = (name: string) => string | null;

/** X-Correlation-ID, then X-Request-ID: absent or empty is fine, otherwise a UUID. */
export function checkRequestIds(header: Header): void {
  for (const name of ['X-Correlation-ID', 'X-Request-ID']) {
    const value = header(name);
    if (value !== null && value !== '' && !UUID.test(value)) {
      throw new RefusedUpload({ status: 400, code: 'value', text: `Invalid ${name}. Should be a UUIDv4 matching "${UUID_PATTERN_TEXT}"` });
    }
  }
}

/** Spring's MediaType.toString(): type and subtype lower case, parameters as given, no spaces. */
function springMediaType(raw: string): { text: string; essence: string } | { invalid: string } {
  const [essence = '', ...parameters] = raw.split(';').map((part) => part.trim());
  if (!essence.includes('/')) return { invalid: `Invalid mime type "${raw}": does not contain '/'` };
  const lowered = essence.toLowerCase();
  const params = parameters.filter((p) => p !== '').map((p) => `;${p}`).join('');
  return { text: `${lowered}${params}`, essence: lowered };
}

function unsupported(text: string): never {
  throw new RefusedUpload({ status: 415, code: 'not-supported', text });
}

/** The endpoint consumes application/fhir+json only (any parameters): else 415. */
export function checkContentType(contentType: string | null): void {
  if (contentType === null || contentType.trim() === '') unsupported("Content type '' not supported");
  const parsed = springMediaType(contentType);
  if ('invalid' in parsed) unsupported(parsed.invalid);
  if (parsed.essence !== FHIR_JSON) unsupported(`Content type '${parsed.text}' not supported`);
}

/** Spring 5.3's MissingRequestHeaderException for the first required header that is absent. */
export function checkRequiredHeaders(header: Header): void {
  for (const name of CLIENT_REQUIRED_HEADERS) {
    if (header(name) === null) {
      throw new RefusedUpload({ status: 400, code: 'value', text: `Required request header '${name}' for method parameter type String is not present` });
    }
  }
}
