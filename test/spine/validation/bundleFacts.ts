// Reading an upload Bundle as untyped JSON: its entries, its Composition, the Patient the
// Composition is about and that patient's NHS number. Shared by the contract checks and by
// the loopback Spine (consent, de-duplication, statistics).

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

export function compositionEntry(bundle: unknown): BundleEntry | null {
  return bundleEntries(bundle).find((e) => e.resourceType === 'Composition') ?? null;
}

/**
 * The entry a reference points at: a match on `fullUrl`, or on `Type/id` (also as the tail of
 * an absolute fullUrl, which is how the upstream examples link resources).
 */
export function resolveReference(bundle: unknown, reference: string): BundleEntry | null {
  for (const entry of bundleEntries(bundle)) {
    if (entry.fullUrl === reference) return entry;
    const id = asString(entry.resource['id']);
    if (entry.resourceType !== null && id !== null && reference === `${entry.resourceType}/${id}`) return entry;
    if (entry.fullUrl !== null && entry.fullUrl.endsWith(`/${reference}`)) return entry;
  }
  return null;
}

/** The Patient entry that `Composition.subject` refers to, if it resolves inside the Bundle. */
export function subjectPatient(bundle: unknown): BundleEntry | null {
  const composition = compositionEntry(bundle);
  if (composition === null) return null;
  const subject = composition.resource['subject'];
  const reference = isObject(subject) ? asString(subject['reference']) : null;
  if (reference === null) return null;
  const target = resolveReference(bundle, reference);
  return target !== null && target.resourceType === 'Patient' ? target : null;
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

function identifierValue(holder: JsonObject | undefined): string | null {
  const identifier = holder?.['identifier'];
  return isObject(identifier) ? asString(identifier['value']) : null;
}

export interface UploadFacts {
  nhsNumber: string | null;
  bundleIdentifier: string | null;
  compositionIdentifier: string | null;
}

/** What the Spine keys an upload by: the patient and the two identifiers of the document. */
export function uploadFacts(bundle: unknown): UploadFacts {
  const patient = subjectPatient(bundle);
  return {
    nhsNumber: patient === null ? null : nhsNumberOf(patient.resource),
    bundleIdentifier: identifierValue(isObject(bundle) ? bundle : undefined),
    compositionIdentifier: identifierValue(compositionEntry(bundle)?.resource),
  };
}
