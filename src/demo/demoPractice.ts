// The demo practice's name and ODS code. The code is in the Y9xxxx range, which no real
// practice uses, so a summary built from demo data can never be mistaken for a real one.

import { PRACTICE_NAMES } from './vocabulary';

export interface PracticeIdentity {
  readonly name: string;
  readonly odsCode: string;
}

export function demoPracticeIdentity(seed: number): PracticeIdentity {
  const name = PRACTICE_NAMES[seed % PRACTICE_NAMES.length] ?? PRACTICE_NAMES[0];
  return { name: `${name} (demo)`, odsCode: `Y9${String(seed % 10_000).padStart(4, '0')}` };
}
