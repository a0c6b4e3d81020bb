// Counts as the screens word them: one patient, two patients, with thousands separated.

import { describe, expect, it } from 'vitest';
import { formatBytes, formatCountOf } from '../../../src/ui/format';

describe('formatCountOf', () => {
  it('says the singular for exactly one', () => {
    expect(formatCountOf(1, 'failed patient', 'failed patients')).toBe('1 failed patient');
    expect(formatCountOf(0, 'failed patient', 'failed patients')).toBe('0 failed patients');
    expect(formatCountOf(12_345, 'failed patient', 'failed patients')).toBe('12,345 failed patients');
  });
});

describe('formatBytes', () => {
  it('gives sizes in bytes, KB and MB as people read them', () => {
    expect([500, 2_048, 3 * 1_048_576, 12 * 1_048_576].map(formatBytes)).toEqual(['500 bytes', '2.0 KB', '3.0 MB', '12 MB']);
  });
});
