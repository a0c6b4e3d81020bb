import { describe, expect, it } from 'vitest';
import { buildSummaryBundle } from '../../../src/domain/summary/buildBundle';
import { previewPatient } from '../../../src/domain/preview';
import { acute, AUTHOR, BUNDLE_ID, code, COMPOSITION_ID, entry, FULL_URL_BASE, makePatient, PRACTICE, RUN_DATE, TIMESTAMP } from './fixtures';
import { parseDiv } from './xhtmlTree';

describe('previewPatient', () => {
  const patient = makePatient({
    medications: [acute(RUN_DATE, { drug: 'Amoxicillin <250mg>' }), acute(RUN_DATE, { drug: 'Hidden', linkedProblem: code('read2', 'A98..') })],
  });

  it('explains eligibility rule by rule', () => {
    const preview = previewPatient(makePatient({ codedEntries: [entry('read2', '9Ndo.', '2024-01-01')] }), PRACTICE, RUN_DATE);
    expect(preview.eligibility.result).toEqual({ outcome: 'not-required', reason: 'dissent' });
    expect(preview.eligibility.label).toBe('Not Required: dissent');
    expect(preview.eligibility.rules.filter((r) => !r.passed).map((r) => r.rule)).toEqual(['no-dissent']);
  });

  it('shows the sections exactly as the bundle would carry them', () => {
    const preview = previewPatient(patient, PRACTICE, RUN_DATE, TIMESTAMP, AUTHOR);
    const bundle = buildSummaryBundle({
      patient,
      author: AUTHOR,
      fullUrlBase: FULL_URL_BASE,
      runDate: RUN_DATE,
      timestamp: TIMESTAMP,
      bundleId: BUNDLE_ID,
      compositionId: COMPOSITION_ID,
    });
    expect(preview.sections.map((s) => ({ title: s.title, div: s.div }))).toEqual(
      bundle.entry[0].resource.section.map((s) => ({ title: s.title, div: s.text.div })),
    );
  });

  it('leaves withheld items out, counts them, and escapes record text', () => {
    const preview = previewPatient(patient, PRACTICE, RUN_DATE);
    expect(preview.withheldCount).toBe(1);
    expect(preview.window).toEqual({ from: '2023-12-15', to: RUN_DATE });
    const acuteSection = preview.sections.find((s) => s.code === 'AcuteMedsHeader');
    expect(parseDiv(acuteSection!.div).cells).toContain('Amoxicillin <250mg>');
    expect(preview.sections.map((s) => s.div).join('')).not.toContain('Hidden');
  });

  it('renders sections for a patient who does not qualify too (so the user sees what would be sent)', () => {
    const preview = previewPatient(makePatient({ nhsNumber: null }), PRACTICE, RUN_DATE);
    expect(preview.eligibility.result.outcome).toBe('failed');
    expect(preview.sections).toHaveLength(5);
  });
});
