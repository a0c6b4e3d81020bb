// Reading a stored message for the Spine view: a real built Bundle gives its sections and
// patient; anything else gives a reason, never an exception.

import { describe, expect, it } from 'vitest';
import { prettyJson, readSummary } from '../../../src/ui/monitor/bundleSummary';
import { demoOutboxRows } from '../send/support';

describe('readSummary', () => {
  it('reads the title, date, patient, practice, clinician and every section of a built Bundle', () => {
    const [row] = demoOutboxRows(1);
    if (row === undefined) throw new Error('no row');
    const read = readSummary(row.body);
    if (!read.ok) throw new Error(read.reason);
    const { summary } = read;
    expect(summary.title).toBe('General Practice Summary');
    expect(summary.date).toBe('2026-01-01T09:00:00Z');
    expect(summary.nhsNumber).toBe(row.nhsNumber);
    // The author: the PractitionerRole's practice and clinician (the demo practice's made-up ones).
    expect(summary.odsCode).toMatch(/^Y9[0-9]{4}$/);
    expect(summary.practiceName).toMatch(/\(demo\)$/);
    expect(summary.clinicianName).toBe('Dr Alex Demo');
    expect(summary.sections.map((s) => s.code)).toEqual(['Title', 'AllergiesHeader', 'AcuteMedsHeader', 'RepeatMedsHeader', 'DiscRepeatMedsHeader']);
    expect(summary.sections.every((s) => s.div.startsWith('<div xmlns="http://www.w3.org/1999/xhtml">'))).toBe(true);
  });

  it('gives a reason for text that is not JSON, not a Bundle, or has no Composition', () => {
    expect(readSummary('{not json')).toEqual({ ok: false, reason: 'The stored message is not valid JSON.' });
    expect(readSummary('[1,2]')).toEqual({ ok: false, reason: 'The stored message is not a FHIR Bundle.' });
    expect(readSummary('{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient"}}]}')).toEqual({ ok: false, reason: 'The stored message has no Composition.' });
  });

  it('tolerates missing parts: empty strings, sections without text, no subject', () => {
    const read = readSummary(JSON.stringify({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Composition', section: [{ title: 'T' }, 'junk', { text: { div: 42 } }] } }] }));
    expect(read).toEqual({
      ok: true,
      summary: { title: '', date: '', nhsNumber: '', practiceName: '', odsCode: '', clinicianName: '', sections: [{ title: 'T', code: '', div: '' }, { title: '', code: '', div: '' }] },
    });
  });
});

describe('prettyJson', () => {
  it('indents JSON by two spaces and leaves anything else as it was', () => {
    expect(prettyJson('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson('<html>503</html>')).toBe('<html>503</html>');
  });
});
