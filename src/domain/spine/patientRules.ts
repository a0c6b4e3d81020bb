// PatientMapper and the NHS number the service's consent check reads (FhirHelper.getNhsNumber):
// one Patient, exactly one non-blank NHS number identifier, no blank one, and
// Composition.subject.reference contained in the id HAPI holds for the Patient.

import { NULL_PATIENT_ID, NULL_SUBJECT_REFERENCE } from './javaText';
import { child, isEmptyValue, isNotBlank, items, isObject, str, text, type JsonObject } from './json';
import { refuse } from './refusal';
import { domainResource, type UploadBundle } from './uploadBundle';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

function nhsNumberValues(patient: JsonObject): (string | null)[] {
  return items(patient['identifier'])
    .filter((identifier) => isObject(identifier) && identifier['system'] === NHS_NUMBER_SYSTEM)
    .map((identifier) => (isObject(identifier) ? str(identifier['value']) : null));
}

/** PatientMapper.mapPatient (it runs after the Composition and author mappers). */
export function checkPatient(bundle: UploadBundle, composition: JsonObject): void {
  const patient = domainResource(bundle, 'Patient');
  const numbers = nhsNumberValues(patient.resource).filter(isNotBlank);
  if (numbers.length > 1) refuse(`Multiple Patient resource '${NHS_NUMBER_SYSTEM}' identifiers`);
  if (numbers.length === 0) refuse(`patient.identifier[] for system ${NHS_NUMBER_SYSTEM} must not be empty`);
  const subject = child(composition, 'subject');
  if (isEmptyValue(subject)) refuse('Composition.subject reference is missing or invalid');
  if (patient.id === null) refuse(NULL_PATIENT_ID);
  const reference = text(subject, 'reference');
  if (reference === null) refuse(NULL_SUBJECT_REFERENCE);
  if (!patient.id.includes(reference)) refuse('Composition.subject reference is missing or invalid');
}

/** FhirHelper.getNhsNumber, read for the consent check once mapping has passed. */
export function nhsNumberOf(bundle: UploadBundle): string {
  const values = nhsNumberValues(domainResource(bundle, 'Patient').resource);
  let found: string | null = null;
  for (const value of values) {
    if (!isNotBlank(value)) refuse(`patient.identifier[].value for system ${NHS_NUMBER_SYSTEM} must not be empty`);
    if (found !== null) refuse('Patient.identifier[] must contain 1 NHS Number');
    found = value;
  }
  if (found === null) refuse(`patient.identifier[] for system ${NHS_NUMBER_SYSTEM} must not be empty`);
  return found;
}
