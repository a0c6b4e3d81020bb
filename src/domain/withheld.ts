// Whether a clinical item must be left out of every summary, whatever the patient's consent
// (domain.md: assisted fertilisation/IVF, sexually transmitted disease, termination of
// pregnancy, gender reassignment). An item is withheld when the problem it is linked to has a
// code in the withheld table (data/withheldCodes.ts); the table is data, so adding a code needs
// no change here.

import type { CodeRef } from './model/practice';
import { WITHHELD_CODES, type WithheldCode } from './data/withheldCodes';

/** Lookup keyed `system|code`, built once per table (tables are immutable module data). */
const indexCache = new WeakMap<readonly WithheldCode[], ReadonlySet<string>>();

function indexOf(table: readonly WithheldCode[]): ReadonlySet<string> {
  let index = indexCache.get(table);
  if (index === undefined) {
    index = new Set(table.map((row) => `${row.system}|${row.code}`));
    indexCache.set(table, index);
  }
  return index;
}

/** True when an item linked to `linkedProblem` must never be sent. Codes match exactly. */
export function isWithheld(
  item: { readonly linkedProblem: CodeRef | null },
  table: readonly WithheldCode[] = WITHHELD_CODES,
): boolean {
  const problem = item.linkedProblem;
  return problem !== null && indexOf(table).has(`${problem.system}|${problem.code}`);
}
