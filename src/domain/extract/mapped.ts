// What one extract resource becomes: a part of a Patient record (the patient's own facts, or
// one clinical item with the id of the patient it belongs to) or the practice itself.

import type { Allergy, CodedEntry, Medication, Patient } from '../model/practice';
import type { RecordFlag } from './conventions';
import type { MappedOrganization } from './mapOrganization';

/** A Patient resource's facts; flags and clinical items arrive as separate resources. */
export type PatientCore = Omit<Patient, 'seq' | 'fp69' | 'sensitive' | 'medications' | 'allergies' | 'codedEntries'>;

export type MappedResource =
  | ({ readonly kind: 'organization'; readonly id: string } & MappedOrganization)
  | { readonly kind: 'patient'; readonly id: string; readonly patient: PatientCore }
  | { readonly kind: 'medication'; readonly id: string; readonly patientId: string; readonly item: Medication }
  | { readonly kind: 'allergy'; readonly id: string; readonly patientId: string; readonly item: Allergy }
  | { readonly kind: 'coded-entry'; readonly id: string; readonly patientId: string; readonly item: CodedEntry }
  | { readonly kind: 'flag'; readonly id: string; readonly patientId: string; readonly flag: RecordFlag; readonly active: boolean };

/** Clinical parts: everything that belongs to one patient. */
export type PatientPart = Exclude<MappedResource, { kind: 'organization' } | { kind: 'patient' }>;
