// The service's first step: its FHIR library (HAPI FHIR R4) parses the body as a Bundle with a
// StrictErrorHandler, so anything it does not know is an error, worded as HAPI words it (the
// service passes the message on in a 400). Ported here: the JSON itself, the resource types,
// every property name against the R4 definitions (an element catalogue), empty values, and the
// codes of the three coded elements the service's mappers read (Bundle.type, Composition.status,
// Composition.relatesTo.code). Not ported: other primitive formats and codes, and JSON types
// (HAPI refuses those while parsing too; the loopback Spine's strict level checks them).

import { isPrimitiveType, RESOURCE, type ElementCatalogue } from './elementCatalogue';
import { isObject, items, str, type JsonObject } from './json';
import { refuse } from './refusal';

/** The coded elements the mappers read: HAPI parses each into an enumeration, refusing unknown codes. */
const ENUMERATIONS: Readonly<Record<string, Readonly<Record<string, { readonly name: string; readonly codes: readonly string[] }>>>> = {
  Bundle: {
    type: {
      name: 'BundleType',
      codes: ['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection'],
    },
  },
  Composition: { status: { name: 'CompositionStatus', codes: ['preliminary', 'final', 'amended', 'entered-in-error'] } },
  'Composition.relatesTo': { code: { name: 'DocumentRelationshipType', codes: ['replaces', 'transforms', 'signs', 'appends'] } },
};

/** The name HAPI's Java enumeration constant has for a code ("entered-in-error" -> ENTEREDINERROR). */
export function enumConstant(code: string | null): string {
  return code === null ? 'null' : code.toUpperCase().replace(/-/g, '');
}

function invalidValue(element: string, value: string, why: string): never {
  refuse(`[element="${element}"] Invalid attribute value "${value}": ${why}`);
}

class Walker {
  constructor(private readonly catalogue: ElementCatalogue) {}

  resource(value: unknown, expected: string | null): void {
    if (!isObject(value)) return;
    const type = str(value['resourceType']);
    if (type === null || type.trim() === '') refuse("Invalid JSON content detected, missing required element: 'resourceType'");
    if (expected !== null && type !== expected) refuse(`Incorrect resource type found, expected "${expected}" but found "${type}"`);
    if (!this.catalogue.resourceTypes.includes(type) || this.catalogue.elements[type] === undefined) {
      if (this.catalogue.complete) refuse(`Unknown resource name "${type}" (this name is not known in FHIR version "R4")`);
      refuse(`The training Spine does not check ${type} resources, only ${this.catalogue.resourceTypes.join(', ')} (the national service reads every FHIR R4 resource type)`);
    }
    this.element(value, type, true);
  }

  private element(value: JsonObject, type: string, isResource: boolean): void {
    const properties = this.catalogue.elements[type] ?? {};
    for (const [key, child] of Object.entries(value)) {
      if ((isResource && key === 'resourceType') || key === 'fhir_comments') continue;
      if (key.startsWith('_')) {
        // A primitive's id and extensions, beside its value.
        const valueType = properties[key.slice(1)];
        if (valueType === undefined || !isPrimitiveType(valueType)) refuse(`Unknown element '${key}' found during parse`);
        for (const item of items(child)) if (isObject(item)) this.element(item, 'Element', false);
        continue;
      }
      const childType = properties[key];
      if (childType === undefined) refuse(`Unknown element '${key}' found during parse`);
      for (const item of items(child)) this.value(item, key, childType, type);
    }
  }

  private value(item: unknown, key: string, type: string, parentType: string): void {
    if (type === RESOURCE) {
      this.resource(item, null);
    } else if (isPrimitiveType(type)) {
      if (item === '') invalidValue(key, '', 'Attribute value must not be empty ("")');
      const enumeration = ENUMERATIONS[parentType]?.[key];
      if (enumeration !== undefined && typeof item === 'string' && !enumeration.codes.includes(item)) {
        invalidValue(key, item, `Unknown ${enumeration.name} code '${item}'`);
      }
    } else if (isObject(item)) {
      this.element(item, type, false);
    }
  }
}

/** The body parsed as HAPI parses it into a Bundle, or the refusal of its first problem. */
export function parseUploadBody(body: string, catalogue: ElementCatalogue): JsonObject {
  const first = /\S/.exec(body)?.[0];
  if (first !== undefined && first !== '{') {
    refuse(`Content does not appear to be FHIR JSON, first non-whitespace character was: '${first}' (must be '{')`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    refuse(`Failed to parse JSON encoded FHIR content: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(json)) refuse("Invalid JSON content detected, missing required element: 'resourceType'");
  new Walker(catalogue).resource(json, 'Bundle');
  return json;
}
