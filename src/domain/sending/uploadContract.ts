// The national upload contract's documented rules, checked on untrusted JSON: what the training
// Spine (src/worker/send/trainingSpine.ts) enforces inside the browser, so a broken message is
// refused in training as it would be by the real service. A lightweight subset of the loopback
// Spine's checks (no JSON Schema, no R4 validator: they are test-only and too big for the app):
// a document Bundle, the Composition first with the exact type and category codings, and a
// subject Patient with a valid NHS number.

import { CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY, GP_SUMMARY_TYPE, NHS_NUMBER_SYSTEM } from '../fhir/constants';
import type { Coding } from '../fhir/types';
import { isValidNhsNumber } from '../nhsNumber';

export interface UploadFacts {
  readonly nhsNumber: string;
  readonly bundleIdentifier: string | null;
  readonly compositionIdentifier: string | null;
}

export type ContractCheck = { readonly ok: true; readonly facts: UploadFacts } | { readonly ok: false; readonly issues: readonly string[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function sameCoding(value: unknown, expected: Coding): boolean {
  return isObject(value) && value['system'] === expected.system && value['code'] === expected.code && value['display'] === expected.display;
}

function codings(concept: unknown): unknown[] {
  return isObject(concept) && Array.isArray(concept['coding']) ? concept['coding'] : [];
}

function identifierValue(resource: Json): string | null {
  const identifier = resource['identifier'];
  return isObject(identifier) ? str(identifier['value']) : null;
}

/** The entry resources with their fullUrls, skipping malformed entries. */
function entries(bundle: Json): { fullUrl: string | null; resource: Json }[] {
  const list = Array.isArray(bundle['entry']) ? bundle['entry'] : [];
  return list.filter(isObject).flatMap((e) => (isObject(e['resource']) ? [{ fullUrl: str(e['fullUrl']), resource: e['resource'] }] : []));
}

function findPatient(all: { fullUrl: string | null; resource: Json }[], reference: string): Json | null {
  for (const { fullUrl, resource } of all) {
    if (resource['resourceType'] !== 'Patient') continue;
    if (fullUrl === reference || `Patient/${str(resource['id']) ?? ''}` === reference || (fullUrl?.endsWith(`/${reference}`) ?? false)) return resource;
  }
  return null;
}

export function checkUploadBundle(bundle: unknown): ContractCheck {
  if (!isObject(bundle) || bundle['resourceType'] !== 'Bundle') return { ok: false, issues: ['The payload is not a FHIR Bundle'] };
  const issues: string[] = [];
  if (bundle['type'] !== 'document') issues.push('Bundle.type must be document');
  const all = entries(bundle);
  const compositionIndex = all.findIndex((e) => e.resource['resourceType'] === 'Composition');
  const composition = all[compositionIndex]?.resource;
  if (composition === undefined) return { ok: false, issues: [...issues, 'Composition missing from payload'] };
  if (compositionIndex !== 0) issues.push('The Composition must be the first entry of the Bundle');
  const typeCodings = codings(composition['type']);
  if (typeCodings.length !== 1 || !sameCoding(typeCodings[0], GP_SUMMARY_TYPE)) {
    issues.push(`Composition.type must be exactly ${GP_SUMMARY_TYPE.system}|${GP_SUMMARY_TYPE.code} "${GP_SUMMARY_TYPE.display ?? ''}"`);
  }
  const categories = Array.isArray(composition['category']) ? composition['category'] : [];
  if (!categories.some((c) => codings(c).some((coding) => sameCoding(coding, CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY)))) {
    issues.push(`Composition.category must include ${CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY.code} "${CARE_PROFESSIONAL_DOCUMENTATION_CATEGORY.display ?? ''}"`);
  }
  const subject = composition['subject'];
  const reference = isObject(subject) ? str(subject['reference']) : null;
  const patient = reference === null ? null : findPatient(all, reference);
  let nhsNumber: string | null = null;
  if (patient === null) {
    issues.push('Composition.subject must refer to a Patient entry in the Bundle');
  } else {
    const identifiers = Array.isArray(patient['identifier']) ? patient['identifier'] : [];
    const nhs = identifiers.find((i) => isObject(i) && i['system'] === NHS_NUMBER_SYSTEM);
    nhsNumber = isObject(nhs) ? str(nhs['value']) : null;
    if (nhsNumber === null) issues.push('The Patient has no NHS number');
    else if (!isValidNhsNumber(nhsNumber)) issues.push(`The Patient's NHS number ${nhsNumber} is not valid`);
  }
  if (issues.length > 0 || nhsNumber === null) return { ok: false, issues };
  return { ok: true, facts: { nhsNumber, bundleIdentifier: identifierValue(bundle), compositionIdentifier: identifierValue(composition) } };
}
