// AuthorMapper and ParticipantAgentMapper.setParticipantAgents: Composition.author[0] must be
// a PractitionerRole in the Bundle (references are "Type/id", resolved as uploadBundle.ts does),
// linked to a Practitioner, in one of two shapes:
//   - SDS user: PractitionerRole.identifier[0].system is the legacy sds-role-profile-id system,
//     and the Practitioner's identifier[0] an SDS user id with a value;
//   - job role: PractitionerRole.code[0].coding[0].system is the SDS job role name system, and
//     its organization an Organization in the Bundle (an ODS identifier, if that is what it
//     carries, with a value).

import { javaString, NULL_LAST_UPDATED } from './javaText';
import { child, firstObject, isEmptyValue, text, type JsonObject } from './json';
import { refuse } from './refusal';
import { resourceByReference, type UploadBundle, type UploadEntry } from './uploadBundle';

export const SDS_ROLE_PROFILE_SYSTEM = 'http://fhir.nhs.net/Id/sds-role-profile-id';
export const SDS_USER_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';
export const SDS_JOB_ROLE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/HL7v3-SDSJobRoleName';
export const ODS_ORGANIZATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

type Found = UploadEntry & { readonly resource: JsonObject };

function sdsUser(practitioner: JsonObject): void {
  const identifier = firstObject(practitioner['identifier']);
  const system = text(identifier, 'system');
  if (system !== SDS_USER_SYSTEM) refuse(`Invalid practitioner identifier system: ${javaString(system)}`);
  const value = text(identifier, 'value');
  if (value === null || value === '') refuse('Missing practitioner identifier value');
}

function jobRole(bundle: UploadBundle, role: Found): void {
  const reference = text(child(role.resource, 'organization'), 'reference');
  const organization = resourceByReference(bundle, reference, 'Organization');
  if (organization === null) refuse(`Bundle is missing Organization ${javaString(reference)} that is linked to PractitionerRole ${javaString(role.id)}`);
  const typeCode = text(firstObject(firstObject(organization.resource['type'])?.['coding']), 'code');
  if (typeCode !== null) return;
  if (isEmptyValue(organization.resource['identifier'])) return;
  const identifier = firstObject(organization.resource['identifier']);
  const value = text(identifier, 'value');
  if (text(identifier, 'system') === ODS_ORGANIZATION_SYSTEM && (value === null || value === '')) refuse('Organization.identifier.value element is missing');
}

/** The author's PractitionerRole and Practitioner, in one of the two shapes. */
export function checkAuthor(bundle: UploadBundle, composition: JsonObject): void {
  // The author time: Composition.meta.lastUpdated, formatted before anything else is read.
  if (isEmptyValue(child(composition, 'meta')?.['lastUpdated'])) refuse(NULL_LAST_UPDATED);

  const author = text(firstObject(composition['author']), 'reference');
  const role = resourceByReference(bundle, author, 'PractitionerRole');
  if (role === null) refuse(`Bundle is missing PractitionerRole ${javaString(author)} that is linked to Encounter`);
  const practitionerReference = child(role.resource, 'practitioner');
  if (isEmptyValue(practitionerReference)) refuse(`PractitionerRole ${javaString(role.id)} is missing Practitioner reference`);
  const reference = text(practitionerReference, 'reference');
  const practitioner = resourceByReference(bundle, reference, 'Practitioner');
  if (practitioner === null) {
    refuse(`Bundle is missing Practitioner ${javaString(reference)} that is linked to PractitionerRole ${javaString(role.id)}`);
  }

  if (text(firstObject(role.resource['identifier']), 'system') === SDS_ROLE_PROFILE_SYSTEM) {
    sdsUser(practitioner.resource);
  } else if (text(firstObject(firstObject(role.resource['code'])?.['coding']), 'system') === SDS_JOB_ROLE_SYSTEM) {
    jobRole(bundle, role);
  } else {
    refuse(`Invalid PractitionerRole ${javaString(role.id)} identifier.system or code.coding.system`);
  }
}
