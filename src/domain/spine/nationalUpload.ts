// The national Summary Care Record service's rules for an upload (POST /Bundle), as its own
// code applies them: ONE module, used by the loopback Spine (test/spine/) and by the training
// Spine inside the app (src/worker/send/trainingSpine.ts), so that neither accepts what the
// service refuses. Pure: no I/O, runs in Node and in the browser worker.
//
// API
//
//   checkNationalUpload(request, catalogue): NationalVerdict
//
//   request   = { contentType, header(name), body }: the upload's Content-Type (null when
//               absent), a case-insensitive header look-up (null when absent) and the body text.
//   catalogue = the FHIR R4 element catalogue the strict parser checks property names against:
//               the loopback Spine's full one (test/spine/validation/r4Elements.ts) or the
//               app's generated table of the upload path (R4_UPLOAD_ELEMENTS).
//   result    = { ok: true, facts: { nhsNumber, eventId, bundleIdentifier, replacesEventId } }
//             | { ok: false, status: 400 | 415, code: 'value' | 'not-supported', text }
//               where text is the service's own wording (its exception message, which it puts in
//               OperationOutcome.issue[0].details.text with the issue code `code`).
//
// What it checks, in the service's order (the first failure is the answer):
//   1. X-Correlation-ID and X-Request-ID, when present, are UUIDs (UuidValidationFilter);
//   2. Content-Type is application/fhir+json (415 otherwise);
//   3. NHSD-Session-URID is present (the gateway adds the controller's other required headers);
//   4. the body parses as a FHIR R4 Bundle with no unknown element (strictParser.ts);
//   5. GpSummary.fromBundle: Bundle.type document, timestamp, identifier (rfc4122 system, value),
//      then the author (authorRules.ts), the Composition (compositionRules.ts), the Patient
//      (patientRules.ts), then the sections of the first entry (additionalInformation.ts);
//   6. the NHS number the consent check reads.
// What it does not do: consent (403), duplicate events (PSIS-30134) and anything else Spine
// decides after the service has mapped the upload; the callers hold that state. Mappers whose
// code is not in the reference copy (Communication, Condition, Observation, Procedure) are not
// ported: the upload path sends none of those resources.

import { checkAdditionalInformation } from './additionalInformation';
import { checkAuthor } from './authorRules';
import { checkComposition, RFC4122 } from './compositionRules';
import type { ElementCatalogue } from './elementCatalogue';
import { child, isEmptyValue, text, type JsonObject } from './json';
import { checkPatient, nhsNumberOf } from './patientRules';
import { refuse, RefusedUpload, type Refusal } from './refusal';
import { checkContentType, checkRequestIds, checkRequiredHeaders, FHIR_JSON } from './requestChecks';
import { enumConstant, parseUploadBody } from './strictParser';
import { domainResource, readUploadBundle } from './uploadBundle';

export type { ElementCatalogue } from './elementCatalogue';
export type { Refusal } from './refusal';

export interface UploadRequest {
  /** The Content-Type header as sent, or null. */
  readonly contentType: string | null;
  /** A request header's value by case-insensitive name, or null when absent. */
  header(name: string): string | null;
  readonly body: string;
}

export interface UploadFacts {
  /** The patient's NHS number, as the service reads it for the consent check. */
  readonly nhsNumber: string;
  /** Composition.identifier.value in upper case: the event id; PSIS-30134 duplicates are keyed by it. */
  readonly eventId: string;
  /** Bundle.identifier.value in upper case: the message id. */
  readonly bundleIdentifier: string;
  /** The event id this summary replaces (Composition.relatesTo), or null. */
  readonly replacesEventId: string | null;
}

export type NationalVerdict = { readonly ok: true; readonly facts: UploadFacts } | ({ readonly ok: false } & Refusal);

/** GpSummary: Bundle.type (before the mappers), then the header timestamp and id. */
function checkBundleHeader(bundle: JsonObject): string {
  const type = text(bundle, 'type');
  if (type !== 'document') refuse(`Unsupported Bundle.type: ${enumConstant(type)}`);
  if (isEmptyValue(bundle['timestamp'])) refuse('bundle.timestamp must not be empty');
  const identifier = child(bundle, 'identifier');
  if (isEmptyValue(identifier)) refuse('bundle.identifier must not be empty');
  if (text(identifier, 'system') !== RFC4122) refuse(`bundle.identifier.system must be ${RFC4122}`);
  const value = text(identifier, 'value');
  if (value === null || value === '') refuse('bundle.identifier.value must not be empty');
  return value.toUpperCase();
}

function check(request: UploadRequest, catalogue: ElementCatalogue): UploadFacts {
  checkRequestIds((name) => request.header(name));
  checkContentType(request.contentType);
  checkRequiredHeaders((name) => request.header(name));
  const json = parseUploadBody(request.body, catalogue);
  const bundleIdentifier = checkBundleHeader(json);
  const bundle = readUploadBundle(json);
  checkAuthor(bundle, domainResource(bundle, 'Composition').resource);
  const { eventId, replacesEventId } = checkComposition(domainResource(bundle, 'Composition').resource);
  checkPatient(bundle, domainResource(bundle, 'Composition').resource);
  checkAdditionalInformation(bundle);
  return { nhsNumber: nhsNumberOf(bundle), eventId, bundleIdentifier, replacesEventId };
}

export function checkNationalUpload(request: UploadRequest, catalogue: ElementCatalogue): NationalVerdict {
  try {
    return { ok: true, facts: check(request, catalogue) };
  } catch (error) {
    if (error instanceof RefusedUpload) return { ok: false, ...error.refusal };
    throw error;
  }
}

/**
 * A request as the app sends one (Content-Type application/fhir+json, an NHSD-Session-URID),
 * carrying `body`: for checking a Bundle alone against the rules.
 */
export function uploadRequestFor(body: string, headers: Readonly<Record<string, string>> = {}): UploadRequest {
  const all: Record<string, string> = { 'nhsd-session-urid': '555254240100' };
  for (const [name, value] of Object.entries(headers)) all[name.toLowerCase()] = value;
  return { contentType: all['content-type'] ?? FHIR_JSON, header: (name) => all[name.toLowerCase()] ?? null, body };
}
