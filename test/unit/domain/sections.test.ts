import { describe, expect, it } from 'vitest';
import {
  NO_INFORMATION_TEXT,
  renderHeaderSection,
  renderSummarySections,
  type SummarySection,
} from '../../../src/domain/summary/sections';
import { acute, makeAllergy, makePatient, PRACTICE, repeat, RUN_DATE, TIMESTAMP } from './fixtures';
import { parseDiv } from './xhtmlTree';

const XHTML = 'http://www.w3.org/1999/xhtml';
const ALLOWED = new Set(['div', 'h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

function byCode(sections: SummarySection[], code: SummarySection['code']): SummarySection {
  const section = sections.find((s) => s.code === code);
  if (section === undefined) throw new Error(`no ${code} section`);
  return section;
}

describe('clinical sections', () => {
  it('are the four categories, with the national section codes and titles', () => {
    const sections = renderSummarySections(makePatient(), RUN_DATE);
    expect(sections.map((s) => [s.code, s.title])).toEqual([
      ['AllergiesHeader', 'Allergies and Adverse Reactions'],
      ['AcuteMedsHeader', 'Acute Medications (For the 6 month period 15-Dec-2023 to 15-Jun-2024)'],
      ['RepeatMedsHeader', 'Current Repeat Medications'],
      ['DiscRepeatMedsHeader', 'Discontinued Repeat Medications (For the 6 month period 15-Dec-2023 to 15-Jun-2024)'],
    ]);
  });

  it('an empty category says exactly "No relevant information available for this category."', () => {
    for (const section of renderSummarySections(makePatient(), RUN_DATE)) {
      const parsed = parseDiv(section.div);
      expect(parsed.cells).toEqual([NO_INFORMATION_TEXT]);
      expect(NO_INFORMATION_TEXT).toBe('No relevant information available for this category.');
    }
  });

  it('tables show date, description, certainty and severity; drug, dates, dose and quantity', () => {
    const sections = renderSummarySections(
      makePatient({
        allergies: [makeAllergy({ recordedOn: '2015-04-02', description: 'Penicillin allergy', certainty: 'confirmed', severity: 'severe' })],
        medications: [
          acute('2024-05-12', { drug: 'Co-codamol 8mg/500mg tablets', dose: 'Two four times a day', quantity: '100 tablet' }),
          repeat({ drug: 'Ramipril 5mg capsules', lastIssuedOn: '2024-06-01', reviewedOn: '2024-02-03', quantity: '28 capsule', dose: 'One daily' }),
          repeat({ drug: 'Simvastatin 40mg tablets', lastIssuedOn: '2024-01-01', discontinuedOn: '2024-03-04', dose: 'One at night', quantity: '28 tablet' }),
        ],
      }),
      RUN_DATE,
    );
    expect(parseDiv(byCode(sections, 'AllergiesHeader').div).cells).toEqual(['02-Apr-2015', 'Penicillin allergy', 'Confirmed', 'Severe']);
    expect(parseDiv(byCode(sections, 'AcuteMedsHeader').div).cells).toEqual([
      'Acute Medication',
      'Prescribed: 12-May-2024',
      'Co-codamol 8mg/500mg tablets',
      'Two four times a day',
      '100 tablet',
    ]);
    expect(parseDiv(byCode(sections, 'RepeatMedsHeader').div).cells).toEqual([
      'Repeat Medication',
      'Last Issued: 01-Jun-2024; Last Reviewed: 03-Feb-2024',
      'Ramipril 5mg capsules',
      'One daily',
      '28 capsule',
    ]);
    expect(parseDiv(byCode(sections, 'DiscRepeatMedsHeader').div).cells).toEqual([
      'Repeat Medication',
      'Discontinued: 04-Mar-2024; Last Issued: 01-Jan-2024',
      'Simvastatin 40mg tablets',
      'One at night',
      '28 tablet',
    ]);
  });

  it('an allergy without severity has an empty severity cell', () => {
    const [allergies] = renderSummarySections(makePatient({ allergies: [makeAllergy({ severity: null, certainty: 'unconfirmed' })] }), RUN_DATE);
    expect(parseDiv(allergies!.div).cells.slice(2)).toEqual(['Unconfirmed', '']);
  });
});

describe('escaping', () => {
  const hostile = '<script>alert(1)</script>';
  const quotes = `Tom & Jerry's "special" <b>mix</b>`;
  const unicode = 'Zoë Ødegård – Łódź 東京 😀';
  const sections = renderSummarySections(
    makePatient({
      allergies: [makeAllergy({ description: `${hostile} ${unicode}` })],
      medications: [
        acute(RUN_DATE, { drug: hostile, dose: quotes, quantity: '1 & 2 < 3' }),
        repeat({ drug: unicode, dose: `"'&<>`, quantity: ']]>', lastIssuedOn: RUN_DATE }),
        repeat({ drug: '<img src=x onerror=alert(1)>', discontinuedOn: RUN_DATE }),
      ],
    }),
    RUN_DATE,
  );

  it('every div is well-formed XHTML in the XHTML namespace, with only table markup', () => {
    for (const section of sections) {
      const parsed = parseDiv(section.div);
      expect(parsed.rootXmlns).toBe(XHTML);
      expect(parsed.elements[0]).toBe('div');
      for (const element of parsed.elements) expect(ALLOWED.has(element), element).toBe(true);
    }
  });

  it('record text arrives as the same text, never as markup', () => {
    const acuteCells = parseDiv(byCode(sections, 'AcuteMedsHeader').div).cells;
    expect(acuteCells.slice(2)).toEqual([hostile, quotes, '1 & 2 < 3']);
    const repeatCells = parseDiv(byCode(sections, 'RepeatMedsHeader').div).cells;
    expect(repeatCells.slice(2)).toEqual([unicode, `"'&<>`, ']]>']);
    const discCells = parseDiv(byCode(sections, 'DiscRepeatMedsHeader').div).cells;
    expect(discCells[2]).toBe('<img src=x onerror=alert(1)>');
    expect(parseDiv(byCode(sections, 'AllergiesHeader').div).cells[1]).toBe(`${hostile} ${unicode}`);
  });

  it('the raw strings contain the escaped forms and no live tag', () => {
    const acuteDiv = byCode(sections, 'AcuteMedsHeader').div;
    expect(acuteDiv).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(acuteDiv).not.toContain('<script');
    expect(acuteDiv).toContain('Tom &amp; Jerry&#39;s &quot;special&quot; &lt;b&gt;mix&lt;/b&gt;');
    expect(byCode(sections, 'RepeatMedsHeader').div).toContain(unicode);
    expect(byCode(sections, 'DiscRepeatMedsHeader').div).not.toContain('<img');
  });
});

describe('header section', () => {
  it('names the practice (escaped) and the creation time', () => {
    const header = renderHeaderSection({ name: `St Mary's & "Riverside" <Practice> Łódź`, odsCode: 'A12345' }, TIMESTAMP);
    expect(header.code).toBe('Title');
    expect(header.title).toBe('General Practice Summary');
    const parsed = parseDiv(header.div);
    expect(parsed.text).toContain(`St Mary's & "Riverside" <Practice> Łódź (A12345)`);
    expect(parsed.text).toContain('Summary Created: 15-Jun-2024 09:30 UTC');
    expect(parsed.elements).toEqual(['div', 'h3', 'p', 'p']);
  });

  it('without a timestamp (preview) says when the time is set', () => {
    expect(parseDiv(renderHeaderSection(PRACTICE, null).div).text).toContain('Summary Created: when the summary is built');
  });
});
