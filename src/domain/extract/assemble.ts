// Puts a Patient record together from the Patient resource's facts and the parts that referred
// to it, in the order the parts were read. Pure.

import type { Allergy, CodedEntry, Medication, Patient } from '../model/practice';
import type { PatientCore, PatientPart } from './mapped';

export function assemblePatient(seq: number, core: PatientCore, parts: readonly PatientPart[]): Patient {
  const medications: Medication[] = [];
  const allergies: Allergy[] = [];
  const codedEntries: CodedEntry[] = [];
  let fp69 = false;
  let sensitive = false;
  for (const part of parts) {
    switch (part.kind) {
      case 'medication':
        medications.push(part.item);
        break;
      case 'allergy':
        allergies.push(part.item);
        break;
      case 'coded-entry':
        codedEntries.push(part.item);
        break;
      case 'flag':
        // Any active flag sets it; an inactive one never clears another, active one.
        if (part.active && part.flag === 'fp69') fp69 = true;
        if (part.active && part.flag === 'sensitive') sensitive = true;
        break;
    }
  }
  return { seq, ...core, fp69, sensitive, medications, allergies, codedEntries };
}
