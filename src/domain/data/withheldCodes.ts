// Codes whose entries are never sent in a summary, whatever the patient's consent
// (domain.md: assisted fertilisation/IVF, sexually transmitted disease, termination of
// pregnancy, gender reassignment). Data, not code: a practice's clinical safety officer can
// extend this list. An item is withheld when the problem it is linked to has one of these codes.

import type { CodeSystem } from '../model/practice';

export type WithheldCategory = 'assisted-fertilisation' | 'sexually-transmitted-disease' | 'termination-of-pregnancy' | 'gender-reassignment';

export interface WithheldCode {
  readonly system: CodeSystem;
  readonly code: string;
  readonly category: WithheldCategory;
  readonly display: string;
}

export const WITHHELD_CODES: readonly WithheldCode[] = [
  { system: 'snomed', code: '52637005', category: 'assisted-fertilisation', display: 'In vitro fertilisation' },
  { system: 'read2', code: '7E0A5', category: 'assisted-fertilisation', display: 'Assisted fertilisation procedure' },
  { system: 'snomed', code: '8098009', category: 'sexually-transmitted-disease', display: 'Sexually transmitted infectious disease' },
  { system: 'read2', code: 'A98..', category: 'sexually-transmitted-disease', display: 'Gonococcal infections' },
  { system: 'read2', code: 'A94..', category: 'sexually-transmitted-disease', display: 'Early syphilis' },
  { system: 'snomed', code: '57797005', category: 'termination-of-pregnancy', display: 'Induced termination of pregnancy' },
  { system: 'read2', code: 'L05..', category: 'termination-of-pregnancy', display: 'Legally induced abortion' },
  { system: 'snomed', code: '407374003', category: 'gender-reassignment', display: 'Transsexual' },
  { system: 'ctv3', code: 'XaMzp', category: 'gender-reassignment', display: 'Gender reassignment' },
];
