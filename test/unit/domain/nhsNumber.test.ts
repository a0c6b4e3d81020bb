import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, nhsCheckDigit, nhsNumberProblem, normaliseNhsNumber } from '../../../src/domain/nhsNumber';

describe('NHS number', () => {
  it('accepts numbers whose check digit matches', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9111231130')).toBe(true);
  });
  it('rejects a wrong check digit, a check value of 10, and anything not ten ASCII digits', () => {
    expect(nhsNumberProblem('9434765918')).toBe('check-digit');
    expect(nhsCheckDigit('000000040')).toBe(null); // 4×3 = 12, 12 mod 11 = 1, check 10: no valid number
    expect(nhsCheckDigit('000000001')).toBe(9);
    expect(nhsNumberProblem(null)).toBe('missing');
    expect(nhsNumberProblem('')).toBe('missing');
    expect(nhsNumberProblem('943476591')).toBe('not-ten-digits');
    expect(nhsNumberProblem('943 476 5919')).toBe('not-ten-digits');
    expect(nhsNumberProblem('９４３４７６５９１９')).toBe('not-ten-digits');
  });
  it('strips only the 3-3-4 grouping', () => {
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
    expect(normaliseNhsNumber('943-476-5919')).toBe('9434765919');
    expect(normaliseNhsNumber('94 34765919')).toBe('94 34765919');
  });
});
