// The consent preference codes of domain.md, as data: a new code (for example a SNOMED CT id
// for one of the 9Nd* concepts) is added here with no other change.

import type { CodeSystem } from '../model/practice';

/** What a recorded consent code means for the upload. */
export type ConsentMeaning =
  | 'implied-core'
  | 'express-core'
  | 'express-core-additional'
  | 'dissent'
  | 'legacy-dissent'
  | 'legacy-consent';

export interface ConsentCode {
  readonly system: CodeSystem;
  readonly code: string;
  readonly meaning: ConsentMeaning;
  readonly display: string;
}

export const CONSENT_CODES: readonly ConsentCode[] = [
  { system: 'read2', code: '9Ndl.', meaning: 'implied-core', display: 'Implied consent for core Summary Care Record dataset upload' },
  { system: 'read2', code: '9Ndm.', meaning: 'express-core', display: 'Express consent for core Summary Care Record dataset upload' },
  { system: 'read2', code: '9Ndn.', meaning: 'express-core-additional', display: 'Express consent for core and additional Summary Care Record dataset upload' },
  { system: 'ctv3', code: 'XaXbZ', meaning: 'express-core-additional', display: 'Express consent for core and additional Summary Care Record dataset upload' },
  { system: 'read2', code: '9Ndo.', meaning: 'dissent', display: 'Express dissent for Summary Care Record dataset upload' },
  { system: 'ctv3', code: 'XaXj6', meaning: 'dissent', display: 'Express dissent for Summary Care Record dataset upload' },
  { system: 'read2', code: '93C3.', meaning: 'legacy-dissent', display: 'Refused consent for upload to national shared electronic record' },
  { system: 'ctv3', code: 'XaKRy', meaning: 'legacy-dissent', display: 'Refused consent for upload to national shared electronic record' },
  { system: 'snomed', code: '416308001', meaning: 'legacy-dissent', display: 'Refused consent for upload to national shared electronic record' },
  { system: 'read2', code: '93C2.', meaning: 'legacy-consent', display: 'Consent given for upload to national shared electronic record' },
  { system: 'snomed', code: '417370002', meaning: 'legacy-consent', display: 'Consent given for upload to national shared electronic record' },
];
