// NHS number rules (domain.md): exactly ten ASCII digits whose last digit is the modulus 11
// check digit of the first nine (weights 10..2). A check value of 10 makes the number invalid.

export type NhsNumberProblem = 'missing' | 'not-ten-digits' | 'check-digit';

/** The check digit for nine leading digits, or null when no valid number has that prefix. */
export function nhsCheckDigit(nineDigits: string): number | null {
  if (!/^[0-9]{9}$/.test(nineDigits)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (nineDigits.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Why a recorded number is not a valid NHS number, or null when it is valid. */
export function nhsNumberProblem(value: string | null): NhsNumberProblem | null {
  if (value === null || value === '') return 'missing';
  if (!/^[0-9]{10}$/.test(value)) return 'not-ten-digits';
  const expected = nhsCheckDigit(value.slice(0, 9));
  if (expected === null || expected !== value.charCodeAt(9) - 48) return 'check-digit';
  return null;
}

export function isValidNhsNumber(value: string | null): boolean {
  return nhsNumberProblem(value) === null;
}

/**
 * Normalises a number typed or imported with the usual 3-3-4 grouping ("943 476 5919",
 * "943-476-5919"). Only single spaces or dashes exactly between the groups are removed;
 * anything else is returned unchanged so that validation reports it.
 */
export function normaliseNhsNumber(value: string): string {
  const m = /^([0-9]{3})[ -]([0-9]{3})[ -]([0-9]{4})$/.exec(value.trim());
  return m ? `${m[1]}${m[2]}${m[3]}` : value.trim();
}
