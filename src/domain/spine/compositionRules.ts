// CompositionMapper: the Composition's category, type, status, the event it replaces, its
// identifier (the event id), date and sections, checked in the service's order.

import { javaString, NULL_SECTION_DIV } from './javaText';
import { child, firstObject, hasItems, isEmptyValue, items, isObject, text, type JsonObject } from './json';
import { refuse } from './refusal';
import { enumConstant } from './strictParser';

export const SNOMED = 'http://snomed.info/sct';
export const RFC4122 = 'https://tools.ietf.org/html/rfc4122';
export const GP_SUMMARY_TYPE = { code: '196981000000101', display: 'General Practice Summary' } as const;
export const CARE_PROFESSIONAL_DOCUMENTATION = { code: '163171000000105', display: 'Care Professional Documentation' } as const;

export interface CompositionFacts {
  /** Composition.identifier.value, upper case: the event id Spine files the summary under. */
  readonly eventId: string;
  /** Composition.relatesTo[0].targetIdentifier.value when it replaces an earlier summary. */
  readonly replacesEventId: string | null;
}

/** The first coding of a CodeableConcept must be SNOMED with this code and display, exactly. */
function checkCoding(concept: JsonObject | null, element: string, expected: { code: string; display: string }): void {
  const coding = firstObject(concept?.['coding']);
  const system = text(coding, 'system');
  const code = text(coding, 'code');
  const display = text(coding, 'display');
  if (system !== SNOMED) refuse(`${element}.coding.system not supported: ${javaString(system)}`);
  if (code !== expected.code) refuse(`${element}.coding.code not supported: ${javaString(code)}`);
  if (display !== expected.display) refuse(`${element}.coding.display not supported: ${javaString(display)}`);
}

function relatesTo(composition: JsonObject): string | null {
  if (!hasItems(composition['relatesTo'])) return null;
  const first = firstObject(composition['relatesTo']);
  const code = text(first, 'code');
  if (code !== 'replaces') refuse(`Unsupported Composition.relatesTo.code element: ${enumConstant(code)}`);
  if (first?.['targetReference'] !== undefined) refuse('Type mismatch: the type Identifier was expected, but Reference was encountered');
  const target = text(child(first, 'targetIdentifier'), 'value');
  if (target === null || target === '') refuse('Composition.relatesTo.targetIdentifier.value element is missing');
  return target;
}

function eventId(composition: JsonObject): string {
  const identifier = child(composition, 'identifier');
  if (isEmptyValue(identifier) || text(identifier, 'system') !== RFC4122) refuse(`Missing Composition.identifier for system: ${RFC4122}`);
  const value = text(identifier, 'value');
  if (value === null || value === '') refuse('Missing Composition.identifier.value element');
  return value.toUpperCase();
}

function sections(composition: JsonObject): void {
  if (!hasItems(composition['section'])) refuse('Missing mandatory Composition.section');
  for (const section of items(composition['section'])) {
    // Each section's narrative is parsed as an XML document; without one there is nothing to parse.
    const div = isObject(section) ? text(child(section, 'text'), 'div') : null;
    if (div === null || div === '') refuse(NULL_SECTION_DIV);
  }
}

export function checkComposition(composition: JsonObject): CompositionFacts {
  if (!hasItems(composition['category'])) refuse('Composition.category element is missing');
  checkCoding(firstObject(composition['category']), 'Composition.category', CARE_PROFESSIONAL_DOCUMENTATION);
  const type = child(composition, 'type');
  if (isEmptyValue(type)) refuse('Composition.type element is missing');
  checkCoding(type, 'Composition.type', GP_SUMMARY_TYPE);
  const status = text(composition, 'status');
  if (status !== 'final') refuse(`Invalid composition.status: ${enumConstant(status)}`);
  const replacesEventId = relatesTo(composition);
  const id = eventId(composition);
  if (isEmptyValue(composition['date'])) refuse('Composition Date Element missing from payload');
  sections(composition);
  return { eventId: id, replacesEventId };
}
