// Reading an upload Bundle as untyped JSON for the loopback Spine's own checks (the schemas,
// the NHS numbers, configuration and token bodies): its entries and a Patient's NHS number.
// What the national service reads of a Bundle is src/domain/spine/'s business.

export type JsonObject = Record<string, unknown>;

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export interface BundleEntry {
  index: number;
  fullUrl: string | null;
  resource: JsonObject;
  resourceType: string | null;
}

/** The entries that carry a resource object, with their position in `Bundle.entry`. */
export function bundleEntries(bundle: unknown): BundleEntry[] {
  if (!isObject(bundle) || !Array.isArray(bundle['entry'])) return [];
  const out: BundleEntry[] = [];
  bundle['entry'].forEach((entry: unknown, index) => {
    if (!isObject(entry) || !isObject(entry['resource'])) return;
    const resource = entry['resource'];
    out.push({ index, fullUrl: asString(entry['fullUrl']), resource, resourceType: asString(resource['resourceType']) });
  });
  return out;
}

/** The value of the patient's identifier in the NHS number system (not checked for validity). */
export function nhsNumberOf(patient: JsonObject): string | null {
  const identifiers = patient['identifier'];
  if (!Array.isArray(identifiers)) return null;
  for (const identifier of identifiers) {
    if (isObject(identifier) && identifier['system'] === NHS_NUMBER_SYSTEM) return asString(identifier['value']);
  }
  return null;
}

/** `holder.identifier.value`, for a single Identifier (Bundle and Composition). */
export function identifierValue(holder: unknown): string | null {
  const identifier = isObject(holder) ? holder['identifier'] : undefined;
  return isObject(identifier) ? asString(identifier['value']) : null;
}
