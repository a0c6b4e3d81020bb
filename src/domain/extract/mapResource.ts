// One parsed extract resource → what it becomes, with every problem found in it. A resource is
// imported only when none of its problems is an error; warnings travel with it to the report.
// Pure: ids are checked here, but uniqueness and the patient a reference names are checked by
// the importer, which sees the whole extract.

import { CONDITION_VERIFICATION_SYSTEM, EXTRACT_RESOURCE_TYPES, type ExtractResourceType } from './conventions';
import { isObject, objectAt, shown, stringAt, type JsonObject } from './json';
import { allergyVerification, mapAllergy } from './mapAllergy';
import { mapCodedEntry } from './mapCodedEntry';
import type { MappedResource } from './mapped';
import { mapFlag } from './mapFlag';
import { mapMedication } from './mapMedication';
import { mapOrganization } from './mapOrganization';
import { mapPatient } from './mapPatient';
import { isBlocking, problem, type Problem } from './problems';
import { codeIn, readId, readPatientReference } from './values';

export interface MapResult {
  /** The resourceType as given, when it is a string. */
  readonly resourceType: string | null;
  /** Null when the resource is not imported (an error, or entered in error). */
  readonly mapped: MappedResource | null;
  /** Errors (when not imported) and warnings. */
  readonly problems: readonly Problem[];
}

const isExtractType = (t: string): t is ExtractResourceType => (EXTRACT_RESOURCE_TYPES as readonly string[]).includes(t);

function enteredInError(r: JsonObject, type: ExtractResourceType): boolean {
  switch (type) {
    case 'AllergyIntolerance':
      return allergyVerification(r) === 'entered-in-error';
    case 'Condition':
      return codeIn(objectAt(r, 'verificationStatus'), [CONDITION_VERIFICATION_SYSTEM]) === 'entered-in-error';
    case 'Organization':
    case 'Patient':
      return false;
    default:
      return r['status'] === 'entered-in-error';
  }
}

/**
 * An item's id within its patient: the resource id less a leading `<patient id>.`, which the
 * exporter adds because FHIR ids must be unique per resource type (toFhir.ts).
 */
function localId(id: string | null, patientId: string | null): string | null {
  if (id === null || patientId === null) return id;
  const prefix = `${patientId}.`;
  return id.startsWith(prefix) && id.length > prefix.length ? id.slice(prefix.length) : id;
}

function mapTyped(r: JsonObject, type: ExtractResourceType, problems: Problem[]): MappedResource | null {
  const id = readId(r, problems);
  switch (type) {
    case 'Organization': {
      const org = mapOrganization(r, problems);
      return id !== null && org ? { kind: 'organization', id, ...org } : null;
    }
    case 'Patient': {
      const patient = mapPatient(r, id, problems);
      return id !== null && patient ? { kind: 'patient', id, patient } : null;
    }
    case 'MedicationRequest':
    case 'MedicationStatement': {
      const patientId = readPatientReference(r, 'subject', problems);
      const item = mapMedication(r, type, localId(id, patientId), problems);
      return id !== null && patientId !== null && item ? { kind: 'medication', id, patientId, item } : null;
    }
    case 'AllergyIntolerance': {
      const patientId = readPatientReference(r, 'patient', problems);
      const item = mapAllergy(r, localId(id, patientId), problems);
      return id !== null && patientId !== null && item ? { kind: 'allergy', id, patientId, item } : null;
    }
    case 'Observation':
    case 'Condition': {
      const patientId = readPatientReference(r, 'subject', problems);
      const item = mapCodedEntry(r, type, localId(id, patientId), problems);
      return id !== null && patientId !== null && item ? { kind: 'coded-entry', id, patientId, item } : null;
    }
    case 'Flag': {
      const patientId = readPatientReference(r, 'subject', problems);
      const flag = mapFlag(r, problems);
      return id !== null && patientId !== null && flag ? { kind: 'flag', id, patientId, ...flag } : null;
    }
  }
}

/** Maps one resource (already parsed JSON). A Bundle is the caller's to expand. */
export function mapResource(json: unknown): MapResult {
  if (!isObject(json)) return { resourceType: null, mapped: null, problems: [problem('not-a-resource', `a ${Array.isArray(json) ? 'JSON array' : `JSON ${json === null ? 'null' : typeof json}`} is not a FHIR resource`)] };
  const resourceType = stringAt(json, 'resourceType') ?? null;
  if (resourceType === null) return { resourceType, mapped: null, problems: [problem('not-a-resource', 'the object has no resourceType')] };
  if (!isExtractType(resourceType)) return { resourceType, mapped: null, problems: [problem('unknown-resource-type', `resourceType ${shown(resourceType)} is not one the extract uses (${EXTRACT_RESOURCE_TYPES.join(', ')})`)] };
  if (enteredInError(json, resourceType)) return { resourceType, mapped: null, problems: [problem('entered-in-error', `${resourceType} ${shown(json['id'] ?? null)} is marked entered-in-error: not imported`)] };
  const problems: Problem[] = [];
  const mapped = mapTyped(json, resourceType, problems);
  return { resourceType, mapped: problems.some(isBlocking) ? null : mapped, problems };
}
