import { describe, expect, it } from 'vitest';
import { cleanFhirString, escapeXhtml } from '../../../src/domain/xhtml';

describe('escapeXhtml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXhtml(`<a href="x">O'Neil & Co</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; Co&lt;/a&gt;');
  });
  it('does not double-decode: an entity in the record stays literal text', () => {
    expect(escapeXhtml('&amp; &#60;')).toBe('&amp;amp; &amp;#60;');
  });
  it('keeps non-ASCII text, including characters outside the BMP', () => {
    expect(escapeXhtml('Zoë Ødegård – 東京 😀')).toBe('Zoë Ødegård – 東京 😀');
  });
  it('replaces characters XML cannot carry', () => {
    expect(escapeXhtml('a\u0000b\u000Bc\u001Fd\uFFFEe\uD800f')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf');
    expect(escapeXhtml('tab\tline\nreturn\r')).toBe('tab\tline\nreturn\r');
  });
  it('returns plain text unchanged', () => {
    expect(escapeXhtml('Ramipril 5mg capsules')).toBe('Ramipril 5mg capsules');
  });
});

describe('cleanFhirString', () => {
  it('trims and replaces forbidden characters but does not escape', () => {
    expect(cleanFhirString('  A & B\u0001 ')).toBe('A & B\uFFFD');
    expect(cleanFhirString('   ')).toBe('');
  });
});
